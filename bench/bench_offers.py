"""Offers under gunicorn (2 workers) on PostgreSQL: full submissions through the API, and the offer form page.

Run by hand:  .venv/bin/python bench/bench_offers.py [--c1 120] [--c8 400] [--threads 1] [--seconds 15]
                                                   [--jobs inprocess|outbox]
Needs: PostgreSQL on 127.0.0.1:5432 (trust), Debian's wrk (make apt). Figures go to docs/benchmarks.md.

1. Submissions. The database gets the demo (`flask db upgrade` + `flask demo load`), then, through the
   operations, extra NGO users with their own organisations and complete drafts in the open Opole call
   spread over all NGO members (3 demo + `--extra-orgs`). Every member gets a bearer token from
   POST /api/v1/auth/token up front; then POST /api/v1/offers/{id}/submit is fired at concurrency 1 and 8
   (Python threads, one http.client connection each, reused whenever the server keeps it alive). Each
   request targets a different draft (an offer is submitted once). Every answer must be 200, and afterwards
   each of those offers must be `submitted` with exactly one version (checked in the database).
2. The offer form page. A member of GEKO-PRO logs in through the real login form (CSRF token from
   GET /login); wrk at 8 connections GETs the V.A cost estimate step of a draft with `--cost-lines` lines
   (3 actions + administrative costs), sending the session cookie, once the e-mail jobs the submissions
   queued have been sent (with the in-process job runner they would otherwise run beside it).
The login rate limit is raised for the run (OKO_LOGIN_RATE) so that every member can take a token.
Exit status 1 if any answer was not 200 or an offer does not end with exactly one version.
"""

import argparse
import http.client
import json
import subprocess
import sys
import threading
import time
from pathlib import Path

from harness import (
    PY,
    ROOT,
    Summary,
    demo_database,
    gunicorn,
    json_argument,
    load_average,
    percentile,
    psql,
    server_env,
    wrk,
)
from harness import api_token as _api_token
from harness import request as _request
from harness import session_cookie as _session_cookie

PORT = 5056
DB = "oko_bench_offers"
PAGE_USER = "geko-pro@ngo.example"


SETUP = r'''
import json, sys
from grants import create_app
from grants.extensions import db
from grants.auth.operations import register_ngo_user
from grants.auth.queries import user_by_email
from grants.calls.models import Call
from grants.clock import now_utc
from grants.demo import DEMO_ORGANIZATIONS, DEMO_PASSWORD, _offer_content
from grants.offers.operations import create_offer, update_offer
from grants.organizations.models import Membership
from grants.organizations.operations import create_organization
from bench.harness import registry_numbers

drafts, extra_orgs, cost_lines, out = int(sys.argv[1]), int(sys.argv[2]), int(sys.argv[3]), sys.argv[4]


def busy_content(year, lines):
    """A complete offer with `lines` cost lines: 3 actions, two of the lines administrative costs."""
    body = _offer_content("Kursy, punkt informacyjny i asystenci międzykulturowi", f"{year}-02-01", f"{year}-11-30")
    body["actions"] = [{"name": name, "description": "Zajęcia i dyżury przez cały okres zadania",
                        "target_group": "40 osób", "period": "luty–listopad"}
                       for name in ("Kursy języka polskiego", "Punkt informacyjny", "Asystenci międzykulturowi")]
    items = [{"action": i % 3, "name": f"Koszt nr {i + 1}", "unit": "godzina", "quantity": "10",
              "unit_cost": "100.00", "grant_part": "850.00"} for i in range(lines - 2)]
    items += [{"action": "admin", "name": name, "unit": "miesiąc", "quantity": "5", "unit_cost": "80.00",
               "grant_part": "400.00"} for name in ("Koordynacja", "Księgowość")]
    body["cost_items"] = items
    total = (lines - 2) * 1000 + 800
    grant = (lines - 2) * 850 + 800
    own = total - grant
    body["own_financial"] = f"{own - 2000}.00"
    body["own_non_financial_personal"] = "0.00"
    body["own_non_financial_in_kind"] = "2000.00"
    return body


app = create_app()
with app.app_context():
    call = db.session.scalar(db.select(Call).where(Call.title.like("Integracja cudzoziemców w Opolu w %")))
    year = call.task_start.year
    members = []   # (email, organisation id)
    for email in DEMO_ORGANIZATIONS:
        user = user_by_email(email)
        members.append((email, db.session.scalar(db.select(Membership.organization_id)
                                                 .where(Membership.user_id == user.id))))
    base = DEMO_ORGANIZATIONS["geko-pro@ngo.example"]
    for i in range(extra_orgs):
        email = f"bench{i + 1}@ngo.example"
        user = register_ngo_user(
            email=email, password=DEMO_PASSWORD, full_name=f"Członkini Zarządu {i + 1}", verified=True
        )
        raw = {**base, **registry_numbers(i), "name": f"Stowarzyszenie Ławka nr {i + 1}",
               "email": f"biuro{i + 1}@lawka.example"}
        organization = create_organization(actor=user, raw=raw)
        members.append((email, organization.id))
    db.session.commit()
    users = {email: user_by_email(email) for email, _org in members}
    offers = []
    for n in range(drafts):
        email, org_id = members[n % len(members)]
        now = now_utc()
        offer = create_offer(actor=users[email], call=call, now=now,
                             raw={"organization_id": org_id, "title": f"Oferta {n + 1}"})
        update_offer(actor=users[email], offer=offer, now=now, raw=_offer_content(
            f"Kursy języka polskiego dla cudzoziemców — oferta {n + 1}", f"{year}-02-01", f"{year}-11-30"))
        offers.append([offer.id, email])
        if n % 50 == 49:
            db.session.commit()
    now = now_utc()
    page = create_offer(actor=users["geko-pro@ngo.example"], call=call, now=now,
                        raw={"organization_id": members[0][1], "title": "Oferta z długim kosztorysem"})
    update_offer(actor=users["geko-pro@ngo.example"], offer=page, now=now, raw=busy_content(year, cost_lines))
    db.session.commit()
    db.session.execute(db.text("ANALYZE"))
    db.session.commit()
    json.dump({"offers": offers, "page_offer": page.id, "emails": [email for email, _org in members]},
              open(out, "w"))
'''


