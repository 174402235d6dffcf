"""The formal check (ocena formalna): the call's checklist, each offer's outcome with the correction request,
and the published list of outcomes."""

from datetime import datetime

import sqlalchemy as sa
from flask_babel import gettext as _

from grants.audit.log import record
from grants.auth.permissions import require_officer
from grants.calls.models import Call, CallStatus
from grants.clock import now_utc
from grants.errors import Conflict, FieldErrors, ValidationFailed
from grants.extensions import db
from grants.mail import queue_mail
from grants.offers import operations as offer_operations
from grants.offers.models import IN_COMPETITION, Offer, OfferStatus
from grants.parsing import text
from grants.review import formal_schema, queries, rules, serialize
from grants.review.models import FormalChecklistItem, FormalListPublication, FormalReview, FormalStatus
from grants.review.operations.assignments import fill_offer
from grants.review.operations.common import (
    deadline_text,
    inputs_changed,
    recipients,
    require_open_for_setup,
    start_review,
)


def set_formal_checklist(*, actor, call: Call, raw: dict, now: datetime | None = None) -> list:
    """The call's formal checklist `{items: [{code, label, correctable}]}`, before the formal check starts."""
    require_officer(actor, call.office_id)
    require_open_for_setup(call)
    if queries.formal_review_started(call):
        raise Conflict(
            _("Ocena formalna już się zaczęła; listy kontrolnej nie można zmienić."), code="formal_review_started"
        )
    parsed = formal_schema.parse_checklist_items(raw)
    before = serialize.checklist_to_api(queries.checklist_for(call))
    db.session.execute(sa.delete(FormalChecklistItem).where(FormalChecklistItem.call_id == call.id))
    for position, item in enumerate(parsed):
        db.session.add(FormalChecklistItem(call_id=call.id, position=position, **item))
    db.session.flush()
    after = serialize.checklist_to_api(queries.checklist_for(call))
    record(
        "call.formal_checklist",
        "call",
        call.id,
        actor=actor,
        office_id=call.office_id,
        summary=call.title,
        before={"items": before},
        after={"items": after},
    )
    return queries.checklist_for(call)


def record_formal_review(*, actor, offer: Offer, raw: dict, now: datetime | None = None) -> FormalReview:
    """The formal outcome of a submitted offer: accepted (every checklist item met), rejected (with the
    reason) or correction requested (defects, the fields opened and a deadline — by default the call's
    `correction_days` working days from the request). Only correctable defects may be corrected."""
    now = now or now_utc()
    call = offer.call
    require_officer(actor, call.office_id)
    if offer.current_version_id is None or offer.status not in IN_COMPETITION:
        raise Conflict(_("Ocenie formalnej podlega tylko złożona oferta."), code="not_submitted")
    start_review(call, actor, now)
    items = queries.checklist_for(call)
    override, override_errors = _override(offer, raw, items)
    try:
        given = formal_schema.parse_formal_review(raw, items=items, correction_days=call.correction_days, now=now)
    except ValidationFailed as error:  # every error at once: the schema's, then the override's
        for field, messages in override_errors.fields.items():
            error.fields.setdefault(field, []).extend(messages)
        raise
    override_errors.raise_if_any()
    review = queries.formal_review_of(offer.id) or _first_review(offer)
    _check_move(review, given.target, offer, now)
    before = serialize.formal_review_snapshot(review)
    review.status = given.target
    review.round = (review.round or 0) + 1
    review.reviewed_version = offer.current_version
    review.checklist, review.defects, review.fields = given.checklist, given.defects, given.fields
    review.reason = given.reason
    review.decided_at, review.decided_by_id = now, actor.id
    review.correction_requested_at = now if given.deadline else None
    review.correction_deadline = given.deadline
    db.session.add(review)
    db.session.flush()
    if given.target == FormalStatus.correction_requested:
        offer_operations.open_correction(
            actor=actor, offer=offer, deadline=given.deadline, fields=given.fields, now=now
        )
        _mail_correction_request(offer, review)
    if given.target == FormalStatus.accepted and call.assignment_mode:
        fill_offer(call, offer.id, actor, now)
    inputs_changed(call.id)
    record(
        f"formal_review.{given.target.value}",
        "offer",
        offer.id,
        actor=actor,
        office_id=call.office_id,
        summary=given.reason or offer.title,
        before=before,
        after={**serialize.formal_review_snapshot(review), **({"override": override} if override else {})},
    )
    return review


