"""The public list of calls at national scale: one phase (open, closed, resolved, cancelled), filters a reader
needs (office, year, task type, words of the title) and keyset pages — one statement for the page, whatever
the number of calls in the installation.

The list's cards show the office, the task type, the money and the deadline: the page reads those columns
(`CARD_COLUMNS`) as plain rows, never whole calls with their announcement's texts, criteria, publications and
amendments — the API's items, which need them, load them in one statement per collection."""

from dataclasses import dataclass, field
from datetime import datetime, timedelta

import sqlalchemy as sa
from flask import current_app
from markupsafe import Markup, escape
from sqlalchemy.orm import contains_eager, selectinload

from grants.calls.labels import badge_css, badge_label, days_left
from grants.calls.models import Call, CallStatus, call_phase
from grants.calls.queries import PUBLIC_PHASES, last_change, phase_filter
from grants.clock import WARSAW, now_utc, warsaw_date
from grants.errors import FieldErrors
from grants.extensions import db
from grants.formatting import datetime_pl, money_pl
from grants.i18n import current_language
from grants.i18n import gettext as _
from grants.offices.models import Office
from grants.paging import Order, Page, keyset_page, parse_page_args
from grants.parsing import integer
from grants.urls import id_url

PAGE_SIZE = 20
MAX_ID = 2**31 - 1
SEARCH_MAX = 100
# How long a process may offer the filter choices it read without asking again, even if the audit log did not
# move: an audit id taken by a transaction that commits after a later one would otherwise never be noticed.
CHOICES_MAX_AGE = timedelta(seconds=60)

# What a card prints (`card_html`) and the keyset reads, as a row's columns: a page
# of whole calls carried ~60 columns a row, most of them prose it never shows, and ORM objects to build.
CARD_COLUMNS = (
    Call.id,
    Call.status,
    Call.title,
    Call.task_type,
    Call.budget_total,
    Call.submission_deadline,
    Call.published_at,
    Call.cancel_kind,
    Office.name.label("office_name"),
)

# Open calls by the nearest deadline first (what a reader must act on), the rest newest first.
OPEN_ORDER = Order((Call.submission_deadline, Call.id))
PUBLISHED_ORDER = Order((Call.published_at, Call.id), descending=True)


@dataclass
class Filters:
    phase: str | None = "open"  # None: every published phase (the API's default)
    office_id: int | None = None
    year: int | None = None
    task_type: str = ""
    q: str = ""
    after: tuple | None = None
    limit: int | None = PAGE_SIZE  # None: the whole list (the API without `limit` or `after`)
    errors: dict = field(default_factory=dict)

    @property
    def order(self) -> Order:
        return OPEN_ORDER if self.phase == "open" else PUBLISHED_ORDER

    def query_args(self) -> dict:
        """The filters as a query string's arguments (the next page's link keeps them)."""
        args = {"status": self.phase, "office": self.office_id, "year": self.year, "task_type": self.task_type}
        args["q"] = self.q
        return {key: value for key, value in args.items() if value not in (None, "")}

    @property
    def narrowed(self) -> bool:
        return bool(self.office_id or self.year or self.task_type or self.q)


def parse_filters(
    args, *, strict: bool = False, default_phase: str | None = "open", default_limit: int | None = PAGE_SIZE
) -> Filters:
    """The list's filters from a query string. A web page shows what it could read and names the rest
    (`errors`); the API (`strict`) answers 422 naming the field."""
    errors = FieldErrors()
    filters = Filters(phase=default_phase)
    phase = (args.get("status") or "").strip()
    if phase in PUBLIC_PHASES:
        filters.phase = phase
    elif phase:
        errors.add("status", _("Dozwolone wartości: open, closed, resolved, cancelled."))
    office_key = "office_id" if "office_id" in args else "office"  # the API's name, the form's name
    office = (args.get(office_key) or "").strip()
    if office.isdigit() and int(office) > MAX_ID:
        filters.office_id = int(office)  # a number no office has: an empty list, like any unknown office
    elif office:
        filters.office_id = integer(errors, office_key, office, low=1, high=MAX_ID)
    year = (args.get("year") or "").strip()
    if year:
        filters.year = integer(errors, "year", year, low=2000, high=2200)
    filters.task_type = (args.get("task_type") or "").strip()[:300]
    filters.q = " ".join((args.get("q") or "").split())[:SEARCH_MAX]
    filters.after, filters.limit = parse_page_args(args, filters.order, default_limit=default_limit, errors=errors)
    if strict:
        errors.raise_if_any()
    filters.errors = dict(errors.fields)
    return filters


def _year_bounds(year: int) -> tuple[datetime, datetime]:
    return datetime(year, 1, 1, tzinfo=WARSAW), datetime(year + 1, 1, 1, tzinfo=WARSAW)


def _escaped_like(words: str) -> str:
    return "%" + words.replace("\\", "\\\\").replace("%", "\\%").replace("_", "\\_") + "%"


def calls_page(filters: Filters, *, now: datetime | None = None, whole_calls: bool = False) -> Page:
    """A page of the list: rows of `CARD_COLUMNS` for the cards, or with `whole_calls` the calls with what
    their full description needs (the API's items), in one statement per collection for the whole page."""
    now = now or now_utc()
    if whole_calls:
        query = (
            sa.select(Call)
            .join(Call.office)
            .options(
                contains_eager(Call.office),
                selectinload(Call.criteria),
                selectinload(Call.publications),
                selectinload(Call.amendments),
            )
        )
    else:
        query = sa.select(*CARD_COLUMNS).join(Call.office)
    query = query.where(Call.status != CallStatus.draft, Call.published_at.is_not(None))
    if filters.phase:
        query = phase_filter(query, filters.phase, now)
    if filters.office_id is not None:
        # Past the integer column no office exists (and PostgreSQL would refuse the parameter).
        query = query.where(Call.office_id == filters.office_id if filters.office_id <= MAX_ID else sa.false())
    if filters.year:
        start, end = _year_bounds(filters.year)
        query = query.where(Call.submission_deadline >= start, Call.submission_deadline < end)
    if filters.task_type:
        query = query.where(Call.task_type == filters.task_type)
    if filters.q:
        query = query.where(Call.title.ilike(_escaped_like(filters.q), escape="\\"))
    return keyset_page(db.session, query, filters.order, after=filters.after, limit=filters.limit, rows=not whole_calls)


