"""Drafting an offer: creating it, editing it (PATCH, also while in correction) and cloning it into
another call."""

from datetime import datetime

from flask_babel import gettext as _

from grants.audit.log import record
from grants.calls.models import Call
from grants.errors import FieldErrors, Forbidden, ValidationFailed
from grants.extensions import db
from grants.formatting import money_str
from grants.offers import schema
from grants.offers.models import EDITABLE_UNTIL_DEADLINE, Offer, OfferPartner, OfferStatus, PartnerStatus
from grants.offers.operations.corrections import check_opened
from grants.offers.operations.guards import (
    conditional_update,
    correction_closed,
    edit_conflict,
    not_draft,
    parse_lock_version,
    require_acting_profile,
    require_correction_open,
    require_member,
    require_ngo_actor,
    require_open_call,
)
from grants.offers.operations.partners import announce_requests
from grants.offers.receipt import receipt_time
from grants.organizations.models import Organization

MAX_EDIT_RETRIES = 3


def _parse_organization(raw, actor) -> Organization:
    value = raw.get("organization_id") if isinstance(raw, dict) else None
    try:
        if isinstance(value, bool):
            raise ValueError
        org_id = int(value)
    except (TypeError, ValueError):
        raise ValidationFailed.one(
            "organization_id", _("Wskaż organizację, w imieniu której składasz ofertę.")
        ) from None
    organization = db.session.get(Organization, org_id)
    if organization is None:
        raise ValidationFailed.one("organization_id", _("Nie ma takiej organizacji."))
    if not organization.has_member(actor):
        raise Forbidden(_("Ofertę może przygotować tylko członek tej organizacji."))
    require_acting_profile(organization)
    return organization


def create_offer(*, actor, call: Call, raw: dict, now: datetime | None = None) -> Offer:
    """A new draft for `call` on behalf of `raw["organization_id"]` (the representing organisation)."""
    now = now or receipt_time()
    require_ngo_actor(actor)
    organization = _parse_organization(raw, actor)
    require_open_call(call, now)
    title = raw.get("title")
    if not isinstance(title, str) or not title.strip():
        raise ValidationFailed.one("title", _("Podaj tytuł zadania publicznego."))
    if len(title.strip()) > schema.TEXT_FIELDS["title"]:
        raise ValidationFailed.one("title", _("Najwyżej %(n)d znaków.", n=schema.TEXT_FIELDS["title"]))
    title = title.strip()
    offer = Offer(
        call_id=call.id,
        organization_id=organization.id,
        status=OfferStatus.draft,
        title=title,
        content=schema.empty_content(title),
        lock_version=0,
        created_at=now,
        created_by_id=actor.id,
        updated_at=now,
        updated_by_id=actor.id,
    )
    db.session.add(offer)
    db.session.flush()
    record(
        "offer.create",
        "offer",
        offer.id,
        actor=actor,
        office_id=call.office_id,
        summary=title,
        after={"call_id": call.id, "organization_id": organization.id, "status": "draft"},
    )
    return offer


def _check_partners(offer: Offer, refs: list[dict], errors: FieldErrors) -> list[dict]:
    for index, ref in enumerate(refs):
        org_id = ref["organization_id"]
        if org_id == offer.organization_id:
            errors.add(
                f"partners.{index}",
                _(
                    "Organizacja składająca ofertę nie jest swoim partnerem; podaj "
                    "tylko pozostałe organizacje oferty wspólnej."
                ),
            )
        elif db.session.get(Organization, org_id) is None:
            errors.add(f"partners.{index}", _("Nie ma organizacji o identyfikatorze %(id)d.", id=org_id))
    return refs


def _check_split_ids(offerors: list[int], split: list[dict], errors: FieldErrors) -> None:
    seen = set()
    for index, row in enumerate(split):
        if row["organization_id"] not in offerors:
            errors.add(
                f"cost_split.{index}.organization_id",
                _("Ta organizacja nie jest oferentem tej oferty; dodaj ją najpierw do partnerów."),
            )
        elif row["organization_id"] in seen:
            errors.add(f"cost_split.{index}.organization_id", _("Każdego oferenta podaj raz."))
        seen.add(row["organization_id"])


def _apply_relations(offer: Offer, relations: dict, content: dict) -> list[OfferPartner]:
    """Partners (art. 14 ust. 2) and their shares of V.C; the representing organisation's share is content.
    Returns the partners newly asked (pending until their members confirm)."""
    added = []
    if relations.get("partners") is not None:
        existing = {p.organization_id: p for p in offer.partners}
        kept = []
        for position, ref in enumerate(relations["partners"]):
            row = existing.get(ref["organization_id"])
            if row is None:
                row = OfferPartner(organization_id=ref["organization_id"], status=PartnerStatus.pending)
                added.append(row)
            row.position = position
            if "cost_share" in ref:
                row.cost_share = ref["cost_share"]
            kept.append(row)
        offer.partners = kept
    if relations.get("cost_split") is not None:
        shares = {row["organization_id"]: row["amount"] for row in relations["cost_split"]}
        for partner in offer.partners:
            if partner.organization_id in shares:
                partner.cost_share = shares[partner.organization_id]
        if offer.organization_id in shares:
            content["lead_cost_share"] = money_str(shares[offer.organization_id])
        years = dict(content.get("cost_split_years") or {})
        for row in relations["cost_split"]:
            if "year_values" in row:  # sent: replaces the offeror's split by year (None clears it)
                if row["year_values"]:
                    years[str(row["organization_id"])] = row["year_values"]
                else:
                    years.pop(str(row["organization_id"]), None)
        content["cost_split_years"] = years
    if not offer.partners:
        content["lead_cost_share"] = None  # V.C is for joint offers only
        content["cost_split_years"] = {}
    return added


