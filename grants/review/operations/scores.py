"""The committee's scores: who may score an offer, a member's score sheet, and the chair reopening one.

A sheet is created with an INSERT that ignores a concurrent twin, and every save is `UPDATE score_sheets ...
WHERE status = 'draft' AND lock_version = :seen`, so a finalised sheet is never overwritten and two saves of
one sheet do not interleave.
"""

from datetime import datetime

import sqlalchemy as sa
from flask_babel import gettext as _

from grants.audit.log import record
from grants.auth.permissions import require_evaluator
from grants.clock import now_utc
from grants.errors import Conflict, Forbidden, NotFound
from grants.extensions import db
from grants.offers.models import Offer
from grants.review import closing_queries, queries, rules, schema
from grants.review.models import CommitteeMember, DeclarationStatus, FormalStatus, ScoreEntry, ScoreSheet, SheetStatus
from grants.review.operations.common import (
    inputs_changed,
    insert_ignoring_twin,
    require_member,
    require_under_review,
)
from grants.review.ranking import criteria_of


def scoring_member(actor, offer: Offer) -> CommitteeMember:
    """Who may score `offer`, and the refusals in the order a person can act on them."""
    member = require_member(actor, offer.call)
    if queries.formal_status(offer.id) != FormalStatus.accepted:
        raise NotFound(_("Ta oferta nie została przekazana komisji."))
    declared = queries.declaration_status(member.id, offer.id)
    if declared == DeclarationStatus.conflict:
        raise Forbidden(
            _("Zgłoszono okoliczność wyłączającą cię z oceny tej oferty (art. 24 KPA)."), code="conflict_of_interest"
        )
    if not queries.is_assigned(member.id, offer.id):
        raise Forbidden(_("Ta oferta nie została ci przydzielona do oceny."), code="not_assigned")
    if declared is None:
        raise Conflict(
            _(
                "Przed oceną złóż oświadczenie o bezstronności dotyczące tej oferty (art. 24 KPA w zw. "
                "z art. 15 ust. 2f ustawy)."
            ),
            code="declaration_required",
        )
    return member


def require_not_conflicted(actor, offer: Offer) -> None:
    """A member who declared a conflict for an offer takes no part in it (KPA art. 24), the chair included."""
    member = queries.active_member(offer.call_id, actor.id)
    declaration = queries.declaration_for(member.id, offer.id) if member is not None else None
    if declaration is not None and declaration.status == DeclarationStatus.conflict:
        raise Forbidden(
            _("Zgłoszono okoliczność wyłączającą cię z oceny tej oferty (art. 24 KPA)."), code="conflict_of_interest"
        )


def _already_final() -> Conflict:
    return Conflict(
        _("Ta karta oceny została zatwierdzona i jest zablokowana; może ją otworzyć tylko przewodniczący komisji."),
        code="already_final",
    )


def save_score(*, actor, offer: Offer, raw: dict, now: datetime | None = None) -> ScoreSheet:
    """PUT my score sheet: `{scores: {code: points}, justifications: {code: text}, final}`. The body is the
    whole sheet (criteria left out are cleared). Points are 0..max_points in whole points, or halves when the
    call allows them. `final` needs every criterion scored and justified, and locks the sheet (409
    `already_final` afterwards) until the chair reopens it."""
    now = now or now_utc()
    call = offer.call
    member = scoring_member(actor, offer)
    require_under_review(call)
    rules.require_evaluation_open(closing_queries.evaluation_closure(call))
    sheet = queries.sheet_for(member.id, offer.id)
    if sheet is not None and sheet.is_final:
        raise _already_final()
    criteria = {c.code: c for c in criteria_of(call)}
    given = schema.parse_sheet(raw, criteria=criteria, allow_half_points=call.allow_half_points)
    sheet = sheet or _new_sheet(member, offer, now)
    if sheet.is_final:
        raise _already_final()
    _claim(sheet, given.final, now)
    # The row is ours until the commit: replace the entries.
    entries = {entry.criterion_code: entry for entry in sheet.entries}
    for code in criteria:
        if code in given.points or code in given.texts:
            entry = entries.pop(code, None) or ScoreEntry(criterion_code=code)
            entry.points, entry.justification = given.points.get(code), given.texts.get(code, "")
            if entry.id is None:
                sheet.entries.append(entry)
    for entry in entries.values():
        sheet.entries.remove(entry)
    db.session.flush()
    if given.final:  # a draft's points do not count
        inputs_changed(call.id)
    record(
        "score.final" if given.final else "score.save",
        "offer",
        offer.id,
        actor=actor,
        office_id=call.office_id,
        summary=actor.full_name,
        after={
            "member_id": actor.id,
            "final": given.final,
            "scores": {code: str(p) for code, p in given.points.items()},
        },
    )
    return sheet


