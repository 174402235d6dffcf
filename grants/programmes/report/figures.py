"""The yearly report's figures (art. 5a ust. 3 of the Act), computed from OKO's own records.

Read-only and aggregate: a fixed handful of statements whatever the size of the year (the bench,
bench/bench_programme_report.py, times it on 200 calls, 5 000 offers and 300 small grants). What each number
means — and what it leaves out — is written in `compute`'s docstring and in docs/programme-report.md; the
two must say the same.

The programme's year and office decide what counts:
- the programme's calls: the office's calls whose priority is one of the programme's, and the office's calls
  with no priority whose task starts in the programme's year (they count in the totals, in no priority);
- the year's small grants (art. 19a): the office's small grants whose budget year is the programme's year;
- the year's contracts: those made on the programme's calls' offers and on the year's small grants.
"""

from decimal import Decimal

import sqlalchemy as sa

from grants.calls.models import Call, CallStatus, Programme, ProgrammePriority
from grants.contracts.models import Contract, ContractStatus, GrantReturn, Tranche
from grants.extensions import db
from grants.formatting import money_str
from grants.offers.models import Offer
from grants.review.awards import standing_awards_select
from grants.smallgrants.models import SmallGrant, SmallGrantStatus

CENT = Decimal("0.01")
# Signed at some point: a contract in force, performed or terminated (a cancelled draft never was).
EVER_SIGNED = (ContractStatus.signed, ContractStatus.performed, ContractStatus.terminated)
# Received by the office: submitted at some point (a withdrawn offer was received too).
RECEIVED_SMALL_GRANT = tuple(s for s in SmallGrantStatus if s != SmallGrantStatus.draft)


def _money(value) -> Decimal:
    return Decimal(value or 0).quantize(CENT)


def programme_calls(programme: Programme):
    """A select of the ids of the programme's calls (see the module's docstring)."""
    priority_ids = [p.id for p in programme.priorities]
    return sa.select(Call.id).where(
        Call.office_id == programme.office_id,
        sa.or_(
            Call.programme_priority_id.in_(priority_ids),
            sa.and_(Call.programme_priority_id.is_(None), sa.extract("year", Call.task_start) == programme.year),
        ),
    )


def office_year_calls(office_id: int, year: int):
    """The ids of every call counted in `year` for the office: those of its programmes of the year and those
    with no priority whose task starts in the year — the same rule as `programme_calls`, for every programme."""
    programme_priorities = (
        sa.select(Call.id)
        .join(ProgrammePriority, ProgrammePriority.id == Call.programme_priority_id)
        .join(Programme, Programme.id == ProgrammePriority.programme_id)
        .where(Call.office_id == office_id, Programme.year == year)
    )
    no_priority = sa.select(Call.id).where(
        Call.office_id == office_id, Call.programme_priority_id.is_(None), sa.extract("year", Call.task_start) == year
    )
    return sa.union(programme_priorities, no_priority)


def year_small_grants(office_id: int, year: int):
    return sa.select(SmallGrant.id).where(SmallGrant.office_id == office_id, SmallGrant.budget_year == year)


def year_contracts(calls, small_grants):
    """The ids of the year's contracts: on the calls' offers and on the small grants (never a cancelled draft)."""
    return sa.select(Contract.id).where(
        Contract.status != ContractStatus.cancelled,
        sa.or_(Contract.call_id.in_(calls), Contract.offer_id.in_(small_grants)),
    )


