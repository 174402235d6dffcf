"""Read-side of the review: who may see what, the lists, and the loaders of guarded objects (a refusal is
raised here, in one place per object). Nothing here writes; the ranking is `grants.review.ranking`.
"""

import sqlalchemy as sa
from flask_babel import gettext as _
from sqlalchemy.orm import defer, joinedload, lazyload, selectinload

from grants.auth.models import User
from grants.calls.models import Call, CallStatus
from grants.calls.queries import get_call_for_officer, lists_when_read
from grants.errors import Conflict, DomainError, Forbidden, NotFound
from grants.extensions import db
from grants.offers.models import IN_COMPETITION, Offer, OfferVersion
from grants.organizations.models import Organization
from grants.review import rules
from grants.review.models import (
    Assignment,
    AssignmentStatus,
    Award,
    CommitteeMember,
    CommitteeRecord,
    CommitteeRole,
    Decision,
    Declaration,
    DeclarationStatus,
    FormalChecklistItem,
    FormalListPublication,
    FormalReview,
    FormalStatus,
    JustificationRequest,
    MemberStatus,
    ResultsPublication,
    ScoreSheet,
    SheetStatus,
)


def _authenticated(user) -> bool:
    return user is not None and getattr(user, "is_authenticated", False)


# ---------------------------------------------------------------- committee


def active_member(call_id: int, user_id: int) -> CommitteeMember | None:
    # Asked on every committee request: the row alone, its relationships only when used.
    return db.session.scalar(
        db.select(CommitteeMember)
        .options(lazyload("*"))
        .where(
            CommitteeMember.call_id == call_id,
            CommitteeMember.user_id == user_id,
            CommitteeMember.status == MemberStatus.active,
        )
    )


def committee_of(call: Call, *, include_removed: bool = False) -> list[CommitteeMember]:
    """The chair first, then members, then experts; by appointment within a role."""
    query = db.select(CommitteeMember).where(CommitteeMember.call_id == call.id)
    if not include_removed:
        query = query.where(CommitteeMember.status == MemberStatus.active)
    order = {CommitteeRole.chair: 0, CommitteeRole.member: 1, CommitteeRole.expert: 2}
    return sorted(db.session.scalars(query), key=lambda m: (m.status != MemberStatus.active, order[m.role], m.id))


def chair_of(call: Call) -> CommitteeMember | None:
    return db.session.scalar(
        db.select(CommitteeMember).where(
            CommitteeMember.call_id == call.id,
            CommitteeMember.role == CommitteeRole.chair,
            CommitteeMember.status == MemberStatus.active,
        )
    )


def is_chair(user, call: Call) -> bool:
    if not _authenticated(user) or not user.is_evaluator:
        return False
    chair = chair_of(call)
    return chair is not None and chair.user_id == user.id


def committee_record(call: Call) -> CommitteeRecord | None:
    return db.session.scalar(db.select(CommitteeRecord).where(CommitteeRecord.call_id == call.id))


def declaration_for(member_id: int, offer_id: int) -> Declaration | None:
    return db.session.scalar(
        db.select(Declaration).where(Declaration.member_id == member_id, Declaration.offer_id == offer_id)
    )


def assignment_for(member_id: int, offer_id: int) -> Assignment | None:
    return db.session.scalar(
        db.select(Assignment).where(Assignment.member_id == member_id, Assignment.offer_id == offer_id)
    )


def is_assigned(member_id: int, offer_id: int) -> bool:
    return (
        db.session.scalar(
            db.select(Assignment.id)
            .where(
                Assignment.member_id == member_id,
                Assignment.offer_id == offer_id,
                Assignment.status == AssignmentStatus.active,
            )
            .limit(1)
        )
        is not None
    )


def declaration_status(member_id: int, offer_id: int) -> DeclarationStatus | None:
    return db.session.scalar(
        db.select(Declaration.status).where(Declaration.member_id == member_id, Declaration.offer_id == offer_id)
    )


def formal_status(offer_id: int) -> FormalStatus | None:
    return db.session.scalar(db.select(FormalReview.status).where(FormalReview.offer_id == offer_id))


def declarations_of_call(call: Call, member: CommitteeMember | None = None) -> list[Declaration]:
    query = db.select(Declaration).where(Declaration.call_id == call.id)
    if member is not None:
        query = query.where(Declaration.member_id == member.id)
    return list(db.session.scalars(query.order_by(Declaration.offer_id, Declaration.member_id)))


