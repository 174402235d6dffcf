"""Read-side of the committee member's declaration (issue 11): the offerors of a call for the one declaration
(who submitted what — never the offers' content) and the member's declarations so far, each one query for
the whole call. Where the member stands in every call and the work lists are `member_queue`'s."""

from sqlalchemy.orm import lazyload, selectinload

from grants.calls.models import Call
from grants.extensions import db
from grants.offers.models import Offer, OfferPartner
from grants.review.models import (
    CommitteeMember,
    Declaration,
    FormalReview,
    FormalStatus,
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