def prepare(env, drafts, extra_orgs, cost_lines) -> dict:
    demo_database(env, DB)
    out = Path(env["OKO_INSTANCE_DIR"]) / "bench_offers.json"
    subprocess.run(
        [str(PY), "-c", SETUP, str(drafts), str(extra_orgs), str(cost_lines), str(out)], cwd=ROOT, env=env, check=True
    )
    return json.loads(out.read_text())


# ---------------------------------------------------------------- HTTP helpers


def request(method, path, body=None, headers=None):
    return _request(PORT, method, path, body, headers)


def api_token(email) -> str:
    return _api_token(PORT, email)


def session_cookie(email) -> str:
    return _session_cookie(PORT, email)


def fire(work, concurrency) -> dict:
    """POST .../submit for every (offer id, token) in `work` from `concurrency` threads; one draft per request."""
    lock = threading.Lock()
    position = iter(range(len(work)))
    results = []  # (offer id, status, seconds, body if not 200)

    def client():
        conn = http.client.HTTPConnection("127.0.0.1", PORT, timeout=60)
        while True:
            with lock:
                index = next(position, None)
            if index is None:
                break
            offer_id, token = work[index]
            started = time.perf_counter()
            try:
                conn.request(
                    "POST",
                    f"/api/v1/offers/{offer_id}/submit",
                    body=b"{}",
                    headers={"Authorization": f"Bearer {token}", "Content-Type": "application/json"},
                )
                response = conn.getresponse()
                data = response.read()
                status = response.status
            except (OSError, http.client.HTTPException) as error:  # never retried: it may have been taken
                conn.close()
                data, status = repr(error).encode(), 0
            elapsed = time.perf_counter() - started
            with lock:
                results.append((offer_id, status, elapsed, None if status == 200 else data[:300]))
        conn.close()

    threads = [threading.Thread(target=client) for _ in range(concurrency)]
    started = time.perf_counter()
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    wall = time.perf_counter() - started
    latencies = [r[2] * 1000 for r in results]
    failures = [r for r in results if r[1] != 200]
    for failure in failures[:5]:
        print("  FAILED", failure, file=sys.stderr)
    return {
        "n": len(results),
        "rps": len(results) / wall,
        "p50": percentile(latencies, 50),
        "p95": percentile(latencies, 95),
        "max": max(latencies),
        "failures": len(failures),
        "ids": [r[0] for r in results],
    }


def verify(offer_ids) -> tuple[int, int]:
    """(offers submitted with exactly one version, offers checked), from the database."""
    ids = ",".join(str(i) for i in offer_ids)
    out = psql(
        DB,
        f"SELECT count(*) FROM (SELECT o.id FROM offers o JOIN offer_versions v ON v.offer_id = o.id "
        f"WHERE o.id IN ({ids}) AND o.status = 'submitted' AND o.current_version_id = v.id "
        f"AND v.number = 1 AND (SELECT count(*) FROM offer_versions w WHERE w.offer_id = o.id) = 1) s",
    )
    return int(out), len(offer_ids)


