"""Read-side helpers for programmes and calls (views and the API read through these)."""

from datetime import UTC, date, datetime
from decimal import Decimal
from functools import cache

import sqlalchemy as sa
from flask_babel import gettext as _
from sqlalchemy.dialects.postgresql import aggregate_order_by
from sqlalchemy.orm import joinedload, lazyload, load_only, selectinload
from sqlalchemy.orm.attributes import set_committed_value
from sqlalchemy.orm.session import make_transient_to_detached
from sqlalchemy.types import TypeDecorator

from grants.audit.models import AuditEntry
from grants.auth.permissions import in_own_office, own_office_only, require_officer
from grants.boundary import MAX_ID
from grants.calls.models import (
    Call,
    CallAmendment,
    CallCriterion,
    CallPublication,
    CallStatus,
    Programme,
    ProgrammePriority,
)
from grants.clock import now_utc
from grants.db import UTCDateTime
from grants.errors import NotFound
from grants.extensions import db
from grants.offers.models import IN_COMPETITION, Offer
from grants.offices.models import Office
from grants.review.awards import standing_awards_select
from grants.review.models import Decision, FormalListPublication, FormalReview, FormalStatus, ResultsPublication

PUBLIC_PHASES = ("open", "closed", "resolved", "cancelled")


def find_priority(office_id: int, raw, year: int | None) -> ProgrammePriority | None:
    query = db.select(ProgrammePriority).join(Programme).where(Programme.office_id == office_id)
    if isinstance(raw, int) or (isinstance(raw, str) and raw.isdigit()):
        if not 0 < int(raw) <= MAX_ID:  # past the id column's range: names no row (and never overflows it)
            return None
        return db.session.scalar(query.where(ProgrammePriority.id == int(raw)))
    candidates = list(
        db.session.scalars(query.where(ProgrammePriority.code == str(raw).strip()).order_by(Programme.year.desc()))
    )
    if year is not None:
        for candidate in candidates:
            if candidate.programme.year == year:
                return candidate
    return candidates[0] if candidates else None


def programmes_for_office(office_id: int) -> list[Programme]:
    return list(
        db.session.scalars(
            db.select(Programme)
            .where(Programme.office_id == office_id)
            .order_by(Programme.year.desc(), Programme.title)
        )
    )


def programmes_visible_to(user) -> list[Programme]:
    query = db.select(Programme).order_by(Programme.year.desc(), Programme.title)
    return list(db.session.scalars(own_office_only(query, Programme.office_id, user)))


def get_programme_for_officer(programme_id: int, user) -> Programme:
    programme = db.session.get(Programme, programme_id)
    if programme is None or not in_own_office(user, programme.office_id):
        raise NotFound(_("Nie ma takiego programu współpracy."))
    return programme


@cache
def lists_when_read() -> tuple:
    """A page's one call: its criteria, publications and amendments read when the page reads them (one
    statement each, as their `selectin` default costs), not three statements and their rows on every page
    that only names the call. (Built on first use: the mappers are configured by then.)"""
    return (lazyload(Call.criteria), lazyload(Call.publications), lazyload(Call.amendments))


def get_call_for_officer(call_id: int, user) -> Call:
    """The one loader of an officer's call, for the pages and the API alike: another office's call
    is 'not found', never 'forbidden' (its drafts must stay unknown)."""
    call = db.session.get(Call, call_id, options=lists_when_read())
    if call is None:
        raise NotFound(_("Nie ma takiego naboru."))
    require_officer(user, call.office_id)
    return call


def get_public_call(call_id: int) -> Call:
    call = db.session.get(Call, call_id)
    if call is None or not call.is_public:
        raise NotFound(_("Nie ma takiego naboru."))
    return call


def public_call_for_page(call_id: int) -> tuple[Call, datetime | None]:
    """A public call as its page prints it, and when its list of formal outcomes was last published, in one
    statement: the programme of its priority joined, and the criteria, publications and amendments — on
    PostgreSQL as three JSON arrays of the call's one row (`_lists_as_json`), elsewhere joined (their rows
    multiply: ~6 criteria × 3 publications × an amendment or two, tens of rows, where three more round trips
    cost more)."""
    as_json = db.session.get_bind().dialect.name == "postgresql"
    result = db.session.execute(_public_call_statement(as_json), {"call_id": call_id})
    row = (result if as_json else result.unique()).one_or_none()
    if row is None or not row[0].is_public:
        raise NotFound(_("Nie ma takiego naboru."))
    if as_json:
        _attach_lists(row[0], *row[2:])
    return row[0], row[1]


