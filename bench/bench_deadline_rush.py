"""The deadline rush: hundreds of NGOs submitting in the last minute, each double-clicking, while others
autosave — in the production shape (issue 13, docs/deployment.md): nginx with deploy/nginx-oko-proxy.conf
stamping each request's arrival, gunicorn with deploy/gunicorn.conf.py (gthread) behind it trusting that
stamp (OKO_RECEIPT_PROXIES=127.0.0.1, OKO_PROXY_HOPS=1), PostgreSQL, Redis and `flask jobs worker` processes.

Run by hand:  .venv/bin/python bench/bench_deadline_rush.py [--ngos 500] [--autosavers 50] [--late 5]
                  [--window 60] [--html-share 0.2] [--workers 2] [--threads N] [--rq-workers 2]
                  [--no-proxy]   gunicorn alone, its own clock the receipt time
                  [--sync]       plain sync workers instead of deploy/gunicorn.conf.py (with --no-proxy: the shape
                                 measured before the proxy's stamp, December 2026)
Needs: PostgreSQL on 127.0.0.1:5432 (trust), Redis on 127.0.0.1:6379 (its database 11 is EMPTIED), Debian's
nginx (`make apt`) unless --no-proxy. Figures go to docs/benchmarks.md ("Deadline rush").

1. Set-up, through the operations (`flask db upgrade` + `flask demo load`, then a script): one call of the
   Opole office, published 22 days ago (the clock moved back for `publish_call`: art. 13 ust. 1 of the act
   wants at least 21 days between the publication and the deadline), its deadline two hours ahead for now;
   ngos + autosavers + late NGO accounts, each with its own organisation (a NIP and KRS of its own) and a
   complete draft in that call, and a bearer token each (`issue_token`).
2. gunicorn, the job workers; the HTML share of the NGOs log in through the form and read their summary
   page (the CSRF token and lock_version the submit button posts).
3. The office amends the call (`update_call`, an amendment with its reason): the deadline becomes a whole
   second `--window` seconds from now — real server time, which every submission is judged by.
4. The rush. Each on-time NGO submits once in the window, at a moment drawn so that most come near the end
   (the last one 1 s before the deadline), and double-clicks: two submits of the same offer 0–80 ms apart,
   through the API with its bearer token, or (the HTML share) through the summary page's form with the CSRF
   token and the session cookie. `--late` more NGOs double-click 1 s after the deadline. Meanwhile the
   autosavers PATCH their drafts' summary (API) every 2.5–3.5 s, as the form's script does for someone
   typing all the time, until half a second before the deadline.
5. Checked in the database afterwards: 0 lost (every NGO that got a success — API 200, form 302 — has its
   offer submitted with exactly one version), 0 duplicated (one version per offer; no NGO with two
   successes), 0 accepted late (every request after the deadline answered 409 `deadline_passed`, no version
   with submitted_at at or after the deadline), every acknowledged autosave kept (the draft holds the last
   acknowledged text), and the confirmation e-mails the submissions queued all sent by the workers. Also
   counted: NGOs that clicked before the deadline yet were judged late — without the proxy's stamp a
   request waiting in gunicorn's queue is stamped when a worker takes it (`grants.offers.receipt`), so on an
   overloaded server a click in the last second can be judged late — and, per submitted offer, how long after
   the click its receipt time (`submitted_at`) lies. Exit status 1 if any check fails.
"""

import argparse
import http.client
import json
import random
import re
import sys
import threading
import time
import urllib.parse
from concurrent.futures import ThreadPoolExecutor
from contextlib import nullcontext
from datetime import UTC, datetime
from pathlib import Path

from harness import (
    Summary,
    cpu_seconds,
    demo_database,
    gunicorn,
    json_argument,
    load_average,
    nginx,
    percentile,
    psql,
    request,
    run_script,
    server_env,
    session_cookie,
    start_workers,
    stop_workers,
)

PORT = 5058  # what the clients call: nginx, or gunicorn itself with --no-proxy
BACKEND_PORT = 5060  # gunicorn behind nginx (5059 is bench_desks.py's: two benches may run at once)
GUNICORN_CONFIG = "deploy/gunicorn.conf.py"
DB = "oko_bench_rush"
REDIS_URL = "redis://127.0.0.1:6379/11"
SEED = 20261204
DEADLINE_TEXT = "Termin składania ofert minął"  # require_open_call's message, on the form's 409 page

