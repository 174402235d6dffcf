"""The ranking of a call, recomputed on every read by `scoring.rank_call` from final score sheets only.

The official score is exactly what the call states (aggregation, per-criterion minimums, the threshold, the
tie-break ladder and the budget mode are the call's); experts' advisory scores are computed beside it, never
in it (art. 15 ust. 2e). Nothing here writes.
"""

import threading
from collections import OrderedDict
from dataclasses import dataclass, field
from decimal import Decimal

import sqlalchemy as sa
from flask_babel import gettext as _

from grants.auth.models import User
from grants.calls.models import Call
from grants.db import among_ids
from grants.errors import Conflict
from grants.extensions import db
from grants.offers.models import Offer, OfferVersion
from grants.organizations.models import Organization
from grants.review import closing_queries, labels, queries, rules
from grants.review.models import (
    VOTING_ROLES,
    Assignment,
    AssignmentStatus,
    CommitteeMember,
    CommitteeRole,
    FormalReview,
    FormalStatus,
    MemberStatus,
    ScoreEntry,
    ScoreSheet,
    SheetStatus,
)
from scoring import Criterion, OfferInput, RankingResult, Score, ScoringRules, rank_call, tie_break_step
from scoring.errors import ScoringError


def criteria_of(call: Call) -> tuple[Criterion, ...]:
    return tuple(
        Criterion(
            c.code,
            c.name,
            Decimal(c.max_points),
            Decimal(c.min_points) if c.min_points is not None else None,
            c.advisory,
        )
        for c in call.criteria
    )


def tie_break_of(call: Call) -> list[list]:
    """The call's ladder (steps naming criteria the call no longer has are dropped), or the default."""
    codes = {c.code for c in call.criteria}
    ladder = call.tie_break if call.tie_break is not None else rules.default_tie_break(codes)
    return [step for step in ladder if step[0] != "criterion" or step[1] in codes]


def selection_rules_of(call: Call) -> list[str]:
    """The call's rules of choosing offers beside its criteria, in words (the announcement's item 6)."""
    return labels.selection_rules_lines(
        tie_break_of(call),
        {c.code: c.name for c in call.criteria},
        allow_half_points=call.allow_half_points,
        partial_last=call.partial_last,
    )


def _step(spec: list):
    if spec[0] == "draw":
        return tie_break_step(("draw", {int(k): int(v) for k, v in dict(spec[1]).items()}))
    return tie_break_step(tuple(spec))


def scoring_rules(call: Call) -> ScoringRules:
    return ScoringRules(
        aggregation=call.aggregation.value,
        min_total=Decimal(call.min_total_points) if call.min_total_points is not None else None,
        allow_halves=call.allow_half_points,
        tie_break=tuple(_step(step) for step in tie_break_of(call)),
        partial_last=call.partial_last,
    )


@dataclass(frozen=True)
class OfferRow:
    offer_id: int
    title: str
    organization_id: int
    organization: str
    requested_grant: Decimal


@dataclass
class Ranking:
    """The ranking of a call and what it was computed from (`inputs`: what `rank_call` received besides the
    points). `offers`: every offer's row — but a ranking reused by a page (`call_ranking(reuse=True)`) has
    only those asked for with `with_offers`."""

    call: Call
    result: RankingResult
    offers: dict[int, OfferRow]
    experts: dict[int, object]
    assigned: dict[int, int]
    inputs: dict = field(default_factory=dict)
    stamp: str | None = None  # the call's `ranking_inputs` read before the points (`reuse` only)


def _offer_rows(call: Call, ids=None, *, accepted: bool = True) -> dict[int, OfferRow]:
    """The rows of the call's formally accepted offers (of those among `ids`). Not `accepted`: of every offer
    checked, whatever its formal status now — a kept ranking (`with_offers`) may be a moment older than an
    offer's rejection, and still names it."""
    query = (
        db.select(Offer.id, Offer.title, Offer.organization_id, Organization.name, OfferVersion.requested_grant)
        .join(FormalReview, FormalReview.offer_id == Offer.id)
        .join(Organization, Organization.id == Offer.organization_id)
        # The version formally accepted is the one in the competition: an update (aktualizacja) after the
        # results is a later current version and changes neither the ranking nor its requested grants.
        .join(OfferVersion, OfferVersion.id == FormalReview.reviewed_version_id)
        .where(FormalReview.call_id == call.id)
    )
    if accepted:
        query = query.where(FormalReview.status == FormalStatus.accepted)
    if ids is not None:
        query = query.where(among_ids(FormalReview.offer_id, ids, db.session.get_bind().dialect.name))
    return {row[0]: OfferRow(*row) for row in db.session.connection().execute(query).all()}


