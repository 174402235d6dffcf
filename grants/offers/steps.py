"""The steps of the offer form (the sections of Annex 1 of Dz.U. 2018 poz. 2057) and which step shows
which field, so an error or a problem links to the page where it is fixed."""

from dataclasses import dataclass

from flask_babel import gettext as _

from grants.errors import NotFound
from grants.i18n import lazy_gettext as _l


@dataclass(frozen=True)
class Step:
    key: str
    number: str  # where it is in Annex 1
    title: object  # lazy string
    editable: bool = True  # has fields that save the draft
    figures: bool = False  # shows the live estimate


STEPS = (
    Step("call", "I", _l("Podstawowe informacje"), editable=False),
    Step("offerors", "II", _l("Dane oferentów")),
    Step("task", "III.1–3", _l("Opis zadania")),
    Step("plan", "III.4", _l("Plan i harmonogram działań")),
    Step("results", "III.5–6", _l("Rezultaty")),
    Step("offeror", "IV", _l("Charakterystyka oferenta")),
    Step("costs", "V.A", _l("Kosztorys"), figures=True),
    Step("sources", "V.B", _l("Źródła finansowania"), figures=True),
    Step("other", "VI", _l("Inne informacje")),
    Step("statements", "VII", _l("Oświadczenia")),
)
STEP_BY_KEY = {step.key: step for step in STEPS}
# Pages of the offer that are not steps of the form but sit in the same navigation.
EXTRA_PAGES = (("attachments", _l("Załączniki")), ("summary", _l("Podsumowanie i złożenie")))

# Which step shows a field (the first part of an error's path), so a problem links to where it is fixed.
FIELD_STEPS = {
    "correspondence_address": "offerors",
    "contact": "offerors",
    "partners": "offerors",
    "partner": "offerors",
    "cost_split": "offerors",
    "title": "task",
    "task_start": "task",
    "task_end": "task",
    "place": "task",
    "target_group": "task",
    "summary": "task",
    "actions": "plan",
    "results": "results",
    "expected_effects": "results",
    "experience": "offeror",
    "resources": "offeror",
    "cost_items": "costs",
    "requested_grant": "costs",
    "admin_costs": "costs",
    "own_financial": "sources",
    "own_non_financial_personal": "sources",
    "own_non_financial_in_kind": "sources",
    "beneficiary_fees": "sources",
    "own_contribution": "sources",
    "paid_activity": "other",
    "partners_actions": "other",
    "other_information": "other",
    "statements": "statements",
    "file": "attachments",
    "kind": "attachments",
}
STEP_ORDER = [step.key for step in STEPS] + [key for key, _label in EXTRA_PAGES]

# The live estimate's box on V.A and V.B also carries the sums whose problems belong to the other step.
ESTIMATE_BOX = {
    "costs": ("requested_grant", "own_contribution", "admin_costs"),
    "sources": ("requested_grant", "own_contribution"),
}


def _started(c: dict) -> dict[str, bool]:
    """Whether a step holds anything the organisation typed (the title alone is the start page's)."""
    statements = c.get("statements") or {}
    contact = c.get("contact") or {}
    return {
        "offerors": any(contact.get(name) for name in ("name", "phone", "email"))
        or bool(c.get("correspondence_address")),
        "task": any(c.get(name) for name in ("task_start", "task_end", "place", "target_group", "summary")),
        "plan": bool(c.get("actions")),
        "results": bool(c.get("expected_effects") or c.get("results")),
        "offeror": bool(c.get("experience") or c.get("resources")),
        "costs": bool(c.get("cost_items")),
        # V.B adds up what V.A holds: begun with the first cost line (own contribution may rightly be zero).
        "sources": bool(c.get("cost_items")),
        "other": c.get("paid_activity") is not None or bool(c.get("partners_actions") or c.get("other_information")),
        "statements": any(value not in (None, False) for value in statements.values()),
    }


def step_states(content: dict, problem_paths) -> dict[str, str]:
    """Each step of the form: "not_started" (nothing typed yet), "errors" (begun, with something to fix before
    submitting — the summary's list) or "done"."""
    with_problems = {step_of(path) for path in problem_paths}
    return {
        key: "not_started" if not started else ("errors" if key in with_problems else "done")
        for key, started in _started(content).items()
    }


def step_of(path: str) -> str:
    return FIELD_STEPS.get(path.split(".")[0], "summary")


def shown_on(path: str, step: str) -> bool:
    return step_of(path) == step or path in ESTIMATE_BOX.get(step, ())


def step_order(path: str) -> int:
    """Where the field's page is in the navigation (the summary lists problems in the form's order)."""
    return STEP_ORDER.index(step_of(path))


def next_step(key: str) -> str | None:
    index = STEP_ORDER.index(key)
    return STEP_ORDER[index + 1] if index + 1 < len(STEP_ORDER) else None


def previous_step(key: str) -> str | None:
    index = STEP_ORDER.index(key)
    return STEP_ORDER[index - 1] if index > 0 else None


def get_step(key: str) -> Step:
    step = STEP_BY_KEY.get(key)
    if step is None:
        raise NotFound(_("Nie ma takiej strony."))
    return step
