"""Public pages under gunicorn (2 workers) on PostgreSQL, loaded with wrk at 8 connections.

Run by hand:  .venv/bin/python bench/bench_public.py [--seconds 15] [--extra-calls 40] [--no-cache]
              .venv/bin/python bench/bench_public.py --no-cache --database oko_scale   # a built dataset as it is
Needs: PostgreSQL on 127.0.0.1:5432 (trust), Debian's wrk (make apt). Figures go to docs/benchmarks.md.
"""

import argparse
import re
import urllib.request

from harness import (
    Summary,
    demo_database,
    gunicorn,
    json_argument,
    load_average,
    psql,
    run_script,
    server_env,
    wrk,
)

PORT = 5055
DB = "oko_bench_public"


def prepare(env, extra_calls):
    demo_database(env, DB)
    script = f"""
from grants import create_app
from grants.extensions import db
from grants.auth.queries import user_by_email
from grants.calls.operations import create_call, publish_call
from grants.demo import OPEN_CALL_DESCRIPTION, _at, _date
app = create_app()
with app.app_context():
    officer = user_by_email("referat@opole.example")
    for i in range({extra_calls}):
        call = create_call(actor=officer, raw={{"title": f"Zadanie integracyjne nr {{i + 1}}",
            "task_type": "Działalność na rzecz integracji cudzoziemców", "form": "wspieranie",
            "description": OPEN_CALL_DESCRIPTION, "budget_total": "50000.00", "task_start": _date(60),
            "task_end": _date(200), "submission_deadline": _at(30 + i % 20, 15), "selection_deadline": _date(70)}})
        publish_call(actor=officer, call=call)
    db.session.commit()
"""
    run_script(env, script)


def main():
    parser = argparse.ArgumentParser()
    parser.add_argument("--seconds", type=int, default=15)
    parser.add_argument("--extra-calls", type=int, default=40)
    parser.add_argument("--workers", type=int, default=2)
    parser.add_argument("--no-cache", action="store_true", help="the pages themselves: the public page cache off")
    parser.add_argument(
        "--database",
        help="an existing PostgreSQL database to read as it is (e.g. oko_scale from `flask demo scale`); "
        "by default the demo and --extra-calls are built into a fresh one",
    )
    json_argument(parser)
    args = parser.parse_args()
    summary = Summary("public", args.json)
    # OKO_JOBS=manual: the web tier alone (bench_desks.py says why).
    cache = {"OKO_PUBLIC_PAGE_CACHE": "0"} if args.no_cache else {}
    env = server_env(args.database or DB, OKO_JOBS="manual", **cache)
    if args.database:
        calls = psql(args.database, "SELECT count(*) FROM calls WHERE status <> 'draft'").strip()
        offers = psql(args.database, "SELECT count(*) FROM offers").strip()
        summary.note(f"database {args.database} as it is: {calls} calls published, {offers} offers")
    else:
        prepare(env, args.extra_calls)
    with gunicorn(env, PORT, args.workers):
        call_id = re.search(
            r'href="/calls/(\d+)"', urllib.request.urlopen(f"http://127.0.0.1:{PORT}/calls?status=open").read().decode()
        ).group(1)
        pages = {
            "/calls (open list)": "/calls",
            "/calls?status=closed": "/calls?status=closed",
            f"/calls/{call_id} (call page)": f"/calls/{call_id}",
            "/": "/",
        }
        for path in pages.values():  # warm-up
            wrk(f"http://127.0.0.1:{PORT}{path}", 2)
        table = summary.table(("page", "requests/s", "p50 ms", "p95 ms", "p99 ms", "non-2xx"))
        for label, path in pages.items():
            before = load_average()
            r = wrk(f"http://127.0.0.1:{PORT}{path}", args.seconds)
            table.row(label, f"{float(r['rps']):.0f}", r["p50"], r["p95"], r["p99"], r["non2xx"], load=before)
    summary.write()


if __name__ == "__main__":
    main()
