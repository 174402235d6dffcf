"""What the contract templates are given (read-only): each builder returns one page's context."""

from datetime import date
from decimal import Decimal

import sqlalchemy as sa
from sqlalchemy.orm import joinedload, lazyload

from grants.auth.permissions import own_office_only
from grants.calls.models import Call, CallStatus, Programme
from grants.contracts import deadlines, listing
from grants.contracts.contract_data import contract_reports
from grants.contracts.contract_forms import people_text
from grants.contracts.models import Contract, ContractStatus, Tranche
from grants.contracts.operations.contracts import terminated_on
from grants.contracts.queries import contract_for_offer, is_contract_officer
from grants.extensions import db
from grants.formatting import money_input
from grants.offers.models import Offer, OfferVersion
from grants.offices.models import Office
from grants.organizations.models import Organization
from grants.review.awards import standing_award, standing_awards_select
from grants.review.queries import get_submitted_offer

# The newest awards waiting for a contract the list shows (an office draws up tens at a time, not thousands).
AWAITING_LIMIT = 100


def contract_page(user, contract: Contract, today: date) -> dict:
    office = is_contract_officer(user, contract)
    dues = deadlines.dues_for([contract], today, office=office)[contract.id]
    unpaid = [t for t in contract.tranches if t.paid_on is None]
    return {
        "contract": contract,
        "office_view": office,
        "dues": dues,
        "reports": contract_reports(contract),
        "terminated_on": terminated_on(contract) if contract.status == ContractStatus.terminated else None,
        "paid_total": sum((t.amount for t in contract.tranches if t.paid_on), Decimal("0.00")),
        "unpaid": unpaid,
        "today": today,
        "grant_part_total": sum((i.grant_part for i in contract.cost_items), Decimal("0.00")),
        "cost_total": sum(
            ((i.quantity * i.unit_cost).quantize(Decimal("0.01")) for i in contract.cost_items), Decimal("0.00")
        ),
        "can_edit": office and contract.status == ContractStatus.draft,
        "can_sign": office and contract.can_move_to(ContractStatus.signed),
        "can_cancel": office and contract.can_move_to(ContractStatus.cancelled),
        "can_terminate": office and contract.can_move_to(ContractStatus.terminated),
        "can_annex": office and contract.status == ContractStatus.signed,
        "can_pay": office and contract.status in (ContractStatus.signed, ContractStatus.performed),
    }


def list_page(user, args: listing.ListArgs, today: date) -> dict:
    page = listing.contracts_page(
        user,
        today=today,
        status=args.status,
        due=args.due,
        year=args.year,
        q=args.q,
        after=args.after,
        limit=args.limit,
    )
    return {
        "page": page,
        "args": args,
        "statuses": list(ContractStatus),
        "due_filters": deadlines.DUE_FILTERS,
        "years": listing.contract_years(user),
    }


def desk_page(user, today: date, days: int = listing.DESK_DAYS, after: int | None = None) -> dict:
    items, next_after = listing.desk(user, today=today, days=days, after=after)
    return {
        "truncated": next_after is not None,
        "next_after": next_after,
        "after": after,
        "overdue": [i for i in items if i.due.overdue],
        "upcoming": [i for i in items if not i.due.overdue],
        "days": days,
        "today": today,
    }


def awaiting_contracts(user) -> list[dict]:
    """The office's awarded offers (resolved calls) that have no live contract yet — what to draw up next —
    the newest call first, in one statement whatever the number of calls and awards (issue 13): the awards
    standing now (`standing_awards_select`, after resignations and moved money) less the offers with a live
    contract (a cancelled draft does not count)."""
    resolved = own_office_only(sa.select(Call.id).where(Call.status == CallStatus.resolved), Call.office_id, user)
    standing = standing_awards_select(resolved).subquery()
    live = sa.select(Contract.offer_id).where(Contract.status != ContractStatus.cancelled)
    rows = db.session.execute(
        sa.select(Offer, Call, standing.c.amount, OfferVersion.requested_grant)
        .join(standing, standing.c.offer_id == Offer.id)
        .join(Call, Call.id == standing.c.call_id)
        .outerjoin(OfferVersion, OfferVersion.id == Offer.current_version_id)
        .where(Offer.id.not_in(live))
        # The row reads the offer's title and organisation and the call's title: nothing else is loaded.
        .options(
            lazyload(Offer.call),
            lazyload(Offer.current_version),
            lazyload(Offer.partners),
            lazyload(Offer.versions),
            lazyload(Offer.attachments),
            joinedload(Offer.organization).lazyload(Organization.memberships),
            lazyload(Call.office),
            lazyload(Call.priority),
            lazyload(Call.criteria),
            lazyload(Call.publications),
            lazyload(Call.amendments),
        )
        .order_by(Call.id.desc(), Offer.id)
        .limit(AWAITING_LIMIT)
    ).all()
    return [
        {
            "call": call,
            "offer": offer,
            "amount": amount,
            "update_required": requested is None or requested != amount,
        }
        for offer, call, amount, requested in rows
    ]


