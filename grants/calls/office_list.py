"""The office's desk of calls at national scale (issue 13): after years of use an office has hundreds of calls.

The desk shows two lists. "Czekają na urząd" is what the officer must act on — a draft, a call closing within
NEAR_DEADLINE, a call past its deadline or in review — decided by the call's own columns, so it is one short
statement that also counts the whole set (a window count), never paged: it is meant to be short, and when it
is not, its link opens the paged list with the `waiting` phase. Below it every other call, newest first, in
keyset pages with the filters an officer looks for an old call by: phase, year of the task, task type, words
of the title. A narrowed list shows every matching call, waiting or not (a search must find the call the
officer typed). The offer counts and next steps of both lists come from one grouped statement.
"""

from dataclasses import dataclass, field
from datetime import date, datetime, timedelta

import sqlalchemy as sa
from flask_babel import gettext as _
from sqlalchemy.orm import raiseload

from grants.auth.permissions import own_office_only
from grants.calls.models import Call, CallStatus
from grants.errors import FieldErrors
from grants.extensions import db
from grants.paging import Order, Page, keyset_page, parse_page_args
from grants.parsing import integer

PAGE_SIZE = 30
WAITING_SHOWN = 20  # a desk with more than this many calls to act on links to their paged list
SEARCH_MAX = 100
TASK_TYPE_MAX = 300
# An open call this close to its deadline waits for the office: the last questions and amendments come now.
NEAR_DEADLINE = timedelta(days=7)

ORDER = Order((Call.created_at, Call.id), descending=True)  # the newest call first, as the desk always listed
# Call.phase's words, with "open" for a published call before its deadline (the public list's word), and
# "waiting" for the desk's own group.
PHASES = ("waiting", "draft", "open", "closed", "under_review", "resolved", "cancelled")


@dataclass
class Filters:
    phase: str = ""
    year: int | None = None
    task_type: str = ""
    q: str = ""
    after: tuple | None = None
    limit: int = PAGE_SIZE
    errors: dict = field(default_factory=dict)

    def query_args(self) -> dict:
        args = {"status": self.phase, "year": self.year, "task_type": self.task_type, "q": self.q}
        if self.limit != PAGE_SIZE:
            args["limit"] = self.limit  # the next page as long as this one
        return {key: value for key, value in args.items() if value not in (None, "")}

    @property
    def narrowed(self) -> bool:
        return bool(self.phase or self.year or self.task_type or self.q)


def parse_filters(args) -> Filters:
    """The desk's filters from its query string: what cannot be read is named on its field (`errors`) and
    left out, the rest still applies — a list page never answers bad input with an error page."""
    errors = FieldErrors()
    filters = Filters()
    phase = (args.get("status") or "").strip()
    if phase in PHASES:
        filters.phase = phase
    elif phase:
        errors.add("status", _("Wybierz etap konkursu z listy."))
    year = (args.get("year") or "").strip()
    if year:
        filters.year = integer(errors, "year", year, low=2000, high=2200)
    filters.task_type = " ".join((args.get("task_type") or "").split())[:TASK_TYPE_MAX]
    filters.q = " ".join((args.get("q") or "").split())[:SEARCH_MAX]
    filters.after, filters.limit = parse_page_args(args, ORDER, default_limit=PAGE_SIZE, errors=errors)
    filters.limit = filters.limit or PAGE_SIZE
    filters.errors = dict(errors.fields)
    return filters


def check_task_type(filters: Filters, task_types: list[str]) -> None:
    """A task type none of the office's calls has is not a choice of the form: named, and left out."""
    if filters.task_type and filters.task_type not in task_types:
        filters.errors.setdefault("task_type", []).append(
            _("Żaden konkurs urzędu nie dotyczy takiego rodzaju zadania. Wybierz go z listy.")
        )
        filters.task_type = ""


def waiting(now: datetime):
    """The calls waiting for the office, from their own columns: a draft to publish, a call closing within
    NEAR_DEADLINE or past its deadline (the formal check, the committee), a call in review (the decision,
    the results). Resolved and cancelled calls wait for nothing here (their contracts have their own desk)."""
    return sa.or_(
        Call.status.in_((CallStatus.draft, CallStatus.under_review)),
        sa.and_(Call.status == CallStatus.published, Call.submission_deadline <= now + NEAR_DEADLINE),
    )


def phase_condition(phase: str, now: datetime):
    if phase == "waiting":
        return waiting(now)
    if phase == "open":
        return sa.and_(Call.status == CallStatus.published, Call.submission_deadline > now)
    if phase == "closed":
        return sa.and_(Call.status == CallStatus.published, Call.submission_deadline <= now)
    return Call.status == CallStatus(phase)


def _office_calls(user) -> sa.Select:
    # A desk row shows the call's own columns: its office, priority, criteria and publications are never
    # read here (a template that starts reading them fails in the tests instead of costing a query per row).
    return own_office_only(sa.select(Call).options(raiseload("*")), Call.office_id, user)


def waiting_calls(user, now: datetime, limit: int | None = None) -> tuple[list[Call], int]:
    """(the first `limit` calls waiting for the office, how many wait in all) in one statement: drafts first,
    then the calls closing soon, then those past their deadline, each group by the nearest deadline. The
    desk orders them finer once it knows their offer counts (pages.call_row's `order`)."""
    stage = sa.case(
        (Call.status == CallStatus.draft, 1),
        (sa.and_(Call.status == CallStatus.published, Call.submission_deadline > now), 2),
        else_=3,
    )
    query = (
        _office_calls(user)
        .add_columns(sa.func.count().over())
        .where(waiting(now))
        .order_by(stage, Call.submission_deadline, Call.id)
        .limit(limit or WAITING_SHOWN)
    )
    rows = db.session.execute(query).all()
    return [row[0] for row in rows], (rows[0][1] if rows else 0)


def calls_page(user, filters: Filters, now: datetime) -> Page:
    """A page of the office's calls: without filters those not waiting (they are above), with any filter
    every call that matches it."""
    query = _office_calls(user)
    if filters.phase:
        query = query.where(phase_condition(filters.phase, now))
    elif not filters.narrowed:
        query = query.where(sa.not_(waiting(now)))
    if filters.year:
        # The year of the task: a call carried out in it (its period meets the year), as the programme's
        # report counts it; a draft has its period too, unlike a publication date.
        query = query.where(Call.task_start <= date(filters.year, 12, 31), Call.task_end >= date(filters.year, 1, 1))
    if filters.task_type:
        query = query.where(Call.task_type == filters.task_type)
    if filters.q:
        pattern = "%" + filters.q.replace("\\", "\\\\").replace("%", "\\%").replace("_", "\\_") + "%"
        query = query.where(Call.title.ilike(pattern, escape="\\"))
    return keyset_page(db.session, query, ORDER, after=filters.after, limit=filters.limit)


def filter_choices(user, today: date) -> dict:
    """The office's task types and the years its calls' tasks span (this year included), in one grouped
    statement: a few rows per office whatever the number of its calls."""
    rows = db.session.execute(
        own_office_only(
            sa.select(Call.task_type, sa.func.min(Call.task_start), sa.func.max(Call.task_end)),
            Call.office_id,
            user,
        )
        .group_by(Call.task_type)
        .order_by(Call.task_type)
    ).all()
    first = min([row[1].year for row in rows] + [today.year])
    last = max([row[2].year for row in rows] + [today.year])
    return {"task_types": [row[0] for row in rows], "years": list(range(last, first - 1, -1))}