def assignments_of_call(
    call: Call, member: CommitteeMember | None = None, *, active_only: bool = True
) -> list[Assignment]:
    query = db.select(Assignment).where(Assignment.call_id == call.id)
    if member is not None:
        query = query.where(Assignment.member_id == member.id)
    if active_only:
        query = query.where(Assignment.status == AssignmentStatus.active)
    return list(db.session.scalars(query.order_by(Assignment.offer_id, Assignment.member_id)))


def member_by_user(call: Call, user_id: int) -> CommitteeMember | None:
    """`user_id`'s seat on the call's committee, active or removed."""
    return db.session.scalar(
        db.select(CommitteeMember).where(CommitteeMember.call_id == call.id, CommitteeMember.user_id == user_id)
    )


def committee_read_refusal(user, offer: Offer) -> DomainError | None:
    """None when committee member `user` may read `offer`'s content; otherwise the refusal to raise.

    KPA art. 24 (art. 15 ust. 2f of the Act): no content before an impartial declaration for that offer
    (409 `declaration_required`); a declared conflict excludes the member from it (403
    `conflict_of_interest`); offers not assigned, or not passed to the committee, stay unknown (404).
    """
    missing = NotFound(_("Nie ma takiej oferty."))
    member = active_member(offer.call_id, user.id)
    if member is None or formal_status(offer.id) != FormalStatus.accepted:
        return missing
    declared = declaration_status(member.id, offer.id)
    if declared == DeclarationStatus.conflict:
        return Forbidden(
            _("Zgłosiłeś(-aś) okoliczność wyłączającą cię z oceny tej oferty (art. 24 KPA)."),
            code="conflict_of_interest",
        )
    if not is_assigned(member.id, offer.id):
        return missing
    if declared is None:
        return Conflict(
            _(
                "Przed zapoznaniem się z ofertą złóż oświadczenie o bezstronności dotyczące tej oferty "
                "(art. 24 KPA w zw. z art. 15 ust. 2f ustawy)."
            ),
            code="declaration_required",
        )
    return None


def sheets_read_refusal(user, offer: Offer) -> DomainError | None:
    """None when `user` may read the score sheets (scores, justifications) of `offer`; otherwise the refusal.

    The same rule as the offer's content (KPA art. 24 via art. 15 ust. 2f): a committee member — the chair
    included — reads nobody's sheet of an offer before declaring impartiality for it (409
    `declaration_required`), and never after declaring a conflict (403 `conflict_of_interest`). Office staff
    who do not sit on the committee read them as the authority running the call (its loader has checked
    the office)."""
    member = active_member(offer.call_id, user.id)
    if member is None:
        return None if user.is_officer else NotFound(_("Nie ma takiej oferty."))
    declared = declaration_status(member.id, offer.id)
    if declared == DeclarationStatus.conflict:
        return Forbidden(
            _("Zgłosiłeś(-aś) okoliczność wyłączającą cię z oceny tej oferty (art. 24 KPA)."),
            code="conflict_of_interest",
        )
    if declared is None:
        return Conflict(
            _(
                "Przed zapoznaniem się z kartami oceny tej oferty złóż oświadczenie o bezstronności dotyczące "
                "tej oferty (art. 24 KPA w zw. z art. 15 ust. 2f ustawy)."
            ),
            code="declaration_required",
        )
    return None


def impartial_offer_ids(user, call: Call) -> set[int] | None:
    """The offers of `call` whose sheets `user` may read in the ranking's breakdown: None (all of them) for
    office staff off the committee; for a committee member, those declared impartial."""
    member = active_member(call.id, user.id)
    return readable_offer_ids(user, member.id if member is not None else None)


def readable_offer_ids(user, member_id: int | None) -> set[int] | None:
    """`impartial_offer_ids` of `user` sitting on the committee as the active member `member_id` (None: not
    on it), the offers' ids only."""
    if member_id is None:
        return None if user.is_officer else set()
    query = db.select(Declaration.offer_id).where(
        Declaration.member_id == member_id, Declaration.status == DeclarationStatus.impartial
    )
    return set(db.session.scalars(query))


def in_good_standing(query):
    """`query` (which has `Assignment` in it) narrowed to active assignments of members who still sit, declared
    impartiality for the offer, on formally accepted offers: the pairs whose member may read the offer and
    whose final scores count (KPA art. 24 via art. 15 ust. 2f)."""
    return (
        query.join(CommitteeMember, CommitteeMember.id == Assignment.member_id)
        .join(
            Declaration,
            sa.and_(Declaration.member_id == Assignment.member_id, Declaration.offer_id == Assignment.offer_id),
        )
        .join(FormalReview, FormalReview.offer_id == Assignment.offer_id)
        .where(
            CommitteeMember.status == MemberStatus.active,
            Assignment.status == AssignmentStatus.active,
            Declaration.status == DeclarationStatus.impartial,
            FormalReview.status == FormalStatus.accepted,
        )
    )


