"""The contract lists and desks (read-only): the office's contracts for its officers, the organisations'
contracts for their members, filtered by status and by what is due, in keyset pages (`after` the last id
seen, newest first). A page costs the same few statements however long it is: the contracts with their
organisation in one, then one per kind of due (grants.contracts.deadlines) for the whole page."""

from dataclasses import dataclass
from datetime import date, timedelta

import sqlalchemy as sa
from flask_babel import gettext as _
from sqlalchemy.orm import joinedload, lazyload

from grants.auth.permissions import own_office_only
from grants.contracts import deadlines
from grants.contracts.deadlines import Due
from grants.contracts.models import Contract, ContractStatus
from grants.errors import FieldErrors
from grants.extensions import db
from grants.offers.models import OfferPartner, PartnerStatus
from grants.offers.queries import member_organization_ids
from grants.organizations.models import Organization
from grants.parsing import integer, parse_enum

DEFAULT_LIMIT = 50
MAX_LIMIT = 200
DESK_DAYS = deadlines.DUE_SOON_DAYS
DESK_MAX_CONTRACTS = 100  # contracts per page of the desk


@dataclass
class Page:
    contracts: list[Contract]
    next_due: dict[int, Due | None]
    next_after: int | None
    limit: int


def is_office_view(user) -> bool:
    return bool(user is not None and getattr(user, "is_authenticated", False) and user.is_officer)


def _visible(user) -> sa.Select | None:
    """Contracts the user may list: an officer's office (an admin's every office), a member's organisations
    (the representing one or a confirmed partner of a joint offer); None when there are none."""
    # Neither tranches nor cost lines: the sources of dues read what they need of them for the whole page in
    # one statement each (a return owed settles plain rows: settlement_view._light_contracts).
    query = sa.select(Contract).options(
        lazyload(Contract.offer),
        lazyload(Contract.tranches),
        lazyload(Contract.cost_items),
        lazyload(Contract.annexes),
        joinedload(Contract.organization).lazyload(Organization.memberships),
    )
    if is_office_view(user):
        return own_office_only(query, Contract.office_id, user)
    organizations = member_organization_ids(user)
    if not organizations:
        return None
    partner = (
        sa.select(OfferPartner.id)
        .where(
            OfferPartner.offer_id == Contract.offer_id,
            OfferPartner.organization_id.in_(organizations),
            OfferPartner.status == PartnerStatus.confirmed,
        )
        .exists()
    )
    return query.where(sa.or_(Contract.organization_id.in_(organizations), partner))


def contracts_page(
    user,
    *,
    today: date,
    status: ContractStatus | None = None,
    due: str | None = None,
    after: int | None = None,
    limit: int = DEFAULT_LIMIT,
) -> Page:
    office = is_office_view(user)
    query = _visible(user)
    if query is None:
        return Page([], {}, None, limit)
    if status is not None:
        query = query.where(Contract.status == status)
    if due is not None:
        query = query.where(deadlines.due_condition(due, today, office=office))
    if after is not None:
        query = query.where(Contract.id < after)
    rows = list(db.session.scalars(query.order_by(Contract.id.desc()).limit(limit + 1)).unique())
    more = len(rows) > limit
    rows = rows[:limit]
    return Page(
        contracts=rows,
        next_due=deadlines.next_due_for(rows, today, office=office),
        next_after=rows[-1].id if more and rows else None,
        limit=limit,
    )


@dataclass
class DeskItem:
    contract: Contract
    due: Due


def desk(user, *, today: date, days: int = DESK_DAYS, after: int | None = None) -> tuple[list[DeskItem], int | None]:
    """Everything due within `days` or overdue across the user's contracts, earliest first: for the office
    its tranches too, for an organisation what it owes (reports). In keyset pages of DESK_MAX_CONTRACTS
    contracts with something due, newest first (`after` the last id of the previous page): a page costs
    the same few statements and the same time however many contracts there are (issue 8: p95 < 150 ms with
    5 000). The second value is the `after` of the next page, None on the last one."""
    office = is_office_view(user)
    query = _visible(user)
    if query is None:
        return [], None
    until = today + timedelta(days=days)
    query = query.where(deadlines.due_condition("soon", today, office=office, days=days))
    if after is not None:
        query = query.where(Contract.id < after)
    contracts = list(db.session.scalars(query.order_by(Contract.id.desc()).limit(DESK_MAX_CONTRACTS + 1)).unique())
    more = len(contracts) > DESK_MAX_CONTRACTS
    contracts = contracts[:DESK_MAX_CONTRACTS]
    all_dues = deadlines.dues_for(contracts, today, office=office)
    by_id = {c.id: c for c in contracts}
    items = [
        DeskItem(by_id[contract_id], due) for contract_id, dues in all_dues.items() for due in dues if due.date <= until
    ]
    items.sort(key=lambda item: (item.due.date, item.contract.id))
    return items, (contracts[-1].id if more and contracts else None)


@dataclass
class ListArgs:
    status: ContractStatus | None = None
    due: str | None = None
    after: int | None = None
    limit: int = DEFAULT_LIMIT


def parse_list_args(args) -> ListArgs:
    """`status`, `due` (overdue | soon | any), `after` (the last id of the previous page), `limit`, as the API's
    query string and the list page's filter form send them; 422 names the field."""
    errors = FieldErrors()
    result = ListArgs()
    status = (args.get("status") or "").strip()
    if status:
        result.status = parse_enum(errors, "status", status, ContractStatus, _("Nieznany stan umowy."))
    due = (args.get("due") or "").strip()
    if due:
        if due in deadlines.DUE_FILTERS:
            result.due = due
        else:
            errors.add("due", _("Wybierz: overdue, soon albo any."))
    after = (args.get("after") or "").strip()
    if after:
        result.after = integer(errors, "after", after, low=1, high=10**12)
    limit = (args.get("limit") or "").strip()
    if limit:
        result.limit = integer(errors, "limit", limit, low=1, high=MAX_LIMIT) or DEFAULT_LIMIT
    errors.raise_if_any()
    return result
