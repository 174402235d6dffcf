"""The yearly report's figures (art. 5a ust. 3) for a big office year (issue 9): 200 calls, 5 000 offers and
300 small grants; target: computed in < 2 s.

Run by hand from the project root (PostgreSQL on 127.0.0.1:5432 with trust auth, as in CI):

    .venv/bin/python bench/bench_programme_report.py                    # PostgreSQL, a fresh database
    .venv/bin/python bench/bench_programme_report.py --database sqlite  # the embedded default, for comparison

The data is inserted in bulk (rows, not operations — building 5 000 offers through the operations would take
longer than the whole run), but coherent: a programme of the year with five priorities; 200 calls of the office
spread over them (resolved, published, cancelled after publication, drafts); 1 000 organisations; 5 000
submitted offers with a frozen version each; for every resolved call a decision, its awards (about 40 % of the
offers funded) and the published results; resignations and moved money (`AwardChange`); contracts for most
awards with two tranches (the first paid), some terminated, some with returns; 300 small grants of the office's
year in every status, the accepted ones with a paid contract.

What is timed: `grants.programmes.report.figures.compute` (what the API, the page, the PDF's loader and the
publication call), then the XLSX's lists and the office's 360Giving export, each in process, with the SQL
statements counted (an engine event).
"""

import argparse
import os
import random
import statistics
import sys
import time
from datetime import UTC, date, datetime, timedelta
from decimal import Decimal
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from harness import Summary, count_statements, in_process_database, json_argument, percentile  # noqa: E402

PG_DB = "oko_bench_programme_report"
SEED = 20261204
YEAR = 2027


