"""The committee member's queue at national scale (issue 13): a member of a 500-offer call has 500 offers to
declare on and score, and a member of years' standing sits on many calls. What is left — declarations to
sign, sheets to score, drafts not final, sheets final — is counted for every seat in one aggregate
statement, which also names the next offer to work on; the offers and the calls are read in keyset pages
narrowed by what is left and by words. Nothing here depends on the number of offers but the database's
own work."""

from dataclasses import dataclass, field
from functools import cache

import sqlalchemy as sa
from flask_babel import gettext as _
from sqlalchemy.orm import Load, aliased

from grants.calls.models import Call
from grants.errors import FieldErrors
from grants.extensions import db
from grants.offers.models import Offer, OfferPartner
from grants.organizations.models import Organization
from grants.paging import Order, Page, cut_page, parse_page_args
from grants.review.models import (
    Assignment,
    AssignmentStatus,
    CommitteeMember,
    Declaration,
    DeclarationStatus,
    FormalReview,
    FormalStatus,
    MemberStatus,
    ScoreSheet,
    SheetStatus,
    member_offer_join,
)

PAGE_SIZE = 50
SEARCH_MAX = 100
# What is left, as the filters name it: an assigned offer without the member's declaration, declared
# impartial with no sheet yet, a draft sheet, a final one.
LEFT = ("declare", "score", "draft", "final")
# The order of the offers' arrival, as the work list always was: an offer's id, read from the member's
# assignments, whose index (member, offer) gives the page's ids in that order.
QUEUE_ORDER = Order((Assignment.offer_id,))
SEATS_ORDER = Order((Call.id,), descending=True)  # the newest call first

ZERO = {
    "passed": 0,
    "undeclared": 0,
    "assigned": 0,
    "declare": 0,
    "score": 0,
    "draft": 0,
    "final": 0,
    "first_draft": None,
    "first_open": None,
}


@dataclass
class Filters:
    left: str = ""
    q: str = ""
    after: tuple | None = None
    limit: int | None = PAGE_SIZE
    errors: dict = field(default_factory=dict)

    def query_args(self) -> dict:
        return {key: value for key, value in {"left": self.left, "q": self.q}.items() if value}

    @property
    def narrowed(self) -> bool:
        return bool(self.left or self.q)


def parse_filters(args, order: Order) -> Filters:
    """The filters of either list; an unknown value is named at its field, the list shown unnarrowed by it."""
    errors = FieldErrors()
    filters = Filters(q=" ".join((args.get("q") or "").split())[:SEARCH_MAX])
    left = (args.get("left") or "").strip()
    if left in LEFT:
        filters.left = left
    elif left:
        errors.add("left", _("Wybierz z listy, co zostało do zrobienia."))
    filters.after, filters.limit = parse_page_args(args, order, default_limit=PAGE_SIZE, errors=errors)
    filters.errors = dict(errors.fields)
    return filters


def _escaped_like(words: str) -> str:
    return "%" + words.replace("\\", "\\\\").replace("%", "\\%").replace("_", "\\_") + "%"


# ---------------------------------------------------------------- what is left, for every seat at once


def _one_if(condition) -> sa.ColumnElement:
    return sa.func.coalesce(sa.func.sum(sa.case((condition, 1), else_=0)), 0)


def _seat_rows(model, seats, *narrowing):
    """`model`'s rows of the seats `seats` (a bound list), read once before the join: materialised, so that
    the database reads them through the table's (member_id, offer_id) index and hashes them. As a plain
    join (even narrowed to the seats) PostgreSQL misjudged a big call's passed offers (49 for 458 at
    100 000 offers) and probed each table's offer index once per seat and passed offer: the desk's
    progress of a member with two seats took 9–17 ms there, 2–7 ms this way (docs/benchmarks.md)."""
    return (
        sa.select(model.id, model.member_id, model.offer_id, model.status)
        .where(model.member_id.in_(seats), *narrowing)
        .cte(f"seat_{model.__tablename__}")
        .prefix_with("MATERIALIZED")
    )


