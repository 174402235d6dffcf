"""The office's desks after years of use (issue 13): the desk of calls (/office/) and of small grants
(/office/small-grants) of an office with hundreds of calls and thousands of small grants, in process.

Run by hand from the project root (PostgreSQL on 127.0.0.1:5432 with trust auth, as in CI):

    .venv/bin/python bench/bench_office_desks.py [--calls 600] [--offers 50] [--small-grants 2000] [--runs 30]

It builds the database oko_bench_office_desks: the measured office with `--calls` calls and two other offices
with a sixth of that each (their rows must never cost the measured office anything), calls created and
published through the operations. Then, as a national installation's history looks, most published calls
are moved on by plain UPDATEs — resolved, in review, cancelled, past their deadline — and every call that
was published gets `--offers` submitted offers, and the office `--small-grants` small grants in every state,
by INSERT ... SELECT: the desks read only these rows' own columns (status, call, dates, organisation), and
writing years of history through the operations would take the bench hours.

What is timed: GET requests through the Flask test client with the officer's session cookie — routing, the
login, the filters, the SQL and the template; no gunicorn and no network; a few runs each after two to warm
the process. The statements of each request are counted too (they must not depend on the data's size).
"""

import argparse
import os
import statistics
import sys
import time
from datetime import timedelta
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))
sys.path.insert(0, str(ROOT / "bench"))

from harness import (  # noqa: E402
    Summary,
    count_statements,
    in_process_database,
    json_argument,
    percentile,
    registry_numbers,
)

PG_DB = "oko_bench_office_desks"
NIP = registry_numbers(0)["nip"]
PASSWORD = "bench-password"
TASK_TYPES = (
    "Działalność na rzecz integracji cudzoziemców",
    "Wspieranie i upowszechnianie kultury fizycznej",
    "Kultura, sztuka, ochrona dóbr kultury",
    "Pomoc społeczna",
    "Ochrona zdrowia",
)


def _call_raw(n: int, now, year: int) -> dict:
    return {
        "title": f"Nabór {n}: {TASK_TYPES[n % len(TASK_TYPES)].split()[0].lower()} w {year} r.",
        "task_type": TASK_TYPES[n % len(TASK_TYPES)],
        "form": "wspieranie",
        "description": "Nabór do pomiaru wydajności biurka urzędu.",
        "budget_total": "200000.00",
        "grant_max": "60000.00",
        "own_contribution_min_percent": "10.00",
        "admin_costs_max_percent": "15.00",
        "task_start": f"{year}-02-01",
        "task_end": f"{year}-11-30",
        "submission_deadline": (now + timedelta(days=30)).isoformat(),
        "selection_deadline": (now + timedelta(days=60)).date().isoformat(),
        "min_total_points": 50,
    }


