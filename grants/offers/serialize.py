"""Offers as plain dicts: the API's JSON and the templates' data.

Members of the offering organisations get the draft with its live estimate and the list of what a
submission would still refuse; the office gets the current submitted version exactly as frozen.
"""

from decimal import Decimal

from grants.clock import now_utc
from grants.formatting import iso_warsaw, money_str
from grants.offers import control, schema
from grants.offers.figures import cost_split_rows, offer_estimate, submission_errors
from grants.offers.models import Offer, OfferStatus, OfferVersion
from grants.offers.queries import is_member, member_organization_ids

CONTENT_FIELDS = (
    "title",
    "correspondence_address",
    "task_start",
    "task_end",
    "place",
    "target_group",
    "summary",
    "actions",
    "results",
    "expected_effects",
    "experience",
    "resources",
    "cost_items",
    "own_financial",
    "own_non_financial_personal",
    "own_non_financial_in_kind",
    "beneficiary_fees",
    "paid_activity",
    "partners_actions",
    "other_information",
    "contact",
    "statements",
)
COMPUTED_FIELDS = ("total_cost", "requested_grant", "own_contribution", "own_contribution_percent")


def attachment_to_api(attachment) -> dict:
    return {
        **control.attachment_entry(attachment),  # what a submitted version freezes of the file
        "uploaded_at": iso_warsaw(attachment.uploaded_at),
        "url": f"/api/v1/offers/{attachment.offer_id}/attachments/{attachment.id}",
    }


def confirmation_to_api(confirmation) -> dict | None:
    if confirmation is None:
        return None
    return {
        "received_at": iso_warsaw(confirmation.received_at),
        "channel": confirmation.channel.value,
        "recorded_at": iso_warsaw(confirmation.recorded_at),
    }


def version_to_api(version: OfferVersion | None) -> dict | None:
    if version is None:
        return None
    return {
        "version": version.number,
        "submitted_at": iso_warsaw(version.submitted_at),
        "control_sum": version.control_sum,
        "control_code": version.control_code,
        "withdrawn_at": iso_warsaw(version.withdrawn_at),
        "total_cost": money_str(version.total_cost),
        "requested_grant": money_str(version.requested_grant),
        "confirmation": confirmation_to_api(version.confirmation),
    }


def submission_to_api(offer: Offer, version: OfferVersion) -> dict:
    """The answer to POST /offers/{id}/submit."""
    return {
        "id": offer.id,
        "status": "submitted",
        "submitted_at": iso_warsaw(version.submitted_at),
        "version": version.number,
        "control_sum": version.control_sum,
        "control_code": version.control_code,
    }


def content_to_api(content: dict, line_values: list[str]) -> dict:
    c = schema.normalised(content)
    data = {field: c[field] for field in CONTENT_FIELDS}
    data["cost_items"] = [
        {**item, "value": line_values[i] if i < len(line_values) else None} for i, item in enumerate(c["cost_items"])
    ]
    return data


def _estimate_block(computed: dict) -> dict:
    return {key: value for key, value in computed.items() if key not in COMPUTED_FIELDS}


def offer_to_api(offer: Offer, user, now=None) -> dict:
    if is_member(user, offer):
        return member_view(offer, now)
    return office_view(offer)


def _common(offer: Offer) -> dict:
    return {
        "id": offer.id,
        "call_id": offer.call_id,
        "call_title": offer.call.title,
        "organization_id": offer.organization_id,
        "organization": offer.organization.name,
        "current_version": version_to_api(offer.current_version),
        # An offer without a current version never froze one (each freeze sets it): a draft's JSON, an
        # autosave's answer, reads no versions.
        "versions": [version_to_api(v) for v in offer.versions] if offer.current_version_id is not None else [],
    }


def member_view(offer: Offer, now=None) -> dict:
    now = now or now_utc()
    _typed, result, _problems = offer_estimate(offer)
    computed = result.as_strings()
    data = _common(offer)
    data.update(content_to_api(offer.content, computed["line_values"]))
    names = {offer.organization_id: offer.organization.name}
    names.update({p.organization_id: p.organization.name for p in offer.partners})
    problems = submission_errors(offer).fields if offer.is_editable else {}
    data.update(
        {
            "status": offer.status.value,
            "lock_version": offer.lock_version,
            "editable": offer.is_editable,
            "is_joint": offer.is_joint,
            "partners": [p.organization_id for p in offer.partners],
            # Only the name (and whether it has confirmed): a partner's data is the offer's once it agrees.
            "partner_organizations": [
                {"id": p.organization_id, "name": p.organization.name, "status": p.status.value} for p in offer.partners
            ],
            "cost_split": [
                {
                    **row,
                    "name": names.get(row["organization_id"]),
                    "representing": row["organization_id"] == offer.organization_id,
                }
                for row in cost_split_rows(offer)
            ],
            **{field: computed[field] for field in COMPUTED_FIELDS},
            "estimate": _estimate_block(computed),
            "problems": problems,
            "can_submit": offer.is_editable
            and not problems
            and (offer.correction_open(now) if offer.status == OfferStatus.correction else offer.call.is_open(now)),
            "attachments": [attachment_to_api(a) for a in offer.active_attachments],
            "cloned_from_id": offer.cloned_from_id,
            "created_at": iso_warsaw(offer.created_at),
            "updated_at": iso_warsaw(offer.updated_at),
        }
    )
    return data


