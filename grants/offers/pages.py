"""What the offer pages show, as plain data for their templates: the navigation, the live estimate's
texts, the cost lines under their actions, a step's context, the summary's problem links.

No money or deadline rule lives here: sums and problems come from grants.offers.figures/estimate, and
the views only render what these builders return.
"""

from flask import url_for

from grants.documents.kinds import KINDS
from grants.formatting import datetime_pl, money_pl, percent_pl
from grants.i18n import gettext as _  # Flask-Babel's, without its per-string lookups
from grants.i18n import lazy_gettext as _l
from grants.offers import control, estimate, figures, queries, schema
from grants.offers.cost_rows import CostRows
from grants.offers.estimate_box import estimate_box
from grants.offers.form import Reading, nothing_read, stored_values, to_form_paths
from grants.offers.labels import field_label, labelled
from grants.offers.serialize import member_view
from grants.offers.step_nav import StepNav
from grants.offers.steps import (
    EXTRA_PAGES,
    STEP_BY_KEY,
    STEPS,
    Step,
    next_step,
    previous_step,
    shown_on,
    step_of,
    step_order,
    step_states,
)

MONEY_FIGURES = (
    "total_cost",
    "requested_grant",
    "own_contribution",
    "own_financial",
    "own_non_financial",
    "actions_total",
    "admin_total",
    "cost_split_total",
)
PERCENT_FIGURES = ("own_contribution_percent", "grant_percent", "admin_percent")


def cost_groups(data: dict) -> list[dict]:
    """V.A of an offer as the form numbers it (I.1 … I.n, II), from the API-shaped data of a draft or a
    frozen version; the sums are the estimate's own (`estimate.action_totals`, `admin_total`)."""
    actions = data.get("actions") or []
    items = list(enumerate(data.get("cost_items") or []))
    totals = (data.get("estimate") or {}).get("action_totals") or []
    groups = []
    for index, action in enumerate(actions):
        groups.append(
            {
                "lp": f"I.{index + 1}",
                "name": action.get("name"),
                "lines": [(n, item) for n, item in items if item.get("action") == index],
                "total": totals[index] if index < len(totals) else None,
            }
        )
    known = set(range(len(actions))) | {schema.ADMIN}
    orphans = [(n, item) for n, item in items if item.get("action") not in known]
    if orphans:
        groups.append(
            {
                "lp": f"I.{len(actions) + 1}",
                "name": _("Pozycje bez wskazanego działania"),
                "lines": orphans,
                "total": None,
            }
        )
    admin = [(n, item) for n, item in items if item.get("action") == schema.ADMIN]
    return groups + [
        {
            "lp": "II",
            "name": _("Koszty administracyjne"),
            "lines": admin,
            "admin": True,
            "total": (data.get("estimate") or {}).get("admin_total"),
        }
    ]


# ---------------------------------------------------------------- the live estimate


def figure_texts(result) -> dict:
    """The estimate's numbers as the page prints them (the server adds up; the page only shows)."""
    texts = {name: money_pl(getattr(result, name)) for name in MONEY_FIGURES}
    texts.update({name: percent_pl(getattr(result, name)) for name in PERCENT_FIGURES})
    return texts


def _live_messages(offer, reading: Reading, content, problems, parse_errors, *, check: bool) -> dict:
    messages = to_form_paths(parse_errors.fields, reading.maps)
    estimate_fields = estimate.problems_by_field(problems)
    if check:
        # Arrived from the summary's list: also what a submission would still call missing here.
        problems = schema.submission_problems(
            content, joint=offer.is_joint, results_required=offer.call.results_table_required is not False
        )
        for path, items in problems.fields.items():
            estimate_fields.setdefault(path, []).extend(items)
    for path, items in to_form_paths(estimate_fields, reading.maps).items():
        messages.setdefault(path, []).extend(m for m in items if m not in messages.get(path, []))
    for path, items in reading.refusals.items():
        messages.setdefault(path, []).extend(items)
    return messages


def live(offer, reading: Reading, *, check: bool) -> dict:
    """figures.preview of the typed step, with every path turned to the page's row numbers."""
    content, result, problems, parse_errors = figures.preview(offer, reading.raw)
    line_map = reading.maps.get("cost_items")
    line_values = {
        str(line_map[i] if line_map is not None else i): money_pl(value)
        for i, value in enumerate(result.line_values)
        if line_map is None or i < len(line_map)
    }
    # The call's cap on administrative costs, stated beside the sums as the over-cap problem words it.
    admin_cap = estimate.admin_cap_text(result, estimate.CallLimits.from_call(offer.call), gettext=_)
    return {
        "figures": {**figure_texts(result), **({"admin_cap": admin_cap} if admin_cap else {})},
        "line_values": line_values,
        "action_totals": {str(i): money_pl(v) for i, v in enumerate(result.action_totals)},
        "messages": _live_messages(offer, reading, content, problems, parse_errors, check=check),
    }


