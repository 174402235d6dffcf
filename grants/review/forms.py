"""The review's HTML forms ⇄ the raw dicts of grants.review.operations: the values a form shows (stored,
default or as typed), what a posted form sends to the operation, and the domain's error paths as the form's
input names. No rule of the review lives here: what a value means is decided by the schema and the
operations; this module only moves values between the form and the raw dict."""

import re
from datetime import datetime
from decimal import Decimal

from flask_babel import gettext as _

from grants.calls.models import Call, Channel
from grants.clock import now_utc, to_warsaw
from grants.formatting import money_str, points_pl
from grants.offers.models import Offer
from grants.review import labels as review_labels
from grants.review import queries, rules
from grants.review.models import FormalStatus
from grants.review.ranking import tie_break_of
from grants.review.serialize import suggested_checklist

ROW_LIMIT = 60
COLLAPSED_LISTS = re.compile(r"^(defects|fields|tie_break)\.\d+$")


def text(value) -> str:
    """Browsers send textarea line breaks as CRLF; stored texts use LF."""
    return (value or "").replace("\r\n", "\n")


def decimal_text(value) -> str:
    """Points as typed into the score form (`7,5`); empty for none."""
    return "" if value is None or value == "" else points_pl(value)


def formal_error_labels(items) -> dict[str, str]:
    """The error summary of the formal check names each item: „Pozycja 3 „Oferent jest uprawniony…”"."""
    return {
        f"checklist.{item.code}": _("Pozycja %(n)d „%(label)s”", n=position, label=item.label)
        for position, item in enumerate(items, start=1)
    }


def form_errors(fields: dict) -> dict:
    """The domain's error paths as the form's input names: list items of a textarea (defects.2) or of a
    group of checkboxes (fields.0) are shown at the whole control."""
    errors: dict[str, list[str]] = {}
    for key, messages in fields.items():
        name = COLLAPSED_LISTS.sub(r"\1", key) if COLLAPSED_LISTS.match(key) else key
        errors.setdefault(name, []).extend(messages)
    return errors


def local_input(moment: datetime) -> str:
    return to_warsaw(moment).strftime("%Y-%m-%dT%H:%M")


# ---------------------------------------------------------------- formal check


def checklist_rows(call: Call, *, own: bool = True) -> list[dict]:
    """The call's checklist as the desk's form shows it. `own` False: the caller knows the call has no
    checklist of its own (the desk's overview asked), so the defaults, without asking again."""
    items = queries.checklist_for(call) if own else rules.DEFAULT_CHECKLIST
    return [{"code": item.code, "label": str(item.label), "correctable": bool(item.correctable)} for item in items]


def read_checklist_form(form) -> list[dict]:
    found: dict[int, dict] = {}
    for key in form:
        match = re.match(r"^items\.(\d{1,2})\.(code|label|correctable)$", key)
        if match and int(match.group(1)) < ROW_LIMIT:
            found.setdefault(int(match.group(1)), {})[match.group(2)] = text(form.get(key)).strip()
    rows = []
    for index in sorted(found):
        cells = found[index]
        if not cells.get("code") and not cells.get("label"):
            continue  # a blank row is not a row
        rows.append(
            {"code": cells.get("code", ""), "label": cells.get("label", ""), "correctable": "correctable" in cells}
        )
    return rows


def formal_values(call: Call, offer: Offer) -> dict:
    review = queries.formal_review_of(offer.id)
    codes = [item.code for item in queries.checklist_for(call)]
    if review is not None and review.checklist:
        checklist = {code: bool(review.checklist.get(code)) for code in codes}
    else:
        checklist = {code: bool(value) for code, value in suggested_checklist(offer, codes).items()}
    return {
        "outcome": "",
        "checklist": checklist,
        "reason": "",
        "defects": "",
        "fields": [],
        "correction_deadline": "",
        "override_note": "",
    }