def build(calls_n: int, offers_n: int, small_grants_n: int) -> dict:
    from grants.auth.operations import create_staff_user
    from grants.calls.operations import create_call, publish_call
    from grants.clock import now_utc
    from grants.extensions import db
    from grants.offices.operations import create_office
    from grants.organizations.models import LegalForm, Organization

    started = time.perf_counter()
    now = now_utc()
    past = (now - timedelta(days=40)).isoformat()
    offices = []
    for slug, name, count in (
        ("opole-desk", "Urząd Miasta Opola (benchmark)", calls_n),
        ("gdansk-desk", "Urząd Miejski w Gdańsku (benchmark)", calls_n // 6),
        ("torun-desk", "Urząd Miasta Torunia (benchmark)", calls_n // 6),
    ):
        office = create_office(slug=slug, name=name)
        officer = create_staff_user(
            actor=None,
            email=f"officer@{slug}.example",
            password=PASSWORD,
            full_name="Urzędnik",
            role="officer",
            office=office,
        )
        db.session.commit()
        for n in range(count):
            year = now.year - (n * 8 // max(count, 1)) + 1  # eight years of calls, the newest next year's
            call = create_call(actor=officer, raw=_call_raw(n, now, year))
            if n % 10:  # one in ten stays a draft
                channels = [{"channel": c, "published_at": past} for c in ("bip", "noticeboard", "website")]
                publish_call(actor=officer, call=call, publications_raw=channels)
            if n % 50 == 49:
                db.session.commit()
        db.session.commit()
        offices.append(office.id)
    organization = Organization(
        name="Fundacja Benchmarkowa",
        legal_form=LegalForm.fundacja,
        nip=NIP,
        krs="0000990001",
        street="ul. Krakowska 1",
        postal_code="45-068",
        city="Opole",
        email="biuro@bench.example",
        bank_account="61109010140000071219812874",
        representatives=[{"full_name": "Marta Zielińska", "function": "prezeska zarządu"}],
        representation_rule="prezes samodzielnie",
    )
    db.session.add(organization)
    db.session.commit()
    # The history: the older a published call, the further it has gone (resolved, cancelled, in review); a
    # few are past their deadline and wait for the formal check, the newest are open.
    db.session.execute(
        db.text(
            """
            WITH ranked AS (
              SELECT id, row_number() OVER (PARTITION BY office_id ORDER BY id DESC) AS age
              FROM calls WHERE status = 'published')
            UPDATE calls SET
              status = CASE WHEN ranked.age <= 20 THEN 'published'
                            WHEN ranked.age <= 30 THEN 'under_review'
                            WHEN ranked.age % 20 = 0 THEN 'cancelled'
                            ELSE 'resolved' END,
              submission_deadline = CASE WHEN ranked.age <= 12 THEN calls.submission_deadline
                                         ELSE calls.submission_deadline - interval '60 days' END,
              cancelled_at = CASE WHEN ranked.age > 30 AND ranked.age % 20 = 0 THEN now() END
            FROM ranked WHERE calls.id = ranked.id
            """
        )
    )
    db.session.execute(
        db.text(
            """
            INSERT INTO offers (call_id, organization_id, status, title, content, lock_version, created_at, updated_at)
            SELECT calls.id, :org, 'submitted', 'Oferta ' || n, '{}', 0, now(), now()
            FROM calls CROSS JOIN generate_series(1, :n) AS n WHERE calls.status <> 'draft'
            """
        ),
        {"org": organization.id, "n": offers_n},
    )
    statuses = ("submitted", "published", "accepted", "refused", "withdrawn", "accepted", "accepted", "refused")
    for office_id in offices:
        count = small_grants_n if office_id == offices[0] else small_grants_n // 6
        # Mostly decided: a desk after years has a handful in progress and thousands in its history.
        db.session.execute(
            db.text(
                """
                WITH made AS (
                  INSERT INTO offers (call_id, organization_id, status, title, content, lock_version, created_at,
                                      updated_at)
                  SELECT NULL, :org, 'submitted', 'Mały grant ' || n, '{}', 0, now(), now()
                  FROM generate_series(1, :n) AS n RETURNING id)
                INSERT INTO small_grants (id, office_id, organization_id, status, budget_year, title,
                                          requested_grant, received_at, lock_version, created_at, updated_at)
                SELECT id, :office, :org,
                       CASE WHEN row_number() OVER (ORDER BY id) > :n - 12
                            THEN (ARRAY['submitted', 'published'])[1 + id % 2]
                            ELSE (ARRAY[:statuses])[1 + id % 8] END,
                       2019 + (row_number() OVER (ORDER BY id) * 8 / :n)::int, 'Mały grant ' || id, 9000,
                       now() - (:n - row_number() OVER (ORDER BY id)) * interval '1 day', 0, now(), now()
                FROM made
                """.replace("ARRAY[:statuses]", "ARRAY[" + ", ".join(f"'{s}'" for s in statuses) + "]")
            ),
            {"org": organization.id, "n": count, "office": office_id},
        )
    db.session.execute(
        db.text(
            "UPDATE small_grants SET status = 'refused' WHERE status = 'published'"
            " AND received_at < now() - interval '30 days'"
        )
    )
    db.session.commit()
    db.session.execute(db.text("ANALYZE"))
    db.session.commit()  # the statistics are written by the transaction: a rollback would drop them
    counts = {
        table: db.session.scalar(db.text(f"SELECT count(*) FROM {table}"))  # noqa: S608 (names of this bench)
        for table in ("calls", "offers", "small_grants")
    }
    counts["seconds"] = time.perf_counter() - started
    return counts


def login(app, email):
    client = app.test_client()
    response = client.post("/login", data={"email": email, "password": PASSWORD})
    assert response.status_code == 302, response.get_data(as_text=True)[:300]
    return client


def next_page(client, url) -> str:
    import lxml.html

    page = lxml.html.fromstring(client.get(url).get_data(as_text=True))
    [link] = page.xpath('//nav[contains(@class, "pager")]//a[@rel="next"]/@href')
    return link


def timed(client, url, runs, counter):
    for _ in range(2):
        response = client.get(url)
        assert response.status_code == 200, (url, response.status_code)
    timings = []
    for _ in range(runs):
        counter[0] = 0
        started = time.perf_counter()
        response = client.get(url)
        timings.append((time.perf_counter() - started) * 1000)
        assert response.status_code == 200, (url, response.status_code)
    return timings, counter[0]


def main():
    parser = argparse.ArgumentParser()
    parser.add_argument("--calls", type=int, default=600)
    parser.add_argument("--offers", type=int, default=50, help="submitted offers per published call")
    parser.add_argument("--small-grants", type=int, default=2000)
    parser.add_argument("--runs", type=int, default=30)
    json_argument(parser)
    args = parser.parse_args()
    report = Summary("office_desks", args.json)
    url, instance = in_process_database("postgresql", PG_DB, "oko-bench-office-desks-")
    os.environ.update(DATABASE_URL=url, OKO_INSTANCE_DIR=instance, SECRET_KEY="bench")
    os.environ.pop("REDIS_URL", None)
    from grants import create_app
    from grants.extensions import db

    app = create_app({"RATELIMIT_ENABLED": False, "WTF_CSRF_ENABLED": False, "PUBLIC_PAGE_CACHE": False})
    with app.app_context():
        built = build(args.calls, args.offers, args.small_grants)
        counter = count_statements(db.engine)
    report.note(
        f"Built in {built['seconds']:.0f} s: {built['calls']} calls ({args.calls} of the measured office), "
        f"{built['offers']} offers, {built['small_grants']} small grants."
    )
    officer = login(app, "officer@opole-desk.example")
    pages = [
        ("desk of calls, first page", "/office/"),
        ("desk of calls, next page", next_page(officer, "/office/")),
        ("desk of calls, resolved", "/office/?status=resolved"),
        ("desk of calls, year and task type", "/office/?year=2022&task_type=Pomoc+spo%C5%82eczna"),
        ("desk of calls, title words", "/office/?q=kultura"),
        ("small grants, first page", "/office/small-grants"),
        ("small grants, next page", next_page(officer, "/office/small-grants")),
        ("small grants, NIP", f"/office/small-grants?q={NIP}&status=accepted"),
        ("small grants, budget year", "/office/small-grants?year=2021"),
    ]
    table = report.table(["page", "runs", "p50 ms", "p95 ms", "max ms", "statements"])
    for label, path in pages:
        timings, statements = timed(officer, path, args.runs, counter)  # each request its own app context
        table.row(
            label,
            len(timings),
            f"{statistics.median(timings):.1f}",
            f"{percentile(timings, 95):.1f}",
            f"{max(timings):.1f}",
            statements,
        )
    report.write()


if __name__ == "__main__":
    main()