def offer_contract(offer: Offer) -> dict:
    """For the office's offer page: its contract, or whether one can be drawn up now."""
    contract = contract_for_offer(offer.id)
    standing = standing_award(offer.id) if contract is None else None
    version = offer.current_version
    return {
        "contract": contract,
        "standing": standing,
        "update_required": standing is not None and (version is None or version.requested_grant != standing.amount),
    }


def priority_figures(programmes: list[Programme]) -> dict[int, dict]:
    """Per programme priority: planned (its budget), awarded (the awards standing in its resolved calls) and
    paid (tranches of its contracts recorded as paid) — the programme's page of issue 8."""
    priorities = [p for programme in programmes for p in programme.priorities]
    if not priorities:
        return {}
    ids = [p.id for p in priorities]
    # The awards standing in the priorities' resolved calls, summed per priority in one statement (the desk
    # shows every programme: its cost must not grow with the calls and awards of years of programmes).
    resolved = sa.select(Call.id).where(Call.programme_priority_id.in_(ids), Call.status == CallStatus.resolved)
    standing = standing_awards_select(resolved).subquery()
    awarded_rows = db.session.execute(
        sa.select(Call.programme_priority_id, sa.func.sum(standing.c.amount))
        .join(standing, standing.c.call_id == Call.id)
        .group_by(Call.programme_priority_id)
    ).all()
    awarded = {priority_id: Decimal(total or 0).quantize(Decimal("0.01")) for priority_id, total in awarded_rows}
    paid_rows = db.session.execute(
        sa.select(Call.programme_priority_id, sa.func.sum(Tranche.amount))
        .join(Contract, Contract.call_id == Call.id)
        .join(Tranche, Tranche.contract_id == Contract.id)
        .where(
            Call.programme_priority_id.in_(ids),
            Tranche.paid_on.is_not(None),
            Contract.status != ContractStatus.cancelled,
        )
        .group_by(Call.programme_priority_id)
    ).all()
    paid = {priority_id: Decimal(total or 0) for priority_id, total in paid_rows}
    return {
        p.id: {
            "planned": p.budget,
            "awarded": awarded.get(p.id, Decimal("0.00")),
            "paid": paid.get(p.id, Decimal("0.00")).quantize(Decimal("0.01")),
        }
        for p in priorities
    }


def offer_for_contract(user, offer_id: int) -> dict:
    """The draw-up form's starting point: the office's offer (another office's is 404), its live contract if
    it has one, why a contract cannot be drawn up yet (`problem`), and the defaults the operation would use."""
    offer = get_submitted_offer(offer_id, officer=user)
    contract = contract_for_offer(offer.id)
    standing = standing_award(offer.id) if contract is None else None
    version = offer.current_version
    problem = None
    if contract is None and standing is None:
        problem = "no_award"
    elif contract is None and version.requested_grant != standing.amount:
        problem = "update_required"
    office = db.session.get(Office, offer.call.office_id)
    content = version.document["content"]
    amount = standing.amount if standing is not None else Decimal("0.00")
    return {
        "offer": offer,
        "contract": contract,
        "problem": problem,
        "amount": amount,
        "tranches": [{"amount": money_input(amount), "due_date": content.get("task_start", "")}],
        "defaults": {
            "cost_shift_tolerance_percent": money_input(offer.call.cost_shift_tolerance_percent),
            "place": office.contract_place or "",
            "treasurer": office.treasurer or "",
            "office_representatives": people_text(office.representatives),
            "organization_representatives": people_text(offer.organization.representatives),
            "expenses_start": content.get("task_start", ""),
            "expenses_end": content.get("task_end", ""),
        },
    }
