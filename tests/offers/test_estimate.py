"""The cost estimate (Annex 1 section V) as pure functions: sums half-up to grosze, and every rule of
the call named at its field with a hint. No app, no database."""

from datetime import date
from decimal import Decimal as D

from hypothesis import given, settings
from hypothesis import strategies as st

from grants.offers.estimate import CallLimits, check, compute, line_value

LIMITS = CallLimits(
    form="wspieranie",
    task_start=date(2027, 1, 10),
    task_end=date(2027, 12, 15),
    grant_min=D("5000.00"),
    grant_max=D("60000.00"),
    budget_total=D("120000.00"),
    own_contribution_min_percent=D("10.00"),
    admin_costs_max_percent=D("15.00"),
)


def line(action, quantity, unit_cost, grant_part="0", **extra):
    return {
        "action": action,
        "quantity": D(quantity),
        "unit_cost": D(unit_cost),
        "grant_part": D(grant_part),
        "year_values": extra.get("year_values"),
    }


def content(**overrides):
    """Costs 19 520,00 = grant 17 020,00 + own 2 500,00 (500 financial + 2 000 in kind)."""
    value = {
        "task_start": date(2027, 2, 1),
        "task_end": date(2027, 11, 30),
        "actions": [{}, {}],
        "cost_items": [
            line(0, "120", "100.00", "12000.00"),
            line(1, "40", "75.50", "3020.00"),
            line(1, "5", "400.00", "0"),
            line("admin", "10", "250.00", "2000.00"),
        ],
        "own_financial": D("500.00"),
        "own_non_financial_personal": D("0"),
        "own_non_financial_in_kind": D("2000.00"),
        "beneficiary_fees": None,
        "paid_activity": False,
        "cost_split": [],
    }
    value.update(overrides)
    return value


def codes(problems):
    return {(p.path, p.code) for p in problems}


def test_sums_per_action_admin_and_sources():
    est = compute(content())
    assert est.line_values == [D("12000.00"), D("3020.00"), D("2000.00"), D("2500.00")]
    assert est.action_totals == [D("12000.00"), D("5020.00")]
    assert (est.actions_total, est.admin_total, est.total_cost) == (D("17020.00"), D("2500.00"), D("19520.00"))
    assert est.requested_grant == D("17020.00")
    assert est.own_contribution == D("2500.00") and est.own_non_financial == D("2000.00")
    assert est.own_contribution_percent == D("12.81")  # 2500 / 19520 = 12.807…
    strings = est.as_strings()
    assert strings["total_cost"] == "19520.00" and strings["own_contribution_percent"] == "12.81"
    assert check(content(), LIMITS) == []


def test_line_value_is_half_up_to_grosze():
    assert line_value({"quantity": D("0.5"), "unit_cost": D("0.05")}) == D("0.03")  # banker's would give 0.02
    assert line_value({"quantity": D("3"), "unit_cost": D("33.33")}) == D("99.99")
    assert line_value({"quantity": None, "unit_cost": D("1")}) is None


def test_grant_part_may_not_exceed_the_line():
    items = content()["cost_items"]
    items[1] = line(1, "40", "75.50", "3020.01")
    problems = check(content(cost_items=items), LIMITS)
    assert ("cost_items.1.grant_part", "grant_part_over_value") in codes(problems)
    message = next(p.message for p in problems if p.path == "cost_items.1.grant_part")
    assert "3\u00a0020,00\u00a0zł" in message  # the hint names the most it may be


def test_grant_plus_own_must_equal_total_with_the_difference_named():
    short = check(content(own_financial=D("400.00")), LIMITS)
    assert ("own_contribution", "sources_below_total") in codes(short)
    assert "100,00" in next(p.message for p in short if p.code == "sources_below_total")
    over = check(content(own_financial=D("600.00")), LIMITS)
    assert ("own_contribution", "sources_above_total") in codes(over)