SETUP = r"""
import json, sys
from datetime import timedelta
from grants import create_app
from grants.auth.operations import issue_token, register_ngo_user
from grants.auth.queries import user_by_email
from grants.calls.operations import create_call, publish_call
from grants.clock import clock_at, now_utc
from grants.demo import DEMO_ORGANIZATIONS, DEMO_PASSWORD, OPEN_CALL_DESCRIPTION, _offer_content
from grants.extensions import db
from grants.offers.operations import create_offer, update_offer
from grants.organizations.operations import create_organization
from bench.harness import registry_numbers

count, out = int(sys.argv[1]), sys.argv[2]
# Cheap password hashes: hundreds of accounts set up in seconds, and their logins cheap for the server too
# (a stored hash carries its parameters); the rush measures submissions, not argon2.
app = create_app({"ARGON2_PARAMS": {"time_cost": 1, "memory_cost": 1024, "parallelism": 1}})
with app.app_context():
    officer = user_by_email("referat@opole.example")
    now = now_utc()
    year = now.year + 1
    with clock_at(now - timedelta(days=22)):
        call = create_call(actor=officer, raw={
            "title": "Integracja cudzoziemców — nabór do pomiaru szczytu przed terminem",
            "task_type": "Działalność na rzecz integracji cudzoziemców", "form": "wspieranie",
            "description": OPEN_CALL_DESCRIPTION, "budget_total": "10000000.00",
            "task_start": f"{year}-01-01", "task_end": f"{year}-12-31",
            "submission_deadline": (now + timedelta(hours=2)).isoformat(),
            "selection_deadline": (now + timedelta(days=60)).date().isoformat()})
        publish_call(actor=officer, call=call)
    db.session.commit()
    base = DEMO_ORGANIZATIONS["geko-pro@ngo.example"]
    rows = []
    for i in range(count):
        email = f"rush{i + 1}@ngo.example"
        user = register_ngo_user(email=email, password=DEMO_PASSWORD, full_name=f"Członek Zarządu {i + 1}",
                                 verified=True)
        raw = {**base, **registry_numbers(10_000 + i), "name": f"Stowarzyszenie Szczyt nr {i + 1}",
               "email": f"biuro{i + 1}@szczyt.example"}
        organization = create_organization(actor=user, raw=raw)
        offer = create_offer(actor=user, call=call, raw={"organization_id": organization.id,
                                                         "title": f"Oferta przed terminem nr {i + 1}"})
        update_offer(actor=user, offer=offer, raw=_offer_content(
            f"Kursy języka polskiego dla cudzoziemców — oferta {i + 1}", f"{year}-02-01", f"{year}-11-30"))
        rows.append({"email": email, "offer": offer.id, "token": issue_token(user)})
        if i % 50 == 49:
            db.session.commit()
    db.session.commit()
    db.session.execute(db.text("ANALYZE"))
    db.session.commit()
    json.dump({"call": call.id, "ngos": rows}, open(out, "w"))
"""

AMEND = r"""
import sys
from datetime import timedelta
from grants import create_app
from grants.auth.queries import user_by_email
from grants.calls.models import Call
from grants.calls.operations import update_call
from grants.clock import now_utc
from grants.extensions import db

call_id, window, out = int(sys.argv[1]), float(sys.argv[2]), sys.argv[3]
app = create_app()
with app.app_context():
    deadline = (now_utc() + timedelta(seconds=window)).replace(microsecond=0)
    update_call(actor=user_by_email("referat@opole.example"), call=db.session.get(Call, call_id),
                raw={"submission_deadline": deadline.isoformat(), "reason": "Pomiar szczytu przed terminem."})
    db.session.commit()
    open(out, "w").write(deadline.isoformat())
"""


# ---------------------------------------------------------------- the clients


