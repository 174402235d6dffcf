"""Read-side of offers: who may see which offer, and the lists.

An organisation's members (of the representing one and of every partner of a joint offer) see and
edit their offer. The office sees an offer only once it has been submitted, and then only its frozen
versions — never the draft. A committee member sees the frozen version of an offer assigned to them, and
only after declaring impartiality for it (KPA art. 24; the rules live in `grants.review.queries`). Anyone
else gets "not found", never "forbidden", so another organisation's offers stay unknown.
"""

from flask_babel import gettext as _
from sqlalchemy import event
from sqlalchemy.orm import Session, defaultload, joinedload, lazyload

from grants.auth.models import User
from grants.auth.permissions import in_own_office, own_office_only, require_verified_email
from grants.calls.models import Call
from grants.errors import NotFound
from grants.extensions import db
from grants.mail import OutboundMail
from grants.offers.models import IN_COMPETITION, Attachment, Offer, OfferPartner, OfferVersion, PartnerStatus
from grants.offers.ngo_list import of_organizations
from grants.organizations.models import Membership, Organization
from grants.paging import Order, Page, keyset_page
from grants.review.queries import committee_offer_ids, committee_read_refusal


# Loading an offer joins its call and organisation; their own eager collections (the call's criteria,
# publications and amendments, the organisation's memberships) are for other pages, and no offer page,
# offer JSON or offer operation reads them, so they are left to load on first use (the same rows if ever
# touched) instead of costing four SELECTs on every load and every refresh of the offer.
def offer_load_options() -> tuple:
    return (
        defaultload(Offer.call).lazyload(Call.criteria),
        defaultload(Offer.call).lazyload(Call.publications),
        defaultload(Offer.call).lazyload(Call.amendments),
        defaultload(Offer.organization).lazyload(Organization.memberships),
    )


def draft_load_options(*, office: bool = True) -> tuple:
    """A step of the form, its autosave and its live estimate read the draft, its call, its offerors and its
    partners (who may edit, whether the offer is joint): the partners in the offer's own statement, and the
    frozen versions (their documents, a confirmation) and the attachments — which these never show — only if
    something asks. The call's programme priority is named by none of them; its office (a submission freezes
    its name) is left out with `office=False` by the steps, whose call step alone shows it (one SELECT there)."""
    lazy_call = (defaultload(Offer.call).lazyload(Call.priority),)
    if not office:
        lazy_call += (defaultload(Offer.call).lazyload(Call.office),)
    return (
        *offer_load_options(),
        *lazy_call,
        joinedload(Offer.partners).joinedload(OfferPartner.organization).lazyload(Organization.memberships),
        lazyload(Offer.current_version),
        lazyload(Offer.versions),
        lazyload(Offer.attachments),
    )


def _authenticated(user) -> bool:
    return user is not None and getattr(user, "is_authenticated", False)


MEMBERSHIPS_READ = "oko_member_organizations"


def member_organization_ids(user) -> set[int]:
    if not _authenticated(user):
        return set()
    session = db.session()
    # A request that loads an offer for its member and then writes it asks twice (the loader, then the
    # operation's own check): the second answer is the first one's while nothing was written (flushed, or
    # bulk-written through the session) and the transaction has not ended since (the listeners below), and
    # no change waits in the session for its autoflush.
    read = session.info.get(MEMBERSHIPS_READ)
    if read is not None and read[0] == user.id and not (session.new or session.deleted or session.dirty):
        found = set(read[1])
    else:
        found = set(session.scalars(db.select(Membership.organization_id).where(Membership.user_id == user.id)))
        session.info[MEMBERSHIPS_READ] = (user.id, frozenset(found))
    if found:  # a membership counts only for a verified e-mail address (403 email_unverified)
        require_verified_email(user)
    return found


@event.listens_for(Session, "after_flush")
@event.listens_for(Session, "after_transaction_end")
def _forget_memberships_read(session, *_args):
    session.info.pop(MEMBERSHIPS_READ, None)


@event.listens_for(Session, "do_orm_execute")
def _forget_memberships_read_on_write(state):
    # A write the unit of work does not flush (a bulk INSERT, UPDATE or DELETE through the session).
    if state.is_insert or state.is_update or state.is_delete:
        state.session.info.pop(MEMBERSHIPS_READ, None)


