"""The logged-in desks at national scale (issue 13) under gunicorn (2 workers) on PostgreSQL, wrk at 8 connections.

Run by hand:  .venv/bin/python bench/bench_desks.py [--database-url URL] [--offers 2500] [--seconds 5]
                                                  [--scratch oko_bench_desks] [--reuse] [--only ranking,audit]
Needs: PostgreSQL (trust), Debian's wrk (make apt). Figures go to docs/benchmarks.md (bench/run_all.py).

Data: the national dataset of `flask demo scale` (grants/demo_scale*.py). `--database-url` names one already
built (e.g. oko_scale, 100 000 offers) and is only read — but for one draft with 20 cost lines, created
through the operations when the dataset has none. Without it the bench builds a small one into the scratch
database oko_bench_desks (`--offers 2500`: the plan's two benchmark calls get their full 500 offers each once
the total is 2 500 or more — about 20 min of building on a busy machine; `--reuse` keeps a scratch dataset
already there). A database given by `--database-url` is never dropped.

Who reads what is found in the data (SQL): the biggest call under review (the plan's ≈ 500-offer call with a
committee of 7, every offer scored on 6 criteria), its office's officer, a voting member of its committee,
the NGO person whose organisations have the most offers. Each logs in through the real login form (CSRF
token from GET /login; the login rate limits are raised for the run). Each page must answer 200 with the
person's name in the header before it is measured, and wrk's script (bench/p95_2xx.lua) counts every answer
that is not 2xx — redirects included, which wrk alone would not: a redirect to /login would fake speed.
The SQL statements of a request and its CPU time are measured in process (Flask's test client, the same
database, after a first request). Exit status 1 if any answer was not 2xx or was lost (wrk's errors); a missed
target is reported, not an error.
"""

import argparse
import json
import math
import re
import subprocess
import sys
import time
from pathlib import Path

from harness import (
    PY,
    ROOT,
    Summary,
    fresh_postgres,
    gunicorn,
    json_argument,
    load_average,
    request,
    server_env,
    session_cookie,
    wrk,
)
from markupsafe import escape

PORT = 5059
DB = "oko_bench_desks"
SCALE_PASSWORD = "oko-scale-2027"  # grants.demo_scale.SCALE_PASSWORD (not imported: the harness imports no app)
DRAFT_TITLE = "Oferta z długim kosztorysem (bench_desks)"
COST_LINES = 20
# Requests one at a time before each page's run: they fill both workers' caches, and each waits for what the
# previous run left in gunicorn's queue — wrk stops at the end of its time with 8 requests still in flight,
# which the workers answer anyway (seconds of a slow page that would land in the next page's run).
WARM_UP = 4
TIMEOUT = 30  # seconds: wrk's default (2 s) would drop a slow page's answers from its latencies
MIN_ANSWERS, LONGEST_RUN = 30, 30  # a slow page's run is longer (up to 30 s), so that its p95 is not its maximum

# (key, who reads it, the path with {call}/{draft}, the p95 target in ms, what it is) — issue 13's targets.
PAGES = (
    ("office_offers", "officer", "/office/calls/{call}/offers", 150, "officer: the call's offers"),
    ("formal_desk", "officer", "/office/calls/{call}/review", 150, "officer: the formal desk"),
    ("ranking", "officer", "/review/calls/{call}/ranking", 150, "officer: the ranking"),
    ("ngo_offers", "ngo", "/ngo/offers/", 100, "NGO: its offers"),
    ("member_desk", "member", "/review/", 100, "member: the desk"),
    ("member_call", "member", "/review/calls/{call}", 100, "member: the call's queue"),
    ("audit", "officer", "/office/audit", 100, "officer: the office's audit log"),
    ("cost_step", "ngo", "/ngo/offers/{draft}/steps/costs", 60, f"NGO: form step V.A, {COST_LINES} cost lines"),
)