# ---------------------------------------------------------------- a step of the form


def step_url(offer, key: str, **args) -> str:
    if key in STEP_BY_KEY:
        return url_for("offer_pages.step", offer_id=offer.id, step=key, **args)
    return url_for(f"offer_pages.{key}", offer_id=offer.id, **args)


_STEP_MARK = "oko-step-mark"


def _step_links(offer):
    """The links of the offer's steps from one `url_for` (≈ 6 µs each, ten a page): the step's key, a plain
    path segment, takes a marker's place."""
    head, _mark, tail = url_for("offer_pages.step", offer_id=offer.id, step=_STEP_MARK).partition(_STEP_MARK)
    return lambda key: f"{head}{key}{tail}"


STEP_STATE_WORDS = {
    "done": _l("gotowe"),
    "errors": _l("do poprawy"),
    "not_started": _l("nie zaczęte"),
}


def nav(offer, current: str) -> StepNav:
    """The parts of the form; while the offer is a draft each says in words whether it is done, has
    something to fix before submission (the summary's own list) or is not started yet."""
    states = (
        step_states(figures.draft_content(offer), figures.submission_errors(offer).fields) if offer.is_editable else {}
    )
    step_link = _step_links(offer)
    items = [
        {
            "key": s.key,
            "label": f"{s.number}. {s.title}",
            "url": step_link(s.key),
            "current": s.key == current,
            "state": states.get(s.key),
            "state_words": str(STEP_STATE_WORDS[states[s.key]]) if s.key in states else None,
        }
        for s in STEPS
    ]
    items += [
        {
            "key": key,
            "label": str(label),
            "url": url_for(f"offer_pages.{key}", offer_id=offer.id),
            "current": key == current,
        }
        for key, label in EXTRA_PAGES
    ]
    return StepNav(items)


def offerors(offer) -> list[dict]:
    """Section II.1 as the profiles stand now (a submission freezes them). A partner that has not confirmed
    yet shows only its name: its data becomes the offer's when it agrees to be named."""
    rows = [control.organization_snapshot(offer.organization, representing=True)]
    for p in offer.partners:
        if p.is_confirmed:
            rows.append({**control.organization_snapshot(p.organization, representing=False), "pending": False})
        else:
            rows.append({"id": p.organization_id, "name": p.organization.name, "representing": False, "pending": True})
    return rows


def cost_form_groups(offer, rows: list[dict]) -> tuple[list[dict], int]:
    """The cost lines under their actions (I.1 …, II), with one blank row each for a new line."""
    actions = figures.draft_content(offer)["actions"]
    groups = [
        {
            "key": str(i),
            "lp": f"I.{i + 1}",
            "label": _("Działanie %(n)d: %(name)s", n=i + 1, name=a.get("name") or "—"),
            "rows": [],
        }
        for i, a in enumerate(actions)
    ]
    groups.append({"key": schema.ADMIN, "lp": "II", "label": _("Koszty administracyjne"), "rows": []})
    by_key = {g["key"]: g for g in groups}
    orphans = {"key": "", "lp": "—", "label": _("Pozycje bez wskazanego działania"), "rows": []}
    for row in rows:
        by_key.get(row["action"], orphans)["rows"].append(row)
    if orphans["rows"]:
        groups.append(orphans)
    next_index = max((row["index"] for row in rows), default=-1) + 1
    for group in groups:
        group["blank"] = next_index
        next_index += 1
    return groups, next_index


def _task_years(offer) -> list[int]:
    typed, _result, _problems = figures.offer_estimate(offer)
    return estimate.task_years(typed)


def _offerors_extras(offer, values: dict, partner_term: str) -> dict:
    years = _task_years(offer)
    return {
        "offerors": offerors(offer),
        "partner_values": {"partner": partner_term},
        "split_years": years if len(years) > 1 else [],  # V.C: a column per year of a multi-year task
    }


def _costs_extras(offer, values: dict, partner_term: str) -> dict:
    groups, next_index = cost_form_groups(offer, values.get("cost_items", []))
    years = _task_years(offer)
    years = years if len(years) > 1 else []
    actions = figures.draft_content(offer)["actions"]
    return {
        "groups": groups,
        "js_next_index": next_index,
        "years": years,
        "actions": actions,
        "cost_rows": CostRows(actions, years),
    }