def _parse_patch(offer: Offer, raw: dict) -> tuple[dict, dict]:
    """The PATCH judged field by field, partners and the V.C split against the offer's organisations."""
    updates, relations, errors = schema.parse_offer_patch(raw)
    if relations.get("partners") is not None:
        _check_partners(offer, relations["partners"], errors)
    if relations.get("cost_split") is not None and not errors.fields.get("partners"):
        offerors = (
            [offer.organization_id] + [p["organization_id"] for p in relations["partners"]]
            if relations.get("partners") is not None
            else offer.organization_ids
        )
        _check_split_ids(offerors, relations["cost_split"], errors)
    errors.raise_if_any()
    return updates, relations


def _write_content(
    actor, offer: Offer, updates: dict, relations: dict, *, expected: int | None, correcting: bool, now: datetime
) -> OfferStatus:
    """The conditional UPDATE of the content, retried on a concurrent save when no version was named;
    the status the offer had before."""
    for _attempt in range(MAX_EDIT_RETRIES):
        seen = offer.lock_version
        was = offer.status
        content = {**schema.normalised(offer.content), **updates}
        values = {
            "content": content,
            "title": content["title"] or offer.title,
            "status": OfferStatus.correction if correcting else OfferStatus.draft,
            "lock_version": Offer.lock_version + 1,
            "updated_at": now,
            "updated_by_id": actor.id,
        }
        where = (
            [Offer.status == OfferStatus.correction, Offer.correction_deadline > now]
            if correcting
            else [Offer.status.in_(EDITABLE_UNTIL_DEADLINE)]
        )
        # A change of partners or of the V.C split is applied to the collections as they are under the lock.
        if conditional_update(offer, [*where, Offer.lock_version == seen], values, related=bool(relations)):
            return was
        if not offer.is_editable or (offer.status == OfferStatus.correction) != correcting:
            raise not_draft()
        if correcting and not offer.correction_open(now):
            raise correction_closed(offer)
        if expected is not None:
            raise edit_conflict(offer)
        if correcting:
            check_opened(offer, updates, relations)
        # No version was named: someone saved in between; apply the change to what they saved.
    raise edit_conflict(offer)


def update_offer(*, actor, offer: Offer, raw: dict, now: datetime | None = None) -> Offer:
    """PATCH a draft. `raw["lock_version"]`, when given, must be the version the editor read (else 409
    `edit_conflict`); without it the change applies to the draft as it is now. Editing a withdrawn offer
    makes it a draft again. An offer in correction stays in correction and may change only the fields the
    office's request named (422 per other field), and only before the correction deadline (409
    `correction_closed`)."""
    now = now or receipt_time()
    require_member(actor, offer)
    expected = parse_lock_version(raw.get("lock_version"))
    if not offer.is_editable:
        raise not_draft()
    correcting = offer.status == OfferStatus.correction
    if correcting:
        require_correction_open(offer, now)
    if expected is not None and expected != offer.lock_version:
        raise edit_conflict(offer)
    updates, relations = _parse_patch(offer, raw)
    if correcting:
        check_opened(offer, updates, relations)
    was = _write_content(actor, offer, updates, relations, expected=expected, correcting=correcting, now=now)
    if relations:
        content = schema.normalised(offer.content)
        added = _apply_relations(offer, relations, content)
        offer.content = content
        db.session.flush()
        announce_requests(actor, offer, added, now)
    if was == OfferStatus.withdrawn:
        record(
            "offer.reopen",
            "offer",
            offer.id,
            actor=actor,
            office_id=offer.call.office_id,
            summary=offer.title,
            before={"status": "withdrawn"},
            after={"status": "draft"},
        )
    record(
        "offer.update",
        "offer",
        offer.id,
        actor=actor,
        office_id=offer.call.office_id,
        summary=offer.title,
        after={"fields": sorted(set(updates) | set(relations)), "lock_version": offer.lock_version},
    )
    return offer


def clone_offer(*, actor, offer: Offer, call: Call, now: datetime | None = None) -> Offer:
    """A new draft in `call` from an earlier offer of the same organisation. The task dates (they belong to
    the earlier call's window), the V.C split and the section VII statements (they speak of the moment of
    submission) are left for the NGO to fill in again; attachments are not copied."""
    now = now or receipt_time()
    require_member(actor, offer)
    if not offer.organization.has_member(actor):
        # the copy is made on behalf of the representing organisation, so only its members may make it
        raise Forbidden(_("Ofertę może skopiować tylko członek organizacji, która ją składa."))
    require_open_call(call, now)
    content = schema.normalised(offer.content)
    fresh = schema.empty_content()
    content.update(task_start=None, task_end=None, statements=fresh["statements"], lead_cost_share=None)
    copy = Offer(
        call_id=call.id,
        organization_id=offer.organization_id,
        status=OfferStatus.draft,
        title=offer.title,
        content=content,
        lock_version=0,
        cloned_from_id=offer.id,
        created_at=now,
        created_by_id=actor.id,
        updated_at=now,
        updated_by_id=actor.id,
        # A new offer asks for the partners' consent again.
        partners=[OfferPartner(organization_id=p.organization_id, position=p.position) for p in offer.partners],
    )
    db.session.add(copy)
    db.session.flush()
    announce_requests(actor, copy, list(copy.partners), now)
    record(
        "offer.clone",
        "offer",
        copy.id,
        actor=actor,
        office_id=call.office_id,
        summary=copy.title,
        after={"cloned_from": offer.id, "call_id": call.id, "organization_id": copy.organization_id},
    )
    return copy
