"""The balanced assignment as a pure function of ids (`grants.review.balance`): examples and properties."""

from collections import Counter

from hypothesis import given, settings
from hypothesis import strategies as st

from grants.review.balance import balanced, every_pair, fair_share, least_loaded, top_up

# No example database: the suite must not write files outside its own folders.
FAST = settings(max_examples=80, deadline=None, database=None)


@st.composite
def committees(draw, *, with_conflicts: bool):
    """(offer ids, voting member ids, per offer, conflicts)."""
    members = draw(st.integers(min_value=1, max_value=9))
    offers = draw(st.integers(min_value=0, max_value=25))
    per_offer = draw(st.integers(min_value=1, max_value=members))
    voting = list(range(100, 100 + members))
    offer_ids = list(range(1, offers + 1))
    pairs = [(m, o) for m in voting for o in offer_ids]
    conflicts = (
        set(draw(st.lists(st.sampled_from(pairs), max_size=len(pairs) // 3))) if with_conflicts and pairs else set()
    )
    return offer_ids, voting, per_offer, conflicts


def _members_of(pairs, offer):
    return [m for m, o in pairs if o == offer]


@FAST
@given(committees(with_conflicts=False))
def test_every_offer_gets_k_distinct_members_and_loads_differ_by_one_at_most(case):
    offers, voting, per_offer, _conflicts = case
    plan = balanced(offers, set(voting), per_offer)
    for offer in offers:
        assert len(set(_members_of(plan.pairs, offer))) == per_offer
    load = Counter(m for m, _o in plan.pairs)
    if offers:
        loads = [load[m] for m in voting]
        assert max(loads) - min(loads) <= 1
        assert max(loads) <= plan.cap == fair_share(len(offers), per_offer, len(voting))
    assert plan.warnings == []


@FAST
@given(committees(with_conflicts=True))
def test_conflicts_are_never_assigned_and_a_short_offer_is_warned_of(case):
    offers, voting, per_offer, conflicts = case
    plan = balanced(offers, set(voting), per_offer, conflicts=conflicts)
    assert not plan.pairs & conflicts
    short = {w["offer_id"] for w in plan.warnings if w["code"] == "understaffed"}
    for offer in offers:
        eligible = [m for m in voting if (m, offer) not in conflicts]
        assert len(_members_of(plan.pairs, offer)) == min(per_offer, len(eligible))
        assert (offer in short) == (len(eligible) < per_offer)


@FAST
@given(committees(with_conflicts=True), st.data())
def test_standing_pairs_with_sheets_are_kept(case, data):
    offers, voting, per_offer, conflicts = case
    pairs = sorted(set(every_pair(voting, offers)) - conflicts)
    current = set(data.draw(st.lists(st.sampled_from(pairs), max_size=len(pairs)))) if pairs else set()
    with_sheets = (
        set(data.draw(st.lists(st.sampled_from(sorted(current)), max_size=len(current)))) if current else set()
    )
    plan = balanced(offers, set(voting), per_offer, conflicts=conflicts, current=current, with_sheets=with_sheets)
    assert with_sheets <= plan.pairs
    assert not plan.pairs & conflicts


def test_standing_pairs_that_fit_are_kept_even_when_loads_are_uneven():
    # Running the split again keeps work in progress: member 1 keeps both offers, member 2 gets none.
    plan = balanced([1, 2], {1, 2}, 1, current={(1, 1), (1, 2)})
    assert plan.pairs == {(1, 1), (1, 2)}
    assert plan.warnings == []


def test_a_declared_pair_is_kept_before_an_undeclared_one():
    plan = balanced([1], {1, 2, 3}, 1, current={(1, 1), (2, 1)}, declared={(2, 1)})
    assert plan.pairs == {(2, 1)}


def test_the_cap_is_exceeded_only_when_conflicts_leave_no_one_else():
    # Offers 1 and 2: only member 1 is free of conflicts, and the cap is one offer each.
    conflicts = {(2, 1), (2, 2)}
    plan = balanced([1, 2], {1, 2}, 1, cap=1, conflicts=conflicts)
    assert plan.pairs == {(1, 1), (1, 2)}
    assert plan.warnings == [{"code": "cap_exceeded", "offer_id": 2, "member_id": 1}]


def test_least_loaded_puts_members_at_the_cap_last_and_breaks_ties_by_id():
    assert least_loaded([3, 1, 2], {1: 2, 2: 0, 3: 0}, 2) == [2, 3]
    assert least_loaded([3, 1, 2], {1: 0, 2: 1, 3: 1}, 3, cap=1) == [1, 2, 3]
    assert least_loaded([1, 2], {}, -1) == []


def test_top_up_adds_the_least_loaded_voting_members_then_every_adviser():
    active = {(1, 10), (1, 11), (2, 11)}
    added = top_up(12, [1, 2, 3], [9], per_offer=2, active=active, conflicts={(3, 12)})
    assert added == [2, 1, 9]
    assert top_up(12, [1, 2, 3], [9], per_offer=None, active=active) == [3, 2, 1, 9]
    assert top_up(10, [1, 2], [], per_offer=1, active=active) == []