def tick_all_met(offer: Offer, values: dict) -> list[str]:
    """The "Wszystkie spełnione" button (no JS needed): every item ticked except those OKO recorded as not
    met (they stay for the officer, who may override them with a note); the outcome preset to accepted when
    nothing is left. Returns the codes left unticked. Nothing is saved: the page is shown again to confirm."""
    known = suggested_checklist(offer, list(values["checklist"]))
    left = [code for code in values["checklist"] if known.get(code) is False]
    values["checklist"] = {code: code not in left for code in values["checklist"]}
    if not left:
        values["outcome"] = FormalStatus.accepted.value
    return left


def read_formal_form(call: Call, form) -> tuple[dict, dict]:
    codes = [item.code for item in queries.checklist_for(call)]
    checklist = {code: f"checklist.{code}" in form for code in codes}
    defects_text = text(form.get("defects"))
    values = {
        "outcome": form.get("outcome", ""),
        "checklist": checklist,
        "reason": text(form.get("reason")),
        "defects": defects_text,
        "fields": form.getlist("fields"),
        "correction_deadline": (form.get("correction_deadline") or "").strip(),
        "override_note": text(form.get("override_note")),
    }
    raw = {
        "outcome": values["outcome"] or None,
        "checklist": checklist,
        "reason": values["reason"] or None,
        # always sent: the page shows what OKO recorded, so a tick against it needs the note
        "override_note": values["override_note"].strip() or None,
    }
    if values["outcome"] == FormalStatus.correction_requested.value:
        raw.update(
            {
                "defects": [line.strip() for line in defects_text.split("\n") if line.strip()],
                "fields": values["fields"],
                "correction_deadline": values["correction_deadline"] or None,
            }
        )
    return values, raw


# ---------------------------------------------------------------- committee


def committee_rows(call: Call) -> list[dict]:
    members = {m.user_id: m for m in queries.committee_of(call)}
    rows = []
    for user in queries.office_evaluators(call):
        member = members.get(user.id)
        rows.append(
            {
                "user_id": user.id,
                "name": user.full_name,
                "email": user.email,
                "role": member.role.value if member else "",
                "nominated_by_organization_id": str(member.nominated_by_organization_id or "") if member else "",
            }
        )
    return rows


def read_committee_form(form) -> tuple[list[dict], dict, dict]:
    """(rows to show again, raw {members}, list position → user id)."""
    rows, members, positions = [], [], {}
    keys = [key for key in form if re.match(r"^member-(\d{1,9})-role$", key)]
    users = queries.users_by_id(int(key.split("-")[1]) for key in keys)
    for key in keys:
        user_id = int(key.split("-")[1])
        user = users.get(user_id)
        role = (form.get(key) or "").strip()
        nominated = (form.get(f"member-{user_id}-nominated_by_organization_id") or "").strip()
        rows.append(
            {
                "user_id": user_id,
                "name": user.full_name if user else str(user_id),
                "email": user.email if user else "",
                "role": role,
                "nominated_by_organization_id": nominated,
            }
        )
        if role:
            positions[len(members)] = user_id
            members.append(
                {
                    "user_id": user_id,
                    "role": role,
                    "nominated_by_organization_id": int(nominated) if nominated.isdigit() else None,
                }
            )
    return rows, {"members": members}, positions


def committee_errors(fields: dict, positions: dict) -> dict:
    errors: dict[str, list[str]] = {}
    for key, messages in fields.items():
        match = re.match(r"^members\.(\d+)(?:\.(\w+))?$", key)
        if match and int(match.group(1)) in positions:
            name = f"member-{positions[int(match.group(1))]}-{match.group(2) or 'role'}"
            if match.group(2) == "user_id":
                name = f"member-{positions[int(match.group(1))]}-role"
        else:
            name = key
        errors.setdefault(name, []).extend(messages)
    return errors


def assign_values(call: Call) -> dict:
    return {
        "mode": call.assignment_mode or "all",
        "per_offer": str(call.assignment_per_offer or call.evaluators_per_offer or ""),
        "max_per_member": "",
    }