def test_grant_within_the_calls_minimum_and_maximum():
    small = content(
        cost_items=[line(0, "1", "4000.00", "3600.00"), line(1, "1", "400", "0")],
        own_financial=D("800.00"),
        own_non_financial_in_kind=D("0"),
    )
    assert ("requested_grant", "grant_below_minimum") in codes(check(small, LIMITS))
    big = content(
        cost_items=[line(0, "1", "70000.00", "61000.00")], own_financial=D("9000.00"), own_non_financial_in_kind=D("0")
    )
    problems = check(big, LIMITS)
    assert ("requested_grant", "grant_above_maximum") in codes(problems)
    assert "1\u00a0000,00" in next(p.message for p in problems if p.code == "grant_above_maximum")
    no_max = CallLimits(form="wspieranie", budget_total=D("50000.00"))
    assert ("requested_grant", "grant_above_maximum") in codes(check(big, no_max))  # the budget caps it


def test_own_contribution_minimum_is_exact_and_only_for_wspieranie():
    # 1 000,00 total, own 99,99 = 9.999 % — prints as "10.00" yet is below 10 %.
    almost = content(
        actions=[{}],
        cost_items=[line(0, "1", "1000.00", "900.01")],
        own_financial=D("99.99"),
        own_non_financial_in_kind=D("0"),
    )
    limits = CallLimits(form="wspieranie", own_contribution_min_percent=D("10.00"))
    est = compute(almost)
    assert est.own_contribution_percent == D("10.00")
    problems = check(almost, limits)
    assert ("own_contribution", "own_contribution_below_minimum") in codes(problems)
    assert "100,00" in next(p.message for p in problems if p.code == "own_contribution_below_minimum")
    enough = content(
        actions=[{}],
        cost_items=[line(0, "1", "1000.00", "900.00")],
        own_financial=D("100.00"),
        own_non_financial_in_kind=D("0"),
    )
    assert check(enough, limits) == []
    powierzanie = CallLimits(form="powierzanie", own_contribution_min_percent=D("10.00"))
    no_own = content(
        actions=[{}],
        cost_items=[line(0, "1", "1000.00", "1000.00")],
        own_financial=D("0"),
        own_non_financial_in_kind=D("0"),
    )
    assert check(no_own, powierzanie) == []
    assert ("own_contribution", "own_contribution_below_minimum") in codes(check(no_own, limits))


def test_non_financial_contribution_counts_towards_the_minimum():
    limits = CallLimits(form="wspieranie", own_contribution_min_percent=D("10.00"))
    personal = content(
        actions=[{}],
        cost_items=[line(0, "1", "1000.00", "900.00")],
        own_financial=D("0"),
        own_non_financial_personal=D("60.00"),
        own_non_financial_in_kind=D("40.00"),
    )
    assert check(personal, limits) == []


def test_admin_costs_cap():
    items = [line(0, "1", "8400.00", "7000.00"), line("admin", "1", "1600.00", "1000.00")]  # 16 % admin
    problems = check(
        content(actions=[{}], cost_items=items, own_financial=D("2000.00"), own_non_financial_in_kind=D("0")), LIMITS
    )
    assert ("admin_costs", "admin_costs_over_cap") in codes(problems)
    assert "100,00" in next(p.message for p in problems if p.code == "admin_costs_over_cap")  # cut by 100 zł


def test_task_dates_inside_the_calls_window():
    early = check(content(task_start=date(2027, 1, 9)), LIMITS)
    assert ("task_start", "task_start_before_call") in codes(early)
    late = check(content(task_end=date(2027, 12, 16)), LIMITS)
    assert ("task_end", "task_end_after_call") in codes(late)
    reversed_ = check(content(task_start=date(2027, 6, 1), task_end=date(2027, 5, 1)), LIMITS)
    assert ("task_end", "task_end_before_start") in codes(reversed_)


def test_every_cost_line_belongs_to_an_action_of_III_4():
    items = content()["cost_items"] + [line(5, "1", "10.00")]
    problems = check(content(cost_items=items, own_financial=D("510.00")), LIMITS)
    assert ("cost_items.4.action", "unknown_action") in codes(problems)
    assert "0–1" in next(p.message for p in problems if p.path == "cost_items.4.action")
    no_actions = check(content(actions=[]), LIMITS)
    assert ("cost_items.0.action", "unknown_action") in codes(no_actions)
    assert compute(content(cost_items=items)).unassigned_total == D("10.00")