def _override(offer: Offer, raw: dict, items: list) -> tuple[dict | None, FieldErrors]:
    """An item ticked against what OKO recorded (no signed confirmation on record) is the officer's
    override: it needs a note saying why, kept in the audit entry. The office's page always sends
    `override_note` (empty when none); an API client opts in by sending it — older clients that judge the
    checklist themselves keep working."""
    errors = FieldErrors()
    if "override_note" not in raw:
        return None, errors
    note = text(errors, "override_note", raw.get("override_note"), limit=2000)
    ticked = raw.get("checklist") if isinstance(raw.get("checklist"), dict) else {}
    codes = [item.code for item in items]
    contradicted = rules.contradicted_items(ticked, serialize.suggested_checklist(offer, codes))
    if contradicted and not note:
        for code in contradicted:
            errors.add(
                f"checklist.{code}",
                _(
                    "OKO nie odnotowało tego faktu (nie wpłynęło). Aby mimo to zaznaczyć tę pozycję, "
                    "wpisz w notatce, na jakiej podstawie."
                ),
            )
        errors.add("override_note", _("Podaj podstawę zaznaczenia pozycji wbrew temu, co odnotował OKO."))
    return ({"items": contradicted, "note": note} if contradicted else None), errors


def pending_review(offer_id: int, call_id: int) -> FormalReview:
    """The formal review an offer has before its first check (the scale build's bulk writer starts from it too)."""
    return FormalReview(
        offer_id=offer_id,
        call_id=call_id,
        status=FormalStatus.pending,
        round=0,
        checklist={},
        defects=[],
        fields=[],
    )


def _first_review(offer: Offer) -> FormalReview:
    review = pending_review(offer.id, offer.call_id)
    review.offer = offer
    return review


def _check_move(review: FormalReview, target: FormalStatus, offer: Offer, now: datetime) -> None:
    """The transition table, then what it cannot say: a correction waits for its deadline or the corrected
    version, and a lapsed one can only be rejected."""
    if not review.can_move_to(target):
        if review.status == FormalStatus.rejected:
            raise Conflict(
                _("Oferta została odrzucona z przyczyn formalnych; to rozstrzygnięcie jest ostateczne."),
                code="formal_review_final",
            )
        raise Conflict(
            _("Oferta została już przyjęta; można ją jeszcze tylko odrzucić (z podaniem przyczyny)."),
            code="already_accepted",
        )
    if review.status == FormalStatus.correction_requested:
        state = review.state(now)
        if state == "correction_open":
            raise Conflict(
                _(
                    "Termin na uzupełnienie braków jeszcze trwa (%(deadline)s); oceń ofertę po złożeniu "
                    "poprawionej wersji albo po upływie terminu.",
                    deadline=deadline_text(review.correction_deadline),
                ),
                code="correction_open",
            )
        if state == "correction_lapsed" and target != FormalStatus.rejected:
            raise Conflict(
                _("Oferta nie została poprawiona w terminie; można ją tylko odrzucić."), code="correction_closed"
            )
    if target == FormalStatus.correction_requested and offer.status != OfferStatus.submitted:
        raise Conflict(_("Oferta czeka już na uzupełnienie braków."), code="not_submitted")


def _mail_correction_request(offer: Offer, review: FormalReview) -> None:
    subject = _("Wezwanie do uzupełnienia braków formalnych oferty „%(title)s”", title=offer.title[:120])
    body = _(
        "W ofercie „%(title)s” złożonej w naborze „%(call)s” stwierdzono braki formalne:\n%(defects)s\n\n"
        "Można poprawić wyłącznie: %(fields)s.\n"
        "Poprawioną ofertę złóż ponownie w systemie %(deadline)s. Złożenie utworzy nową wersję oferty z nową "
        "sumą kontrolną; poprzednia wersja zostaje zachowana. Po tym terminie poprawki nie będą przyjmowane.\n",
        title=offer.title,
        call=offer.call.title,
        defects="\n".join(f"- {d}" for d in review.defects),
        fields=", ".join(review.fields),
        deadline=deadline_text(review.correction_deadline),
    )
    for recipient in recipients(offer):
        queue_mail(recipient, subject, body, office_id=offer.call.office_id)


def publish_formal_list(*, actor, call: Call, now: datetime | None = None) -> FormalListPublication:
    """The list of formal outcomes of the whole call, published as one table (a new version each time)."""
    now = now or now_utc()
    require_officer(actor, call.office_id)
    if call.status not in (CallStatus.under_review, CallStatus.resolved):
        raise Conflict(_("Ocena formalna tego naboru jeszcze się nie zaczęła."), code="not_under_review")
    items = serialize.formal_list_items(call, now, public=True)
    latest = queries.latest_formal_list(call.id)
    publication = FormalListPublication(
        call_id=call.id,
        version=(latest.version + 1) if latest else 1,
        published_at=now,
        published_by_id=actor.id,
        items=items,
    )
    db.session.add(publication)
    db.session.flush()
    record(
        "call.formal_list_publish",
        "call",
        call.id,
        actor=actor,
        office_id=call.office_id,
        summary=call.title,
        after={"version": publication.version, "items": len(items)},
    )
    return publication
