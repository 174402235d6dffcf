"""A joint offer's partners consent before they are named (art. 14 ust. 2).

The lead's members add a partner (the PATCH's `partners`, or the offerors step): the row starts `pending`,
the partner's members are told by e-mail and see the request among their offers. One of them confirms it
(the organisation becomes an offeror: its members see and edit the offer, the lead sees its data) or
declines it (the organisation is taken off the offer). Until every partner has confirmed, the offer cannot
be submitted (`grants.offers.figures.submission_errors`, 422 at `partners`). Every step is audited.
"""

from datetime import datetime

from flask import current_app
from flask_babel import gettext as _

from grants.audit.log import record
from grants.clock import now_utc
from grants.errors import Conflict
from grants.extensions import db
from grants.mail import queue_mail
from grants.offers import schema
from grants.offers.models import Offer, OfferPartner, PartnerStatus
from grants.offers.operations.guards import not_draft, require_ngo_actor
from grants.offers.queries import require_partner_member


def announce_requests(actor, offer: Offer, partners: list[OfferPartner], now: datetime) -> None:
    """New pending partners of `offer`: who asked and when, the audit entry, the e-mail to their members."""
    for partner in partners:
        partner.status = PartnerStatus.pending
        partner.requested_at, partner.requested_by_id = now, actor.id
        partner.confirmed_at = partner.confirmed_by_id = None
    db.session.flush()
    for partner in partners:
        record(
            "offer.partner_request",
            "offer",
            offer.id,
            actor=actor,
            office_id=offer.call.office_id,
            summary=partner.organization.name,
            after={"organization_id": partner.organization_id, "status": "pending"},
        )
        _mail_request(actor, offer, partner)


def confirm_partnership(*, actor, partner: OfferPartner, now: datetime | None = None) -> OfferPartner:
    """A member of the partner organisation confirms that it takes part in the joint offer."""
    now = now or now_utc()
    require_ngo_actor(actor)
    require_partner_member(actor, partner)
    offer = partner.offer
    if partner.is_confirmed:
        return partner  # confirming twice changes nothing
    if not offer.is_editable:
        raise not_draft()
    partner.status, partner.confirmed_at, partner.confirmed_by_id = PartnerStatus.confirmed, now, actor.id
    db.session.flush()
    record(
        "offer.partner_confirm",
        "offer",
        offer.id,
        actor=actor,
        office_id=offer.call.office_id,
        summary=partner.organization.name,
        before={"organization_id": partner.organization_id, "status": "pending"},
        after={"organization_id": partner.organization_id, "status": "confirmed"},
    )
    _mail_answer(offer, partner, confirmed=True)
    return partner


def decline_partnership(*, actor, partner: OfferPartner, now: datetime | None = None) -> Offer:
    """A member of the partner organisation declines (or, before submission, withdraws its consent): the
    organisation is taken off the offer, with its part of V.C."""
    require_ngo_actor(actor)
    require_partner_member(actor, partner)
    offer = partner.offer
    if not offer.is_editable:
        raise Conflict(
            _("Oferta jest już złożona; o zmianie partnerów zdecyduje organizacja, która ją składa."),
            code="not_draft",
        )
    was = partner.status.value
    organization, organization_id = partner.organization, partner.organization_id
    offer.partners.remove(partner)
    if not offer.partners:
        content = schema.normalised(offer.content)
        content["lead_cost_share"] = None  # V.C is for joint offers only
        offer.content = content
    db.session.flush()
    record(
        "offer.partner_decline",
        "offer",
        offer.id,
        actor=actor,
        office_id=offer.call.office_id,
        summary=organization.name,
        before={"organization_id": organization_id, "status": was},
        after={"organization_id": organization_id, "status": "declined"},
    )
    _mail_answer(offer, partner, confirmed=False, organization=organization)
    return offer


# ---------------------------------------------------------------- e-mail


def _link(endpoint: str, **values) -> str:
    path = current_app.url_map.bind("localhost").build(endpoint, values)
    return current_app.config.get("PUBLIC_BASE_URL", "").rstrip("/") + path


def _member_emails(organization) -> list[str]:
    return sorted({m.user.email for m in organization.memberships if m.user is not None})


def _mail_request(actor, offer: Offer, partner: OfferPartner) -> None:
    subject = _("Prośba o udział w ofercie wspólnej „%(title)s”", title=offer.title[:150])
    body = _(
        "%(who)s z organizacji „%(lead)s” chce złożyć z Waszą organizacją „%(partner)s” ofertę wspólną "
        "„%(title)s” w naborze „%(call)s” (art. 14 ust. 2 ustawy).\n\n"
        "Organizacja zostanie wskazana w ofercie dopiero, gdy ktoś z jej członków to potwierdzi. "
        "Potwierdź albo odrzuć prośbę na stronie „Moje oferty”:\n%(link)s\n",
        who=actor.full_name,
        lead=offer.organization.name,
        partner=partner.organization.name,
        title=offer.title,
        call=offer.call.title,
        link=_link("offer_pages.my_offers"),
    )
    for email in _member_emails(partner.organization):
        queue_mail(email, subject, body, office_id=offer.call.office_id)


def _mail_answer(offer: Offer, partner: OfferPartner, *, confirmed: bool, organization=None) -> None:
    organization = organization or partner.organization
    if confirmed:
        subject = _("%(name)s potwierdza udział w ofercie wspólnej", name=organization.name[:150])
        body = _(
            "Organizacja „%(name)s” potwierdziła udział w ofercie wspólnej „%(title)s”.\n",
            name=organization.name,
            title=offer.title,
        )
    else:
        subject = _("%(name)s nie bierze udziału w ofercie wspólnej", name=organization.name[:150])
        body = _(
            "Organizacja „%(name)s” odrzuciła udział w ofercie wspólnej „%(title)s” i nie jest już jej partnerem.\n",
            name=organization.name,
            title=offer.title,
        )
    for email in dict.fromkeys([offer.organization.email, *_member_emails(offer.organization)]):
        queue_mail(email, subject, body, office_id=offer.call.office_id)