def drain_jobs(timeout=300):
    """Wait until the in-process job threads have sent the confirmation e-mails the submissions queued, so
    the page is measured on its own and not beside that backlog."""
    deadline = time.time() + timeout
    while time.time() < deadline:
        left = int(psql(DB, "SELECT count(*) FROM jobs WHERE status IN ('queued', 'started')"))
        if left == 0:
            return
        time.sleep(1)
    print(f"  {left} jobs still queued", file=sys.stderr)


def main():
    parser = argparse.ArgumentParser()
    parser.add_argument("--c1", type=int, default=120, help="drafts submitted one at a time")
    parser.add_argument("--c8", type=int, default=400, help="drafts submitted by 8 clients")
    parser.add_argument("--warmup", type=int, default=16, help="drafts submitted first, not counted")
    parser.add_argument("--extra-orgs", type=int, default=5)
    parser.add_argument("--cost-lines", type=int, default=20)
    parser.add_argument("--seconds", type=int, default=15)
    parser.add_argument("--workers", type=int, default=2)
    parser.add_argument("--threads", type=int, default=1, help="gunicorn --threads (>1: the gthread worker)")
    parser.add_argument(
        "--jobs",
        choices=("inprocess", "outbox"),
        default="inprocess",
        help="inprocess: the confirmation e-mails' jobs run in a thread of each gunicorn worker "
        "(no Redis, as in bench_public); outbox: they stay committed in the jobs table "
        "(OKO_JOBS=manual), i.e. the web tier alone, as with RQ workers elsewhere",
    )
    json_argument(parser)
    args = parser.parse_args()
    summary = Summary("offers", args.json)
    # The login rate limit raised: every member takes a token up front.
    env = server_env(DB, OKO_LOGIN_RATE="10000 per minute")
    if args.jobs == "outbox":
        env["OKO_JOBS"] = "manual"
    started = time.perf_counter()
    data = prepare(env, args.warmup + args.c1 + args.c8, args.extra_orgs, args.cost_lines)
    print(
        f"prepared {len(data['offers'])} drafts over {len(data['emails'])} NGO members "
        f"in {time.perf_counter() - started:.0f} s",
        file=sys.stderr,
    )
    with gunicorn(env, PORT, args.workers, args.threads):
        tokens = {email: api_token(email) for email in data["emails"]}
        work = [(offer_id, tokens[email]) for offer_id, email in data["offers"]]
        warm, one, eight = (
            work[: args.warmup],
            work[args.warmup : args.warmup + args.c1],
            work[args.warmup + args.c1 :],
        )
        fire(warm, 2)
        summary.note(
            f"gunicorn -w {args.workers}"
            + (f" --threads {args.threads}" if args.threads > 1 else "")
            + f", jobs: {args.jobs}"
        )
        table = summary.table(("measurement", "n", "per second", "p50 ms", "p95 ms", "max ms", "non-200", "load avg"))
        checked, failed = [], 0
        for label, chunk, concurrency in (("submit, concurrency 1", one, 1), ("submit, concurrency 8", eight, 8)):
            before = load_average()
            r = fire(chunk, concurrency)
            checked += r["ids"]
            failed += r["failures"]
            table.row(
                label,
                r["n"],
                f"{r['rps']:.1f}",
                f"{r['p50']:.0f}",
                f"{r['p95']:.0f}",
                f"{r['max']:.0f}",
                r["failures"],
                before,
                load=before,
            )
        good, total = verify(checked + [offer_id for offer_id, _t in warm])
        print(f"database: {good} of {total} offers submitted with exactly one version")
        ok = failed == 0 and good == total

        if args.jobs == "inprocess":
            drain_jobs()
        cookie = session_cookie(PAGE_USER)
        path = f"/ngo/offers/{data['page_offer']}/steps/costs"
        status, _headers, body = request("GET", path, headers={"Cookie": cookie})
        assert status == 200 and f"Koszt nr {args.cost_lines - 2}" in body.decode(), (status, body[:300])
        wrk(f"http://127.0.0.1:{PORT}{path}", 3, cookie)  # warm-up
        before = load_average()
        r = wrk(f"http://127.0.0.1:{PORT}{path}", args.seconds, cookie)
        table.row(
            f"GET {path} ({args.cost_lines} cost lines), wrk -c8 {args.seconds} s",
            r["requests"],
            f"{float(r['rps']):.0f}",
            r["p50"],
            r["p95"],
            f"p99 {r['p99']}",
            r["non2xx"],
            before,
            load=before,
        )
        ok = ok and r["non2xx"] == "0" and r["errors"] == "0"
    summary.note(f"database: {good} of {total} offers submitted with exactly one version", printed=False)
    if not ok:
        summary.fail()
    summary.write()
    sys.exit(0 if ok else 1)


if __name__ == "__main__":
    main()