def _progress_select(seats=None) -> sa.Select:
    """Per seat (member id): the offers passed to the committee, those the member has not declared on
    (assigned or not: the declaration covers every offeror, art. 15 ust. 2f), the active assignments and
    how far each is, and the first draft and the first open sheet (the next step's offer).

    `seats`, the seats' ids when known (a bound list), has each joined table read for those seats first
    (`_seat_rows`); without it (a person's seats, found by the same statement) the tables are joined whole."""
    active = Assignment.status == AssignmentStatus.active
    if seats is None:
        tables = {Assignment: (Assignment, (active,)), Declaration: (Declaration, ()), ScoreSheet: (ScoreSheet, ())}
    else:
        tables = {
            Assignment: (_seat_rows(Assignment, seats, active), ()),
            Declaration: (_seat_rows(Declaration, seats), ()),
            ScoreSheet: (_seat_rows(ScoreSheet, seats), ()),
        }
    # A model's attributes and a CTE's columns are named alike: the conditions below read either.
    assignment, declaration, sheet = (_columns(tables[model][0]) for model in (Assignment, Declaration, ScoreSheet))
    assigned = assignment.id.is_not(None)
    impartial = declaration.status == DeclarationStatus.impartial
    draft = sheet.status == SheetStatus.draft
    open_sheet = sa.or_(sheet.id.is_(None), sheet.status != SheetStatus.final)

    def joined(query, model):
        source, narrowing = tables[model]
        condition = member_offer_join(_columns(source), CommitteeMember.id, FormalReview.offer_id, *narrowing)
        return query.outerjoin(source, condition)

    query = (
        sa.select(
            CommitteeMember.id.label("member_id"),
            sa.func.count(FormalReview.offer_id).label("passed"),
            _one_if(declaration.id.is_(None)).label("undeclared"),
            sa.func.count(assignment.id).label("assigned"),
            _one_if(sa.and_(assigned, declaration.id.is_(None))).label("declare"),
            _one_if(sa.and_(assigned, impartial, sheet.id.is_(None))).label("score"),
            _one_if(sa.and_(assigned, draft)).label("draft"),
            _one_if(sa.and_(assigned, sheet.status == SheetStatus.final)).label("final"),
            sa.func.min(sa.case((sa.and_(assigned, impartial, draft), FormalReview.offer_id))).label("first_draft"),
            sa.func.min(sa.case((sa.and_(assigned, impartial, open_sheet), FormalReview.offer_id))).label("first_open"),
        )
        .select_from(CommitteeMember)
        .join(
            FormalReview,
            sa.and_(FormalReview.call_id == CommitteeMember.call_id, FormalReview.status == FormalStatus.accepted),
        )
    )
    for model in (Assignment, Declaration, ScoreSheet):
        query = joined(query, model)
    return query.group_by(CommitteeMember.id)


def _columns(source):
    return source.c if isinstance(source, sa.CTE) else source


@cache
def _progress_statement() -> sa.Select:
    """`_progress_select` for the seats `member_ids` (a bound list), with the titles of the two offers the
    next step may name. Built once per process: building it cost more than running it."""
    seats = sa.bindparam("member_ids", expanding=True)
    progress = _progress_select(seats).where(CommitteeMember.id.in_(seats)).subquery()
    draft, open_sheet = aliased(Offer), aliased(Offer)
    return (
        sa.select(progress, draft.title.label("first_draft_title"), open_sheet.title.label("first_open_title"))
        .outerjoin(draft, draft.id == progress.c.first_draft)
        .outerjoin(open_sheet, open_sheet.id == progress.c.first_open)
    )


def progress_of(member_ids) -> tuple[dict[int, dict], dict[int, str]]:
    """(member id → what is left in the member's call, ZERO for a call with nothing passed yet; offer id → title
    of each offer a next step names), in one statement."""
    ids = list(member_ids)
    if not ids:
        return {}, {}
    found, titles = {}, {}
    for row in db.session.execute(_progress_statement(), {"member_ids": ids}).mappings():
        found[row["member_id"]] = {key: row[key] for key in ZERO}
        for key in ("first_draft", "first_open"):
            if row[key] is not None:
                titles[row[key]] = row[f"{key}_title"]
    return {member_id: found.get(member_id, dict(ZERO)) for member_id in ids}, titles


