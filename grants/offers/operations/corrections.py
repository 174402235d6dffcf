"""The formal correction of a submitted offer: the office opens it (`grants.review.operations` asks),
and while it is open the NGO may change only the fields the office's request named."""

from datetime import datetime
from decimal import Decimal

from flask_babel import gettext as _

from grants.audit.log import record
from grants.auth.permissions import require_officer
from grants.clock import now_utc
from grants.errors import Conflict, FieldErrors
from grants.offers import schema
from grants.offers.models import Offer, OfferStatus
from grants.offers.operations.guards import conditional_update


def check_opened(offer: Offer, updates: dict, relations: dict) -> None:
    """In correction the NGO may change only what the office's request named (dotted paths); every other
    change is refused per field, so a client may still send back what it read."""
    opened = offer.correction_fields or []
    current = schema.normalised(offer.content)
    errors = FieldErrors()
    message = _(
        "Tego pola nie wskazano w wezwaniu do uzupełnienia braków formalnych. Można poprawić tylko: %(fields)s.",
        fields=", ".join(opened),
    )
    for path in sorted(schema.changed_paths(current, {**current, **updates})):
        if not schema.path_opened(path, opened):
            errors.add(path, message)
    if relations.get("partners") is not None and not schema.path_opened("partners", opened):
        now_partners = [(p.organization_id, p.cost_share) for p in offer.partners]
        asked = [
            (ref["organization_id"], ref.get("cost_share", dict(now_partners).get(ref["organization_id"])))
            for ref in relations["partners"]
        ]
        if asked != now_partners:
            errors.add("partners", message)
    if relations.get("cost_split") is not None and not schema.path_opened("cost_split", opened):
        shares = {p.organization_id: p.cost_share for p in offer.partners}
        lead = current.get("lead_cost_share")
        shares[offer.organization_id] = None if lead is None else Decimal(lead)
        if any(shares.get(row["organization_id"], "missing") != row["amount"] for row in relations["cost_split"]):
            errors.add("cost_split", message)
    errors.raise_if_any()


def open_correction(*, actor, offer: Offer, deadline: datetime, fields: list[str], now: datetime | None = None) -> None:
    """The office's request to correct formal defects (made by `grants.review.operations`): the submitted
    offer goes into correction, editable in `fields` (dotted paths) until `deadline`, exclusive. One
    conditional UPDATE on the version the office reviewed, like every other change of the offer."""
    now = now or now_utc()
    require_officer(actor, offer.call.office_id)
    seen = offer.current_version_id
    changed = conditional_update(
        offer,
        [Offer.status == OfferStatus.submitted, Offer.current_version_id == seen],
        {
            "status": OfferStatus.correction,
            "correction_deadline": deadline,
            "correction_fields": list(fields),
            "lock_version": Offer.lock_version + 1,
        },
    )
    if not changed:
        raise Conflict(_("Oferta zmieniła się w międzyczasie albo nie jest złożona; odśwież ją."), code="not_submitted")
    record(
        "offer.correction_open",
        "offer",
        offer.id,
        actor=actor,
        office_id=offer.call.office_id,
        summary=offer.title,
        before={"status": "submitted"},
        after={
            "status": "correction",
            "correction_deadline": deadline,
            "fields": list(fields),
            "version": offer.current_version.number if offer.current_version else None,
        },
    )
