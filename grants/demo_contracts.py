"""The demo's after-award half, on the finished cycle (grants.demo_cycle): each step through the operations
people use, on the clock of the day it would have happened (`clock_at`).

- GEKO-PRO: a contract in two tranches, both paid; its final report submitted and waiting for the office;
- „Chciej Chcieć”: one tranche, paid; its final report accepted (the contract performed) with part of the
  grant unused — and nothing returned, so the return (ufp art. 251: 15 days after the end of the period of
  using the grant) is overdue, with interest running, on the officer's desk and in the NGO's.
"""

from datetime import timedelta
from decimal import Decimal

from grants.clock import clock_at
from grants.contracts.operations.contracts import draw_up, record_tranche_paid, sign
from grants.contracts.operations.reports import (
    create_report,
    final_report_of,
    review_report,
    submit_report,
    update_report,
)
from grants.contracts.report_content import planned_results
from grants.demo_cycle import warsaw_at, working_day_before
from grants.extensions import db

# What each organisation did not spend of the grant, line by line from the last cost line up.
UNUSED = {"geko-pro@ngo.example": Decimal("0.00"), "chciej@ngo.example": Decimal("1250.00")}
TRANCHE_SHARES = {"geko-pro@ngo.example": (Decimal("0.70"), Decimal("0.30")), "chciej@ngo.example": (Decimal("1"),)}


def load_after_award(*, officer, people, cycle) -> dict:
    """Contracts, payments and final reports of the finished cycle's funded offers; {e-mail: contract}."""
    dates, offers = cycle["dates"], cycle["offers"]
    contracts = {}
    for email in UNUSED:
        contracts[email] = _contract(officer, offers[email], email, dates)
    for email, contract in contracts.items():
        _final_report(people[email], contract, email, dates)
    with clock_at(warsaw_at(working_day_before(dates["task_end"] + timedelta(days=24)), 11)):
        review_report(officer, final_report_of(contracts["chciej@ngo.example"]), "accepted", "Sprawozdanie przyjęte.")
        db.session.flush()
    return contracts


def _contract(officer, offer, email, dates):
    grant = offer.current_version.requested_grant
    shares = TRANCHE_SHARES[email]
    start, end = dates["task_start"], dates["task_end"]
    due_dates = [start + timedelta(days=7), start + (end - start) // 2][: len(shares)]
    amounts = [(grant * share).quantize(Decimal("0.01")) for share in shares[:-1]]
    amounts.append(grant - sum(amounts, Decimal("0")))
    signed_on = working_day_before(start - timedelta(days=5))
    with clock_at(warsaw_at(signed_on, 10)):
        contract = draw_up(
            officer,
            offer.id,
            {
                "tranches": [
                    {"amount": str(a), "due_date": d.isoformat()} for a, d in zip(amounts, due_dates, strict=True)
                ]
            },
        )
        db.session.flush()
        sign(officer, contract, signed_on.isoformat())
        db.session.flush()
    for n, due in enumerate(due_dates, start=1):
        paid_on = working_day_before(due)
        with clock_at(warsaw_at(paid_on, 13)):
            record_tranche_paid(officer, contract, n, paid_on.isoformat())
            db.session.flush()
    return contract


def _final_report(person, contract, email, dates):
    submitted_on = working_day_before(dates["task_end"] + timedelta(days=18))
    with clock_at(warsaw_at(submitted_on, 9)):
        report, _created = create_report(person, contract, {"kind": "final"})
        update_report(person, report, _report_content(contract, UNUSED[email]))
        db.session.flush()
        submit_report(person, report)
        db.session.flush()


def _report_content(contract, unused: Decimal) -> dict:
    expenses, left = [], unused
    for item in reversed(contract.cost_items):
        total = (item.quantity * item.unit_cost).quantize(Decimal("0.01"))
        cut = min(left, item.grant_part)
        left -= cut
        expenses.append(
            {"cost_item_id": item.id, "actual_total": str(total - cut), "actual_grant": str(item.grant_part - cut)}
        )
    return {
        "results_description": "Punkt informacyjny działał przez cały okres zadania; kursy A1 i A2 ukończyły "
        "dwie grupy uczestników.",
        "results": [{"achieved": f"Osiągnięto: {r['planned']}"} for r in planned_results(contract)],
        "actions_description": "Dyżury informacyjne w czterech językach, kursy języka polskiego, konsultacje "
        "indywidualne — zgodnie z harmonogramem oferty.",
        "expenses": list(reversed(expenses)),
        "additional_information": "",
    }