def _left_condition(left: str, columns) -> sa.ColumnElement:
    """A call where this is left: a declaration owed to any offeror, a sheet to start, a draft, or every
    assigned sheet final."""
    if left == "final":
        return sa.and_(columns.assigned > 0, columns.final == columns.assigned)
    return (columns.undeclared if left == "declare" else getattr(columns, left)) > 0


# ---------------------------------------------------------------- the member's calls (/review/)


@cache
def _seats_statement(left: str, searched: bool, after: bool, limited: bool) -> sa.Select:
    """`seats_page`'s statement for one shape of the filters, built once per process and shape, the person
    (`user_id`), the words (`pattern`), the position and the limit bound when it runs."""
    user_id = sa.bindparam("user_id")
    query = (
        sa.select(Call, CommitteeMember)
        .join(CommitteeMember, CommitteeMember.call_id == Call.id)
        .options(Load(Call).raiseload("*"), Load(CommitteeMember).lazyload("*"))
        .where(CommitteeMember.user_id == user_id, CommitteeMember.status == MemberStatus.active)
    )
    if left:
        progress = _progress_select().where(CommitteeMember.user_id == user_id).subquery()
        query = query.join(progress, progress.c.member_id == CommitteeMember.id).where(
            _left_condition(left, progress.c)
        )
    if searched:
        query = query.where(Call.title.ilike(sa.bindparam("pattern"), escape="\\"))
    if after:
        query = query.where(_after_bound(SEATS_ORDER))
    query = query.order_by(*SEATS_ORDER.clauses())
    return query.limit(sa.bindparam("limit")) if limited else query


def seats_page(user, filters: Filters) -> Page:
    """A page of the calls whose committee `user` sits on (active seat), newest first, narrowed by what is
    left there and by the words of the call's title: rows (call without its collections, the seat), one
    statement."""
    values = {"user_id": user.id, **_page_values(filters)}
    shape = (filters.left, bool(filters.q), filters.after is not None, filters.limit is not None)
    found = list(db.session.execute(_seats_statement(*shape), values))
    return cut_page(found, filters.limit, key=lambda row: (row[0].id,))


def _after_bound(order: Order) -> sa.ColumnElement:
    """`order.after` for a statement built once: the position (of an order by one column) bound as `after`."""
    (column,) = order.columns
    position = sa.bindparam("after", type_=column.type)
    return column < position if order.descending else column > position


def _page_values(filters: Filters) -> dict:
    """The values a list's statement binds for the filters: the words' pattern, the position, one row more than
    the page (`cut_page` knows by it whether a next page follows)."""
    values = {}
    if filters.q:
        values["pattern"] = _escaped_like(filters.q)
    if filters.after is not None:
        (values["after"],) = filters.after
    if filters.limit is not None:
        values["limit"] = filters.limit + 1
    return values


# ---------------------------------------------------------------- the member's offers in one call


