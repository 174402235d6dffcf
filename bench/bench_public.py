"""Public pages under gunicorn (2 workers) on PostgreSQL, loaded with wrk at 8 connections.

Run by hand:  .venv/bin/python bench/bench_public.py [--seconds 15] [--extra-calls 40]
Needs: PostgreSQL on 127.0.0.1:5432 (trust), Debian's wrk (make apt). Figures go to docs/benchmarks.md.
"""

import argparse
import os
import re
import subprocess
import sys
import tempfile
import time
import urllib.request
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
PY = ROOT / ".venv" / "bin" / "python"
PORT = 5055
DB = "oko_bench_public"


def sh(*args, env=None, check=True):
    return subprocess.run(args, cwd=ROOT, env=env, check=check, capture_output=True, text=True)


def prepare(env, extra_calls):
    sh("dropdb", "-h", "127.0.0.1", "-U", "postgres", "--if-exists", DB)
    sh("createdb", "-h", "127.0.0.1", "-U", "postgres", DB)
    sh(str(PY), "-m", "flask", "db", "upgrade", env=env)
    sh(str(PY), "-m", "flask", "demo", "load", env=env)
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
    subprocess.run([str(PY), "-c", script], cwd=ROOT, env=env, check=True)


def wrk(url, seconds):
    out = sh("wrk", "-t2", "-c8", f"-d{seconds}s", "--latency", "-s", "bench/p95.lua", url).stdout
    match = re.search(r"RESULT (.*)", out)
    return dict(pair.split("=") for pair in match.group(1).split())


def main():
    parser = argparse.ArgumentParser()
    parser.add_argument("--seconds", type=int, default=15)
    parser.add_argument("--extra-calls", type=int, default=40)
    parser.add_argument("--workers", type=int, default=2)
    args = parser.parse_args()
    instance = tempfile.mkdtemp(prefix="oko-bench-")
    env = dict(
        os.environ,
        DATABASE_URL=f"postgresql://postgres@127.0.0.1:5432/{DB}",
        SECRET_KEY="bench",
        OKO_INSTANCE_DIR=instance,
        FLASK_APP="wsgi.py",
        OKO_ENV="development",
    )
    env.pop("REDIS_URL", None)
    prepare(env, args.extra_calls)
    server = subprocess.Popen(
        [
            str(ROOT / ".venv/bin/gunicorn"),
            "-w",
            str(args.workers),
            "-b",
            f"127.0.0.1:{PORT}",
            "--log-level",
            "warning",
            "wsgi:app",
        ],
        cwd=ROOT,
        env=env,
    )
    try:
        for _ in range(100):
            try:
                urllib.request.urlopen(f"http://127.0.0.1:{PORT}/calls", timeout=1)
                break
            except OSError:
                time.sleep(0.2)
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
        print("| page | requests/s | p50 ms | p95 ms | p99 ms | non-2xx |")
        print("|---|---|---|---|---|---|")
        for label, path in pages.items():
            r = wrk(f"http://127.0.0.1:{PORT}{path}", args.seconds)
            print(f"| {label} | {float(r['rps']):.0f} | {r['p50']} | {r['p95']} | {r['p99']} | {r['non2xx']} |")
            sys.stdout.flush()
    finally:
        server.terminate()
        server.wait(timeout=10)


if __name__ == "__main__":
    main()