def compute(programme: Programme) -> dict:
    """The report's figures as plain data (money as "1234.56" strings, counts as integers):

    - `year`: the programme's year;
    - `planned`: the programme's money, the sum of its priorities' budgets;
    - `calls`: `announced` — the programme's calls ever published (those cancelled after publication
      included, drafts not); `resolved` — those whose results are out; `cancelled` — those cancelled after
      publication (art. 18a; a draft thrown away was never a call);
    - `offers`: `received` — offers submitted to the programme's calls (a submitted version exists, so a
      withdrawn offer counts: it was received); `funded` — offers holding an award now;
    - `grants_awarded`: the awards standing now in the programme's resolved calls, after resignations and
      moved money (`review.awards.standing_award`'s rule): `count` and `amount`;
    - `grants_paid`: `amount` — the tranches recorded as paid on the contracts of the programme's calls
      (any payment date; a cancelled draft has none);
    - `small_grants` (art. 19a, the office's, budget year = the programme's year): `received` (submitted at
      some point), `count` and `amount` — accepted ones and their grants, `refused`, and `paid` — tranches
      recorded as paid on their contracts;
    - `total`: `awarded` = competitions + accepted small grants, `paid` = both paid;
    - `contracts`: of the year's contracts, `signed` (ever signed: in force, performed or terminated),
      `performed` and `terminated` (rozwiązane);
    - `returns`: `count` and `amount` of the returns recorded on the year's contracts (any date);
    - `organizations`: `count` — distinct organisations that took part (submitted an offer to a programme's
      call, or a small grant of the year), `funded` — those holding a standing award or an accepted small
      grant;
    - `per_priority`: for each priority of the programme, in its order: `code`, `name`, `planned` (its
      budget), `calls` (announced), `offers` (received), `awarded` and `paid` as above.
    """
    calls = programme_calls(programme)
    small_grants = year_small_grants(programme.office_id, programme.year)
    contracts = year_contracts(calls, small_grants)
    standing = standing_awards_select(calls).subquery()

    call_rows = db.session.execute(
        sa.select(
            Call.programme_priority_id,
            sa.func.count(Call.id).filter(Call.published_at.is_not(None)),
            sa.func.count(Call.id).filter(Call.status == CallStatus.resolved),
            sa.func.count(Call.id).filter(Call.status == CallStatus.cancelled, Call.published_at.is_not(None)),
        )
        .where(Call.id.in_(calls))
        .group_by(Call.programme_priority_id)
    ).all()
    offer_rows = db.session.execute(
        sa.select(Call.programme_priority_id, sa.func.count(Offer.id))
        .join(Call, Call.id == Offer.call_id)
        .where(Offer.call_id.in_(calls), Offer.current_version_id.is_not(None))
        .group_by(Call.programme_priority_id)
    ).all()
    award_rows = db.session.execute(
        sa.select(Call.programme_priority_id, sa.func.count(standing.c.offer_id), sa.func.sum(standing.c.amount))
        .join(Call, Call.id == standing.c.call_id)
        .group_by(Call.programme_priority_id)
    ).all()
    paid_rows = db.session.execute(
        sa.select(Call.programme_priority_id, Contract.call_id.is_(None), sa.func.sum(Tranche.amount))
        .select_from(Tranche)
        .join(Contract, Contract.id == Tranche.contract_id)
        .outerjoin(Call, Call.id == Contract.call_id)
        .where(Contract.id.in_(contracts), Tranche.paid_on.is_not(None))
        .group_by(Call.programme_priority_id, Contract.call_id.is_(None))
    ).all()
    small_rows = db.session.execute(
        sa.select(SmallGrant.status, sa.func.count(SmallGrant.id), sa.func.sum(SmallGrant.requested_grant))
        .where(SmallGrant.id.in_(small_grants))
        .group_by(SmallGrant.status)
    ).all()
    contract_rows = db.session.execute(
        sa.select(Contract.status, sa.func.count(Contract.id))
        .where(Contract.id.in_(contracts))
        .group_by(Contract.status)
    ).all()
    returns_count, returns_amount = db.session.execute(
        sa.select(sa.func.count(GrantReturn.id), sa.func.sum(GrantReturn.amount)).where(
            GrantReturn.contract_id.in_(contracts)
        )
    ).one()
    took_part, funded_organizations = _organization_counts(calls, small_grants, standing)

    per_call = {row[0]: row[1:] for row in call_rows}
    offers_by = dict(offer_rows)
    awards_by = {row[0]: (row[1], _money(row[2])) for row in award_rows}
    paid_by: dict = {}
    small_paid = Decimal("0.00")
    for priority_id, small, amount in paid_rows:
        if small:
            small_paid += _money(amount)
        else:
            paid_by[priority_id] = paid_by.get(priority_id, Decimal("0.00")) + _money(amount)
    small_by = {status: (count, _money(amount)) for status, count, amount in small_rows}
    accepted_count, accepted_amount = small_by.get(SmallGrantStatus.accepted, (0, Decimal("0.00")))
    contracts_by = dict(contract_rows)

    awarded = sum((amount for _, amount in awards_by.values()), Decimal("0.00"))
    paid = sum(paid_by.values(), Decimal("0.00"))
    return {
        "year": programme.year,
        "planned": money_str(programme.budget_total),
        "calls": {
            "announced": sum(row[0] for row in per_call.values()),
            "resolved": sum(row[1] for row in per_call.values()),
            "cancelled": sum(row[2] for row in per_call.values()),
        },
        "offers": {
            "received": sum(offers_by.values()),
            "funded": sum(count for count, _ in awards_by.values()),
        },
        "grants_awarded": {"count": sum(count for count, _ in awards_by.values()), "amount": money_str(awarded)},
        "grants_paid": {"amount": money_str(paid)},
        "small_grants": {
            "received": sum(small_by.get(s, (0,))[0] for s in RECEIVED_SMALL_GRANT),
            "count": accepted_count,
            "amount": money_str(accepted_amount),
            "refused": small_by.get(SmallGrantStatus.refused, (0,))[0],
            "paid": money_str(small_paid),
        },
        "total": {"awarded": money_str(awarded + accepted_amount), "paid": money_str(paid + small_paid)},
        "contracts": {
            "signed": sum(contracts_by.get(s, 0) for s in EVER_SIGNED),
            "performed": contracts_by.get(ContractStatus.performed, 0),
            "terminated": contracts_by.get(ContractStatus.terminated, 0),
        },
        "returns": {"count": returns_count, "amount": money_str(_money(returns_amount))},
        "organizations": {"count": took_part, "funded": funded_organizations},
        "per_priority": [
            {
                "code": p.code,
                "name": p.name,
                "planned": money_str(p.budget),
                "calls": per_call.get(p.id, (0,))[0],
                "offers": offers_by.get(p.id, 0),
                "awarded": money_str(awards_by.get(p.id, (0, Decimal("0.00")))[1]),
                "paid": money_str(paid_by.get(p.id, Decimal("0.00"))),
            }
            for p in programme.priorities
        ],
    }