def _queue_ids(left: str, searched: bool, after: bool) -> sa.Select:
    """The ids of the offers assigned to the seat `member_id` of the call `call_id` (active assignments, passed to
    the committee), narrowed by what is `left` and, `searched`, by the words of the title or an offeror's name
    (`pattern`), in the queue's order `after` the page's position: only what the filters need is joined. The
    values are bound when the statement runs."""
    member_id = sa.bindparam("member_id")
    query = (
        sa.select(Assignment.offer_id.label("id"))
        .join(
            FormalReview,
            sa.and_(FormalReview.offer_id == Assignment.offer_id, FormalReview.status == FormalStatus.accepted),
        )
        .where(
            Assignment.member_id == member_id,
            Assignment.status == AssignmentStatus.active,
            FormalReview.call_id == sa.bindparam("call_id"),
        )
    )
    if left:
        query = _with_standing(query, member_id, Assignment.offer_id).where(
            {
                "declare": Declaration.id.is_(None),
                "score": sa.and_(Declaration.status == DeclarationStatus.impartial, ScoreSheet.id.is_(None)),
                "draft": ScoreSheet.status == SheetStatus.draft,
                "final": ScoreSheet.status == SheetStatus.final,
            }[left]
        )
    if searched:
        pattern = sa.bindparam("pattern")
        partner = aliased(Organization)
        partner_named = (
            sa.select(OfferPartner.id)
            .join(partner, partner.id == OfferPartner.organization_id)
            .where(OfferPartner.offer_id == Offer.id, partner.name.ilike(pattern, escape="\\"))
        )
        query = (
            query.join(Offer, Offer.id == Assignment.offer_id)
            .join(Organization, Organization.id == Offer.organization_id)
            .where(
                sa.or_(
                    Offer.title.ilike(pattern, escape="\\"),
                    Organization.name.ilike(pattern, escape="\\"),
                    partner_named.exists(),
                )
            )
        )
    if after:
        query = query.where(_after_bound(QUEUE_ORDER))
    return query.order_by(*QUEUE_ORDER.clauses())


def _with_standing(query: sa.Select, member_id, offer_id) -> sa.Select:
    """`query` with the member's declaration and sheet on the offer `offer_id` (one each at most)."""
    return query.outerjoin(Declaration, member_offer_join(Declaration, member_id, offer_id)).outerjoin(
        ScoreSheet, member_offer_join(ScoreSheet, member_id, offer_id)
    )


@cache
def _queue_statement(left: str, searched: bool, after: bool, limited: bool) -> sa.Select:
    """`queue_page`'s statement for one shape of the filters, built once per process and shape (5 × 2 × 2 × 2):
    building it cost more than running it. The page's ids first, in order from the assignments' index
    (`_queue_ids`, `limit` of them), then those few rows joined — joining every assigned offer before sorting
    read the call's hundreds."""
    ids = _queue_ids(left, searched, after)
    if limited:
        ids = ids.limit(sa.bindparam("limit"))
    page = ids.subquery()
    return _with_standing(
        sa.select(
            page.c.id,
            Offer.title,
            Organization.name.label("organization"),
            Declaration.status.label("declaration"),
            ScoreSheet.status.label("sheet"),
            sa.exists().where(OfferPartner.offer_id == page.c.id).label("has_partners"),
        )
        .join(Offer, Offer.id == page.c.id)
        .join(Organization, Organization.id == Offer.organization_id),
        sa.bindparam("member_id"),
        page.c.id,
    ).order_by(page.c.id)


def queue_page(member: CommitteeMember, filters: Filters) -> Page:
    """A page of the member's queue, in one statement (`_queue_statement`). The items are rows of what the list
    prints, not offers (loading 50 offers with their organisations' whole profiles cost more than the rest of
    the page): the offer's id, title and organisation's name, the member's declaration and sheet on it, and
    whether it has partners (`partner_names` reads theirs)."""
    values = {"member_id": member.id, "call_id": member.call_id, **_page_values(filters)}
    shape = (filters.left, bool(filters.q), filters.after is not None, filters.limit is not None)
    found = list(db.session.execute(_queue_statement(*shape), values))
    return cut_page(found, filters.limit, key=lambda row: (row.id,))


def partner_names(offer_ids) -> dict[int, list[str]]:
    """offer id → its partners' names in the offer's order, for a page of offers; one statement."""
    ids = list(offer_ids)
    if not ids:
        return {}
    names: dict[int, list[str]] = {}
    rows = db.session.execute(
        sa.select(OfferPartner.offer_id, Organization.name)
        .join(Organization, Organization.id == OfferPartner.organization_id)
        .where(OfferPartner.offer_id.in_(ids))
        .order_by(OfferPartner.offer_id, OfferPartner.position)
    )
    for offer_id, name in rows:
        names.setdefault(offer_id, []).append(name)
    return names
