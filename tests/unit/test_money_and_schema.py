from decimal import Decimal

import pytest
from hypothesis import given
from hypothesis import strategies as st

from grants.calls.schema import parse_call_input
from grants.db import quantize_money
from grants.formatting import date_pl, money_pl
from grants.parsing import parse_decimal


@pytest.mark.parametrize(
    "raw, expected",
    [
        ("12345.67", Decimal("12345.67")),
        ("12 345,67", Decimal("12345.67")),
        (1000, Decimal(1000)),
        ("1\u00a0000,5", Decimal("1000.5")),
        (12.5, Decimal("12.5")),
    ],
)
def test_parse_decimal_accepts_polish_and_api_forms(raw, expected):
    assert parse_decimal(raw) == expected


@pytest.mark.parametrize("raw", ["12.345", "abc", "", None, True, "1e5", float("nan"), [1]])
def test_parse_decimal_refuses(raw):
    with pytest.raises((ValueError, ArithmeticError)):
        parse_decimal(raw)


def test_half_up_to_grosze():
    assert quantize_money("0.005") == Decimal("0.01")
    assert quantize_money("2.345") == Decimal("2.35")
    assert quantize_money("-2.345") == Decimal("-2.35")


@given(st.decimals(min_value=0, max_value=10**11, places=2))
def test_money_format_round_trips(amount):
    text = money_pl(amount, currency=False)
    assert parse_decimal(text) == amount


def test_polish_formats():
    assert money_pl(Decimal("12345.67")) == "12\u00a0345,67\u00a0zł"
    from datetime import date

    assert date_pl(date(2027, 3, 22)) == "22 marca 2027 r."


def test_schema_names_each_bad_field(app):
    data, errors = parse_call_input(
        {
            "budget_total": "-5",
            "correction_days": "dużo",
            "task_end": "2027-13-01",
            "criteria": [{"code": "a", "name": "A", "max_points": 10, "min_points": 11}],
        },
        partial=True,
    )
    assert set(errors.fields) == {"budget_total", "correction_days", "task_end", "criteria.0.min_points"}