@dataclass(frozen=True, slots=True)
class CardLabels:
    """The words beside a card's facts, translated once for the whole list (trusted UI text, as a template's)."""

    office: Markup
    task_type: Markup
    budget: Markup
    deadline: Markup


@dataclass(frozen=True, slots=True)
class Card:
    """A call as a list's card prints it (`card_html`)."""

    labels: CardLabels
    id: int
    href: str
    title: str
    phase: str
    badge_css: str
    badge: str
    office: str
    task_type: str
    budget: str
    deadline: str
    days_left: str | None  # while it is open


def cards(rows, *, now: datetime | None = None) -> list[Card]:
    """The cards of a page of the list (rows of `CARD_COLUMNS`), formatted in the reader's language once for
    all of them: the call page's words for the badge and the deadline, at a fraction of a template's calls."""
    now = now or now_utc()
    locale = current_language() or "pl"
    labels = CardLabels(
        office=Markup(_("Urząd")),
        task_type=Markup(_("Rodzaj zadania")),
        budget=Markup(_("Środki publiczne")),
        deadline=Markup(_("Termin składania ofert")),
    )
    href = id_url("public.call", "call_id")
    return [
        Card(
            labels=labels,
            id=row.id,
            href=href(row.id),
            title=row.title,
            phase=(phase := call_phase(row.status, row.submission_deadline, now)),
            badge_css=badge_css(phase),
            badge=badge_label(phase, row.cancel_kind),
            office=row.office_name,
            task_type=row.task_type,
            budget=money_pl(row.budget_total),
            deadline=datetime_pl(row.submission_deadline, locale),
            days_left=days_left(row.submission_deadline, now) if phase == "published" else None,
        )
        for row in rows
    ]


def cards_html(cards: list[Card]) -> list[Markup]:
    """A list's cards, each an `<li>` of the list's `<ul>` as `card_html` writes it."""
    return [Markup(card_html(card)) for card in cards]


def card_html(card: Card) -> str:
    """One card, by one Python call: a Jinja macro per card cost ~0.4 ms of the list's ~4 (its arguments, a
    dozen attribute lookups and escapes). The markup, whitespace included, is what the `call_card` macro wrote
    (tests/web/call_card_macro.jinja holds it to it); autoescaped the same way (`escape`, Markup kept)."""
    labels = card.labels
    days = f' <strong class="days-left">({escape(card.days_left)})</strong>' if card.days_left else ""
    return (
        f'  <li class="card" data-call-id="{escape(card.id)}">\n'
        f'    <h3><a href="{escape(card.href)}">{escape(card.title)}</a></h3>\n'
        f'    <p class="meta">  <span class="badge badge-{escape(card.badge_css)}" data-phase="{escape(card.phase)}">'
        f"{escape(card.badge)}</span>\n</p>\n"
        '    <dl class="facts compact">\n'
        f"      <dt>{escape(labels.office)}</dt><dd>{escape(card.office)}</dd>\n"
        f"      <dt>{escape(labels.task_type)}</dt><dd>{escape(card.task_type)}</dd>\n"
        f"      <dt>{escape(labels.budget)}</dt><dd>{escape(card.budget)}</dd>\n"
        f"      <dt>{escape(labels.deadline)}</dt><dd>{escape(card.deadline)}{days}</dd>\n"
        "    </dl>\n"
        "  </li>\n"
    )


def filter_choices(*, now: datetime | None = None) -> dict:
    """What the filter form offers: the offices with published calls, the years of their deadlines (the
    current Warsaw year first). Read once per process while the audit log stands still (every publication and
    amendment writes an entry) and at most CHOICES_MAX_AGE: one cheap statement per page instead of the two
    that scan the calls (the offices' EXISTS and the deadlines' span cost ~4 ms together at national scale)."""
    now = now or now_utc()
    revision = last_change()
    kept = current_app.extensions.get("oko_public_filter_choices")
    # A clock that went back (tests) may not reuse choices read "in the future".
    if kept is None or kept[0] != revision or not kept[1] <= now < kept[1] + CHOICES_MAX_AGE:
        kept = (revision, now, _read_choices())
        current_app.extensions["oko_public_filter_choices"] = kept
    offices, first, last = kept[2]
    this_year = warsaw_date(now).year
    first = first if first is not None else this_year
    last = max(last if last is not None else this_year, this_year)
    return {"offices": offices, "years": list(range(last, first - 1, -1))}


def _read_choices() -> tuple[list[tuple[int, str]], int | None, int | None]:
    """(offices with published calls by name, first and last year of their deadlines) — plain values, which
    outlive the request's session."""
    offices = db.session.execute(
        sa.select(Office.id, Office.name)
        .where(sa.exists().where(Call.office_id == Office.id, Call.published_at.is_not(None)))
        .order_by(Office.name)
    ).all()
    span = db.session.execute(
        sa.select(sa.func.min(Call.submission_deadline), sa.func.max(Call.submission_deadline)).where(
            Call.published_at.is_not(None)
        )
    ).one()
    years = [moment.year if moment else None for moment in span]
    return [(office_id, name) for office_id, name in offices], years[0], years[1]