def _new_sheet(member: CommitteeMember, offer: Offer, now: datetime) -> ScoreSheet:
    insert_ignoring_twin(
        ScoreSheet,
        {
            "call_id": offer.call_id,
            "offer_id": offer.id,
            "member_id": member.id,
            "status": SheetStatus.draft,
            "lock_version": 0,
            "created_at": now,
            "updated_at": now,
        },
    )
    return queries.sheet_for(member.id, offer.id)


def _claim(sheet: ScoreSheet, final: bool, now: datetime) -> None:
    """Move the draft's lock_version on (and finalise it): refused when another save or a finalisation came
    first."""
    seen = sheet.lock_version
    values = {"lock_version": ScoreSheet.lock_version + 1, "updated_at": now}
    if final:
        values.update(status=SheetStatus.final, finalized_at=now)
    result = db.session.execute(
        sa.update(ScoreSheet)
        .where(ScoreSheet.id == sheet.id, ScoreSheet.status == SheetStatus.draft, ScoreSheet.lock_version == seen)
        .values(**values)
        .execution_options(synchronize_session=False)
    )
    # The entries loaded with the sheet are current: a concurrent save would have moved lock_version.
    db.session.refresh(sheet, ["status", "lock_version", "updated_at", "finalized_at"])
    if result.rowcount != 1:
        if sheet.is_final:
            raise _already_final()
        raise Conflict(_("Ktoś zapisał tę kartę oceny w międzyczasie; odśwież ją."), code="edit_conflict")


def reopen_score(*, actor, offer: Offer, member_user_id: int, raw: dict, now: datetime | None = None) -> ScoreSheet:
    """The chair reopens one member's final sheet with a reason (audited)."""
    now = now or now_utc()
    call = offer.call
    require_evaluator(actor)
    if not queries.is_chair(actor, call):
        raise Forbidden(_("Zatwierdzoną ocenę może otworzyć tylko przewodniczący komisji."), code="not_committee_chair")
    require_under_review(call)
    rules.require_evaluation_open(closing_queries.evaluation_closure(call))
    refusal = queries.sheets_read_refusal(actor, offer)  # the chair acts on sheets they may read, declared
    if refusal is not None:
        raise refusal
    member = queries.member_by_user(call, member_user_id)
    sheet = queries.sheet_for(member.id, offer.id) if member is not None else None
    if sheet is None:
        raise NotFound(_("Ta osoba nie ma karty oceny tej oferty."))
    reason = schema.parse_required_text(raw, "reason", limit=2000)
    if not sheet.is_final:
        raise Conflict(_("Ta karta oceny nie jest zatwierdzona."), code="not_final")
    result = db.session.execute(
        sa.update(ScoreSheet)
        .where(ScoreSheet.id == sheet.id, ScoreSheet.status == SheetStatus.final)
        .values(
            status=SheetStatus.draft,
            finalized_at=None,
            reopened_at=now,
            reopened_by_id=actor.id,
            reopen_reason=reason,
            lock_version=ScoreSheet.lock_version + 1,
        )
        .execution_options(synchronize_session=False)
    )
    db.session.refresh(sheet)
    if result.rowcount != 1:
        raise Conflict(_("Ta karta oceny nie jest zatwierdzona."), code="not_final")
    inputs_changed(call.id)
    record(
        "score.reopen",
        "offer",
        offer.id,
        actor=actor,
        office_id=call.office_id,
        summary=reason,
        before={"member_id": member_user_id, "status": "final"},
        after={"member_id": member_user_id, "status": "draft", "reason": reason},
    )
    return sheet
