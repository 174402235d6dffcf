"""After-award benchmark: the contract lists and the due/overdue desks with 5 000 contracts (issue 8).

Run by hand from the project root (PostgreSQL on 127.0.0.1:5432 with trust auth, as in CI):

    .venv/bin/python bench/bench_contracts.py                    # PostgreSQL, 5 000 contracts
    .venv/bin/python bench/bench_contracts.py --database sqlite  # the embedded default, for comparison

What is timed: requests through the Flask test client, in process — routing, the session or bearer-token
lookup, the access checks, the queries, the template or JSON; no gunicorn and no network. Every request's
SQL statements are counted (an engine event), so a page whose statement count grows with the data shows.

The data: the demo (`load_demo`, every row through the operations: a finished cycle with two contracts,
tranches, reports and a return due), then 5 000 contracts of the office cloned from the demo's contract as
the operations wrote it — its cost lines, two tranches, and a mix of states: drafts, signed contracts with
unpaid or overdue tranches, final reports due, overdue, submitted or accepted (some with unused grant, so a
return is due), performed and terminated ones. Cloning, not drawing up 5 000 awarded offers, keeps the build
at a minute; the rows are the same shape the operations write.
"""

import argparse
import os
import random
import statistics
import sys
import time
from copy import deepcopy
from datetime import timedelta
from decimal import Decimal
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from harness import Summary, count_statements, in_process_database, json_argument, percentile  # noqa: E402

PG_DB = "oko_bench_contracts"
SEED = 20261204
OFFICER = "referat@opole.example"
NGO = "geko-pro@ngo.example"


def build(n: int, rng: random.Random) -> None:
    from grants.clock import WARSAW, now_utc
    from grants.contracts.models import (
        Contract,
        ContractCostItem,
        ContractStatus,
        ReportStatus,
        ReportVersion,
        Tranche,
    )
    from grants.demo import load_demo
    from grants.extensions import db
    from settlement.deadlines import final_report_due

    load_demo()
    db.session.commit()
    template = db.session.scalar(db.select(Contract).order_by(Contract.id))
    version = db.session.scalar(db.select(ReportVersion).order_by(ReportVersion.id))
    today = now_utc().astimezone(WARSAW).date()
    columns = {
        c.key: getattr(template, c.key)
        for c in Contract.__table__.columns
        if c.key
        not in (
            "id",
            "number",
            "sequence",
            "status",
            "task_start",
            "task_end",
            "expenses_start",
            "expenses_end",
            "signed_on",
            "created_at",
        )
    }
    grant = template.grant_amount
    for i in range(n):
        task_end = today + timedelta(days=rng.randint(-420, 240))
        task_start = task_end - timedelta(days=rng.randint(60, 240))
        roll = rng.random()
        status = (
            ContractStatus.draft
            if roll < 0.08
            else ContractStatus.terminated
            if roll < 0.11
            else ContractStatus.performed
            if roll < 0.35 and task_end < today
            else ContractStatus.signed
        )
        contract = Contract(
            **deepcopy(columns),
            number=f"BENCH/{i + 1}/{task_end.year}",
            sequence=100000 + i,
            status=status,
            task_start=task_start,
            task_end=task_end,
            expenses_start=task_start,
            expenses_end=task_end,
            signed_on=None if status == ContractStatus.draft else task_start - timedelta(days=7),
        )
        for item in template.cost_items:
            contract.cost_items.append(
                ContractCostItem(
                    **{k: getattr(item, k) for k in ("position", "action", "kind", "name", "unit")},
                    quantity=item.quantity,
                    unit_cost=item.unit_cost,
                    grant_part=item.grant_part,
                )
            )
        first = (grant * Decimal("0.6")).quantize(Decimal("0.01"))
        for number, (amount, due) in enumerate(
            ((first, task_start + timedelta(days=5)), (grant - first, task_start + timedelta(days=60))), 1
        ):
            paid = status != ContractStatus.draft and (due < today - timedelta(days=3) or rng.random() < 0.2)
            contract.tranches.append(Tranche(number=number, amount=amount, due_date=due, paid_on=due if paid else None))
        db.session.add(contract)
        db.session.flush()
        if status in (ContractStatus.signed, ContractStatus.performed) and task_end < today:
            report_status = (
                ReportStatus.accepted
                if status == ContractStatus.performed
                else rng.choice((ReportStatus.draft, ReportStatus.submitted, None))
            )
            if report_status is not None:
                _report(db, contract, report_status, version, final_report_due(task_end), rng)
        if i % 500 == 499:
            db.session.commit()
    db.session.commit()
    if db.engine.dialect.name == "postgresql":
        with db.engine.connect().execution_options(isolation_level="AUTOCOMMIT") as connection:
            connection.exec_driver_sql("ANALYZE")
    print(f"{db.session.scalar(db.select(db.func.count(Contract.id)))} contracts")