def is_member(user, offer: Offer) -> bool:
    """A member of the representing organisation or of a partner that has confirmed the joint offer."""
    return bool(member_organization_ids(user) & set(offer.member_organization_ids))


def is_office_reader(user, offer: Offer) -> bool:
    """An officer of the call's office (or an admin), once the offer has a submitted version."""
    if not _authenticated(user) or not user.is_officer or offer.current_version_id is None:
        return False
    return user.is_admin or offer.call.office_id == user.office_id


def get_offer_for(user, offer_id: int) -> Offer:
    """The offer for its members and the office; for a committee member the refusal says why (404 not
    assigned, 403 `conflict_of_interest`, 409 `declaration_required`)."""
    offer = db.session.get(Offer, offer_id, options=offer_load_options())
    if offer is None or offer.call_id is None:  # a small grant (art. 19a) is no competition offer
        raise NotFound(_("Nie ma takiej oferty."))
    if is_member(user, offer) or is_office_reader(user, offer):
        return offer
    if _authenticated(user) and user.is_evaluator and offer.current_version_id is not None:
        refusal = committee_read_refusal(user, offer)
        if refusal is None:
            return offer
        raise refusal
    raise NotFound(_("Nie ma takiej oferty."))


def is_committee_reader(user, offer: Offer) -> bool:
    """A committee member assigned to the offer who declared impartiality for it."""
    if not _authenticated(user) or not user.is_evaluator or offer.current_version_id is None:
        return False
    return committee_read_refusal(user, offer) is None


def get_offer_for_member(user, offer_id: int, *, options: tuple | None = None) -> Offer:
    offer = db.session.get(Offer, offer_id, options=offer_load_options() if options is None else options)
    if offer is None or offer.call_id is None or not is_member(user, offer):
        raise NotFound(_("Nie ma takiej oferty."))
    return offer


# ---------------------------------------------------------------- partners' consent


def require_partner_member(user, partner: OfferPartner) -> None:
    """Only the partner organisation's members answer its request; anyone else learns nothing (404)."""
    if partner.organization_id not in member_organization_ids(user):
        raise NotFound(_("Nie ma takiej prośby o udział w ofercie wspólnej."))


def get_partnership_for(user, offer_id: int, organization_id: int) -> OfferPartner:
    """The partnership of `organization_id` in offer `offer_id`, for that organisation's members."""
    partner = db.session.scalar(
        db.select(OfferPartner).where(
            OfferPartner.offer_id == offer_id, OfferPartner.organization_id == organization_id
        )
    )
    if partner is None:
        raise NotFound(_("Nie ma takiej prośby o udział w ofercie wspólnej."))
    require_partner_member(user, partner)
    return partner


def partner_requests_for(user, organization_ids=None) -> list[OfferPartner]:
    """The joint offers that wait for the consent of one of `user`'s organisations (`organization_ids`: those
    organisations when the page has read them already, one statement less)."""
    org_ids = member_organization_ids(user) if organization_ids is None else set(organization_ids)
    if not org_ids:
        return []
    return list(
        db.session.scalars(
            db.select(OfferPartner)
            .where(OfferPartner.organization_id.in_(org_ids), OfferPartner.status == PartnerStatus.pending)
            .order_by(OfferPartner.requested_at, OfferPartner.id)
        )
    )


def _member_offers_query(org_ids: set[int]):
    # Small grants (art. 19a, `call_id` NULL) are offers too, but listed on their own pages, not among these.
    return db.select(Offer).where(of_organizations(org_ids))


# GET /offers in keyset pages: the order of the offers' creation, as the whole list has always been.
LIST_ORDER = Order((Offer.id,))


def offers_for(user, call_id: int | None = None) -> list[Offer]:
    """GET /offers: an NGO member its organisations' offers; an officer the submitted ones (also those in
    correction) of the office's calls; an evaluator those assigned to them and declared impartial."""
    return offers_page_for(user, call_id).items