def _rows_extras(group: str):
    def extras(offer, values: dict, partner_term: str) -> dict:
        # One blank row to fill in; offer.js numbers the rows it adds from js_next_index on.
        blank = max((row["index"] for row in values.get(group, [])), default=-1) + 1
        return {"blank_index": blank, "js_next_index": blank + 1}

    return extras


def _call_extras(offer, values: dict, partner_term: str) -> dict:
    return {"limits": estimate.CallLimits.from_call(offer.call)}


# What a step's template needs beyond what every step gets.
STEP_EXTRAS = {
    "offerors": _offerors_extras,
    "costs": _costs_extras,
    "plan": _rows_extras("actions"),
    "results": _rows_extras("results"),
    "call": _call_extras,
}


def _conflict_context(offer, step: Step, viewer_id: int) -> dict:
    """The draft as someone else saved it, beside what this person typed."""
    return {
        "their": member_view(offer),
        "their_values": stored_values(offer, step.key),
        "their_author": queries.user_name(offer.updated_by_id),
        "their_is_me": offer.updated_by_id == viewer_id,
    }


def step_context(
    offer,
    step: Step,
    values: dict,
    *,
    viewer_id: int,
    errors=None,
    conflict=None,
    reading: Reading | None = None,
    check: bool = False,
    notice: str | None = None,
    partner_term: str = "",
) -> dict:
    errors = errors or {}
    shown = live(offer, reading or nothing_read(), check=check)
    # The estimate's problems (and, from the summary, what is missing) for the fields of this step.
    problems = {
        path: items for path, items in shown["messages"].items() if shown_on(path, step.key) and path not in errors
    }
    context = {
        "offer": offer,
        "call": offer.call,
        "step": step,
        "nav": nav(offer, step.key),
        "values": values,
        "messages": {**problems, **errors},
        "summary": labelled(errors),
        "problem_summary": labelled(problems) if check and not errors else {},
        "live": shown,
        "estimate_box": estimate_box,  # the costs and sources steps' box, printed in Python
        "check": check,
        "editable": offer.is_editable,
        "call_open": offer.call.is_open(),
        "lock_version": offer.lock_version,
        "updated_ms": int(offer.updated_at.timestamp() * 1000),
        "conflict": conflict,
        "next_step": next_step(step.key),
        "previous_step": previous_step(step.key),
        "notice": notice,
    }
    if conflict is not None:
        context.update(_conflict_context(offer, step, viewer_id))
    extras = STEP_EXTRAS.get(step.key)
    if extras:
        context.update(extras(offer, values, partner_term))
    return context


# ---------------------------------------------------------------- the other pages of an offer


def problem_links(offer, fields: dict) -> list[dict]:
    """The summary's list of what is still wrong, each linking to the field on its step."""
    items = []
    for path in sorted(fields, key=step_order):
        anchor = "f-" + path.replace(".", "-")
        for message in fields[path]:
            step = step_of(path)
            check = {"check": "1"} if step in STEP_BY_KEY else {}
            items.append(
                {
                    "path": path,
                    "label": field_label(path),
                    "message": message,
                    "step": step,
                    "url": step_url(offer, step, **check) + "#" + anchor,
                }
            )
    return items


def submit_confirmation(offer, args) -> dict:
    """The submit confirmation page: the figures, what is still wrong, and the lock_version the person
    saw on the summary (so a draft changed since is refused as an edit conflict, not submitted unseen)."""
    raw = args.get("lock_version", "")
    lock_version = int(raw) if raw.isdigit() and len(raw) < 10 else offer.lock_version
    data = member_view(offer)
    return {
        "offer": offer,
        "call": offer.call,
        "data": data,
        "nav": nav(offer, "summary"),
        "problems": problem_links(offer, data["problems"]),
        "lock_version": lock_version,
        "call_open": offer.call.is_open(),
    }


def pdf_available(kind_name: str) -> bool:
    """The PDFs come from the documents feature (grants.documents), once it can load the kind's object."""
    kind = KINDS.get(kind_name)
    return kind is not None and kind.load is not None


def organization_options(organizations) -> list[dict]:
    return [{"value": str(o.id), "label": o.name} for o in organizations]


def clone_call_options(calls) -> list[dict]:
    return [
        {
            "value": str(c.id),
            "label": _(
                "%(title)s (%(office)s), oferty do %(deadline)s",
                title=c.title,
                office=c.office.name,
                deadline=datetime_pl(c.submission_deadline),
            ),
        }
        for c in calls
    ]
