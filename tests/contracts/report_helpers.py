"""Plain helpers of the report tests: a complete final report (Annex 5) for a contract made by
`make_contract` from an offer of tests.offers.helpers.offer_body (lines 12 000 / 3 020 / 0 / 2 000 zł of grant)."""

from datetime import datetime, time

from grants.clock import WARSAW

ACTUAL = [("12000.00", "12000.00"), ("3020.00", "3020.00"), ("2000.00", "0.00"), ("2500.00", "2000.00")]


def expenses(contract, amounts=ACTUAL) -> list[dict]:
    return [
        {"cost_item_id": item.id, "actual_total": total, "actual_grant": grant}
        for item, (total, grant) in zip(contract.cost_items, amounts, strict=True)
    ]


def report_body(contract, **overrides) -> dict:
    body = {
        "kind": "final",
        "results_description": "Kurs ukończyło 30 osób; poziom A1 zdało 18, A2 12 osób (test końcowy).",
        "actions_description": "Kurs A1 od lutego do czerwca, kurs A2 od września do listopada, zgodnie z umową.",
        "results": [{"achieved": "30 osób (94% wartości docelowej)"}],
        "expenses": expenses(contract),
        "sources": {"own_financial": "500.00", "other_public": "0.00", "personal": "0.00", "in_kind": "2000.00"},
        "fees": {"amount": "0.00", "description": "Zadanie realizowano nieodpłatnie."},
        "other_revenue": "",
        "additional_information": "",
        "attachments": [{"name": "Listy obecności", "description": "Skany list obecności z zajęć"}],
    }
    body.update(overrides)
    return body


def warsaw_noon(day) -> datetime:
    return datetime.combine(day, time(12, 0), tzinfo=WARSAW)