class Log:
    """Every request of the rush: (kind, NGO index, channel, sent at [epoch s], ms, status, outcome)."""

    def __init__(self):
        self.lock = threading.Lock()
        self.rows = []

    def add(self, *row):
        with self.lock:
            self.rows.append(row)

    def of(self, kind, channel=None):
        return [r for r in self.rows if r[0] == kind and (channel is None or r[2] == channel)]


def call_server(method, path, body, headers):
    """(status, body, sent at, ms) on a fresh connection, as a browser's click or a client's call opens one."""
    sent = time.time()
    started = time.perf_counter()
    conn = http.client.HTTPConnection("127.0.0.1", PORT, timeout=60)
    try:
        conn.request(method, path, body=body, headers=headers)
        response = conn.getresponse()
        status, data = response.status, response.read()
    except (OSError, http.client.HTTPException) as error:  # never retried: it may have been taken
        status, data = 0, repr(error).encode()
    finally:
        conn.close()
    return status, data, sent, (time.perf_counter() - started) * 1000


def api_outcome(status, data) -> str:
    if status == 200:
        return "ok"
    try:
        return json.loads(data).get("error") or f"http_{status}"
    except ValueError:
        return f"http_{status}"


def submit(log, kind, index, ngo, channel):
    if channel == "api":
        headers = {"Authorization": f"Bearer {ngo['token']}", "Content-Type": "application/json"}
        status, data, sent, ms = call_server("POST", f"/api/v1/offers/{ngo['offer']}/submit", b"{}", headers)
        outcome = api_outcome(status, data)
    else:
        form = urllib.parse.urlencode({"csrf_token": ngo["csrf"], "lock_version": ngo["lock"]})
        headers = {"Cookie": ngo["cookie"], "Content-Type": "application/x-www-form-urlencoded"}
        status, data, sent, ms = call_server("POST", f"/ngo/offers/{ngo['offer']}/submit", form, headers)
        if status == 302:
            outcome = "ok"
        elif status == 409:
            outcome = "deadline_passed" if DEADLINE_TEXT in data.decode() else "conflict"
        else:
            outcome = f"http_{status}"
    log.add(kind, index, channel, sent, ms, status, outcome)


def autosave(log, index, ngo, stop_at, rng):
    """PATCH the draft's summary until `stop_at`, remembering the last text the server acknowledged. (A draft
    stays editable after the deadline — it can no longer be submitted — so the autosaves stop before it.)"""
    headers = {"Authorization": f"Bearer {ngo['token']}", "Content-Type": "application/json"}
    n = 0
    while time.time() < stop_at:
        n += 1
        text = f"Streszczenie zadania — zapis automatyczny nr {n} organizacji {index + 1}."
        status, data, sent, ms = call_server(
            "PATCH", f"/api/v1/offers/{ngo['offer']}", json.dumps({"summary": text}), headers
        )
        log.add("autosave", index, "api", sent, ms, status, api_outcome(status, data))
        if status == 200:
            ngo["acked"] = text
        # The form's script saves 2.5 s after the last keystroke (static/js/offer.js, AUTOSAVE_MS): someone
        # typing all the time saves about that often.
        time.sleep(rng.uniform(2.5, 3.5))


def schedule(on_time, late, window, html_share, rng):
    """[(seconds from the deadline, NGO index, kind, channel)]: two clicks per NGO, 0–80 ms apart. On time:
    the last second before the deadline left free, the rest drawn with most moments near the end (u ** 1.6
    from it)."""
    events = []
    for index in range(on_time + late):
        if index < on_time:
            moment, kind = -1.0 - (window - 1.5) * rng.random() ** 1.6, "submit"
        else:
            moment, kind = 1.0 + rng.uniform(0, 0.5), "late"
        channel = "html" if rng.random() < html_share else "api"
        events += [(moment, index, kind, channel), (moment + rng.uniform(0, 0.08), index, kind, channel)]
    return sorted(events)


def rush(ngos, events, on_time, late, autosavers, deadline) -> Log:
    log = Log()
    savers = [
        threading.Thread(
            target=autosave,
            args=(log, i, ngos[on_time + late + i], deadline - 0.5, random.Random(SEED + i)),
        )
        for i in range(autosavers)
    ]
    for thread in savers:
        thread.start()
    with ThreadPoolExecutor(max_workers=256) as pool:
        for offset, index, kind, channel in events:
            time.sleep(max(0.0, deadline + offset - time.time()))
            pool.submit(submit, log, kind, index, ngos[index], channel)
    for thread in savers:
        thread.join()
    return log