@cache
def _public_call_statement(as_json: bool):
    """`public_call_for_page`'s statement, built once (on first use: the mappers are configured by then)."""
    formal_list_at = (
        db.select(db.func.max(FormalListPublication.published_at))
        .where(FormalListPublication.call_id == Call.id)
        .scalar_subquery()
    )
    # Of the office and the programme, what the page prints: the office's other dozen columns (its contract
    # details, the representatives' JSON) were read, decoded and loaded on every request for nothing.
    office = joinedload(Call.office).load_only(
        Office.name, Office.organ_name, Office.contact_email, Office.contact_phone
    )
    priority = (
        joinedload(Call.priority)
        .joinedload(ProgrammePriority.programme)
        .options(load_only(Programme.title, Programme.year), lazyload(Programme.office), lazyload(Programme.priorities))
    )
    if as_json:
        statement = db.select(Call, formal_list_at, *_lists_as_json()).options(
            office, priority, lazyload(Call.criteria), lazyload(Call.publications), lazyload(Call.amendments)
        )
    else:
        statement = db.select(Call, formal_list_at).options(
            office, priority, joinedload(Call.criteria), joinedload(Call.publications), joinedload(Call.amendments)
        )
    return statement.where(Call.id == db.bindparam("call_id"))


# The columns of each list as `_lists_as_json` reads them and `_attach_lists` gives them back (every column of
# its table), each list in the order of its relationship (then by id: the same order on every read).
_LIST_COLUMNS = {
    "criteria": (CallCriterion, ("id", "position", "code", "name", "max_points", "min_points", "advisory")),
    "publications": (CallPublication, ("id", "channel", "published_at", "recorded_by_id")),
    "amendments": (CallAmendment, ("id", "created_at", "actor_id", "reason", "before", "after")),
}
_LIST_ORDER = {"criteria": "position", "publications": "published_at", "amendments": "created_at"}


def _lists_as_json() -> list:
    """A call's three lists, each one JSON array (of arrays of columns) in the call's own row: the ORM builds
    one call instead of the call, its priority and programme once per joined row."""
    lists = []
    for key, (model, names) in _LIST_COLUMNS.items():
        columns = [getattr(model, name) for name in names]
        order = (getattr(model, _LIST_ORDER[key]), model.id)
        rows = db.func.json_agg(aggregate_order_by(db.func.json_build_array(*columns), *order))
        lists.append(
            db.select(db.func.coalesce(rows, db.literal_column("'[]'::json")))
            .where(model.call_id == Call.id)
            .scalar_subquery()
            .label(f"{key}_json")
        )
    return lists


def _attach_lists(call: Call, *lists) -> None:
    """The lists of `_lists_as_json` as the call's loaded collections, each item as its row would load (its
    columns' own types turn JSON's numbers and texts back into amounts, moments and enums), detached: filled
    the way the ORM's loading fills an instance, not through the constructor's instrumented attributes."""
    for (key, (model, names)), items in zip(_LIST_COLUMNS.items(), lists, strict=True):
        manager, loaders = sa.inspect(model).class_manager, _loaders(key)
        loaded = []
        for values in items:
            item = manager.new_instance()
            item.__dict__.update(
                {
                    name: value if load is None or value is None else load(value)
                    for name, load, value in zip(names, loaders, values, strict=True)
                },
                call_id=call.id,
            )
            make_transient_to_detached(item)
            loaded.append(item)
        set_committed_value(call, key, loaded)


@cache
def _loaders(key: str) -> tuple:
    """Per column of a list, how a JSON value becomes the column's (None: as it is), decided once per process
    rather than per value of every request."""
    model, names = _LIST_COLUMNS[key]
    return tuple(_loader(model.__table__.c[name].type) for name in names)


def _loader(column_type):
    if isinstance(column_type, sa.JSON):
        return None
    if isinstance(column_type, UTCDateTime):
        return lambda value: column_type.process_result_value(datetime.fromisoformat(value), None)
    if isinstance(column_type, TypeDecorator):
        return lambda value: column_type.process_result_value(value, None)
    if isinstance(column_type, sa.Enum):
        return column_type.enum_class
    return None


def get_call_for(call_id: int, user) -> Call:
    """Officers of the call's office see drafts too; everyone else only published calls."""
    if user is not None and getattr(user, "is_authenticated", False) and user.is_officer:
        call = db.session.get(Call, call_id)
        if call is not None and in_own_office(user, call.office_id):
            return call
    return get_public_call(call_id)


def phase_filter(query, phase: str, now: datetime):
    if phase == "open":
        return query.where(Call.status == CallStatus.published, Call.submission_deadline > now)
    if phase == "closed":
        return query.where(
            db.or_(
                db.and_(Call.status == CallStatus.published, Call.submission_deadline <= now),
                Call.status == CallStatus.under_review,
            )
        )
    if phase == "resolved":
        return query.where(Call.status == CallStatus.resolved)
    if phase == "cancelled":
        return query.where(Call.status == CallStatus.cancelled, Call.published_at.is_not(None))
    raise ValueError(phase)


