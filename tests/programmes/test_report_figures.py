"""The yearly report's figures (art. 5a ust. 3) on a year where each number is known by hand, and the
standing awards in SQL against `review.awards.standing_award` offer by offer."""

from decimal import Decimal

from grants.programmes.report import figures
from grants.review.awards import standing_award
from grants.review.models import AwardChange, AwardChangeKind
from tests.helpers import TASK_YEAR
from tests.programmes.report_helpers import hand_year  # noqa: F401  (a fixture)


def test_every_figure_of_a_hand_built_year(hand_year):  # noqa: F811
    data = figures.compute(hand_year.programme)
    assert data["year"] == TASK_YEAR
    assert data["planned"] == "70000.00"
    assert data["calls"] == {"announced": 2, "resolved": 1, "cancelled": 1}
    assert data["offers"] == {"received": 3, "funded": 2}
    assert data["grants_awarded"] == {"count": 2, "amount": "29020.00"}
    assert data["grants_paid"] == {"amount": "22000.00"}
    assert data["small_grants"] == {"received": 2, "count": 1, "amount": "8000.00", "refused": 1, "paid": "8000.00"}
    assert data["total"] == {"awarded": "37020.00", "paid": "30000.00"}
    assert data["contracts"] == {"signed": 3, "performed": 0, "terminated": 1}
    assert data["returns"] == {"count": 1, "amount": "2000.00"}
    assert data["organizations"] == {"count": 5, "funded": 3}
    assert data["per_priority"] == [
        {
            "code": "P1",
            "name": "Integracja cudzoziemców",
            "planned": "50000.00",
            "calls": 1,
            "offers": 3,
            "awarded": "29020.00",
            "paid": "22000.00",
        },
        {
            "code": "P2",
            "name": "Kultura",
            "planned": "20000.00",
            "calls": 1,
            "offers": 0,
            "awarded": "0.00",
            "paid": "0.00",
        },
    ]


def _standing_sum(offers) -> Decimal:
    found = [standing_award(o.id) for o in offers]
    return sum((s.amount for s in found if s is not None), Decimal("0.00"))


def test_awards_stand_after_a_resignation_and_moved_money(hand_year, db):  # noqa: F811
    """The figures follow the award changes as `standing_award` does: a resignation takes the award away, the
    reallocation gives the next offer a new award."""
    awarded = hand_year.awarded
    offers = [awarded.full, awarded.lower, awarded.rejected]
    db.session.add(
        AwardChange(
            call_id=awarded.call.id,
            offer_id=awarded.lower.id,
            kind=AwardChangeKind.resignation,
            amount=Decimal("12000.00"),
        )
    )
    db.session.flush()
    data = figures.compute(hand_year.programme)
    assert data["grants_awarded"] == {"count": 1, "amount": "17020.00"} and _standing_sum(offers) == Decimal("17020.00")
    db.session.add(
        AwardChange(
            call_id=awarded.call.id,
            offer_id=awarded.rejected.id,
            kind=AwardChangeKind.reallocation,
            amount=Decimal("9000.00"),
            source_offer_id=awarded.lower.id,
        )
    )
    db.session.flush()
    data = figures.compute(hand_year.programme)
    assert (
        data["grants_awarded"]
        == {"count": 2, "amount": "26020.00"}
        == {
            "count": 2,
            "amount": str(_standing_sum(offers)),
        }
    )
    assert data["offers"]["funded"] == 2 and data["per_priority"][0]["awarded"] == "26020.00"


def test_figures_cost_the_same_statements_however_big_the_year(hand_year, db, make_org, office):  # noqa: F811
    """Aggregate SQL: eight statements for the figures, the same after the year grows (bench/: 200 calls, 5 000
    offers, 300 small grants in ~0.12 s)."""
    from tests.helpers import counting_statements
    from tests.programmes.report_helpers import make_small_grant, small_grant_contract

    programme = hand_year.programme
    organizations = [make_org(f"Fundacja {n}") for n in range(5)]  # committed: made before counting
    figures.compute(programme)
    with counting_statements(db) as count:
        figures.compute(programme)
    before = count()
    for organization in organizations:
        grant = make_small_grant(db, office=office, organization=organization, status="accepted", amount="1000.00")
        small_grant_contract(db, grant, paid_on=grant.task_start)
    with counting_statements(db) as count:
        data = figures.compute(programme)
    assert (count(), before) == (8, 8) and data["small_grants"]["count"] == 6