# ---------------------------------------------------------------- the checks


def rows(sql) -> list[list[str]]:
    out = psql(DB, sql)
    return [line.split("|") for line in out.splitlines() if line]


def drain_mail(timeout=600) -> float:
    """Seconds until no confirmation e-mail job is queued or running (the workers drained them)."""
    started = time.monotonic()
    while time.monotonic() - started < timeout:
        if psql(DB, "SELECT count(*) FROM jobs WHERE task = 'send_mail' AND status IN ('queued', 'started')") == "0":
            break
        time.sleep(0.5)
    return time.monotonic() - started


def verify(log, ngos, on_time, late, autosavers, deadline_sql) -> dict:
    offers = {
        int(o): (status, int(n), int(late_versions))
        for o, status, n, late_versions in rows(
            "SELECT o.id, o.status, count(v.id), count(v.id) FILTER (WHERE v.submitted_at >= TIMESTAMP "
            f"'{deadline_sql}') FROM offers o LEFT JOIN offer_versions v ON v.offer_id = o.id "
            f"WHERE o.id IN ({','.join(str(n['offer']) for n in ngos)}) GROUP BY o.id, o.status"
        )
    }
    successes = {}
    for kind, index, *_rest, outcome in log.rows:
        if kind in ("submit", "late") and outcome == "ok":
            successes[index] = successes.get(index, 0) + 1
    lost = [i for i in range(on_time) if successes.get(i) and offers[ngos[i]["offer"]][:2] != ("submitted", 1)]
    unanswered = [i for i in range(on_time) if not successes.get(i)]
    duplicated = [i for i, n in successes.items() if n > 1] + [o for o, (_s, n, _l) in offers.items() if n > 1]
    late_accepted = [r for r in log.of("late") if r[6] != "deadline_passed"]
    late_versions = sum(n for _s, _n, n in offers.values())
    refused_on_time = [r for r in log.of("submit") if r[6] == "deadline_passed"]
    judged_late = sorted({r[1] for r in refused_on_time} - set(successes))
    receipts = {
        int(o): float(at)
        for o, at in rows(
            "SELECT offer_id, extract(epoch FROM submitted_at) FROM offer_versions "
            f"WHERE offer_id IN ({','.join(str(n['offer']) for n in ngos[:on_time])})"
        )
    }
    # How long after the click that succeeded its receipt time lies: the arrival's stamp is a few ms after it,
    # a worker's clock reading the whole wait in the queue before it.
    receipt_delays = [
        (receipts[ngos[r[1]]["offer"]] - r[3]) * 1000
        for r in log.of("submit")
        if r[6] == "ok" and ngos[r[1]]["offer"] in receipts
    ]
    other_errors = [r for r in log.of("submit") if r[6] not in ("ok", "not_draft", "conflict", "deadline_passed")]
    saver_rows = ngos[on_time + late : on_time + late + autosavers]
    kept = dict(
        rows(
            "SELECT id, content->>'summary' FROM offers WHERE id IN "
            f"({','.join(str(n['offer']) for n in saver_rows) or '0'})"
        )
    )
    autosaves_kept = sum(1 for n in saver_rows if n.get("acked") and kept.get(str(n["offer"])) == n["acked"])
    return {
        "lost": lost,
        "unanswered": unanswered,
        "duplicated": duplicated,
        "late_accepted": late_accepted,
        "late_versions": late_versions,
        "refused_on_time": refused_on_time,
        "judged_late": judged_late,
        "receipt_delays": receipt_delays,
        "other_errors": other_errors,
        "autosaves_kept": autosaves_kept,
        "autosavers_acked": sum(1 for n in saver_rows if n.get("acked")),
        "autosave_failures": [r for r in log.of("autosave") if r[5] != 200],
    }


