"""The committee member's pages' data and forms (issue 11): the one declaration towards every offeror of a
call, the desk of what is left in each call, the call's work list. Built from `member_queue` in a fixed
number of statements whatever the number of offers; nothing here writes or decides a rule."""

from flask import url_for
from flask_babel import gettext as _

from grants.calls.models import CallStatus
from grants.i18n import lazy_gettext as _l
from grants.review import member_queue, queue_rows, seat_cards
from grants.review.forms import text
from grants.review.models import CommitteeRole, DeclarationStatus
from grants.urls import id_url

# The work lists' filter "what is left" (member_queue.LEFT), in the members' words.
LEFT_LABELS = {
    "declare": _l("do oświadczenia"),
    "score": _l("do oceny"),
    "draft": _l("karta robocza"),
    "final": _l("karta zatwierdzona"),
}


def offeror(organization) -> dict:
    return {"name": organization.name, "nip": organization.nip}


def declaration_rows(offers, declarations: dict) -> list[dict]:
    """One row per offer passed to the committee: who submitted it (NIP included, to recognise the
    organisation) and the title — never the content — with the member's declaration so far."""
    rows = []
    for offer in offers:
        declaration = declarations.get(offer.id)
        rows.append(
            {
                "offer_id": offer.id,
                "title": offer.title,
                "offerors": [offeror(offer.organization)] + [offeror(p.organization) for p in offer.partners],
                "status": declaration.status.value if declaration else None,
                "reason": declaration.reason if declaration else None,
                "declared_at": (declaration.changed_at or declaration.declared_at) if declaration else None,
            }
        )
    return rows


def declaration_values(rows: list[dict]) -> dict:
    return {"impartial": False, "conflicts": set(), "reasons": {row["offer_id"]: "" for row in rows}}


def read_declaration_form(form, rows: list[dict]) -> tuple[dict, dict, dict]:
    """(values as typed, the raw dict of operations.declare_for_call, the form's own errors). A circumstance
    typed for an offeror left unticked is not guessed either way: the member is asked to tick or clear it."""
    values = declaration_values(rows)
    values["impartial"] = form.get("impartial") == "yes"
    errors: dict[str, list[str]] = {}
    conflicts = []
    for row in rows:
        offer_id = row["offer_id"]
        reason = text(form.get(f"reason.{offer_id}")).strip()
        values["reasons"][offer_id] = reason
        if row["status"] == DeclarationStatus.conflict.value:
            continue
        if form.get(f"conflict.{offer_id}") == "yes":
            values["conflicts"].add(offer_id)
            conflicts.append({"offer_id": offer_id, "reason": reason or None})
        elif reason:
            errors[f"conflict.{offer_id}"] = [
                _named(
                    row,
                    _("opisano okoliczność wyłączającą, ale nie zaznaczono oferenta — zaznacz go albo usuń opis."),
                )
            ]
    return values, {"impartial": values["impartial"], "conflicts": conflicts}, errors


def declaration_errors(fields: dict, rows: list[dict]) -> dict:
    """The operation's error paths as the page's inputs, each message naming the offeror it is about."""
    by_id = {row["offer_id"]: row for row in rows}
    errors: dict[str, list[str]] = {}
    for key, messages in fields.items():
        parts = key.split(".")
        if len(parts) == 3 and parts[0] == "conflicts" and parts[2] == "reason" and int(parts[1]) in by_id:
            row = by_id[int(parts[1])]
            errors.setdefault(f"reason.{row['offer_id']}", []).extend(_named(row, m) for m in messages)
        else:
            errors.setdefault("impartial" if key == "impartial" else "conflicts", []).extend(messages)
    return errors


def _named(row: dict, message: str) -> str:
    first = message[:1].lower() + message[1:]
    return _("Oferent „%(name)s”: %(message)s", name=row["offerors"][0]["name"], message=first)


def declaration_summary(rows: list[dict]) -> dict:
    counts = {"total": len(rows), "undeclared": 0, "impartial": 0, "conflict": 0}
    for row in rows:
        counts[row["status"] or "undeclared"] += 1
    return counts


# ---------------------------------------------------------------- the desk and the call's work list