def _report(db, contract, status, template_version, due, rng):
    from grants.contracts.models import Report, ReportKind, ReportStatus, ReportVersion

    report = Report(contract_id=contract.id, kind=ReportKind.final, status=status, due_date=due, content={})
    db.session.add(report)
    db.session.flush()
    if status == ReportStatus.draft:
        return
    document = deepcopy(template_version.document)
    unused = Decimal(rng.choice((0, 0, 0, 500, 1250)))
    expenses = []
    for item in contract.cost_items:
        cut = min(unused, item.grant_part)
        unused -= cut
        total = (item.quantity * item.unit_cost).quantize(Decimal("0.01"))
        expenses.append(
            {"cost_item_id": item.id, "actual_total": str(total - cut), "actual_grant": str(item.grant_part - cut)}
        )
    document["content"]["expenses"] = expenses
    row = ReportVersion(
        report_id=report.id,
        number=1,
        document=document,
        control_sum=template_version.control_sum,
        control_code=template_version.control_code,
        submitted_at=template_version.submitted_at,
    )
    db.session.add(row)
    db.session.flush()
    report.current_version_id = row.id


def measure(client, url, runs, headers=None, counter=None):
    timings, statements = [], set()
    for _ in range(3):
        client.get(url, headers=headers)
    for _ in range(runs):
        counter[0] = 0
        started = time.perf_counter()
        response = client.get(url, headers=headers)
        timings.append((time.perf_counter() - started) * 1000)
        statements.add(counter[0])
        assert response.status_code == 200, (url, response.status_code, response.headers.get("Location"))
    return timings, statements, response


def main():
    parser = argparse.ArgumentParser()
    parser.add_argument("--database", choices=("postgresql", "sqlite"), default="postgresql")
    parser.add_argument("--contracts", type=int, default=5000)
    parser.add_argument("--runs", type=int, default=60)
    json_argument(parser)
    args = parser.parse_args()
    report = Summary("contracts", args.json)
    url, instance = in_process_database(args.database, PG_DB, "oko-bench-contracts-")
    os.environ.update(DATABASE_URL=url, OKO_INSTANCE_DIR=instance, SECRET_KEY="bench")
    os.environ.pop("REDIS_URL", None)
    from grants import create_app
    from grants.demo import DEMO_PASSWORD
    from grants.extensions import db

    app = create_app(
        {"JOBS_MODE": "manual", "RATELIMIT_ENABLED": False, "WTF_CSRF_ENABLED": False, "SESSION_COOKIE_SECURE": False}
    )
    started = time.perf_counter()
    with app.app_context():
        build(args.contracts, random.Random(SEED))
        counter = count_statements(db.engine)
    print(f"built in {time.perf_counter() - started:.0f} s")

    api = app.test_client()
    tokens = {}
    for email in (OFFICER, NGO):
        response = api.post("/api/v1/auth/token", json={"email": email, "password": DEMO_PASSWORD})
        assert response.status_code == 200, response.get_json()
        tokens[email] = {"Authorization": f"Bearer {response.get_json()['token']}"}
    pages = {OFFICER: app.test_client(), NGO: app.test_client()}
    for email, client in pages.items():
        response = client.post("/login", data={"email": email, "password": DEMO_PASSWORD})
        assert response.status_code in (302, 303), response.status_code

    cases = [
        ("API: GET /contracts (officer), first page", OFFICER, "/api/v1/contracts", True),
        ("API: GET /contracts?due=overdue (officer)", OFFICER, "/api/v1/contracts?due=overdue", True),
        (
            "API: GET /contracts?status=signed&due=soon (officer)",
            OFFICER,
            "/api/v1/contracts?status=signed&due=soon",
            True,
        ),
        ("API: GET /contracts (NGO)", NGO, "/api/v1/contracts", True),
    ] + [(label, who, path, False) for label, who, path in PAGES]
    print()
    table = report.table(("request", "n", "p50 ms", "p95 ms", "max ms", "SQL statements"))
    verdicts = []
    # No app context held around the requests: each request has its own (and its own database session).
    if True:
        for label, who, path, is_api in cases:
            client = api if is_api else pages[who]
            timings, statements, response = measure(
                client, path, args.runs, headers=tokens[who] if is_api else None, counter=counter
            )
            if is_api:
                body = response.get_json()
                if body.get("next_after"):  # the fifth page, following next_after, as a client would
                    nxt = path + ("&" if "?" in path else "?") + f"after={body['next_after']}"
                    more, more_statements, _ = measure(client, nxt, args.runs, headers=tokens[who], counter=counter)
                    statements |= more_statements
            p95 = percentile(timings, 95)
            verdicts.append(p95 < 150)
            table.row(
                label,
                len(timings),
                f"{statistics.median(timings):.1f}",
                f"{p95:.1f}",
                f"{max(timings):.1f}",
                "/".join(str(s) for s in sorted(statements)),
            )
    print()
    report.note(f"p95 < 150 ms: {'met' if all(verdicts) else 'MISSED'} ({sum(verdicts)} of {len(verdicts)})")
    report.write()


# The HTML pages of the lists and desks (label, who, path).
PAGES = [
    ("page: /office/contracts (officer's list)", OFFICER, "/office/contracts"),
    ("page: /office/contracts/due (officer's desk)", OFFICER, "/office/contracts/due"),
    ("page: /ngo/contracts (NGO's list)", NGO, "/ngo/contracts"),
    ("page: /ngo/contracts/due (NGO's desk)", NGO, "/ngo/contracts/due"),
]


if __name__ == "__main__":
    main()