def build(rng: random.Random, calls_n: int, offers_n: int, small_n: int):
    from grants.auth.operations import create_staff_user
    from grants.calls.models import Call, CallForm, CallStatus
    from grants.calls.operations import create_programme
    from grants.contracts.models import Contract, ContractStatus, GrantReturn, Tranche
    from grants.extensions import db
    from grants.offers.models import Offer, OfferStatus, OfferVersion
    from grants.offices.operations import create_office
    from grants.organizations.models import LegalForm, Organization
    from grants.review.models import Award, AwardChange, AwardChangeKind, Decision, ResultsPublication
    from grants.smallgrants.models import SmallGrant, SmallGrantStatus

    office = create_office(slug="bench", name="Urząd Miasta — benchmark")
    db.session.flush()
    officer = create_staff_user(
        actor=None,
        email="bench@office.example",
        password="bench-password",
        full_name="B",
        role="officer",
        office=office,
    )
    programme = create_programme(
        actor=officer,
        raw={
            "year": YEAR,
            "title": f"Program współpracy na {YEAR} r.",
            "priorities": [{"code": str(i), "name": f"Priorytet {i}", "budget": "2000000.00"} for i in range(1, 6)],
        },
    )
    db.session.flush()
    published_at = datetime(YEAR - 1, 12, 1, 9, tzinfo=UTC)
    organizations = [
        Organization(
            name=f"Stowarzyszenie nr {i}",
            legal_form=LegalForm.stowarzyszenie,
            krs=f"{i + 1:010d}",
            street="ul. Krakowska 1",
            postal_code="45-001",
            city="Opole",
            email=f"org{i}@bench.example",
            bank_account="61109010140000071219812874",
            representatives=[],
        )
        for i in range(1000)
    ]
    db.session.add_all(organizations)
    db.session.flush()
    calls = []
    for i in range(calls_n):
        roll = rng.random()
        status = (
            CallStatus.resolved
            if roll < 0.75
            else CallStatus.published
            if roll < 0.85
            else CallStatus.cancelled
            if roll < 0.93
            else CallStatus.draft
        )
        calls.append(
            Call(
                office_id=office.id,
                programme_priority_id=programme.priorities[i % 5].id,
                status=status,
                title=f"Konkurs {i}",
                task_type="Działalność na rzecz integracji",
                budget_total=Decimal("200000.00"),
                task_start=date(YEAR, 2, 1),
                task_end=date(YEAR, 11, 30),
                submission_deadline=published_at + timedelta(days=30),
                selection_deadline=date(YEAR, 1, 20),
                form=CallForm.wspieranie,
                published_at=None if status == CallStatus.draft else published_at,
                cancelled_at=published_at + timedelta(days=40) if status == CallStatus.cancelled else None,
                created_by_id=officer.id,
            )
        )
    db.session.add_all(calls)
    db.session.flush()
    open_calls = [c for c in calls if c.status != CallStatus.draft]
    offers = []
    for i in range(offers_n):
        call = open_calls[i % len(open_calls)]
        offers.append(
            Offer(
                call_id=call.id,
                organization_id=organizations[rng.randrange(1000)].id,
                status=OfferStatus.submitted,
                title=f"Zadanie {i}",
                content={},
            )
        )
    db.session.add_all(offers)
    db.session.flush()
    versions = [
        OfferVersion(
            offer_id=o.id,
            call_id=o.call_id,
            number=1,
            document={"bench": True},
            control_sum=f"{o.id:064d}",
            control_code=f"{o.id:012d}",
            total_cost=Decimal("30000.00"),
            requested_grant=Decimal("20000.00"),
            submitted_at=published_at + timedelta(days=10),
        )
        for o in offers
    ]
    db.session.add_all(versions)
    db.session.flush()
    for offer, version in zip(offers, versions, strict=True):
        offer.current_version_id = version.id
    by_call: dict[int, list] = {}
    for offer in offers:
        by_call.setdefault(offer.call_id, []).append(offer)
    contracts, funded_offers = [], []
    sequence = 0
    results_at = published_at + timedelta(days=50)
    for call in calls:
        if call.status != CallStatus.resolved:
            continue
        decision = Decision(call_id=call.id, version=1, total=Decimal("0.00"), created_by_id=officer.id)
        db.session.add(decision)
        db.session.flush()
        items, total = [], Decimal("0.00")
        for offer in by_call.get(call.id, []):
            funded = rng.random() < 0.4
            amount = Decimal(rng.choice(("15000.00", "18000.00", "20000.00"))) if funded else Decimal("0.00")
            total += amount
            db.session.add(
                Award(
                    decision_id=decision.id,
                    offer_id=offer.id,
                    funded=funded,
                    amount=amount,
                    requested=Decimal("20000.00"),
                )
            )
            items.append({"offer_id": offer.id, "funded": funded, "amount": str(amount)})
            if funded:
                funded_offers.append((call, offer, amount))
        decision.total = total
        db.session.add(
            ResultsPublication(
                call_id=call.id, decision_id=decision.id, published_at=results_at, channels={}, items=items
            )
        )
    db.session.flush()
    resigned = rng.sample(funded_offers, 40)
    for call, offer, amount in resigned:
        db.session.add(
            AwardChange(
                call_id=call.id,
                offer_id=offer.id,
                kind=AwardChangeKind.resignation,
                amount=amount,
                recorded_at=results_at + timedelta(days=10),
            )
        )
    resigned_ids = {offer.id for _c, offer, _a in resigned}
    for call, offer, amount in resigned[:20]:
        other = next((o for o in by_call[call.id] if o.id not in resigned_ids and o.id != offer.id), None)
        if other is not None and not any(o.id == other.id for _c, o, _a in funded_offers):
            db.session.add(
                AwardChange(
                    call_id=call.id,
                    offer_id=other.id,
                    kind=AwardChangeKind.reallocation,
                    amount=amount,
                    source_offer_id=offer.id,
                    recorded_at=results_at + timedelta(days=12),
                )
            )
    db.session.flush()

    def contract_for(call_id, offer_id, organization_id, amount, status):
        nonlocal sequence
        sequence += 1
        contract = Contract(
            office_id=office.id,
            call_id=call_id,
            offer_id=offer_id,
            organization_id=organization_id,
            status=status,
            number=f"BENCH/{sequence}/{YEAR}",
            year=YEAR,
            sequence=sequence,
            form=CallForm.wspieranie,
            task_title="Zadanie",
            task_start=date(YEAR, 2, 1),
            task_end=date(YEAR, 11, 30),
            expenses_start=date(YEAR, 2, 1),
            expenses_end=date(YEAR, 11, 30),
            grant_amount=amount,
            cost_shift_tolerance_percent=Decimal("10"),
            signed_on=date(YEAR, 1, 25),
        )
        half = (amount / 2).quantize(Decimal("0.01"))
        contract.tranches.append(Tranche(number=1, amount=half, due_date=date(YEAR, 2, 1), paid_on=date(YEAR, 2, 3)))
        contract.tranches.append(
            Tranche(
                number=2,
                amount=amount - half,
                due_date=date(YEAR, 7, 1),
                paid_on=date(YEAR, 7, 2) if rng.random() < 0.7 else None,
            )
        )
        contracts.append(contract)
        return contract

    for call, offer, amount in funded_offers:
        if offer.id in resigned_ids or rng.random() < 0.15:
            continue
        status = ContractStatus.terminated if rng.random() < 0.03 else ContractStatus.signed
        contract_for(call.id, offer.id, offer.organization_id, amount, status)
    smalls = []
    for i in range(small_n):
        organization = organizations[rng.randrange(1000)]
        status = rng.choice(list(SmallGrantStatus))
        offer = Offer(
            call_id=None,
            organization_id=organization.id,
            status=OfferStatus.submitted,
            title=f"Mały grant {i}",
            content={},
        )
        db.session.add(offer)
        smalls.append((offer, organization, status))
    db.session.flush()
    for offer, organization, status in smalls:
        amount = Decimal(rng.choice(("5000.00", "8000.00", "10000.00")))
        db.session.add(
            SmallGrant(
                id=offer.id,
                office_id=office.id,
                organization_id=organization.id,
                status=status,
                budget_year=YEAR,
                title=offer.title,
                requested_grant=amount,
                task_start=date(YEAR, 5, 1),
                task_end=date(YEAR, 7, 1),
                received_at=None if status == SmallGrantStatus.draft else published_at,
                decided_at=results_at if status in (SmallGrantStatus.accepted, SmallGrantStatus.refused) else None,
            )
        )
        if status == SmallGrantStatus.accepted:
            contract_for(None, offer.id, organization.id, amount, ContractStatus.signed)
    db.session.add_all(contracts)
    db.session.flush()
    for contract in rng.sample(contracts, 60):
        db.session.add(GrantReturn(contract_id=contract.id, amount=Decimal("250.00"), paid_on=date(YEAR + 1, 1, 20)))
    db.session.commit()
    return programme.id, office.id, len(contracts)