def read_assign_form(form) -> tuple[dict, dict]:
    values = {name: (form.get(name) or "").strip() for name in ("mode", "per_offer", "max_per_member")}
    raw = {"mode": values["mode"] or None}
    if values["per_offer"]:
        raw["per_offer"] = values["per_offer"]
    if values["max_per_member"]:
        raw["max_per_member"] = values["max_per_member"]
    return values, raw


# The ladder as a few selects, one rung each (no mini-language to type): as many rungs as the call has criteria
# and the two other steps, never more than the schema's 10.
def settings_rung_count(call: Call) -> int:
    return min(len(call.criteria) + 2, 10)


def rung_value(step: list) -> str:
    """A step as a select's option value: `criterion:<code>`, `lower_requested`, `draw`."""
    return f"criterion:{step[1]}" if step[0] == "criterion" else str(step[0])


def rung_options(call: Call) -> list[dict]:
    options = [
        {
            "value": f"criterion:{c.code}",
            "label": str(review_labels.tie_break_step_text(["criterion", c.code], {c.code: c.name})),
        }
        for c in call.criteria
    ]
    options.append(
        {"value": "lower_requested", "label": str(review_labels.tie_break_step_text(["lower_requested"], {}))}
    )
    options.append({"value": "draw", "label": str(review_labels.tie_break_step_text(["draw"], {}))})
    return options


def _draw_of(ladder: list[list]) -> dict:
    return next((dict(step[1]) for step in ladder if step[0] == "draw" and len(step) > 1), {})


def settings_values(call: Call) -> dict:
    ladder = tie_break_of(call)
    rungs = [rung_value(step) for step in ladder][: settings_rung_count(call)]
    return {
        "allow_half_points": bool(call.allow_half_points),
        "partial_last": bool(call.partial_last),
        "rungs": rungs + [""] * (settings_rung_count(call) - len(rungs)),
        "draw": {str(k): str(v) for k, v in _draw_of(ladder).items()},
        "reason": "",
    }


def read_settings_form(call: Call, form) -> tuple[dict, dict]:
    """The selects in order (blank ones skipped; all blank: the default ladder) and the draw's places typed
    beside the offers (`draw-<offer id>`)."""
    rungs = [(form.get(f"tie_break-{index}") or "").strip() for index in range(settings_rung_count(call))]
    draw = {}
    for key in form:
        match = re.match(r"^draw-(\d{1,9})$", key)
        if match and (form.get(key) or "").strip():
            draw[match.group(1)] = form.get(key).strip()
    values = {
        "allow_half_points": "allow_half_points" in form,
        "partial_last": "partial_last" in form,
        "rungs": rungs,
        "draw": draw,
        "reason": text(form.get("reason")),
    }
    ladder: list = [["draw", draw] if rung == "draw" else rung for rung in rungs if rung]
    raw = {
        "allow_half_points": values["allow_half_points"],
        "partial_last": values["partial_last"],
        "tie_break": ladder or None,
        "reason": values["reason"] or None,
    }
    return values, raw


def settings_errors(fields: dict, values: dict) -> dict:
    """The schema's paths as the form's names: `tie_break.N` is the N-th chosen rung (blank selects are
    skipped), `tie_break.N.<offer id>` a place in the draw."""
    chosen = [index for index, rung in enumerate(values["rungs"]) if rung]
    errors: dict[str, list[str]] = {}
    for key, messages in fields.items():
        match = re.match(r"^tie_break\.(\d+)(?:\.(\d+))?$", key)
        if match and match.group(2):
            name = f"draw-{match.group(2)}"
        elif match and int(match.group(1)) < len(chosen):
            name = f"tie_break-{chosen[int(match.group(1))]}"
        elif key == "tie_break" or match:
            name = "tie_break-0"
        else:
            name = key
        errors.setdefault(name, []).extend(messages)
    return errors


RECORD_FIELDS = ("act_number", "act_date", "meeting_date", "meeting_end_date", "meeting_place", "minute_taker")


def record_values(call: Call) -> dict:
    """The committee's protocol data as the form shows it (dates as YYYY-MM-DD for <input type=date>)."""
    row = queries.committee_record(call)
    return {
        name: "" if row is None or getattr(row, name) is None else str(getattr(row, name)) for name in RECORD_FIELDS
    }


