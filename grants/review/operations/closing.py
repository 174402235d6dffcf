"""Closing the committee's evaluation: the chair (or the office) closes it once every voting member's assigned
sheet is final; afterwards no score is saved or reopened (`rules.require_evaluation_open`, asked by the
score operations), and the ranking reads "ocena zamknięta" with who and when."""

from datetime import datetime

from flask_babel import gettext as _

from grants.audit.log import record
from grants.auth.permissions import in_own_office
from grants.calls.models import Call
from grants.clock import now_utc
from grants.errors import Conflict, Forbidden
from grants.extensions import db
from grants.formatting import iso_warsaw
from grants.review import closing_queries, queries, rules
from grants.review.models import EvaluationClosure
from grants.review.operations.common import require_under_review

# How many missing sheets the refusal names one by one; the rest are counted.
NAMED_MISSING = 12


def close_evaluation(*, actor, call: Call, now: datetime | None = None) -> EvaluationClosure:
    now = now or now_utc()
    officer = getattr(actor, "is_officer", False) and in_own_office(actor, call.office_id)
    if not (officer or queries.is_chair(actor, call)):
        raise Forbidden(_("Ocenę zamyka przewodniczący komisji albo pracownik urzędu."), code="not_committee_chair")
    require_under_review(call)
    rules.require_evaluation_open(closing_queries.evaluation_closure(call))
    total, missing = closing_queries.unfinished_sheets(call)
    if total == 0:
        raise Conflict(
            _("Nie ma czego zamknąć: żadnej oferty nie przydzielono jeszcze członkom komisji do oceny."),
            code="nothing_assigned",
        )
    if missing:
        raise Conflict(_missing_message(missing), code="sheets_not_final")
    closure = EvaluationClosure(call_id=call.id, closed_at=now, closed_by_id=actor.id)
    db.session.add(closure)
    db.session.flush()
    record(
        "call.evaluation_close",
        "call",
        call.id,
        actor=actor,
        office_id=call.office_id,
        summary=call.title,
        after={"closed_at": iso_warsaw(now), "final_sheets": total},
    )
    return closure


def _missing_message(missing: list[tuple[str, str]]) -> str:
    """Who is missing, per person: „Piotr Członek: „Kursy…”, „Punkt…”; Anna …" — the chair knows whom to ask."""
    by_member: dict[str, list[str]] = {}
    for name, title in missing:
        by_member.setdefault(name, []).append(title)
    named = []
    for name, titles in by_member.items():
        shown = ", ".join(f"„{t}”" for t in titles[:NAMED_MISSING])
        more = len(titles) - NAMED_MISSING
        named.append(f"{name}: {shown}" + (" " + _("i %(n)d innych", n=more) if more > 0 else ""))
    return _(
        "Ocenę można zamknąć, gdy wszystkie przydzielone karty oceny są zatwierdzone. Brak zatwierdzonych kart "
        "oceny: %(n)d — %(who)s.",
        n=len(missing),
        who="; ".join(named),
    )
