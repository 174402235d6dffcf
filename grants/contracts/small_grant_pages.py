"""What the contract pages need of small grants (art. 19a): the draw-up form's starting point for an accepted
small grant (the same form as a competition's offer, `templates/contracts/contract_form.html`, with the form of
art. 16 ust. 1 to choose), and the accepted small grants still waiting for a contract on the office's list."""

from decimal import Decimal

import sqlalchemy as sa

from grants.contracts.contract_forms import people_text
from grants.contracts.models import Contract, ContractStatus
from grants.contracts.operations.small_grant_contracts import (
    DEFAULT_FORM,
    DEFAULT_TOLERANCE_PERCENT,
    small_grant_of,
)
from grants.contracts.queries import contract_for_offer
from grants.extensions import db
from grants.formatting import money_input
from grants.offices.models import Office
from grants.smallgrants.models import SmallGrant, SmallGrantStatus

AWAITING_LIMIT = 50


def is_small_grant(offer_id: int) -> bool:
    """An offer outside a competition (art. 19a): it has no call."""
    return db.session.scalar(sa.select(SmallGrant.id).where(SmallGrant.id == offer_id)) is not None


def small_grant_for_contract(user, small_grant_id: int) -> dict:
    """As `contract_pages.offer_for_contract`, for a small grant of the user's office (another office's, a
    draft or an unknown id: 404): its live contract if it has one, `problem` "not_accepted" until the office
    accepted it (art. 19a ust. 5), and the defaults `draw_up` would use."""
    small_grant = small_grant_of(user, small_grant_id)
    offer = small_grant.offer
    contract = contract_for_offer(offer.id)
    version = offer.current_version
    problem = None if small_grant.status == SmallGrantStatus.accepted or contract is not None else "not_accepted"
    office = db.session.get(Office, small_grant.office_id)
    content = version.document["content"] if version is not None else {}
    amount = version.requested_grant if version is not None else Decimal("0.00")
    return {
        "offer": offer,
        "small_grant": small_grant,
        "contract": contract,
        "problem": problem,
        "amount": amount,
        "tranches": [{"amount": money_input(amount), "due_date": content.get("task_start", "")}],
        "defaults": {
            "form": DEFAULT_FORM.value,
            "cost_shift_tolerance_percent": money_input(DEFAULT_TOLERANCE_PERCENT),
            "place": office.contract_place or "",
            "treasurer": office.treasurer or "",
            "office_representatives": people_text(office.representatives),
            "organization_representatives": people_text(offer.organization.representatives),
            "expenses_start": content.get("task_start", ""),
            "expenses_end": content.get("task_end", ""),
        },
    }


def awaiting_small_grants(user) -> list[dict]:
    """The office's accepted small grants without a live contract (a cancelled draft does not count), newest
    first, as rows of the office's list of what to draw up next."""
    live = sa.select(Contract.id).where(Contract.offer_id == SmallGrant.id, Contract.status != ContractStatus.cancelled)
    query = sa.select(SmallGrant).where(SmallGrant.status == SmallGrantStatus.accepted, ~live.exists())
    if not user.is_admin:
        query = query.where(SmallGrant.office_id == user.office_id)
    rows = db.session.scalars(query.order_by(SmallGrant.id.desc()).limit(AWAITING_LIMIT))
    return [
        {
            "call": None,
            "small_grant": small_grant,
            "offer": small_grant.offer,
            "amount": small_grant.requested_grant,
            "update_required": False,
        }
        for small_grant in rows
    ]
