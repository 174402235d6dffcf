"""The ranking page's rows at scale: the ranking is always computed whole (`call_ranking`, scoring.rank_call on
every final sheet), and only its rows are shown in pages of 100, in the ranking's order, with the ranks as
computed. Narrowed by the threshold (passing or below it) and by what the office types (title or organisation
words, a NIP, a control code — grants.offers.search, as on the call's other lists of offers).

A page's position is the last offer shown (an opaque `after` token, as on the keyset lists): the next page
starts after that offer's place in the ranking as it stands now.

The rows are formatted here for the matrix (`page_rows`), a hundred at a time: the template prints them."""

from dataclasses import dataclass, field

import sqlalchemy as sa
from flask_babel import gettext as _
from markupsafe import Markup
from sqlalchemy.orm import defer

from grants import i18n
from grants.calls.models import Call
from grants.errors import FieldErrors
from grants.extensions import db
from grants.formatting import DASH, money_pl, points_pl
from grants.offers.models import Offer, OfferVersion
from grants.offers.search import search_offers
from grants.paging import Order, encode_after, parse_page_args
from grants.review.models import CommitteeMember, Decision, EvaluationClosure, MemberStatus, ResultsPublication
from grants.urls import id_url

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


def _kept(format_):
    """`format_` remembering its answers for the page: its 100 rows repeat the same points and amounts."""
    answers: dict = {}

    def formatted(value):
        answer = answers.get(value)
        if answer is None:
            answer = answers[value] = format_(value)
        return answer

    return formatted


# Between a row's criterion cells: each on its own line, indented as the template's other cells.
CELL_BREAK = "\n          "


def _cell_openings(columns: list[dict]) -> tuple[list[str], str]:
    """Each criterion column's cell opening with its label (for the cards below 40rem) and its code, and the
    flag of points below a criterion's minimum: escaped once for the page."""
    openings = [
        str(Markup('<td class="num" data-label="%s" data-criterion="%s">') % (column["name"], column["code"]))
        for column in columns
    ]
    return openings, str(Markup(' <strong class="flag">%s</strong>') % i18n.gettext("poniżej minimum"))


def page_rows(ranking, items, readable: set[int] | None, columns: list[dict]) -> list[dict]:
    """The rows `items` (scoring.RankedOffer of `ranking`, whose offers' rows it has) as the matrix prints
    them. For an offer whose sheets the reader may not read (not in `readable`; None: all) the breakdown built
    from the members' sheets — the criteria's points, the spread, the disagreement, the experts' score — is
    withheld, as in the API (serialize.withhold_undeclared).

    The criterion cells are one piece of HTML a row: a page has 100 rows × the criteria, and the template
    escaping each cell's label, code and points cost more than the rest of the page."""
    openings, minimum = _cell_openings(columns)
    dashes = Markup(CELL_BREAK.join(f"{opening}{DASH}</td>" for opening in openings))
    sheets_url = id_url("review_pages.sheets", "offer_id", call_id=ranking.call.id)
    points, money = _kept(points_pl), _kept(money_pl)
    scores = i18n.gettext("%(n)d z %(m)d ocen")
    rows = []
    for item in items:
        offer = ranking.offers[item.offer_id]
        withheld = readable is not None and item.offer_id not in readable
        expert = None if withheld else ranking.experts.get(item.offer_id)
        rows.append(
            {
                "offer_id": item.offer_id,
                "rank": DASH if item.rank is None else item.rank,
                "organization": offer.organization,
                "title": offer.title,
                "sheets_url": sheets_url(item.offer_id),
                "cells": dashes if withheld else _cells(item, columns, openings, minimum, points),
                "score": points(item.score),
                "scores": scores % {"n": item.n_scores, "m": ranking.assigned.get(item.offer_id, 0)},
                "spread": DASH if withheld else points(item.spread),
                "sheets_withheld": withheld,
                "passes_threshold": item.passes_threshold,
                "disagreement": item.disagreement and not withheld,
                "tied": bool(item.tied_with),
                "expert_score": points(expert.score) if expert is not None and expert.score is not None else None,
                "requested_grant": money(item.requested_grant),
                "proposed_amount": money(item.proposed_amount),
            }
        )
    return rows


def _cells(item, columns: list[dict], openings: list[str], minimum: str, points) -> Markup:
    by_code = {criterion.code: criterion for criterion in item.per_criterion}
    cells = []
    for column, opening in zip(columns, openings, strict=True):
        criterion = by_code.get(column["code"])
        if criterion is None or criterion.points is None:
            cells.append(f"{opening}{DASH}</td>")
        else:
            flag = minimum if criterion.meets_minimum is False else ""
            cells.append(f"{opening}{points(criterion.points)}{flag}</td>")
    return Markup(CELL_BREAK.join(cells))
