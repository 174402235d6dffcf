"""Read-side of the committee member's own pages (issue 11): the offerors of a call for the one declaration
(who submitted what — never the offers' content), and where the member stands in every call of theirs
(declarations to sign, sheets to score, drafts not final). A fixed number of statements whatever the
number of offers: each list is one query for the whole call, or for all of the member's calls at once."""

from collections import defaultdict

import sqlalchemy as sa
from sqlalchemy.orm import lazyload, selectinload

from grants.calls.models import Call
from grants.extensions import db
from grants.offers.models import Offer, OfferPartner
from grants.organizations.models import Organization
from grants.review.models import (
    Assignment,
    AssignmentStatus,
    CommitteeMember,
    Declaration,
    FormalReview,
    FormalStatus,
    MemberStatus,
    ScoreSheet,
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


def work_of_members(members: list[CommitteeMember]) -> dict[int, list[dict]]:
    """member id → the member's active assignments on offers passed to the committee, each as {offer_id,
    title, organization, partners, declaration, sheet}; four statements for any number of members and offers."""
    ids = [m.id for m in members]
    if not ids:
        return {}
    rows = db.session.execute(
        db.select(Assignment.member_id, Offer.id, Offer.title, Offer.organization_id, Declaration.status)
        .join(Offer, Offer.id == Assignment.offer_id)
        .join(FormalReview, FormalReview.offer_id == Assignment.offer_id)
        .outerjoin(
            Declaration,
            sa.and_(Declaration.member_id == Assignment.member_id, Declaration.offer_id == Assignment.offer_id),
        )
        .where(
            Assignment.member_id.in_(ids),
            Assignment.status == AssignmentStatus.active,
            FormalReview.status == FormalStatus.accepted,
        )
        .order_by(Assignment.member_id, Offer.id)
    ).all()
    sheets = {
        (member_id, offer_id): status
        for member_id, offer_id, status in db.session.execute(
            db.select(ScoreSheet.member_id, ScoreSheet.offer_id, ScoreSheet.status).where(ScoreSheet.member_id.in_(ids))
        )
    }
    names = _offeror_names({offer_id for _m, offer_id, *_rest in rows})
    work: dict[int, list[dict]] = defaultdict(list)
    for member_id, offer_id, title, _organization_id, declared in rows:
        sheet = sheets.get((member_id, offer_id))
        lead, partners = names.get(offer_id, ("", []))
        work[member_id].append(
            {
                "offer_id": offer_id,
                "title": title,
                "organization": lead,
                "partners": partners,
                "declaration": declared.value if declared else None,
                "sheet": sheet.value if sheet else None,
            }
        )
    return work


def _offeror_names(offer_ids: set[int]) -> dict[int, tuple[str, list[str]]]:
    """offer id → (the representing organisation's name, the partners' names in V.C order); two statements."""
    if not offer_ids:
        return {}
    leads = dict(
        db.session.execute(
            db.select(Offer.id, Organization.name)
            .join(Organization, Organization.id == Offer.organization_id)
            .where(Offer.id.in_(offer_ids))
        ).all()
    )
    partners: dict[int, list[str]] = defaultdict(list)
    for offer_id, name in db.session.execute(
        db.select(OfferPartner.offer_id, Organization.name)
        .join(Organization, Organization.id == OfferPartner.organization_id)
        .where(OfferPartner.offer_id.in_(offer_ids))
        .order_by(OfferPartner.offer_id, OfferPartner.position)
    ):
        partners[offer_id].append(name)
    return {offer_id: (name, partners.get(offer_id, [])) for offer_id, name in leads.items()}


def undeclared_counts(members: list[CommitteeMember]) -> dict[int, int]:
    """call id → how many offers passed to the committee the member (of that call) has not declared on yet,
    assigned or not: the declaration covers every offeror of the call (art. 15 ust. 2f, KPA art. 24)."""
    if not members:
        return {}
    by_call = {m.call_id: m.id for m in members}
    rows = db.session.execute(
        db.select(FormalReview.call_id, sa.func.count(FormalReview.offer_id))
        .outerjoin(
            Declaration,
            sa.and_(
                Declaration.offer_id == FormalReview.offer_id,
                Declaration.member_id.in_(list(by_call.values())),
            ),
        )
        .where(
            FormalReview.call_id.in_(list(by_call)),
            FormalReview.status == FormalStatus.accepted,
            Declaration.id.is_(None),
        )
        .group_by(FormalReview.call_id)
    )
    return dict(rows.all())


def seats_of(user) -> list[tuple[Call, CommitteeMember]]:
    """The calls whose committee `user` sits on (active seat), newest first; the seat without its user."""
    rows = db.session.execute(
        db.select(Call, CommitteeMember)
        .join(CommitteeMember, CommitteeMember.call_id == Call.id)
        .options(lazyload(CommitteeMember.user), lazyload(CommitteeMember.nominated_by))
        .where(CommitteeMember.user_id == user.id, CommitteeMember.status == MemberStatus.active)
        .order_by(Call.id.desc())
    )
    return [(call, member) for call, member in rows]


def calls_with_passed_offers(call_ids: list[int]) -> set[int]:
    """Those of `call_ids` with at least one offer passed to the committee."""
    if not call_ids:
        return set()
    return set(
        db.session.scalars(
            db.select(FormalReview.call_id)
            .where(FormalReview.call_id.in_(call_ids), FormalReview.status == FormalStatus.accepted)
            .distinct()
        )
    )