def _participants(calls, small_grants):
    """(organization_id, funded) of everyone who took part; funded rows come from the standing awards and the
    accepted small grants."""
    return sa.union_all(
        sa.select(Offer.organization_id.label("organization_id")).where(
            Offer.call_id.in_(calls), Offer.current_version_id.is_not(None)
        ),
        sa.select(SmallGrant.organization_id).where(
            SmallGrant.id.in_(small_grants), SmallGrant.status.in_(RECEIVED_SMALL_GRANT)
        ),
    )


def _funded(standing, small_grants):
    return sa.union_all(
        sa.select(Offer.organization_id.label("organization_id")).join(standing, standing.c.offer_id == Offer.id),
        sa.select(SmallGrant.organization_id).where(
            SmallGrant.id.in_(small_grants), SmallGrant.status == SmallGrantStatus.accepted
        ),
    )


def _organization_counts(calls, small_grants, standing) -> tuple[int, int]:
    took_part = _participants(calls, small_grants).subquery()
    funded = _funded(standing, small_grants).subquery()
    return db.session.execute(
        sa.select(
            sa.select(sa.func.count(sa.distinct(took_part.c.organization_id))).scalar_subquery(),
            sa.select(sa.func.count(sa.distinct(funded.c.organization_id))).scalar_subquery(),
        )
    ).one()