def test_fees_are_part_of_financial_contribution_and_need_paid_activity():
    over = check(content(beneficiary_fees=D("600.00"), paid_activity=True), LIMITS)
    assert ("beneficiary_fees", "fees_over_financial") in codes(over)
    unpaid = check(content(beneficiary_fees=D("300.00"), paid_activity=False), LIMITS)
    assert ("beneficiary_fees", "fees_need_paid_activity") in codes(unpaid)
    assert check(content(beneficiary_fees=D("300.00"), paid_activity=True), LIMITS) == []
    est = compute(content(beneficiary_fees=D("300.00")))
    assert est.own_contribution == D("2500.00")  # fees are inside own_financial, not added again


def test_multi_year_task_splits_every_line_by_year():
    limits = CallLimits(form="powierzanie", task_start=date(2027, 9, 1), task_end=date(2028, 6, 30))
    two_years = dict(
        task_start=date(2027, 9, 1),
        task_end=date(2028, 6, 30),
        actions=[{}],
        own_financial=D("0"),
        own_non_financial_in_kind=D("0"),
    )
    missing = check(content(cost_items=[line(0, "10", "100.00", "1000.00")], **two_years), limits)
    assert ("cost_items.0.year_values", "year_split_missing") in codes(missing)
    wrong = check(
        content(
            cost_items=[line(0, "10", "100.00", "1000.00", year_values={2027: D("400.00"), 2028: D("500.00")})],
            **two_years,
        ),
        limits,
    )
    assert ("cost_items.0.year_values", "year_split_mismatch") in codes(wrong)
    outside = check(
        content(
            cost_items=[line(0, "10", "100.00", "1000.00", year_values={2027: D("400.00"), 2029: D("600.00")})],
            **two_years,
        ),
        limits,
    )
    assert ("cost_items.0.year_values", "year_outside_task") in codes(outside)
    right = content(
        cost_items=[line(0, "10", "100.00", "1000.00", year_values={2027: D("400.00"), 2028: D("600.00")})], **two_years
    )
    assert check(right, limits) == []
    assert compute(right).year_totals == {2027: D("400.00"), 2028: D("600.00")}


def test_joint_offer_split_between_offerors_sums_to_total():
    split = [{"organization_id": 1, "amount": D("10000.00")}, {"organization_id": 2, "amount": D("9000.00")}]
    problems = check(content(cost_split=split), LIMITS)
    assert ("cost_split", "split_mismatch") in codes(problems)
    missing = check(content(cost_split=[split[0], {"organization_id": 2, "amount": None}]), LIMITS)
    assert ("cost_split.1.amount", "split_missing") in codes(missing)
    fine = [{"organization_id": 1, "amount": D("10000.00")}, {"organization_id": 2, "amount": D("9520.00")}]
    assert check(content(cost_split=fine), LIMITS) == []


def test_messages_go_through_the_given_gettext():
    seen = []

    def fake_gettext(message, **params):
        seen.append(message)
        return "T:" + (message % params if params else message)

    problems = check(content(own_financial=D("0")), LIMITS, gettext=fake_gettext)
    assert problems and all(p.message.startswith("T:") for p in problems) and seen


amounts = st.decimals(min_value=D("0.01"), max_value=D("99999.99"), places=2)
quantities = st.decimals(min_value=D("0.01"), max_value=D("999.99"), places=2)


@settings(max_examples=200, deadline=None)
@given(st.lists(st.tuples(st.integers(min_value=-1, max_value=2), quantities, amounts), min_size=1, max_size=12))
def test_totals_always_add_up(rows):
    items = [line("admin" if a < 0 else a, q, c) for a, q, c in rows]
    est = compute(
        {
            "actions": [{}, {}, {}],
            "cost_items": items,
            "own_financial": D(0),
            "own_non_financial_personal": D(0),
            "own_non_financial_in_kind": D(0),
        }
    )
    assert est.total_cost == sum(est.line_values) == sum(est.action_totals) + est.admin_total
    assert all(v == v.quantize(D("0.01")) for v in est.line_values)
    # fund every line wholly from the grant: then the sources balance and no line is over-funded
    funded = [{**item, "grant_part": value} for item, value in zip(items, est.line_values, strict=False)]
    balanced = {
        "actions": [{}, {}, {}],
        "cost_items": funded,
        "own_financial": D(0),
        "own_non_financial_personal": D(0),
        "own_non_financial_in_kind": D(0),
    }
    assert check(balanced, CallLimits(form="powierzanie")) == []
