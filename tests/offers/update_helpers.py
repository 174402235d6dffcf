"""Bodies of the update (aktualizacja) after a lower grant, for the 12 000,00 zł award of the `awarded`
fixture (the offer asked for 17 020,00 zł of 19 520,00 zł: a share of 87,19 %)."""

from tests.offers.helpers import offer_body


def update_body(**overrides) -> dict:
    """Costs 14 020,00 = grant 12 000,00 + own 2 020,00 (a share of 85,59 %); admin 2 000,00 (14,27 %)."""
    full = offer_body()
    items = [dict(item) for item in full["cost_items"]]
    items[0].update(quantity="70", grant_part="7000.00")  # the teacher: 70 h instead of 120
    items[3].update(quantity="8", grant_part="1980.00")  # coordination: 8 months instead of 10
    body = {
        "actions": full["actions"],
        "results": full["results"],
        "cost_items": items,
        "own_financial": "20.00",
        "own_non_financial_personal": "0.00",
        "own_non_financial_in_kind": "2000.00",
    }
    body.update(overrides)
    return body


def lines(*rows) -> list[dict]:
    """Cost lines from (action, name, quantity, unit_cost, grant_part) tuples."""
    return [
        {"action": a, "name": n, "unit": "szt.", "quantity": q, "unit_cost": c, "grant_part": g}
        for a, n, q, c, g in rows
    ]