def committee_offer_ids(user, call_id: int | None = None):
    """The offers `user` may read as a committee member: assigned, declared impartial, formally accepted."""
    query = in_good_standing(db.select(Assignment.offer_id)).where(CommitteeMember.user_id == user.id)
    if call_id is not None:
        query = query.where(Assignment.call_id == call_id)
    return query


def nominee_conflicts(call: Call) -> list[CommitteeMember]:
    """Active members nominated by an organisation that now has an offer in the competition (art. 15
    ust. 2d: persons nominated by organisations taking part in the competition may not sit)."""
    return [
        m
        for m in committee_of(call)
        if m.nominated_by_organization_id is not None and organization_takes_part(call, m.nominated_by_organization_id)
    ]


def organization_exists(organization_id: int) -> bool:
    return db.session.get(Organization, organization_id) is not None


def organization_takes_part(call: Call, organization_id: int) -> bool:
    """Whether the organisation submitted an offer in the call (alone or as a partner of a joint offer)."""
    return any(organization_id in offer.organization_ids for offer in offers_in_competition(call))


# ---------------------------------------------------------------- offers and the formal check


def offers_in_competition(call: Call) -> list[Offer]:
    """Offers with a submitted version standing (submitted, or in correction)."""
    return list(
        db.session.scalars(
            db.select(Offer)
            .where(Offer.call_id == call.id, Offer.status.in_(IN_COMPETITION), Offer.current_version_id.is_not(None))
            .order_by(Offer.id)
        )
    )


# An offer as the messages to every offeror read it (its title, organisation and submitter): with the organisation
# and the current version's columns only — not the draft, the versions' documents, the partners, files or members
# that an offer loads by default, hundreds of JSON documents in a national call.
def _as_addressed() -> tuple:
    # Built when asked: loader options of relationships configure the mappers, which needs every model imported.
    return (
        defer(Offer.content),
        lazyload(Offer.call),
        lazyload(Offer.versions),
        lazyload(Offer.partners),
        lazyload(Offer.attachments),
        joinedload(Offer.organization).lazyload(Organization.memberships),
        joinedload(Offer.current_version).options(defer(OfferVersion.document), lazyload(OfferVersion.confirmation)),
    )


def offers_for_results(call: Call) -> list[Offer]:
    """`offers_in_competition` as the results read them (`_as_addressed`). The caller keeps the list while it
    reads the decision's lines: their offers are then found loaded."""
    return list(
        db.session.scalars(
            db.select(Offer)
            .where(Offer.call_id == call.id, Offer.status.in_(IN_COMPETITION), Offer.current_version_id.is_not(None))
            .order_by(Offer.id)
            .options(*_as_addressed())
        )
    )


def offers_of_call(call: Call) -> list[Offer]:
    """Every offer started in the call, whatever its status, as its messages read it (`_as_addressed`): a
    cancellation tells them all."""
    return list(
        db.session.scalars(
            db.select(Offer).where(Offer.call_id == call.id).order_by(Offer.id).options(*_as_addressed())
        )
    )


def formal_review_of(offer_id: int) -> FormalReview | None:
    return db.session.scalar(db.select(FormalReview).where(FormalReview.offer_id == offer_id))


def formal_reviews_of_call(call: Call) -> dict[int, FormalReview]:
    return {r.offer_id: r for r in db.session.scalars(db.select(FormalReview).where(FormalReview.call_id == call.id))}


def formal_reasons_of_call(call: Call) -> dict[int, str | None]:
    """Each reviewed offer's reason of the formal review: two columns, where the review rows would bring each
    offer and the reviewed version's whole document (the results' messages need only the reason)."""
    query = db.select(FormalReview.offer_id, FormalReview.reason).where(FormalReview.call_id == call.id)
    return dict(db.session.execute(query).all())


def offer_passed_to_committee(call: Call, offer_id: int) -> Offer | None:
    """The call's offer when it was formally accepted (the committee evaluates it), else None."""
    offer = db.session.get(Offer, offer_id)
    # The status alone: the review row joins its offer and the reviewed version's whole document, which a
    # declaration (asked once per member and offer) does not need.
    status = db.session.scalar(db.select(FormalReview.status).where(FormalReview.offer_id == offer_id))
    if offer is None or offer.call_id != call.id or status != FormalStatus.accepted:
        return None
    return offer