def progress(counts: dict) -> dict:
    """Where the member stands in one call: declarations to sign (towards every offeror passed to the
    committee), the assigned sheets final out of all, the drafts not yet final, and the figures of the
    work list's filter."""
    return {
        "undeclared": counts["undeclared"],
        "assigned": counts["assigned"],
        "final": counts["final"],
        "drafts": counts["draft"],
        "left": {key: counts[key] for key in member_queue.LEFT},
    }


def next_step(call, member, counts: dict, titles: dict) -> dict:
    """The one thing to do next, for the button: {kind, offer_id?, title?}. Declare first (no content
    before it, KPA art. 24), then finish a draft, then score an untouched sheet; the chair then has the
    ranking. `counts` (member_queue.progress_of) names the first draft and the first open sheet, and
    `titles` (progress_of's too) their titles."""
    if call.status == CallStatus.cancelled:
        return {"kind": "cancelled"}
    if call.status == CallStatus.resolved:
        return {"kind": "resolved"}
    if not counts["passed"]:
        return {"kind": "waiting"}
    if counts["undeclared"]:
        return {"kind": "declare"}
    offer_id = counts["first_draft"] or counts["first_open"]
    if call.status == CallStatus.under_review and offer_id is not None:
        kind = "finish" if counts["first_draft"] is not None else "score"
        return {"kind": kind, "offer_id": offer_id, "title": titles.get(offer_id, "")}
    if member.role == CommitteeRole.chair:
        return {"kind": "ranking"}
    return {"kind": "done"}


def desk(user, args) -> dict:
    """A page of the calls whose committee `user` sits on, each with what is left and the next step; the
    same statements whatever the number of calls and of their offers."""
    filters = member_queue.parse_filters(args, member_queue.SEATS_ORDER)
    page = member_queue.seats_page(user, filters)
    counts, titles = member_queue.progress_of(member.id for _call, member in page.items)
    rows = []
    for call, member in page.items:
        rows.append(
            {
                "call": call,
                "member": member,
                "role": member.role.value,
                "is_chair": member.role == CommitteeRole.chair,
                "counts": progress(counts[member.id]),
                "next": next_step(call, member, counts[member.id], titles),
            }
        )
    return {
        "calls": rows,
        "cards": seat_cards.cards(rows),
        "filters": filters,
        "page": page,
        "left_options": LEFT_LABELS,
    }


def my_call(call, member, args) -> dict:
    """A member's work list in one call — a page of the assigned offers, narrowed by what is left and by
    words — with the counts and next step of the desk."""
    filters = member_queue.parse_filters(args, member_queue.QUEUE_ORDER)
    counts, titles = member_queue.progress_of([member.id])
    page = member_queue.queue_page(member, filters)
    partners = member_queue.partner_names([row.id for row in page.items if row.has_partners])
    items = []
    for row in page.items:
        items.append(
            {
                "offer_id": row.id,
                "title": row.title,
                "organization": row.organization,
                "partners": partners.get(row.id, []),
                "declaration": row.declaration.value if row.declaration else None,
                "sheet": row.sheet.value if row.sheet else None,
            }
        )
    return {
        "items": items,
        "rows": queue_rows.rows(
            items,
            url_for("review_pages.call_declaration", call_id=call.id),
            id_url("review_pages.score", "offer_id", call_id=call.id),
        ),
        "counts": progress(counts[member.id]),
        "is_chair": member.role == CommitteeRole.chair,
        "next": next_step(call, member, counts[member.id], titles),
        "filters": filters,
        "page": page,
        "left_options": LEFT_LABELS,
    }


# ---------------------------------------------------------------- the score sheet


def score_errors(fields: dict, criteria) -> dict:
    """The sheet's errors at their inputs, each naming its criterion, so the summary at the top reads alone
    ("„Jakość projektu”: …"); the schema's own messages already do, the generic ones (a text too long) get
    the name here."""
    names = {c.code: c.name for c in criteria}
    errors: dict[str, list[str]] = {}
    for key, messages in fields.items():
        _kind, _dot, code = key.partition(".")
        name = names.get(code)
        errors[key] = [
            m
            if name is None or m.startswith(f"„{name}”")
            else _("„%(name)s”: %(message)s", name=name, message=m[:1].lower() + m[1:])
            for m in messages
        ]
    return errors