# Run in a process of its own with the bench's environment: who reads what (SQL on the dataset), the draft
# with 20 cost lines (through the operations, once), the statements each page costs (Flask's test client).
SETUP = r'''
import json, re, sys, threading, time
from copy import deepcopy
from sqlalchemy import event, text
from grants import create_app
from grants.extensions import db

pages, draft_title, password, out = json.loads(sys.argv[1]), sys.argv[2], sys.argv[4], sys.argv[5]
cost_lines = int(sys.argv[3])


def one(sql, **params):
    row = db.session.execute(text(sql), params).first()
    if row is None:
        sys.exit(f"bench_desks: nothing in the dataset for: {sql.split(chr(10))[0]}")
    return row


def cost_content(call, title, lines):
    """The demo's Annex 1 offer on the call's dates, with `lines` cost lines (two of them administrative)."""
    from grants.demo import OFFER_BODY
    content = {"title": title, "task_start": call.task_start.isoformat(), "task_end": call.task_end.isoformat(),
               **deepcopy(OFFER_BODY)}
    items = [{"action": i % 2, "name": f"Koszt nr {i + 1}", "unit": "godzina", "quantity": "10",
              "unit_cost": "100.00", "grant_part": "850.00"} for i in range(lines - 2)]
    items += [{"action": "admin", "name": name, "unit": "miesiąc", "quantity": "5", "unit_cost": "80.00",
               "grant_part": "400.00"} for name in ("Koordynacja", "Księgowość")]
    content["cost_items"] = items
    own = (lines - 2) * 150
    content.update(own_financial=f"{own}.00", own_non_financial_personal="0.00", own_non_financial_in_kind="0.00")
    return content


app = create_app()
with app.app_context():
    call_id, office_id, offers = one("""
        SELECT c.id, c.office_id, count(o.id) FROM calls c JOIN offers o ON o.call_id = c.id
        WHERE c.status = 'under_review' GROUP BY c.id ORDER BY count(o.id) DESC, c.id LIMIT 1""")
    officer = one("""
        SELECT u.email, u.full_name FROM users u JOIN user_roles r ON r.user_id = u.id
        WHERE r.role = 'officer' AND u.office_id = :office AND u.active ORDER BY u.id LIMIT 1""", office=office_id)
    member = one("""
        SELECT u.email, u.full_name FROM committee_members m JOIN users u ON u.id = m.user_id
        WHERE m.call_id = :call AND m.role = 'member' AND m.status = 'active' ORDER BY m.id LIMIT 1""", call=call_id)
    ngo_id, ngo_offers = one("""
        SELECT m.user_id, count(*) FROM offers o JOIN memberships m ON m.organization_id = o.organization_id
        GROUP BY m.user_id ORDER BY count(*) DESC, m.user_id LIMIT 1""")
    ngo = one("SELECT email, full_name FROM users WHERE id = :id", id=ngo_id)
    sheets, members = one("""
        SELECT (SELECT count(*) FROM score_sheets WHERE call_id = :call AND status = 'final'),
               (SELECT count(*) FROM committee_members WHERE call_id = :call AND status = 'active')""", call=call_id)
    draft = db.session.execute(text("""
        SELECT o.id FROM offers o JOIN memberships m ON m.organization_id = o.organization_id
        JOIN calls c ON c.id = o.call_id
        WHERE o.title = :title AND o.status = 'draft' AND m.user_id = :user AND c.submission_deadline > now()
        ORDER BY o.id LIMIT 1"""), {"title": draft_title, "user": ngo_id}).scalar()
    if draft is None:
        from grants.auth.models import User
        from grants.calls.models import Call
        from grants.offers.operations import create_offer, update_offer
        open_call_id, organization_id = one("""
            SELECT c.id, m.organization_id FROM calls c, memberships m
            WHERE c.status = 'published' AND c.submission_deadline > now() AND m.user_id = :user
            ORDER BY c.submission_deadline DESC, c.id, m.organization_id LIMIT 1""", user=ngo_id)
        person, call = db.session.get(User, ngo_id), db.session.get(Call, open_call_id)
        offer = create_offer(actor=person, call=call, raw={"organization_id": organization_id, "title": draft_title})
        update_offer(actor=person, offer=offer, raw=cost_content(call, draft_title, cost_lines))
        db.session.commit()
        draft = offer.id
    totals = db.session.execute(text("""
        SELECT (SELECT count(*) FROM offices), (SELECT count(*) FROM calls), (SELECT count(*) FROM offers),
               (SELECT count(*) FROM audit_entries)""")).first()
    people = {"officer": tuple(officer), "member": tuple(member), "ngo": tuple(ngo)}
    paths = {key: path.format(call=call_id, draft=draft) for key, _who, path in pages}
    engine = db.engine

# Outside the set-up's application context: a request inside it would share its `g` and session.
# This thread's statements only: the in-process job runner's thread reads the jobs table meanwhile.
counter, me = [0], threading.get_ident()


def count(*args, **kwargs):
    if threading.get_ident() == me:
        counter[0] += 1


event.listen(engine, "before_cursor_execute", count)
statements, cpu = {}, {}
for who, (email, _name) in people.items():
    client = app.test_client()
    html = client.get("/login").get_data(as_text=True)
    csrf = re.search(r'name="csrf_token" type="hidden" value="([^"]+)"', html).group(1)
    answer = client.post("/login", data={"csrf_token": csrf, "email": email, "password": password})
    if answer.status_code != 302:
        sys.exit(f"bench_desks: {email} could not log in (HTTP {answer.status_code})")
    for key, reader, _path in pages:
        if reader == who:
            client.get(paths[key])  # once to fill what a process keeps
            times = []
            for _ in range(3):
                counter[0], started = 0, time.thread_time()
                answer = client.get(paths[key])
                times.append(time.thread_time() - started)
            statements[key] = counter[0] if answer.status_code == 200 else f"HTTP {answer.status_code}"
            cpu[key] = round(min(times) * 1000)
json.dump({
    "call": call_id, "call_offers": offers, "sheets": sheets, "members": members, "ngo_offers": ngo_offers,
    "draft": draft, "people": {who: list(row) for who, row in people.items()}, "paths": paths,
    "statements": statements, "cpu": cpu, "totals": list(totals),
}, open(out, "w"))
'''