def timed(table, label, runs, function, counter):
    timings, statements = [], set()
    function()  # warm: the first call compiles the statements
    for _ in range(runs):
        counter[0] = 0
        started = time.perf_counter()
        result = function()
        timings.append((time.perf_counter() - started) * 1000)
        statements.add(counter[0])
    table.row(
        label,
        runs,
        f"{statistics.median(timings):.1f}",
        f"{percentile(timings, 95):.1f}",
        f"{max(timings):.1f}",
        ", ".join(map(str, sorted(statements))),
    )
    return result, percentile(timings, 95)


def main():
    parser = argparse.ArgumentParser()
    parser.add_argument("--database", choices=("postgresql", "sqlite"), default="postgresql")
    parser.add_argument("--calls", type=int, default=200)
    parser.add_argument("--offers", type=int, default=5000)
    parser.add_argument("--small-grants", type=int, default=300)
    parser.add_argument("--runs", type=int, default=20)
    json_argument(parser)
    args = parser.parse_args()
    report = Summary("programme_report", args.json)
    url, instance = in_process_database(args.database, PG_DB, "oko-bench-report-")
    os.environ.update(DATABASE_URL=url, OKO_INSTANCE_DIR=instance, SECRET_KEY="bench")
    os.environ.pop("REDIS_URL", None)

    from grants import create_app
    from grants.calls.models import Programme
    from grants.extensions import db
    from grants.offices.models import Office
    from grants.programmes.report import figures, lists, opendata

    app = create_app({"JOBS_MODE": "manual", "RATELIMIT_ENABLED": False})
    with app.app_context(), app.test_request_context():
        started = time.perf_counter()
        programme_id, office_id, n_contracts = build(random.Random(SEED), args.calls, args.offers, args.small_grants)
        print(f"built in {time.perf_counter() - started:.0f} s: {n_contracts} contracts")
        counter = count_statements(db.engine)
        programme = db.session.get(Programme, programme_id)
        office = db.session.get(Office, office_id)
        print()
        table = report.table(("what", "n", "p50 ms", "p95 ms", "max ms", "SQL statements"))
        data, p95 = timed(
            table, "figures.compute (the report's figures)", args.runs, lambda: figures.compute(programme), counter
        )
        timed(
            table,
            "lists.calls + small_grants + organizations (the XLSX's lists)",
            args.runs,
            lambda: (lists.calls(programme), lists.small_grants(programme), lists.organizations(programme)),
            counter,
        )
        grants, _ = timed(
            table,
            "opendata.office_360giving (the year's grants)",
            args.runs,
            lambda: opendata.office_360giving(office, YEAR),
            counter,
        )
        print(
            f"\ncalls {data['calls']}, offers {data['offers']}, awarded {data['grants_awarded']}, "
            f"paid {data['grants_paid']}, small grants {data['small_grants']}, contracts {data['contracts']}, "
            f"returns {data['returns']}, organisations {data['organizations']}; "
            f"360Giving grants: {len(grants['grants'])}"
        )
        print()
        report.note(f"target < 2 s for the figures: {'met' if p95 < 2000 else 'NOT met'} (p95 {p95:.0f} ms)")
    report.write()


if __name__ == "__main__":
    main()
