"""What closing the committee's evaluation reads: the closure itself and the sheets it waits for (art. 15
ust. 2b–2e: every voting member's assigned, accepted offer without a declared conflict). Split from
`review.queries`, which the operations, the pages and the ranking share."""

import sqlalchemy as sa

from grants.auth.models import User
from grants.calls.models import Call
from grants.extensions import db
from grants.offers.models import Offer
from grants.review.models import (
    VOTING_ROLES,
    Assignment,
    AssignmentStatus,
    CommitteeMember,
    Declaration,
    DeclarationStatus,
    EvaluationClosure,
    FormalReview,
    FormalStatus,
    MemberStatus,
    ScoreSheet,
    SheetStatus,
    member_offer_join,
)


def evaluation_closure(call: Call) -> EvaluationClosure | None:
    return db.session.scalar(db.select(EvaluationClosure).where(EvaluationClosure.call_id == call.id))


def _awaited_sheets(call: Call, *columns, named: bool = False):
    """Every voting member's active assignment on a formally accepted offer, unless the member declared a
    conflict (KPA art. 24: they do not score it), with its sheet if any. Experts' opinions are advisory (art. 15
    ust. 2e) and not waited for. Every joined row is narrowed to the call (its call_id index), so PostgreSQL
    reads the call's rows, not one index probe per assignment; the person and the offer (for their names)
    only when `named`."""
    query = (
        db.select(*columns)
        .select_from(Assignment)
        .join(CommitteeMember, sa.and_(CommitteeMember.id == Assignment.member_id, CommitteeMember.call_id == call.id))
        .join(FormalReview, sa.and_(FormalReview.offer_id == Assignment.offer_id, FormalReview.call_id == call.id))
        .outerjoin(
            Declaration,
            member_offer_join(Declaration, Assignment.member_id, Assignment.offer_id, Declaration.call_id == call.id),
        )
        .outerjoin(
            ScoreSheet,
            member_offer_join(ScoreSheet, Assignment.member_id, Assignment.offer_id, ScoreSheet.call_id == call.id),
        )
        .where(
            Assignment.call_id == call.id,
            Assignment.status == AssignmentStatus.active,
            CommitteeMember.status == MemberStatus.active,
            CommitteeMember.role.in_(VOTING_ROLES),
            FormalReview.status == FormalStatus.accepted,
            sa.or_(Declaration.id.is_(None), Declaration.status != DeclarationStatus.conflict),
        )
    )
    if named:
        query = query.join(User, User.id == CommitteeMember.user_id).join(Offer, Offer.id == Assignment.offer_id)
    return query


def unfinished_sheets(call: Call) -> tuple[int, list[tuple[str, str]]]:
    """(how many sheets the closing waits for, [(member's name, offer title)] of those not final)."""
    rows = db.session.execute(
        _awaited_sheets(call, User.full_name, Offer.title, ScoreSheet.status, named=True).order_by(
            User.full_name, Offer.id
        )
    ).all()
    return len(rows), [(name, title) for name, title, status in rows if status != SheetStatus.final]


def awaited_sheets(call: Call) -> list[tuple[int, int, bool]]:
    """(member's user id, offer id, final) of every sheet the closing waits for: the call's thousands of rows
    in one statement, for `ranking.sheets_progress` to count and keep."""
    rows = db.session.execute(_awaited_sheets(call, CommitteeMember.user_id, Assignment.offer_id, ScoreSheet.status))
    return [(user_id, offer_id, status == SheetStatus.final) for user_id, offer_id, status in rows]