def build(env, args) -> None:
    """The scratch dataset: a fresh database, migrated, `flask demo scale` at the bench's sizes."""
    fresh_postgres(args.scratch)
    subprocess.run([str(PY), "-m", "flask", "db", "upgrade"], cwd=ROOT, env=env, check=True, capture_output=True)
    command = [str(PY), "-m", "flask", "demo", "scale", "--offices", str(args.offices), "--calls", str(args.calls)]
    command += ["--organizations", str(args.organizations), "--offers", str(args.offers)]
    print(f"building the dataset: flask demo scale {' '.join(command[5:])}", file=sys.stderr, flush=True)
    subprocess.run(command, cwd=ROOT, env=env, check=True, stdout=sys.stderr)


def has_dataset(env) -> bool:
    script = "from grants import create_app\nfrom grants.extensions import db\napp = create_app()\n"
    script += 'with app.app_context():\n    print(db.session.execute(db.text("SELECT count(*) FROM offices WHERE '
    script += "slug = 'jst-001'\")).scalar())"
    answer = subprocess.run([str(PY), "-c", script], cwd=ROOT, env=env, capture_output=True, text=True)
    return answer.returncode == 0 and answer.stdout.strip() == "1"


def chosen(only: str | None) -> tuple:
    """The PAGES named by `--only` (their keys, comma-separated), all without it; None for an unknown key."""
    if not only:
        return PAGES
    keys = {key.strip() for key in only.split(",") if key.strip()}
    if not keys or keys - {page[0] for page in PAGES}:
        return None
    return tuple(page for page in PAGES if page[0] in keys)


def setup(env, pages_measured) -> dict:
    out = Path(env["OKO_INSTANCE_DIR"]) / "bench_desks.json"
    pages = [(key, who, path) for key, who, path, _target, _label in pages_measured]
    command = [str(PY), "-c", SETUP, json.dumps(pages), DRAFT_TITLE, str(COST_LINES), SCALE_PASSWORD, str(out)]
    if subprocess.run(command, cwd=ROOT, env=env).returncode != 0:
        sys.exit("bench_desks: the set-up failed (see above)")
    return json.loads(out.read_text())


def logged_in_as(body: bytes, full_name: str) -> bool:
    """Whether a page is the person's own: the header names whoever is signed in (base.html's nav-user)."""
    match = re.search(rb'<li class="nav-user"><a href="[^"]*">([^<]*)</a>', body)
    return match is not None and match.group(1).decode() == str(escape(full_name))


COLUMNS = (
    "page",
    "path",
    "run s",
    "requests",
    "requests/s",
    "p50 ms",
    "p95 ms",
    "target p95",
    "met",
    "SQL per request",
    "app CPU ms",
    "non-2xx / errors",
    "load avg before",
)


def run_seconds(seconds: int, one_request: float, workers: int) -> int:
    """wrk's run for a page: `seconds`, or long enough for MIN_ANSWERS answers at the pace of `workers` each
    taking `one_request` seconds (one request alone, the last of the warm-up), up to LONGEST_RUN."""
    return max(seconds, min(LONGEST_RUN, math.ceil(MIN_ANSWERS * one_request / workers)))


def answered(result: dict) -> bool:
    """Every answer 2xx, none lost (wrk counts a timeout or a dropped connection in errors), and some at all."""
    return int(result["requests"]) > 0 and result["non2xx"] == "0" and result["errors"] == "0"


def row(label, path, seconds, target, result, statements, cpu, load) -> list:
    """One page's row of the table (COLUMNS): a p95 from a run that lost answers is no figure."""
    met = ("yes" if float(result["p95"]) < target else "**no**") if answered(result) else "**no answer**"
    return [
        label,
        f"`{path}`",
        seconds,
        result["requests"],
        f"{float(result['rps']):.1f}",
        result["p50"],
        result["p95"],
        f"< {target} ms",
        met,
        statements,
        cpu,
        f"{result['non2xx']} / {result['errors']}",
        load,
    ]