def offers_page_for(user, call_id: int | None = None, *, after: tuple | None = None, limit: int | None = None) -> Page:
    """`offers_for` in keyset pages (`limit` None: the rest of the list after `after`), one statement."""
    if not _authenticated(user):
        return Page([], None, 0)
    if user.is_officer:
        query = db.select(Offer).join(Call, Call.id == Offer.call_id).where(Offer.status.in_(IN_COMPETITION))
        if not user.is_admin:
            query = query.where(Call.office_id == user.office_id)
    elif user.is_evaluator:
        query = db.select(Offer).where(Offer.id.in_(committee_offer_ids(user, call_id)))
    else:
        org_ids = member_organization_ids(user)
        if not org_ids:
            return Page([], None, 0)
        query = _member_offers_query(org_ids)
    if call_id is not None:
        query = query.where(Offer.call_id == call_id)
    return keyset_page(db.session, query, LIST_ORDER, after=after, limit=limit)


def submitted_offers_of_call(call: Call) -> list[Offer]:
    return list(
        db.session.scalars(
            db.select(Offer).where(Offer.call_id == call.id, Offer.status.in_(IN_COMPETITION)).order_by(Offer.id)
        )
    )


def withdrawn_count(call: Call) -> int:
    return db.session.scalar(withdrawn_counted(call))


def withdrawn_counted(call: Call):
    """The count of the offers that were submitted and are not any more (withdrawn, or reopened as a draft)."""
    return db.select(db.func.count(Offer.id)).where(
        Offer.call_id == call.id, Offer.status.not_in(IN_COMPETITION), Offer.current_version_id.is_not(None)
    )


def version_by_code(call_id: int, code: str) -> OfferVersion | None:
    return db.session.scalar(
        db.select(OfferVersion).where(OfferVersion.call_id == call_id, OfferVersion.control_code == code)
    )


def version_attachment_ids(offer: Offer) -> set[int]:
    return {entry["id"] for version in offer.versions for entry in version.document.get("attachments", [])}


def get_attachment_for(user, offer: Offer, attachment_id: int) -> Attachment:
    """Members get their offer's files (removed ones only if a submitted version lists them); the office
    only files some submitted version lists — never what was added to a draft afterwards."""
    attachment = db.session.get(Attachment, attachment_id)
    if attachment is None or attachment.offer_id != offer.id:
        raise NotFound(_("Nie ma takiego załącznika."))
    listed = attachment.id in version_attachment_ids(offer)
    if is_member(user, offer):
        if attachment.removed_at is None or listed:
            return attachment
    elif (is_office_reader(user, offer) or is_committee_reader(user, offer)) and listed:
        return attachment
    raise NotFound(_("Nie ma takiego załącznika."))


# ---------------------------------------------------------------- for the offer pages (grants.offers.views)


def find_organization(term) -> Organization | None:
    """A co-offeror for a joint offer (art. 14 ust. 2), looked up among existing profiles by its KRS
    number (10 digits; leading zeros may be left out only if the rest is longer than 9 digits) or by its
    OKO identifier (a shorter number). Exact matches only: the page never lists other organisations."""

    if not isinstance(term, str):
        return None
    digits = "".join(ch for ch in term if ch not in " -\u00a0\t#")
    if not digits.isdigit():
        return None
    if len(digits) == 10:
        return db.session.scalar(
            db.select(Organization).where(Organization.krs == digits).order_by(Organization.id).limit(1)
        )
    if len(digits) <= 9:
        return db.session.get(Organization, int(digits))
    return None


def user_name(user_id: int | None) -> str | None:
    """Who saved a draft last (the edit-conflict notice names them)."""
    user = db.session.get(User, user_id) if user_id else None
    return user.full_name if user else None


def outbox_messages(actor, limit: int = 200) -> list:
    """The newest e-mails of the outbox (grants.mail), for the development outbox page: an officer's own
    office's (about its calls and offers); the admin's, every one, the accounts' own mail included."""
    query = own_office_only(db.select(OutboundMail), OutboundMail.office_id, actor)
    return list(db.session.scalars(query.order_by(OutboundMail.id.desc()).limit(limit)))


def get_outbox_message(actor, mail_id: int):
    """One e-mail of the outbox; another office's (or an account's, for an officer) is 404."""
    message = db.session.get(OutboundMail, mail_id)
    if message is None or not (
        actor.is_admin or (message.office_id is not None and in_own_office(actor, message.office_id))
    ):
        raise NotFound(_("Nie ma takiej wiadomości."))
    return message