def with_offers(ranking: Ranking, ids=None) -> Ranking:
    """`ranking` with the rows of the offers `ids` (all its offers without them) — read now, never kept: a
    title or an organisation's name changes without the call's stamp. A page of 100 rows reads 100."""
    wanted = [item.offer_id for item in ranking.result.items] if ids is None else list(ids)
    missing = [offer_id for offer_id in wanted if offer_id not in ranking.offers]
    if missing:
        ranking.offers.update(_offer_rows(ranking.call, None if ids is None else missing, accepted=False))
    return ranking


def _final_points(call: Call, codes, *columns):
    """A select of `columns` over the points that count (see `final_scores`)."""
    query = queries.in_good_standing(
        db.select(*columns)
        .select_from(ScoreEntry)
        .join(ScoreSheet, ScoreSheet.id == ScoreEntry.sheet_id)
        .join(
            Assignment,
            sa.and_(Assignment.member_id == ScoreSheet.member_id, Assignment.offer_id == ScoreSheet.offer_id),
        )
    ).where(
        ScoreSheet.call_id == call.id,
        ScoreSheet.status == SheetStatus.final,
        ScoreEntry.points.is_not(None),
    )
    if codes is not None:
        query = query.where(ScoreEntry.criterion_code.in_(list(codes)))
    return query


HUNDREDTHS = sa.type_coerce(ScoreEntry.points, sa.Integer)
# The role as its stored text: the Enum's result processing, once per point, cost more than the rest of the
# reading (21 000 points of a national call).
ROLE = sa.type_coerce(CommitteeMember.role, sa.String)


def final_scores(call: Call, *, codes=None) -> tuple[list[Score], list[Score]]:
    """Points of final sheets that count, as (voting members', experts' advisory): of active members, on
    formally accepted offers still assigned to them, with an impartial declaration. One query; the points
    are read as stored (hundredths) and turned into Decimals once per distinct value."""
    query = _final_points(
        call, codes, CommitteeMember.user_id, ScoreSheet.offer_id, ScoreEntry.criterion_code, HUNDREDTHS, ROLE
    )
    decimals: dict[int, Decimal] = {}
    voting: list[Score] = []
    advisory: list[Score] = []
    expert = CommitteeRole.expert.value
    # Through the connection: a Core statement needs none of the ORM session's result machinery; all rows at
    # once (one fetch, not one per row).
    for member, offer, code, raw, role in db.session.connection().execute(query).all():
        points = decimals.get(raw)
        if points is None:
            points = decimals[raw] = (Decimal(raw) / 100).quantize(Decimal("0.01"))
        (advisory if role == expert else voting).append(Score(member, offer, code, points))
    return voting, advisory


def _inputs_stamp(call: Call) -> str:
    """The call's `ranking_inputs` as committed now (not as the session loaded the call), which every act
    changing the points that count renews (`operations.common.inputs_changed`). Read before the points, so a
    ranking kept under a stamp was computed from that state or a later one, never an earlier."""
    return db.session.connection().execute(sa.select(Call.ranking_inputs).where(Call.id == call.id)).scalar_one()


def _assigned_counts(call: Call) -> dict[int, int]:
    rows = db.session.connection().execute(
        db.select(Assignment.offer_id, sa.func.count(Assignment.id))
        .join(CommitteeMember, CommitteeMember.id == Assignment.member_id)
        .where(
            Assignment.call_id == call.id,
            Assignment.status == AssignmentStatus.active,
            CommitteeMember.status == MemberStatus.active,
            CommitteeMember.role.in_(list(VOTING_ROLES)),
        )
        .group_by(Assignment.offer_id)
    )
    return dict(rows.all())


# The rankings computed last in this process, by everything they were computed from (a page of the ranking is
# read again and again — its next pages, its filters — while nothing changes), and the sheets their calls'
# closings wait for (`sheets_progress`). Bounded: a few calls' of each.
_COMPUTED: OrderedDict = OrderedDict()
_COMPUTED_LOCK = threading.Lock()
COMPUTED_KEPT = 16


def _computed(key):
    with _COMPUTED_LOCK:
        found = _COMPUTED.get(key)
        if found is not None:
            _COMPUTED.move_to_end(key)
        return found


def _keep(key, value) -> None:
    with _COMPUTED_LOCK:
        _COMPUTED[key] = value
        while len(_COMPUTED) > COMPUTED_KEPT:
            _COMPUTED.popitem(last=False)