def read_record_form(form) -> tuple[dict, dict]:
    values = {name: text(form.get(name)) for name in RECORD_FIELDS}
    return values, {name: value.strip() or None for name, value in values.items()}


# ---------------------------------------------------------------- decision and results


def _amount_input(value) -> str:
    return (money_str(value) or "").replace(".", ",")


def decision_values(rows: list[dict], decision) -> dict:
    """The decision form's amounts: the latest decision's, or the ranking's proposed amounts."""
    values: dict[str, str] = {}
    awards = {a.offer_id: a for a in decision.awards} if decision is not None else {}
    for item in rows:
        offer_id = item["offer_id"]
        award = awards.get(offer_id)
        if award is not None:
            values[f"amount-{offer_id}"] = _amount_input(award.amount) if award.funded else ""
            values[f"reason-{offer_id}"] = award.reason or ""
        else:
            proposed = Decimal(item["proposed_amount"] or "0")
            values[f"amount-{offer_id}"] = _amount_input(proposed) if proposed > 0 else ""
            values[f"reason-{offer_id}"] = ""
    return values


def read_decision_form(form) -> tuple[dict, dict, dict]:
    """(values to show again, raw {awards, not_funded}, (list, position) → offer id). A blank amount is an
    offer not funded (with the reason typed beside it)."""
    values, awards, not_funded, positions = {}, [], [], {}
    for key in form:
        match = re.match(r"^amount-(\d{1,9})$", key)
        if not match:
            continue
        offer_id = int(match.group(1))
        amount = (form.get(key) or "").strip()
        reason = text(form.get(f"reason-{offer_id}")).strip()
        values[f"amount-{offer_id}"], values[f"reason-{offer_id}"] = amount, reason
        if amount:
            positions[("awards", len(awards))] = offer_id
            awards.append({"offer_id": offer_id, "amount": amount})
        else:
            positions[("not_funded", len(not_funded))] = offer_id
            not_funded.append({"offer_id": offer_id, "reason": reason or None})
    return values, {"awards": awards, "not_funded": not_funded}, positions


def decision_errors(fields: dict, positions: dict) -> dict:
    errors: dict[str, list[str]] = {}
    for key, messages in fields.items():
        match = re.match(r"^(awards|not_funded)\.(\d+)(?:\.(\w+))?$", key)
        offer_id = positions.get((match.group(1), int(match.group(2)))) if match else None
        if offer_id is not None:
            name = f"reason-{offer_id}" if match.group(3) == "reason" else f"amount-{offer_id}"
        else:
            name = key
        errors.setdefault(name, []).extend(messages)
    return errors


def publish_values() -> list[dict]:
    now_local = local_input(now_utc())
    return [{"channel": channel.value, "published_at": now_local} for channel in Channel]


def read_publications(form) -> list[dict]:
    return [
        {
            "channel": (form.get(f"publications.{index}.channel") or channel.value).strip(),
            "published_at": (form.get(f"publications.{index}.published_at") or "").strip(),
        }
        for index, channel in enumerate(Channel)
    ]


# ---------------------------------------------------------------- score sheet


def sheet_values(sheet) -> dict:
    values = {"scores": {}, "justifications": {}}
    if sheet is not None:
        for entry in sheet.entries:
            values["scores"][entry.criterion_code] = decimal_text(entry.points)
            values["justifications"][entry.criterion_code] = entry.justification or ""
    return values


def read_score_form(call: Call, form) -> tuple[dict, dict]:
    codes = [c.code for c in call.criteria]
    scores = {code: (form.get(f"scores.{code}") or "").strip() for code in codes}
    texts = {code: text(form.get(f"justifications.{code}")).strip() for code in codes}
    values = {"scores": scores, "justifications": texts}
    raw = {
        "scores": {code: value or None for code, value in scores.items()},
        "justifications": {code: value for code, value in texts.items() if value},
        "final": form.get("final") == "1",
    }
    return values, raw