def accepted_offer_ids(call: Call) -> list[int]:
    return list(
        db.session.scalars(
            db.select(FormalReview.offer_id)
            .where(FormalReview.call_id == call.id, FormalReview.status == FormalStatus.accepted)
            .order_by(FormalReview.offer_id)
        )
    )


def checklist_for(call: Call) -> list:
    """The call's own checklist, or the practice defaults (`rules.DEFAULT_CHECKLIST`)."""
    rows = list(
        db.session.scalars(
            db.select(FormalChecklistItem)
            .where(FormalChecklistItem.call_id == call.id)
            .order_by(FormalChecklistItem.position)
        )
    )
    return rows or list(rules.DEFAULT_CHECKLIST)


def has_own_checklist(call: Call) -> bool:
    return (
        db.session.scalar(db.select(FormalChecklistItem.id).where(FormalChecklistItem.call_id == call.id).limit(1))
        is not None
    )


def formal_review_started(call: Call) -> bool:
    return db.session.scalar(db.select(FormalReview.id).where(FormalReview.call_id == call.id).limit(1)) is not None


def latest_formal_list(call_id: int) -> FormalListPublication | None:
    return db.session.scalar(
        db.select(FormalListPublication)
        .where(FormalListPublication.call_id == call_id)
        .order_by(FormalListPublication.version.desc())
        .limit(1)
    )


def get_formal_list(call_id: int) -> FormalListPublication:
    publication = latest_formal_list(call_id)
    call = db.session.get(Call, call_id)
    if publication is None or call is None or not call.is_public:
        raise NotFound(_("Lista ocen formalnych tego naboru nie została jeszcze opublikowana."))
    return publication


# ---------------------------------------------------------------- scores


def sheet_for(member_id: int, offer_id: int) -> ScoreSheet | None:
    return db.session.scalar(
        db.select(ScoreSheet)
        .options(lazyload(ScoreSheet.member))
        .where(ScoreSheet.member_id == member_id, ScoreSheet.offer_id == offer_id)
    )


def sheet_statuses_of_member(member_id: int, offer_ids) -> dict:
    """Where each of a member's sheets stands, by offer, in one statement (a work list of any length)."""
    offer_ids = list(offer_ids)
    if not offer_ids:
        return {}
    rows = db.session.execute(
        db.select(ScoreSheet.offer_id, ScoreSheet.status).where(
            ScoreSheet.member_id == member_id, ScoreSheet.offer_id.in_(offer_ids)
        )
    )
    return dict(rows.all())


def score_sheet(sheet_id: int) -> ScoreSheet | None:
    return db.session.get(ScoreSheet, sheet_id)


def sheets_of_offer(offer: Offer) -> list[ScoreSheet]:
    return list(
        db.session.scalars(db.select(ScoreSheet).where(ScoreSheet.offer_id == offer.id).order_by(ScoreSheet.member_id))
    )


def sheet_pairs(call: Call) -> set[tuple[int, int]]:
    """(member id, offer id) of every score sheet of the call, draft or final."""
    rows = db.session.execute(db.select(ScoreSheet.member_id, ScoreSheet.offer_id).where(ScoreSheet.call_id == call.id))
    return {(member_id, offer_id) for member_id, offer_id in rows}


def has_final_sheets(call: Call, member: CommitteeMember | None = None) -> bool:
    query = db.select(ScoreSheet.id).where(ScoreSheet.call_id == call.id, ScoreSheet.status == SheetStatus.final)
    if member is not None:
        query = query.where(ScoreSheet.member_id == member.id)
    return db.session.scalar(query.limit(1)) is not None


# ---------------------------------------------------------------- decision and results


def latest_decision(call: Call) -> Decision | None:
    return db.session.scalar(
        db.select(Decision).where(Decision.call_id == call.id).order_by(Decision.version.desc()).limit(1)
    )


def latest_decision_lines(call: Call) -> Decision | None:
    """`latest_decision` with its lines but not their offers (each would come with its versions' documents):
    for the results, which load the call's offers themselves (`offers_for_results`) beforehand."""
    return db.session.scalar(
        db.select(Decision)
        .where(Decision.call_id == call.id)
        .order_by(Decision.version.desc())
        .limit(1)
        .options(selectinload(Decision.awards).lazyload(Award.offer))
    )