def figures(requests) -> tuple:
    """(n, requests per second over the span they were sent and answered in, p50, p95, p99, max)."""
    if not requests:
        return 0, 0.0, 0, 0, 0, 0
    latencies = [r[4] for r in requests]
    span = max(r[3] + r[4] / 1000 for r in requests) - min(r[3] for r in requests)
    return (
        len(requests),
        len(requests) / max(span, 0.001),
        percentile(latencies, 50),
        percentile(latencies, 95),
        percentile(latencies, 99),
        max(latencies),
    )


def peak_per_second(requests) -> int:
    buckets = {}
    for r in requests:
        buckets[int(r[3])] = buckets.get(int(r[3]), 0) + 1
    return max(buckets.values(), default=0)


# ---------------------------------------------------------------- the run


def prepare(env, count) -> dict:
    from redis import Redis

    redis = Redis.from_url(REDIS_URL)
    redis.flushdb()  # nothing left over from an earlier run; the set-up's own jobs wait here for the workers
    redis.close()
    demo_database(env, DB)
    out = Path(env["OKO_INSTANCE_DIR"]) / "rush.json"
    run_script(env, SETUP, count, out)
    return json.loads(out.read_text())


def form_session(ngo) -> None:
    """Log in through the form and read the summary page: the cookie, CSRF token and lock_version a click
    on "Złóż ofertę" posts."""
    cookie = session_cookie(PORT, ngo["email"])
    status, headers, body = request(PORT, "GET", f"/ngo/offers/{ngo['offer']}/summary", headers={"Cookie": cookie})
    page = body.decode()
    assert status == 200, (status, page[:300])
    # The page put its CSRF token in the session: the cookie the browser holds now is the one it sets.
    jar = dict(pair.split("=", 1) for pair in cookie.split("; "))
    for name, value in headers:
        if name.lower() == "set-cookie":
            key, _sep, rest = value.partition("=")
            jar[key] = rest.split(";", 1)[0]
    ngo["cookie"] = "; ".join(f"{k}={v}" for k, v in jar.items())
    ngo["csrf"] = re.search(r'name="csrf_token" value="([^"]+)"', page).group(1)
    ngo["lock"] = re.search(r'name="lock_version" value="(\d+)"', page).group(1)