def office_status(offer: Offer) -> str:
    """What the office sees: submitted, in correction (asked by the formal check), or withdrawn (also when the
    NGO is editing it again as a draft)."""
    if offer.status in (OfferStatus.submitted, OfferStatus.correction):
        return offer.status.value
    return "withdrawn"


def office_view(offer: Offer) -> dict:
    version = offer.current_version
    document = version.document
    computed = document["computed"]
    data = _common(offer)
    data.update(content_to_api(document["content"], computed["line_values"]))
    organizations = document["organizations"]
    data.update(
        {
            "status": office_status(offer),
            "is_joint": len(organizations) > 1,
            "partners": [o["id"] for o in organizations if not o["representing"]],
            "organizations": organizations,
            "cost_split": [
                {
                    "organization_id": o["id"],
                    "name": o["name"],
                    "representing": o["representing"],
                    "amount": o["cost_share"],
                    # V.C by year, as frozen (versions before the split by year have none).
                    "year_values": (document["content"].get("cost_split_years") or {}).get(str(o["id"])),
                }
                for o in organizations
            ]
            if len(organizations) > 1
            else [],
            **{field: computed[field] for field in COMPUTED_FIELDS},
            "estimate": _estimate_block(computed),
            "version": version.number,
            "submitted_at": iso_warsaw(version.submitted_at),
            "control_sum": version.control_sum,
            "control_code": version.control_code,
            "confirmation": confirmation_to_api(version.confirmation),
            "attachments": [
                {**entry, "url": f"/api/v1/offers/{offer.id}/attachments/{entry['id']}"}
                for entry in document["attachments"]
            ],
        }
    )
    return data


def offer_summary(offer: Offer, user, member_orgs: set[int] | None = None) -> dict:
    """A row of GET /offers (`member_orgs`: the user's organisations, read once for the whole list)."""
    mine = member_organization_ids(user) if member_orgs is None else member_orgs
    if mine & set(offer.member_organization_ids):
        _typed, result, _problems = offer_estimate(offer)
        return {
            "id": offer.id,
            "call_id": offer.call_id,
            "organization_id": offer.organization_id,
            "organization": offer.organization.name,
            "title": offer.title,
            "status": offer.status.value,
            "total_cost": money_str(result.total_cost),
            "requested_grant": money_str(result.requested_grant),
            "current_version": version_to_api(offer.current_version),
        }
    version = offer.current_version
    return {
        "id": offer.id,
        "call_id": offer.call_id,
        "organization_id": offer.organization_id,
        "organization": offer.organization.name,
        "title": version.document["content"]["title"],
        "status": office_status(offer),
        "total_cost": money_str(version.total_cost),
        "requested_grant": money_str(version.requested_grant),
        "version": version.number,
        "submitted_at": iso_warsaw(version.submitted_at),
        "control_code": version.control_code,
        "confirmed": version.confirmation is not None,
    }


def call_offers_to_api(call, offers: list[Offer], withdrawn: int, *, unconfirmed_only: bool = False) -> dict:
    """The office's list for a call: submitted offers, counts, requested total against the budget."""
    items, requested, confirmed = [], Decimal("0.00"), 0
    for offer in offers:
        version = offer.current_version
        is_confirmed = version.confirmation is not None
        confirmed += is_confirmed
        requested += version.requested_grant
        if unconfirmed_only and is_confirmed:
            continue
        items.append(office_list_item(offer))
    return {
        "call_id": call.id,
        "budget_total": money_str(call.budget_total),
        "requested_total": money_str(requested),
        "remaining": money_str(call.budget_total - requested),
        "over_budget": requested > call.budget_total,
        "counts": {
            "submitted": len(offers),
            "withdrawn": withdrawn,
            "confirmed": confirmed,
            "unconfirmed": len(offers) - confirmed,
        },
        "items": items,
    }


def office_list_item(offer: Offer) -> dict:
    """A row of the office's list of a call's offers, from the frozen version."""
    version = offer.current_version
    computed = version.document["computed"]
    return {
        "id": offer.id,
        "organization_id": offer.organization_id,
        "organization": version.document["organizations"][0]["name"],
        "partners": [o["name"] for o in version.document["organizations"][1:]],
        "title": version.document["content"]["title"],
        "status": office_status(offer),
        "version": version.number,
        "submitted_at": iso_warsaw(version.submitted_at),
        "control_code": version.control_code,
        "control_sum": version.control_sum,
        "total_cost": money_str(version.total_cost),
        "requested_grant": money_str(version.requested_grant),
        "own_contribution_percent": computed["own_contribution_percent"],
        "confirmed": version.confirmation is not None,
        "confirmation": confirmation_to_api(version.confirmation),
    }
