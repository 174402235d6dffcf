"""The ranking page's rows at scale: the ranking is always computed whole (`call_ranking`, scoring.rank_call on
every final sheet), and only its rows are shown in pages of 100, in the ranking's order, with the ranks as
computed. Narrowed by the threshold (passing or below it) and by what the office types (title or organisation
words, a NIP, a control code — grants.offers.search, as on the call's other lists of offers).

A page's position is the last offer shown (an opaque `after` token, as on the keyset lists): the next page
starts after that offer's place in the ranking as it stands now. The rows are printed by `ranking_rows`."""

from dataclasses import dataclass, field

import sqlalchemy as sa
from flask_babel import gettext as _
from sqlalchemy.orm import defer

from grants.calls.models import Call
from grants.errors import FieldErrors
from grants.extensions import db
from grants.offers.models import Offer, OfferVersion
from grants.offers.search import search_offers
from grants.paging import Order, encode_after, parse_page_args
from grants.review.models import CommitteeMember, Decision, EvaluationClosure, MemberStatus, ResultsPublication

PAGE_SIZE = 100
POSITION = Order((Offer.id,))  # what an `after` token holds: the offer shown last
PASSING = ("yes", "no")


@dataclass
class Filters:
    q: str = ""
    passing: str = ""
    after: int | None = None
    limit: int = PAGE_SIZE
    errors: dict = field(default_factory=dict)

    def query_args(self) -> dict:
        return {key: value for key, value in {"q": self.q, "passing": self.passing}.items() if value}

    @property
    def narrowed(self) -> bool:
        return bool(self.q or self.passing)


@dataclass
class RankingPage:
    items: list  # scoring.RankedOffer, in the ranking's order
    next_after: str | None
    shown: int  # rows the filters leave (all pages)
    first: int  # the place of the page's first row among them (1-based)


def parse_filters(args) -> Filters:
    errors = FieldErrors()
    filters = Filters(q=" ".join((args.get("q") or "").split())[:100])
    passing = (args.get("passing") or "").strip()
    if passing in PASSING:
        filters.passing = passing
    elif passing:
        errors.add("passing", _("Wybierz: oferty z progiem punktowym albo poniżej progu."))
    position, filters.limit = parse_page_args(args, POSITION, default_limit=PAGE_SIZE, errors=errors)
    filters.after = position[0] if position else None
    filters.errors = dict(errors.fields)
    return filters


@dataclass(frozen=True)
class PageState:
    """What the ranking page shows beside the ranking, asked in one statement: the call's `ranking_inputs`
    stamp (ranking.call_ranking's, read before the points) and the ids of the evaluation's closure, the
    results' publication, the latest decision and the reader's seat on the committee — each a row the page
    then loads only when there is one (a call under review has none of the first three)."""

    stamp: str
    closure_id: int | None
    publication_id: int | None
    decision_id: int | None
    member_id: int | None

    def closure(self) -> EvaluationClosure | None:
        return db.session.get(EvaluationClosure, self.closure_id) if self.closure_id is not None else None

    def publication(self) -> ResultsPublication | None:
        """Without its frozen results (≈ 100 kB at 500 offers): the page says when they were published."""
        if self.publication_id is None:
            return None
        return db.session.get(ResultsPublication, self.publication_id, options=[defer(ResultsPublication.items)])

    def decision(self) -> Decision | None:
        return db.session.get(Decision, self.decision_id) if self.decision_id is not None else None


def page_state(call, user) -> PageState:
    def first(query):
        return query.limit(1).scalar_subquery()

    row = db.session.execute(
        sa.select(
            Call.ranking_inputs,
            first(sa.select(EvaluationClosure.id).where(EvaluationClosure.call_id == call.id)),
            first(sa.select(ResultsPublication.id).where(ResultsPublication.call_id == call.id)),
            first(sa.select(Decision.id).where(Decision.call_id == call.id).order_by(Decision.version.desc())),
            first(
                sa.select(CommitteeMember.id).where(
                    CommitteeMember.call_id == call.id,
                    CommitteeMember.user_id == user.id,
                    CommitteeMember.status == MemberStatus.active,
                )
            ),
        ).where(Call.id == call.id)
    ).one()
    return PageState(*row)


def _matching(call, words: str) -> set[int]:
    """The call's offers `words` name: one statement, whatever the ranking's size."""
    query = (
        sa.select(Offer.id)
        .join(OfferVersion, OfferVersion.id == Offer.current_version_id)
        .where(Offer.call_id == call.id)
    )
    return set(db.session.scalars(search_offers(query, words)))


def ranking_page(call, items, filters: Filters) -> RankingPage:
    """The rows of the ranking `items` (scoring.RankedOffer, whole) the filters leave, one page of them. A
    position no longer among them (the filters changed, the offer left the ranking) is an error on `after`
    and the first page."""
    rows = list(items)
    if filters.passing:
        rows = [item for item in rows if item.passes_threshold is (filters.passing == "yes")]
    if filters.q:
        named = _matching(call, filters.q)
        rows = [item for item in rows if item.offer_id in named]
    start = 0
    if filters.after is not None:
        place = next((i for i, item in enumerate(rows) if item.offer_id == filters.after), None)
        if place is None:
            filters.errors.setdefault("after", []).append(_("Nieprawidłowa pozycja listy: wróć do pierwszej strony."))
            filters.after = None
        else:
            start = place + 1
    page = rows[start : start + filters.limit]
    more = start + filters.limit < len(rows)
    return RankingPage(
        items=page,
        next_after=encode_after((page[-1].offer_id,)) if more and page else None,
        shown=len(rows),
        first=start + 1,
    )