def main():
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--ngos", type=int, default=500, help="NGOs submitting in the window, each twice")
    parser.add_argument("--autosavers", type=int, default=50, help="NGOs autosaving their drafts meanwhile")
    parser.add_argument("--late", type=int, default=5, help="NGOs submitting 1 s after the deadline")
    parser.add_argument("--window", type=float, default=60, help="seconds from the rush's start to the deadline")
    parser.add_argument("--html-share", type=float, default=0.2, help="share of NGOs submitting through the form")
    parser.add_argument("--workers", type=int, default=2, help="gunicorn worker processes")
    parser.add_argument("--threads", type=int, help=f"threads per worker (default: {GUNICORN_CONFIG}'s)")
    parser.add_argument(
        "--proxy",
        action=argparse.BooleanOptionalAction,
        default=True,
        help="nginx in front stamping the arrival (--no-proxy: gunicorn alone, its own clock the receipt time)",
    )
    parser.add_argument("--sync", action="store_true", help=f"plain sync workers instead of {GUNICORN_CONFIG}")
    parser.add_argument("--rq-workers", type=int, default=2, help="`flask jobs worker` processes")
    json_argument(parser)
    args = parser.parse_args()
    summary = Summary("deadline_rush", args.json)
    behind_proxy = {"OKO_RECEIPT_PROXIES": "127.0.0.1", "OKO_PROXY_HOPS": "1"} if args.proxy else {}
    env = server_env(
        DB,
        REDIS_URL=REDIS_URL,
        OKO_JOBS="rq",
        OKO_LOGIN_RATE="100000 per minute",
        OKO_LOGIN_ACCOUNT_RATE="1000 per minute",
        **behind_proxy,
    )
    started = time.perf_counter()
    data = prepare(env, args.ngos + args.late + args.autosavers)
    ngos = data["ngos"]
    print(
        f"prepared {len(ngos)} NGOs with a complete draft each in {time.perf_counter() - started:.0f} s",
        file=sys.stderr,
    )
    events = schedule(args.ngos, args.late, args.window, args.html_share, random.Random(SEED))
    workers = start_workers(env, args.rq_workers)
    try:
        access = Path(env["OKO_INSTANCE_DIR"]) / "access.log"
        # gunicorn's request time (%(M)s) is the time in the worker; the client's figure adds the queue before it.
        access_log = ("--access-logfile", str(access), "--access-logformat", "%(m)s %(U)s %(s)s %(M)s")
        config = () if args.sync else ("-c", GUNICORN_CONFIG)
        threads = args.threads or 1
        backend = BACKEND_PORT if args.proxy else PORT
        with (
            gunicorn(env, backend, args.workers, threads, extra=(*config, *access_log)) as server,
            nginx(PORT, BACKEND_PORT) if args.proxy else nullcontext(),
        ):
            for _ in range(10):  # both workers past their first request
                request(PORT, "GET", "/calls")
            for index in sorted({index for _o, index, _k, channel in events if channel == "html"}):
                form_session(ngos[index])
            out = Path(env["OKO_INSTANCE_DIR"]) / "deadline.txt"
            # The deadline a few seconds beyond the window: starting this script eats into it.
            run_script(env, AMEND, data["call"], args.window + 3, out)
            deadline_at = datetime.fromisoformat(out.read_text())
            deadline = deadline_at.timestamp()
            rush_started = datetime.now(UTC)
            before = load_average()
            print(f"deadline {deadline_at.isoformat()}; the rush starts (load average {before})", file=sys.stderr)
            cpu = [cpu_seconds([server.pid]), cpu_seconds(p.pid for p in workers)]
            log = rush(ngos, events, args.ngos, args.late, args.autosavers, deadline)
            drained = drain_mail()
            after = load_average()
            cpu = [cpu_seconds([server.pid]) - cpu[0], cpu_seconds(p.pid for p in workers) - cpu[1]]
    finally:
        stop_workers(workers)
    since = rush_started.strftime("%Y-%m-%d %H:%M:%S")
    results = verify(log, ngos, args.ngos, args.late, args.autosavers, deadline_at.strftime("%Y-%m-%d %H:%M:%S"))
    mails = dict(
        rows(f"SELECT status, count(*) FROM jobs WHERE task = 'send_mail' AND created_at >= '{since}' GROUP BY status")
    )
    unsent = psql(DB, f"SELECT count(*) FROM outbound_mail WHERE created_at >= '{since}' AND sent_at IS NULL")
    report(summary, args, log, results, mails, unsent, drained, before, after, worker_times(access), cpu)


def worker_times(access: Path) -> dict:
    """{what: [ms in the worker]} from gunicorn's access log, for the rush's requests (late submits included)."""
    times = {"submit, API": [], "submit, form": [], "autosave PATCH": []}
    for line in access.read_text().splitlines():
        method, path, _status, ms = line.split()
        if method == "POST" and re.fullmatch(r"/api/v1/offers/\d+/submit", path):
            times["submit, API"].append(int(ms))
        elif method == "POST" and re.fullmatch(r"/ngo/offers/\d+/submit", path):
            times["submit, form"].append(int(ms))
        elif method == "PATCH":
            times["autosave PATCH"].append(int(ms))
    return times