def main():
    parser = argparse.ArgumentParser()
    parser.add_argument("--database-url", help="an already-built `flask demo scale` dataset (read, one draft added)")
    parser.add_argument("--offers", type=int, default=2500, help="the scratch build's offers (without --database-url)")
    parser.add_argument("--offices", type=int, default=3)
    parser.add_argument("--calls", type=int, default=20)
    parser.add_argument("--organizations", type=int, default=125)
    parser.add_argument("--scratch", default=DB, help="the scratch database (dropped and built unless --reuse)")
    parser.add_argument("--reuse", action="store_true", help="keep a scratch dataset already there")
    parser.add_argument("--seconds", type=int, default=5, help="wrk's run per page (longer for a slow page)")
    parser.add_argument("--workers", type=int, default=2)
    parser.add_argument("--only", help=f"measure only these pages (comma-separated): {', '.join(p[0] for p in PAGES)}")
    json_argument(parser)
    args = parser.parse_args()
    pages = chosen(args.only)
    if pages is None:
        parser.error(f"--only: the pages are {', '.join(p[0] for p in PAGES)}")
    summary = Summary("desks", args.json)
    rates = {"OKO_LOGIN_RATE": "10000 per minute", "OKO_LOGIN_ACCOUNT_RATE": "10000 per minute"}
    # The web tier alone, as in production, where RQ workers run the jobs in processes of their own: with the
    # embedded default's in-process worker, the first run of a day had the gunicorn workers send the day's
    # reminders (≈ 8 000 e-mails at national scale) while wrk measured the pages.
    env = server_env(args.scratch, OKO_JOBS="manual", **rates)
    if args.database_url:
        if args.database_url.rstrip("/").rsplit("/", 1)[-1] == args.scratch:
            parser.error("--database-url names the scratch database: use --reuse")
        env["DATABASE_URL"] = args.database_url
    elif not (args.reuse and has_dataset(env)):
        started = time.perf_counter()
        build(env, args)
        summary.note(f"dataset built in {time.perf_counter() - started:.0f} s", printed=False)
    data = setup(env, pages)
    offices, calls, offers, audit = data["totals"]
    summary.note(
        f"dataset: {offices} offices, {calls} calls, {offers} offers, {audit} audit entries; "
        f"the call under review: {data['call_offers']} offers, a committee of {data['members']}, "
        f"{data['sheets']} score sheets; the NGO person's organisations: {data['ngo_offers']} offers; logged in: "
        f"{', '.join(f'{who} {email}' for who, (email, _name) in data['people'].items())}"
    )
    ok = True
    with gunicorn(env, PORT, args.workers, ready_path="/login"):
        cookies = {who: session_cookie(PORT, email, SCALE_PASSWORD) for who, (email, _n) in data["people"].items()}
        for key, who, _path, _target, label in pages:
            status, _headers, body = request(PORT, "GET", data["paths"][key], headers={"Cookie": cookies[who]})
            if status != 200 or not logged_in_as(body, data["people"][who][1]):
                print(f"{label}: {data['paths'][key]} answered {status}, not {who}'s page", file=sys.stderr)
                ok = False
        if not ok:
            summary.fail()
            summary.write()
            sys.exit(1)
        summary.note(
            f"gunicorn -w {args.workers} (sync); wrk -t2 -c8 for {args.seconds} s per page, or long enough for "
            f"≈ {MIN_ANSWERS} answers (at most {LONGEST_RUN} s), after {WARM_UP} requests one at a time; answers "
            f"slower than {TIMEOUT} s counted as errors; app CPU: the request thread's CPU time in one "
            "process without load (Flask's test client, the best of 3; not the in-process job runner's thread, not "
            "PostgreSQL's side)"
        )
        table = summary.table(COLUMNS)
        for key, who, _path, target, label in pages:
            url = f"http://127.0.0.1:{PORT}{data['paths'][key]}"
            for _ in range(WARM_UP):
                started = time.perf_counter()
                request(PORT, "GET", data["paths"][key], headers={"Cookie": cookies[who]}, timeout=TIMEOUT)
            seconds = run_seconds(args.seconds, time.perf_counter() - started, args.workers)
            before = load_average()
            r = wrk(url, seconds, cookies[who], script="bench/p95_2xx.lua", timeout=TIMEOUT)
            figures = data["statements"][key], data["cpu"][key]
            table.row(*row(label, data["paths"][key], seconds, target, r, *figures, before))
            ok = ok and answered(r)
    if not ok:
        summary.fail()
    summary.write()
    sys.exit(0 if ok else 1)


if __name__ == "__main__":
    main()