def latest_decision_version(call: Call) -> int | None:
    """The latest decision's number, without its awards (each loading its offer with the offer's versions)."""
    return db.session.scalar(db.select(db.func.max(Decision.version)).where(Decision.call_id == call.id))


def decisions_of(call: Call) -> list[Decision]:
    return list(db.session.scalars(db.select(Decision).where(Decision.call_id == call.id).order_by(Decision.version)))


def results_publication(call_id: int) -> ResultsPublication | None:
    return db.session.scalar(db.select(ResultsPublication).where(ResultsPublication.call_id == call_id))


def get_published_results(call_id: int) -> ResultsPublication:
    """Public once published; before that nobody gets them (404), the office works on the decision."""
    publication = results_publication(call_id)
    call = db.session.get(Call, call_id)
    if publication is None or call is None or call.status != CallStatus.resolved:
        raise NotFound(_("Wyniki tego naboru nie zostały jeszcze ogłoszone."))
    return publication


def justification_requests_of(call: Call) -> list[JustificationRequest]:
    return list(
        db.session.scalars(
            db.select(JustificationRequest)
            .where(JustificationRequest.call_id == call.id)
            .order_by(JustificationRequest.received_at, JustificationRequest.id)
        )
    )


def get_justification_request(call: Call, request_id: int) -> JustificationRequest:
    request = db.session.get(JustificationRequest, request_id)
    if request is None or request.call_id != call.id:
        raise NotFound(_("Nie ma takiego wniosku o uzasadnienie."))
    return request


# ---------------------------------------------------------------- loaders of guarded objects


def get_call(call_id: int) -> Call:
    call = db.session.get(Call, call_id, options=lists_when_read())
    if call is None:
        raise NotFound(_("Nie ma takiego naboru."))
    return call


def get_call_for_ranking(call_id: int, user) -> Call:
    """An officer of the call's office (another office's call is 404), or the committee chair; an NGO member
    or another evaluator is refused (403)."""
    if user.is_officer:
        return get_call_for_officer(call_id, user)
    call = db.session.get(Call, call_id)
    if user.is_evaluator:
        if call is not None and is_chair(user, call):
            return call
        if call is None:
            raise NotFound(_("Nie ma takiego naboru."))
        raise Forbidden(_("Ranking widzi urząd i przewodniczący komisji konkursowej."), code="not_committee_chair")
    raise Forbidden(_("Ranking widzi urząd i przewodniczący komisji konkursowej."))


def get_submitted_offer(offer_id: int, *, call: Call | None = None, officer=None) -> Offer:
    """A submitted offer; of `call`, and of `officer`'s own office (an admin's: any), when given. Any other
    id, a draft, another call's or another office's offer is 404, never 403: its existence stays unknown."""
    offer = db.session.get(Offer, offer_id)
    if (
        offer is None
        or offer.call_id is None  # a small grant (art. 19a): grants.smallgrants has its own loaders
        or offer.current_version_id is None
        or (call is not None and offer.call_id != call.id)
        or (officer is not None and not officer.is_admin and offer.call.office_id != officer.office_id)
    ):
        raise NotFound(_("Nie ma takiej oferty."))
    return offer


def get_membership(call: Call, user) -> CommitteeMember:
    """`user`'s active seat on the call's committee; anyone else is refused (403 `not_committee_member`)."""
    member = active_member(call.id, user.id) if user.is_evaluator else None
    if member is None:
        raise Forbidden(_("Nie jesteś członkiem komisji konkursowej tego naboru."), code="not_committee_member")
    return member


# ---------------------------------------------------------------- the review pages


def office_evaluators(call: Call) -> list[User]:
    """Active evaluator accounts of the call's office: who may be appointed to its committee."""
    users = db.session.scalars(db.select(User).where(User.office_id == call.office_id).order_by(User.full_name))
    return [user for user in users if user.is_active and user.is_evaluator]


def offers_by_id(ids) -> list[Offer]:
    """The offers of `ids` in that order, in one statement whatever their number (a page lists them all)."""
    ids = list(ids)
    if not ids:
        return []
    found = {offer.id: offer for offer in db.session.scalars(db.select(Offer).where(Offer.id.in_(ids)))}
    return [found[offer_id] for offer_id in ids if offer_id in found]


def users_by_id(ids) -> dict[int, User]:
    ids = set(ids)
    if not ids:
        return {}
    return {user.id: user for user in db.session.scalars(db.select(User).where(User.id.in_(ids)))}


def all_organizations() -> list[Organization]:
    return list(db.session.scalars(db.select(Organization).order_by(Organization.name)))