def public_calls(
    phase: str | None = None, *, office_id: int | None = None, now: datetime | None = None, limit: int | None = None
) -> list[Call]:
    now = now or now_utc()
    query = (
        db.select(Call)
        .where(Call.status != CallStatus.draft, Call.published_at.is_not(None))
        .options(selectinload(Call.criteria), selectinload(Call.publications), selectinload(Call.amendments))
    )
    if phase:
        query = phase_filter(query, phase, now)
    if office_id is not None:
        query = query.where(Call.office_id == office_id)
    order = Call.submission_deadline.asc() if phase == "open" else Call.published_at.desc()
    query = query.order_by(order, Call.id)
    if limit:
        query = query.limit(limit)
    return list(db.session.scalars(query))


def drafts_for_office(user) -> list[Call]:
    """The office's drafts, newest first: a few, whatever the number of the office's calls (the desk pages the
    rest, grants.calls.office_list)."""
    query = db.select(Call).where(Call.status == CallStatus.draft).order_by(Call.created_at.desc(), Call.id.desc())
    return list(db.session.scalars(own_office_only(query, Call.office_id, user)))


def offer_counts(call_ids: list[int]) -> dict[int, dict]:
    """Per call, in ONE grouped statement whatever the number of calls (the office's desk, issue 11): the offers
    in the competition (submitted, or in correction — drafts and withdrawn offers are the NGO's, not counted),
    how many the formal check accepted and rejected, and whether the office has recorded a decision
    (art. 15 ust. 2g). A call without offers is answered with zeros."""
    if not call_ids:
        return {}
    # The offers are narrowed by their own call_id (the index answers a page's calls), then grouped; joined to
    # the calls afterwards, so a call without offers still has its row. (Joined the other way round, PostgreSQL
    # read every offer of the installation to hash-join them: 30 ms per desk page at 40 000 offers.)
    per_call = (
        db.select(
            Offer.call_id.label("call_id"),
            db.func.count(Offer.id).label("submitted"),
            db.func.count(db.case((FormalReview.status == FormalStatus.accepted, Offer.id))).label("accepted"),
            db.func.count(db.case((FormalReview.status == FormalStatus.rejected, Offer.id))).label("rejected"),
        )
        .outerjoin(FormalReview, FormalReview.offer_id == Offer.id)  # at most one per offer (unique)
        .where(Offer.call_id.in_(call_ids), Offer.status.in_(IN_COMPETITION))
        .group_by(Offer.call_id)
        .subquery()
    )
    rows = db.session.execute(
        db.select(
            Call.id,
            db.func.coalesce(per_call.c.submitted, 0),
            db.func.coalesce(per_call.c.accepted, 0),
            db.func.coalesce(per_call.c.rejected, 0),
            db.select(Decision.id).where(Decision.call_id == Call.id).exists(),
        )
        .outerjoin(per_call, per_call.c.call_id == Call.id)
        .where(Call.id.in_(call_ids))
    ).all()
    return {
        call_id: {
            "submitted": submitted,
            "accepted": accepted,
            "rejected": rejected,
            "to_check": submitted - accepted - rejected,
            "decided": bool(decided),
        }
        for call_id, submitted, accepted, rejected, decided in rows
    }


def same_type_tasks(call: Call, year: int) -> list[dict]:
    """Art. 13 ust. 2 pkt 7: the office's public tasks of the same type (task type, or the programme's priority)
    carried out in `year` — the year of the announcement, a Warsaw year — or the year before, with the grants
    awarded to the organisations for them: the calls whose task period meets those years and whose results
    were published, each with its awards as they stand (after resignations and moved money,
    `review.awards.standing_awards_select`). Planned budgets of calls still open are not tasks carried out."""
    return same_type_tasks_for([(call, year)])[0]