def call_ranking(call: Call, *, reuse: bool = False, stamp: str | None = None) -> Ranking:
    """Score, rank and fit the call's formally accepted offers with `scoring.rank_call`.

    `reuse` (the pages): when everything the ranking is computed from is what an earlier computation in this
    process had, its result is that computation's, which `rank_call` (pure, and blind to the order of its
    input) would give again. The criteria, the rules and the budget are read with the call and compared; the
    rest — which offers are formally accepted with the grants they request (the version accepted), the points
    that count and the assignment counts — changes only by the acts that write the call a new
    `ranking_inputs` stamp (`operations.common.inputs_changed`), so the stamp stands for it: one row, where
    the points are the call's ≈ 21 000 (7 members × 6 criteria × 500 offers) and the offers its 500. The
    offers' rows (titles, names) are then read only for the rows shown (`with_offers`). The API and the
    operations (the decision, the results) always compute it, with every offer's row. `stamp`: the call's
    stamp as the caller read it from the database in this request, before this reads anything else."""
    criteria = criteria_of(call)
    codes = [c.code for c in criteria]
    rules_ = scoring_rules(call)
    budget = Decimal(call.budget_total)
    stamp = (stamp or _inputs_stamp(call)) if reuse else None
    key = (call.id, criteria, rules_, budget, stamp)
    computed = _computed(key) if reuse else None
    offers: dict[int, OfferRow] = {}
    if computed is None:
        offers = _offer_rows(call)  # after the stamp: this state or a later one is what is kept under it
        offer_inputs = [OfferInput(row.offer_id, row.requested_grant) for row in offers.values()]
        result, experts = _rank(criteria, rules_, offer_inputs, budget, final_scores(call, codes=codes))
        computed = (result, experts, _assigned_counts(call), offer_inputs)
        if reuse:
            _keep(key, computed)
    result, experts, assigned, offer_inputs = computed
    return Ranking(
        call=call,
        result=result,
        offers=offers,
        experts=experts,
        assigned=assigned,
        inputs={"criteria": criteria, "rules": rules_, "offers": offer_inputs, "budget": budget},
        stamp=stamp,
    )


def member_names(call: Call) -> dict[int, str]:
    """{user id: full name} of everyone who sat on the call's committee, removed members included: two
    columns, where `committee_of` loads each member with the person, the office, the nominating organisation
    and the person's roles."""
    query = (
        db.select(CommitteeMember.user_id, User.full_name)
        .join(User, User.id == CommitteeMember.user_id)
        .where(CommitteeMember.call_id == call.id)
    )
    return dict(db.session.execute(query).all())


def _named_sheets(pairs: list[tuple[int, int]], named: int) -> list[tuple[str, str]]:
    """The first `named` of (member's user id, offer id) as (member's name, offer title), by the name, then
    the offer — the database's order of the names (its collation), equal names side by side."""
    if not pairs:
        return []
    people = db.session.execute(
        db.select(User.id, User.full_name)
        .where(User.id.in_({user_id for user_id, _ in pairs}))
        .order_by(User.full_name)
    ).all()
    names = dict(people)
    place_of_name: dict[str, int] = {}
    place = {user_id: place_of_name.setdefault(name, index) for index, (user_id, name) in enumerate(people)}
    first = sorted(pairs, key=lambda pair: (place[pair[0]], pair[1]))[:named]
    titles = dict(
        db.session.execute(db.select(Offer.id, Offer.title).where(Offer.id.in_({offer for _, offer in first}))).all()
    )
    return [(names[user_id], titles[offer_id]) for user_id, offer_id in first]


def sheets_progress(call: Call, named: int, stamp: str | None = None) -> tuple[int, int, list[tuple[str, str]]]:
    """(sheets the closing waits for, how many are final, the first `named` of the others as (member's name,
    offer title)), for the ranking page. Which sheets are awaited and which are final changes only by the acts
    that renew the call's `ranking_inputs` stamp, so they are kept by it like the rankings (3 500 rows of a
    national call, joined over five tables); the names are read each time, a few rows: a person's name or an
    offer's title changes without the stamp. `stamp`: the one a ranking of this request read (`Ranking.stamp`,
    read before this reads the sheets, so as good as reading it now)."""
    key = ("awaited sheets", call.id, stamp or _inputs_stamp(call))
    awaited = _computed(key)
    if awaited is None:
        awaited = closing_queries.awaited_sheets(call)
        _keep(key, awaited)
    unfinished = [(user_id, offer_id) for user_id, offer_id, final in awaited if not final]
    return len(awaited), len(awaited) - len(unfinished), _named_sheets(unfinished, named)


def _rank(criteria, rules_, offer_inputs, budget, scores) -> tuple[RankingResult, dict]:
    voting, advisory = scores
    try:
        result = rank_call(criteria, rules_, offer_inputs, voting, budget)
    except ScoringError as error:  # inconsistent stored data: a state problem, never a 500
        problem = _("Nie można ułożyć rankingu: %(problem)s", problem=str(error))
        raise Conflict(problem, code="ranking_invalid") from error
    experts = {}
    if advisory:
        experts_result = rank_call(criteria, rules_, offer_inputs, advisory, budget, diagnostics=False)
        experts = {item.offer_id: item for item in experts_result.items}
    return result, experts
