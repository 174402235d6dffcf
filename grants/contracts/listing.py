"""The contract lists and desks (read-only): the office's contracts for its officers, the organisations'
contracts for their members, filtered by status and by what is due, in keyset pages (`after` the last id
seen, newest first). A page costs the same few statements however long it is: the contracts with their
organisation in one, then one per kind of due (grants.contracts.deadlines) for the whole page."""

import re
from dataclasses import dataclass, field
from datetime import date, timedelta

import sqlalchemy as sa
from flask_babel import gettext as _
from sqlalchemy.orm import joinedload, lazyload

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
SEARCH_MAX = 100


@dataclass
class Page:
    contracts: list[Contract]
    next_due: dict[int, Due | None]
    next_after: int | None
    limit: int


def is_office_view(user) -> bool:
    return bool(user is not None and getattr(user, "is_authenticated", False) and user.is_officer)


def _visibility(user):
    """The condition on the contracts the user may list: an officer's office (an admin's every office), a
    member's organisations (the representing one or a confirmed partner of a joint offer); None when there
    are none."""
    if is_office_view(user):
        return sa.true() if user.is_admin else Contract.office_id == user.office_id
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
    return sa.or_(Contract.organization_id.in_(organizations), partner)


def _visible(user) -> sa.Select | None:
    """The contracts the user may list (`_visibility`) as a select of rows; None when there are none."""
    condition = _visibility(user)
    if condition is None:
        return None
    # Neither tranches nor cost lines: the sources of dues read what they need of them for the whole page in
    # one statement each (a return owed settles plain rows: settlement_view._light_contracts).
    return (
        sa.select(Contract)
        .options(
            lazyload(Contract.offer),
            lazyload(Contract.tranches),
            lazyload(Contract.cost_items),
            lazyload(Contract.annexes),
            joinedload(Contract.organization).lazyload(Organization.memberships),
        )
        .where(condition)
    )


def _search(query: sa.Select, words: str) -> sa.Select:
    """Ten digits are the organisation's NIP; other words are looked for in the contract's number, the task's
    title and the organisation's name."""
    digits = re.sub(r"[\s-]", "", words)
    if digits.isdigit() and len(digits) == 10:
        return query.where(Contract.organization.has(Organization.nip == digits))
    pattern = "%" + words.replace("\\", "\\\\").replace("%", "\\%").replace("_", "\\_") + "%"
    return query.where(
        sa.or_(
            Contract.number.ilike(pattern, escape="\\"),
            Contract.task_title.ilike(pattern, escape="\\"),
            Contract.organization.has(Organization.name.ilike(pattern, escape="\\")),
        )
    )


def contracts_page(
    user,
    *,
    today: date,
    status: ContractStatus | None = None,
    due: str | None = None,
    year: int | None = None,
    q: str = "",
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
    if year is not None:
        query = query.where(Contract.year == year)
    if q:
        query = _search(query, q)
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
    year: int | None = None
    q: str = ""
    after: int | None = None
    limit: int = DEFAULT_LIMIT
    errors: dict = field(default_factory=dict)

    def query_args(self) -> dict:
        """The filters as the next page's query string keeps them."""
        args = {"status": self.status.value if self.status else None, "due": self.due, "year": self.year}
        args["q"] = self.q
        if self.limit != DEFAULT_LIMIT:
            args["limit"] = self.limit
        return {key: value for key, value in args.items() if value not in (None, "")}

    @property
    def narrowed(self) -> bool:
        return bool(self.status or self.due or self.year or self.q)


def parse_list_args(args, *, strict: bool = True) -> ListArgs:
    """`status`, `due` (overdue | soon | any), `year` (of the contract's number), `q` (number, title, the
    organisation's name or NIP), `after` (the last id of the previous page), `limit`, as the API's query string
    and the list page's filter form send them. The API (`strict`) answers 422 naming the field; a page shows
    what it could read and names the rest (`errors`), never an error page."""
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
    year = (args.get("year") or "").strip()
    if year:
        result.year = integer(errors, "year", year, low=2000, high=2200)
    result.q = " ".join((args.get("q") or "").split())[:SEARCH_MAX]
    after = (args.get("after") or "").strip()
    if after:
        result.after = integer(errors, "after", after, low=1, high=10**12)
    limit = (args.get("limit") or "").strip()
    if limit:
        result.limit = integer(errors, "limit", limit, low=1, high=MAX_LIMIT) or DEFAULT_LIMIT
    if strict:
        errors.raise_if_any()
    result.errors = dict(errors.fields)
    return result


def contract_years(user) -> list[int]:
    """The years of the contracts the user may list, newest first, in one statement."""
    condition = _visibility(user)
    if condition is None:
        return []
    return list(db.session.scalars(sa.select(Contract.year).where(condition).distinct().order_by(Contract.year.desc())))