def report(summary, args, log, results, mails, unsent, drained, before, after, in_worker, cpu) -> None:
    server = f"gunicorn -w {args.workers} (sync)" if args.sync else f"gunicorn -c {GUNICORN_CONFIG} -w {args.workers}"
    if args.threads:
        server += f" --threads {args.threads}"
    front = (
        "nginx in front stamping the arrival (deploy/nginx-oko-proxy.conf, OKO_RECEIPT_PROXIES=127.0.0.1)"
        if args.proxy
        else "no front proxy (the receipt time is gunicorn's worker's clock)"
    )
    summary.note(
        f"{args.ngos} NGOs double-clicking in the last {args.window:.0f} s ({args.html_share:.0%} through the form), "
        f"{args.late} 1 s after the deadline, {args.autosavers} autosaving; {front}; {server}, "
        f"{args.rq_workers} `flask jobs worker`, PostgreSQL, Redis"
    )
    table = summary.table(("measurement", "n", "per second", "p50 ms", "p95 ms", "p99 ms", "max ms"))
    rows_ = (
        ("submit on time, both clicks (API + form)", log.of("submit")),
        ("— through the API (bearer token)", log.of("submit", "api")),
        ("— through the form (CSRF token + session cookie)", log.of("submit", "html")),
        ("submit 1 s after the deadline", log.of("late")),
        ("autosave PATCH until the deadline", log.of("autosave")),
    )
    for label, requests in rows_:
        n, rps, p50, p95, p99, top = figures(requests)
        table.row(label, n, f"{rps:.1f}", f"{p50:.0f}", f"{p95:.0f}", f"{p99:.0f}", f"{top:.0f}", load=before)
    delays = results["receipt_delays"]
    if delays:
        table.row(
            "receipt time after the click (submitted_at − the successful click's send)",
            len(delays),
            "",
            f"{percentile(delays, 50):.0f}",
            f"{percentile(delays, 95):.0f}",
            f"{percentile(delays, 99):.0f}",
            f"{max(delays):.0f}",
            load=before,
        )
    for label, times in in_worker.items():
        if times:
            table.row(
                f"in the worker (gunicorn's request time): {label}",
                len(times),
                "",
                percentile(times, 50),
                percentile(times, 95),
                percentile(times, 99),
                max(times),
                load=before,
            )
    p95 = figures(log.of("submit"))[3]
    summary.note(f"peak: {peak_per_second(log.of('submit'))} submit requests sent within one second")
    summary.note(f"p95 of a submission < 300 ms: {'met' if p95 < 300 else 'MISSED'} ({p95:.0f} ms)")
    r = results
    second_clicks = sum(1 for row in log.of("submit") if row[6] in ("not_draft", "conflict"))
    sent = int(mails.get("finished", 0))
    queued = sum(int(n) for n in mails.values())
    checks = summary.table(("check", "result", "expected"))
    verdicts = [
        ("lost: a success whose offer is not submitted with exactly one version", len(r["lost"]), 0),
        ("on-time NGOs without a success", len(r["unanswered"]), 0),
        ("NGOs judged late although they clicked in time", len(r["judged_late"]), 0),
        (
            "clicks sent before the deadline yet refused as late (stamped after it)",
            len(r["refused_on_time"]),
            0,
        ),
        ("duplicated: two successes for one NGO, or an offer with two versions", len(r["duplicated"]), 0),
        ("accepted late: requests after the deadline not refused with deadline_passed", len(r["late_accepted"]), 0),
        ("accepted late: versions submitted at or after the deadline", r["late_versions"], 0),
        ("on-time requests answered otherwise (5xx, timeouts, …)", len(r["other_errors"]), 0),
        ("second clicks refused (409 not_draft / the form's 409)", second_clicks, args.ngos),
        ("autosaves not acknowledged before the deadline", len(r["autosave_failures"]), 0),
        ("autosavers whose last acknowledged text is kept", r["autosaves_kept"], args.autosavers),
        ("confirmation e-mails sent by the workers / queued by the rush", f"{sent} / {queued}", f"{queued} / {queued}"),
        ("e-mails left unsent", int(unsent), 0),
    ]
    for label, result, expected in verdicts:
        checks.row(label, result, expected)
        if str(result) != str(expected):
            summary.fail()
    if queued == 0:
        summary.fail()
    summary.note(
        f"the workers drained the e-mail jobs {drained:.0f} s after the last request (load average after: {after})"
    )
    # CPU time, unlike latency, hardly moves with what else the machine runs: the server's own cost.
    per_request, per_mail = cpu[0] * 1000 / max(len(log.rows), 1), cpu[1] * 1000 / max(queued, 1)
    summary.note(
        f"CPU from the rush's start to the drain: gunicorn {cpu[0]:.1f} s ({per_request:.1f} ms a request of the "
        f"rush), the job workers {cpu[1]:.1f} s ({per_mail:.1f} ms an e-mail)"
    )
    for name in ("lost", "unanswered", "duplicated", "late_accepted", "other_errors", "autosave_failures"):
        for row in list(r[name])[:3]:
            print(f"  {name}: {row}", file=sys.stderr)
    summary.write()
    sys.exit(0 if summary.data["ok"] else 1)


if __name__ == "__main__":
    main()