def same_type_tasks_for(calls_and_years: list[tuple[Call, int]]) -> list[list[dict]]:
    """`same_type_tasks` for a page of calls in one statement: the candidates of every call on the page are
    read together and sorted out per call here (a list's cost does not grow with its length)."""
    if not calls_and_years:
        return []
    years = [year for _, year in calls_and_years]
    task_types = {call.task_type for call, _ in calls_and_years}
    priorities = {call.programme_priority_id for call, _ in calls_and_years} - {None}
    same_type = Call.task_type.in_(task_types)
    if priorities:
        same_type = db.or_(same_type, Call.programme_priority_id.in_(priorities))
    candidates = db.select(Call.id).where(
        Call.office_id.in_({call.office_id for call, _ in calls_and_years}),
        Call.status == CallStatus.resolved,
        Call.task_start <= date(max(years), 12, 31),
        Call.task_end >= date(min(years) - 1, 1, 1),
        same_type,
    )
    awards = standing_awards_select(candidates).subquery()
    columns = (Call.id, Call.office_id, Call.task_type, Call.programme_priority_id, Call.title, Call.task_start)
    rows = db.session.execute(
        db.select(*columns, Call.task_end, db.func.sum(awards.c.amount))
        .join(awards, awards.c.call_id == Call.id)
        .group_by(*columns, Call.task_end)
        .order_by(Call.task_start, Call.id)
    ).all()
    return [[_carried_out(row, year) for row in rows if _same_task(row, call, year)] for call, year in calls_and_years]


def _same_task(row, call: Call, year: int) -> bool:
    same_type = row.task_type == call.task_type or (
        call.programme_priority_id is not None and row.programme_priority_id == call.programme_priority_id
    )
    in_years = row.task_start <= date(year, 12, 31) and row.task_end >= date(year - 1, 1, 1)
    return row.office_id == call.office_id and row.id != call.id and same_type and in_years


def _carried_out(row, year: int) -> dict:
    first = max(row.task_start.year, year - 1)
    return {
        "id": row.id,
        "year": first,
        "years": _years(first, min(row.task_end.year, year)),
        "title": row.title,
        "amount": Decimal(row[-1] or 0).quantize(Decimal("0.01")),
    }


def _years(first: int, last: int) -> str:
    return str(first) if first == last else f"{first}–{last}"


def results_published(call_ids: list[int]) -> dict[int, datetime]:
    """When the results of each of these calls were published (art. 15 ust. 2h), for the feed."""
    if not call_ids:
        return {}
    rows = db.session.execute(
        db.select(ResultsPublication.call_id, ResultsPublication.published_at).where(
            ResultsPublication.call_id.in_(call_ids)
        )
    )
    return dict(rows.all())


def formal_lists_published(call_ids: list[int]) -> dict[int, datetime]:
    """When the latest list of formal outcomes of each of these calls was published, for the feed and the
    call page (the office may publish the list again: each a new version)."""
    if not call_ids:
        return {}
    rows = db.session.execute(
        db.select(FormalListPublication.call_id, db.func.max(FormalListPublication.published_at))
        .where(FormalListPublication.call_id.in_(call_ids))
        .group_by(FormalListPublication.call_id)
    )
    return dict(rows.all())


def recent_announcements(limit: int = 50, now: datetime | None = None) -> list[Call]:
    return public_calls(None, now=now, limit=limit)


def public_programmes(office_id: int | None = None) -> list[Programme]:
    query = db.select(Programme).order_by(Programme.year.desc(), Programme.title)
    if office_id is not None:
        query = query.where(Programme.office_id == office_id)
    return list(db.session.scalars(query))


def get_public_programme(programme_id: int) -> Programme:
    programme = db.session.get(Programme, programme_id)
    if programme is None:
        raise NotFound(_("Nie ma takiego programu współpracy."))
    return programme


def last_change() -> int:
    """The last audit entry's id: it moves with every change of state (one index lookup)."""
    return db.session.scalar(db.select(db.func.max(AuditEntry.id))) or 0


def public_revision(now: datetime) -> tuple[int, datetime | None]:
    """(last audit entry id, next deadline of a published call) in one round trip — what a cached
    public page depends on (see grants/public/cache.py)."""
    last_change = db.select(db.func.max(AuditEntry.id)).scalar_subquery()
    next_deadline = (
        db.select(db.func.min(Call.submission_deadline))
        .where(Call.status == CallStatus.published, Call.submission_deadline > now)
        .scalar_subquery()
    )
    row = db.session.execute(db.select(last_change, next_deadline)).one()
    deadline = row[1]
    if deadline is not None and deadline.tzinfo is None:
        deadline = deadline.replace(tzinfo=UTC)
    return row[0] or 0, deadline


def get_call(call_id) -> Call | None:
    """Any call by id, or None; callers decide what the person may see of it."""
    return db.session.get(Call, int(call_id)) if str(call_id).isdigit() else None


def priorities_by_id(ids) -> list[ProgrammePriority]:
    """The priorities with these ids that still exist (a priority no call uses may have been removed)."""
    return list(db.session.scalars(db.select(ProgrammePriority).where(ProgrammePriority.id.in_(sorted(ids)))))


def offers_started_count(call_id: int) -> int:
    """Offers started in a call, whatever their status: those a cancellation will tell."""
    return db.session.scalar(db.select(db.func.count(Offer.id)).where(Offer.call_id == call_id)) or 0
