"""The review's HTML pages of a national call, in process: the ranking page and the formal desk of 500 offers.

Run by hand from the project root, after bench/bench_review.py has built its call (it leaves the PostgreSQL
database oko_bench_review: 500 offers formally accepted, 7 voting members, every sheet final on 6 criteria):

    .venv/bin/python bench/bench_review.py --offers 500       # builds oko_bench_review (about 3 minutes)
    .venv/bin/python bench/bench_review_pages.py [--runs 20] [--profile PATH]

What is timed: GET requests through the Flask test client with a session cookie (the officer's and the
committee chair's), so routing, the login, the access checks, the ranking, the SQL and the template; no
gunicorn and no network. The pages reuse a ranking computed from the very same points
(grants/review/ranking.py, `reuse`): "computed anew" is the first read after any change, `scoring.rank_call`
on every point; the other ranking rows are the reads after it (the next pages, the filters) while nothing
changes. A few runs each, after two to warm the process (the compiled templates, the translations). The
cyclic collector is set as wsgi.py sets it (grants/heap.py: the loaded app frozen, a larger first
generation; `--no-freeze` leaves Python's defaults). `--profile PATH` writes cProfile's statistics of the
officer's ranking page (the first page) to PATH and prints their top.
"""

import argparse
import cProfile
import os
import pstats
import statistics
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))
sys.path.insert(0, str(ROOT / "bench"))

from harness import Summary, json_argument, load_average, percentile  # noqa: E402

PG_DB = "oko_bench_review"
PASSWORD = "bench-password"
TITLE = "Benchmark: integracja cudzoziemców"  # bench_review.py's call


def login(app, email):
    client = app.test_client()
    response = client.post("/login", data={"email": email, "password": PASSWORD})
    assert response.status_code == 302, response.get_data(as_text=True)[:300]
    return client


def timed(client, url, runs, before=None):
    for _ in range(2):
        response = client.get(url)
        assert response.status_code == 200, (url, response.status_code)
    timings, cpu = [], []
    for _ in range(runs):
        if before:
            before()
        started, cpu_started = time.perf_counter(), time.process_time()
        response = client.get(url)
        timings.append((time.perf_counter() - started) * 1000)
        cpu.append((time.process_time() - cpu_started) * 1000)
        assert response.status_code == 200, (url, response.status_code)
    return timings, cpu, len(response.get_data())


def main():
    parser = argparse.ArgumentParser()
    parser.add_argument("--runs", type=int, default=20)
    parser.add_argument("--profile", help="write the officer's ranking page's cProfile statistics here")
    parser.add_argument("--no-freeze", action="store_true", help="leave the collector as Python sets it")
    json_argument(parser)
    args = parser.parse_args()
    report = Summary("review_pages", args.json)
    os.environ.update(DATABASE_URL=f"postgresql://postgres@127.0.0.1:5432/{PG_DB}", SECRET_KEY="bench")
    os.environ.setdefault("OKO_INSTANCE_DIR", "/tmp/oko-bench-review-pages")
    os.environ.pop("REDIS_URL", None)
    from grants import create_app, heap
    from grants.calls.models import Call
    from grants.extensions import db

    app = create_app({"RATELIMIT_ENABLED": False, "WTF_CSRF_ENABLED": False, "PUBLIC_PAGE_CACHE": False})
    if not args.no_freeze:  # as wsgi.py does once the app is loaded
        heap.settle()
    with app.app_context():
        call_id = db.session.scalar(db.select(Call.id).where(Call.title == TITLE).order_by(Call.id.desc()))
    assert call_id, "no benchmark call: run bench/bench_review.py --offers 500 first"
    officer = login(app, "officer@bench.example")
    chair = login(app, "member0@bench.example")
    from grants.review import ranking

    def forget():  # the first read after any change: the ranking computed anew (grants.review.ranking `reuse`)
        ranking._COMPUTED.clear()

    pages = [
        ("ranking, first page, computed anew (officer)", officer, f"/review/calls/{call_id}/ranking", forget),
        ("ranking, first page (officer)", officer, f"/review/calls/{call_id}/ranking"),
        ("ranking, first page (chair)", chair, f"/review/calls/{call_id}/ranking"),
        ("ranking, below the threshold (officer)", officer, f"/review/calls/{call_id}/ranking?passing=no"),
        ("ranking, search (officer)", officer, f"/review/calls/{call_id}/ranking?q=Stowarzyszenie+nr+42"),
        ("decision form (officer)", officer, f"/office/calls/{call_id}/decision"),
        ("formal desk, first page (officer)", officer, f"/office/calls/{call_id}/review"),
        ("formal desk, accepted (officer)", officer, f"/office/calls/{call_id}/review?status=accepted"),
        ("formal desk, search (officer)", officer, f"/office/calls/{call_id}/review?q=Stowarzyszenie+nr+4"),
    ]
    # The process's CPU time beside the wall time: on a machine shared with other work the wall time includes
    # waiting for a core; the CPU time is what the request itself cost (the database's share not in it).
    table = report.table(("page", "n", "p50 ms", "p95 ms", "max ms", "CPU p50 ms", "KB"))
    for label, client, url, *before in pages:
        probe = client.get(url)
        if probe.status_code == 404 or probe.status_code == 405:  # a page this version has not got
            continue
        timings, cpu, size = timed(client, url, args.runs, *before)
        table.row(
            label,
            len(timings),
            f"{statistics.median(timings):.1f}",
            f"{percentile(timings, 95):.1f}",
            f"{max(timings):.1f}",
            f"{statistics.median(cpu):.1f}",
            f"{size / 1024:.0f}",
        )
    if args.profile:
        profiler = cProfile.Profile()
        profiler.enable()
        for _ in range(5):
            officer.get(f"/review/calls/{call_id}/ranking")
        profiler.disable()
        profiler.dump_stats(args.profile)
        pstats.Stats(args.profile).sort_stats("cumulative").print_stats(40)
        pstats.Stats(args.profile).sort_stats("tottime").print_stats(25)
    report.note(f"load average after the runs: {load_average()}")
    report.write()


if __name__ == "__main__":
    main()
