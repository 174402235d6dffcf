"""What the NGO's organisation templates are given, read through the queries."""

from datetime import datetime

from grants.auth.permissions import require_verified_email
from grants.clock import now_utc, warsaw_date
from grants.contracts.deadlines import next_due_for
from grants.contracts.models import ContractStatus
from grants.offers import ngo_list
from grants.offers.labels import status_options
from grants.organizations import desk, forms, ngo_rows, queries
from grants.organizations.labels import legal_form_options
from grants.organizations.models import Organization, ProfileStatus
from grants.urls import id_url


def dashboard(user, now: datetime | None = None) -> dict:
    """The NGO's desk: the organisations, then every offer with its deadline, status and next step — the same
    few statements whatever the number of offers or organisations (results, contracts, dues and invitations are
    loaded for all at once)."""
    now = now or now_utc()
    organizations = queries.desk_organizations(user.id)
    # A membership counts once the address is verified (grants.auth.permissions.require_verified_email).
    acting = [o.id for o in organizations] if user.email_verified else []
    offers = ngo_list.desk_rows(acting)
    rows = offer_rows(offers, now)
    # The organisations with an offer: as the representing one (the rows say), or else as a confirmed partner
    # (asked only for those the rows leave out — usually none).
    offering = {offer.organization_id for offer in offers}
    others = {o.id for o in organizations if o.status == ProfileStatus.active and o.id not in offering}
    offering |= ngo_list.partnering(others & set(acting))
    return {
        "organizations": organizations,
        # Who was invited is for the members whose membership counts, as on the members' page and in the API.
        "invited": queries.pending_invitations_of(acting),
        "desk_rows": ngo_rows.desk_rows(rows),  # each a <tr>, printed in Python (grants.organizations.ngo_rows)
        # An organisation that may act and has no offer yet: its first step is an offer, then its members.
        "first_offer_due": {o.id for o in organizations if o.status == ProfileStatus.active and o.id not in offering},
    }


def offer_rows(offers: list, now: datetime) -> list[dict]:
    """Each offer (ngo_list.OfferRow: with its formal check, published outcome and contract) with its next
    step (grants.organizations.desk); the contracts' dues are read for all the offers at once — the same
    statements for 2 offers or 200."""
    outcomes = {offer.id: offer.outcome for offer in offers if offer.outcome is not None}
    formal = {offer.id: offer.formal for offer in offers if offer.formal is not None}
    # A contract follows the published results only (art. 16): before them the step does not look for one.
    contracts = {offer.id: offer.contract for offer in offers if offer.contract is not None and offer.id in outcomes}
    # The next step reads a due of a signed contract only: a performed one's settlement (a return owed, its
    # interest) is for its own page, not worked out for every row here.
    signed = [contract for contract in contracts.values() if contract.status == ContractStatus.signed]
    dues = next_due_for(signed, warsaw_date(now), office=False) if signed else {}
    # Each row's links, built without a url_for per link (grants.urls.id_url).
    by_offer = {key: id_url(f"offer_pages.{key}", "offer_id") for key in ("offer_home", "summary", "clone")}
    by_call = {"call": id_url("public.call", "call_id"), "results": id_url("review_pages.results", "call_id")}
    contract_link = id_url("contracts.ngo_contract", "contract_id")
    rows = []
    for offer in offers:
        contract = contracts.get(offer.id)
        step = desk.next_step(
            offer,
            now,
            outcome=outcomes.get(offer.id),
            contract=contract,
            due=dues.get(contract.id) if contract else None,
            formal=formal.get(offer.id),
        )
        links = {key: link(offer.id) for key, link in by_offer.items()}
        links.update((key, link(offer.call_id)) for key, link in by_call.items())
        if step["contract"] is not None:
            links["contract"] = contract_link(step["contract"].id)
        rows.append({"offer": offer, "outcome": outcomes.get(offer.id), "step": step, "links": links})
    return rows


def my_offers(user, args, now: datetime | None = None) -> dict:
    """The NGO's offers (/ngo/offers/): a page of the person's organisations' offers, filtered, each with its
    outcome and next step; the organisations with their numbers of offers, the joint offers waiting for
    their consent. A fixed number of statements whatever the number of offers."""
    now = now or now_utc()
    organizations = ngo_list.organization_rows(user.id) if user.is_authenticated else []
    if organizations:  # a membership counts only for a verified address (403 email_unverified)
        require_verified_email(user)
    own = {o.id for o in organizations}
    filters = ngo_list.parse_filters(args, own)
    page = ngo_list.offers_page(own, filters)
    asked = {o.id for o in organizations if o.asked}
    return {
        "organizations": organizations,
        "own": own,
        "counts": {o.id: o.offers for o in organizations if o.offers},
        "years": ngo_list.deadline_years(organizations, now=now),
        "statuses": status_options(),
        "filters": filters,
        "page": page,
        "rows": ngo_rows.list_rows(offer_rows(page.items, now), own, now),
        # `own` checked the e-mail's verification above; the offers themselves only when one waits
        "partner_requests": ngo_list.waiting_consents(asked),
    }


def awaiting() -> list[dict]:
    """The profiles awaiting an officer, each beside the profile that already has its NIP or KRS."""
    return [{"organization": o, "other": queries.get_plain(o.duplicate_of_id)} for o in queries.awaiting_confirmation()]


def profile_form(values: dict, *, organization: Organization | None = None, errors=None) -> dict:
    return {
        "values": forms.with_blank_rows(values),
        "errors": forms.in_form_order(errors or {}),
        "organization": organization,
        "legal_forms": legal_form_options(),
    }


def profile(user, organization: Organization) -> dict:
    member = queries.is_member(user, organization)
    return {
        "organization": organization,
        "is_member": member,
        # A new profile's first step is an offer, its members second (issue 11).
        "first_offer_due": member
        and organization.status == ProfileStatus.active
        and not queries.has_offers(organization.id),
    }


def members_page(user, organization: Organization, *, values=None, errors=None) -> dict:
    member = queries.is_member(user, organization)
    return {
        "organization": organization,
        "members": queries.members(organization),
        "is_member": member,
        "invitations": queries.pending_invitations(organization) if member else [],
        "values": values or {"email": ""},
        "errors": errors or {},
    }
