"""Read-side of the committee member (issue 11): the call with the member's seat, which every committee page
asks for, in one statement; the offerors of a call for the one declaration (who submitted what — never the
offers' content) and the member's declarations so far, each one query for the whole call. Where the member
stands in every call and the work lists are `member_queue`'s."""

from functools import cache

import sqlalchemy as sa
from flask_babel import gettext as _
from sqlalchemy.orm import lazyload, selectinload

from grants.calls.models import Call
from grants.calls.queries import lists_when_read
from grants.errors import Forbidden, NotFound
from grants.extensions import db
from grants.offers.models import Offer, OfferPartner
from grants.review.models import (
    CommitteeMember,
    Declaration,
    FormalReview,
    FormalStatus,
    MemberStatus,
)


def passed_offers(call: Call) -> list[Offer]:
    """The call's offers passed to the committee (formally accepted), with their offerors and nothing of the
    content: the versions and attachments stay unloaded."""
    return list(
        db.session.scalars(
            db.select(Offer)
            .join(FormalReview, FormalReview.offer_id == Offer.id)
            .options(
                lazyload(Offer.versions),
                lazyload(Offer.attachments),
                lazyload(Offer.current_version),
                lazyload(Offer.call),
                selectinload(Offer.partners).joinedload(OfferPartner.organization),
            )
            .where(FormalReview.call_id == call.id, FormalReview.status == FormalStatus.accepted)
            .order_by(Offer.id)
        )
    )


def member_declarations(member: CommitteeMember) -> dict[int, Declaration]:
    """offer id → the member's declaration for it."""
    rows = db.session.scalars(
        db.select(Declaration).options(lazyload(Declaration.member)).where(Declaration.member_id == member.id)
    )
    return {d.offer_id: d for d in rows}


@cache
def _call_and_seat_statement() -> sa.Select:
    """(the call `call_id`, `user_id`'s active seat on its committee or None), its values bound when it runs:
    built once per process — building it (and its cache key) cost a third of running it."""
    seat = sa.and_(
        CommitteeMember.call_id == Call.id,
        CommitteeMember.user_id == sa.bindparam("user_id"),
        CommitteeMember.status == MemberStatus.active,
    )
    return (
        db.select(Call, CommitteeMember)
        .outerjoin(CommitteeMember, seat)
        .options(*lists_when_read(), lazyload(CommitteeMember.user), lazyload(CommitteeMember.nominated_by))
        .where(Call.id == sa.bindparam("call_id"))
    )


def get_call_and_seat(call_id: int, user) -> tuple[Call, CommitteeMember]:
    """`get_call` and `get_membership` in one statement — every committee page asks both: (the call, `user`'s
    active seat on its committee); no such call is 404, anyone not seated 403 `not_committee_member`."""
    row = db.session.execute(_call_and_seat_statement(), {"call_id": call_id, "user_id": user.id}).first()
    if row is None:
        raise NotFound(_("Nie ma takiego naboru."))
    call, member = row
    if member is None or not user.is_evaluator:
        raise Forbidden(_("Nie jesteś członkiem komisji konkursowej tego naboru."), code="not_committee_member")
    return call, member
