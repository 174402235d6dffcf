"""Statutory PDFs: seconds per offer PDF, PDFs per minute through real workers, worker memory.

Run by hand from the project root (the figures go to docs/benchmarks.md, section "PDF"):

    .venv/bin/python bench/bench_pdf.py [--documents 120] [--redis-url redis://127.0.0.1:6379/13] [--stock]

1. One process renders an offer-like PDF (Annex 1 with a 40-line cost estimate; the context is built
   from grants.documents.samples, as the offers feature will hand it over) again and again: wall and
   CPU seconds per PDF, and the same with Python's cyclic GC left running during the render.
2. `flask jobs worker` processes (RQ on Redis, the production path: outbox row → RQ → fork → run_job →
   WeasyPrint → file → Document row) render --documents offer PDFs, each a different object, with 1
   and then 2 workers: PDFs per minute from the first start to the last finish, and the peak RSS of
   each worker's parent and of its largest work-horse (VmHWM from /proc).
3. With --stock, the same through RQ's stock `rq worker` (nothing preloaded, WeasyPrint imported in
   every forked job) for comparison.

Uses a throwaway SQLite database and storage directory, and EMPTIES the given Redis database.
"""

import argparse
import os
import platform
import statistics
import subprocess
import sys
import tempfile
import time
from contextlib import nullcontext
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from harness import Summary, json_argument, load_average, start_workers, stop_workers  # noqa: E402

COST_LINES = 40


def single_process(runs: int) -> dict:
    from grants import create_app
    from grants.documents import render
    from grants.documents.context import BUILDERS
    from grants.documents.samples import offer

    app = create_app({"SECRET_KEY": "bench", "SQLALCHEMY_DATABASE_URI": "sqlite://"})
    t0 = time.perf_counter()
    render.warm_up(app)
    warm_up = time.perf_counter() - t0
    data = BUILDERS["offer"](offer(cost_lines=COST_LINES))
    meta = {
        "kind": "offer",
        "number": 1,
        "version": "0" * 64,
        "created_iso": "2027-01-20T14:59:58Z",
        "created_pl": "20 stycznia 2027 r.",
        "identifier": "oko-offer-1",
    }
    results = {"warm_up_s": warm_up}
    with app.app_context():
        for label, guard in (("gc_paused", None), ("gc_running", nullcontext)):
            original = render._no_gc_pauses
            if guard is not None:
                render._no_gc_pauses = guard
            try:
                walls, cpus = [], []
                for _ in range(runs):
                    w, c = time.perf_counter(), time.process_time()
                    result = render.render_document("offer", data, meta, app=app)
                    walls.append(time.perf_counter() - w)
                    cpus.append(time.process_time() - c)
            finally:
                render._no_gc_pauses = original
            results[label] = {
                "pages": result.pages,
                "kb": len(result.pdf) // 1024,
                "wall_median": statistics.median(walls),
                "wall_min": min(walls),
                "cpu_median": statistics.median(cpus),
            }
    return results


# ---------------------------------------------------------------- through the workers


def environment(workdir: Path, redis_url: str, database_url: str | None) -> dict:
    env = dict(os.environ)
    env.update(
        {
            "DATABASE_URL": database_url or f"sqlite:///{workdir / 'bench.sqlite'}",
            "REDIS_URL": redis_url,
            "SECRET_KEY": "bench",
            "OKO_INSTANCE_DIR": str(workdir / "instance"),
            "OKO_STORAGE_DIR": str(workdir / "storage"),
            "FLASK_APP": "wsgi.py",
            "OKO_JOBS": "rq",
        }
    )
    return env


def prepare(env: dict, documents: int, batch: str) -> None:
    """Document rows for `documents` different offers and their jobs, committed → handed to RQ."""
    script = f"""
import copy
from grants import create_app
from grants.extensions import db
from grants.documents.context import BUILDERS
from grants.documents.models import Document, DocumentKind
from grants.documents.operations import dedupe_key, version_of
from grants.documents.samples import offer
from grants.jobs import enqueue
app = create_app()
with app.app_context():
    db.drop_all()
    db.create_all()
    base = offer(cost_lines={COST_LINES})
    for n in range({documents}):
        src = copy.deepcopy(base)
        src["offer_id"] = n + 1
        src["content"]["title"] = f"Oferta {batch} nr {{n + 1}}: " + src["content"]["title"]
        data = BUILDERS["offer"](src)
        version = version_of("offer", 1, data)
        document = Document(kind=DocumentKind.offer, object_id=n + 1, object_version=version, data=data,
                            title=data["title"][:300])
        db.session.add(document)
        db.session.flush()
        document.job_id = enqueue("render_document", dedupe_key=dedupe_key("offer", n + 1, version),
                                  document_id=document.id).id
    db.session.commit()
"""
    subprocess.run([sys.executable, "-c", script], cwd=ROOT, env=env, check=True)


def read_status(pid: int) -> dict:
    try:
        lines = Path(f"/proc/{pid}/status").read_text().splitlines()
    except OSError:
        return {}
    return {k: v.strip() for k, _, v in (line.partition(":") for line in lines)}


def children(pid: int) -> list[int]:
    # /proc/<pid>/task/<tid>/children is cheap; scanning all of /proc on every sample would itself
    # take a good share of a 2-vCPU machine away from the workers being measured.
    found = []
    for task in Path(f"/proc/{pid}/task").glob("*/children"):
        try:
            found.extend(int(child) for child in task.read_text().split())
        except OSError:
            pass
    return found


def pss(pid: int) -> int:
    try:
        for line in Path(f"/proc/{pid}/smaps_rollup").read_text().splitlines():
            if line.startswith("Pss:"):
                return int(line.split()[1])
    except OSError:
        pass
    return 0


def kb(value: str | None) -> int:
    return int(value.split()[0]) if value else 0


def through_workers(env: dict, workers: int, documents: int, stock: bool) -> dict:
    from redis import Redis

    redis = Redis.from_url(env["REDIS_URL"])
    redis.flushdb()
    command = (
        [str(Path(sys.executable).parent / "rq"), "worker", "oko", "--url", env["REDIS_URL"]]
        if stock
        else [sys.executable, "-m", "flask", "jobs", "worker"]
    )
    # Every worker registered (and so its preload finished) before any work is queued.
    procs = start_workers(env, workers, command)
    peak_parent = {p.pid: 0 for p in procs}
    peak_child = 0
    peak_total = {p.pid: 0 for p in procs}
    try:
        prepare(env, documents, f"{workers}w{'-stock' if stock else ''}")
        deadline = time.monotonic() + 3600
        while True:
            for p in procs:
                peak_parent[p.pid] = max(peak_parent[p.pid], kb(read_status(p.pid).get("VmHWM")))
                # A worker is its parent, its scheduler and the current work-horse; they share the
                # parent's preloaded pages copy-on-write, so the honest sum is of PSS, not RSS.
                total = pss(p.pid)
                for child in children(p.pid):
                    peak_child = max(peak_child, kb(read_status(child).get("VmHWM")))
                    total += pss(child)
                peak_total[p.pid] = max(peak_total[p.pid], total)
            done = finished_count(env)
            if done >= documents or time.monotonic() > deadline:
                break
            time.sleep(0.25)
    finally:
        stop_workers(procs)
        redis.close()
    first, last, count = span(env)
    in_handler = handler_seconds(env)
    return {
        "workers": workers,
        "documents": count,
        "seconds": last - first,
        "in_handler_s": in_handler,
        "per_minute": count / (last - first) * 60,
        "per_job_s": (last - first) * workers / count,
        "peak_parent_mb": max(peak_parent.values()) / 1024,
        "peak_child_mb": peak_child / 1024,
        "peak_worker_pss_mb": max(peak_total.values()) / 1024,
    }


def _query(env: dict, sql: str):
    import sqlalchemy

    from grants.config import normalise_database_url

    engine = sqlalchemy.create_engine(normalise_database_url(env["DATABASE_URL"]))
    try:
        with engine.connect() as connection:
            return connection.execute(sqlalchemy.text(sql)).fetchone()
    finally:
        engine.dispose()


def handler_seconds(env: dict) -> float:
    """Mean time inside the job handler (render + file + two commits), from the Document rows."""
    import sqlalchemy

    from grants.config import normalise_database_url

    engine = sqlalchemy.create_engine(normalise_database_url(env["DATABASE_URL"]))
    try:
        with engine.connect() as connection:
            rows = connection.execute(
                sqlalchemy.text("SELECT started_at, finished_at FROM documents WHERE status = 'finished'")
            ).fetchall()
    finally:
        engine.dispose()
    return statistics.mean(_seconds(b) - _seconds(a) for a, b in rows)


def finished_count(env: dict) -> int:
    try:
        return _query(env, "SELECT count(*) FROM documents WHERE status = 'finished'")[0]
    except Exception:  # the table is created by `prepare`
        return 0


def span(env: dict):
    first, last, count = _query(
        env, "SELECT min(started_at), max(finished_at), count(*) FROM documents WHERE status = 'finished'"
    )
    return _seconds(first), _seconds(last), count


def _seconds(value) -> float:
    from datetime import datetime

    return (value if isinstance(value, datetime) else datetime.fromisoformat(value)).timestamp()


def main():
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--documents", type=int, default=120)
    parser.add_argument("--runs", type=int, default=15)
    parser.add_argument("--redis-url", default=os.environ.get("OKO_BENCH_REDIS_URL", "redis://127.0.0.1:6379/13"))
    parser.add_argument(
        "--database-url",
        default=os.environ.get("OKO_BENCH_DATABASE_URL"),
        help="an empty database to use (its tables are dropped); default: SQLite in a temp dir",
    )
    parser.add_argument("--stock", action="store_true", help="also measure RQ's stock `rq worker`")
    json_argument(parser)
    args = parser.parse_args()
    report = Summary("pdf", args.json)
    table = report.table(("measurement", "result", "load avg"), printed=False)

    print(
        f"# {platform.platform()}, {os.cpu_count()} vCPU, Python {platform.python_version()}, "
        f"database: {(args.database_url or 'sqlite (temp)').split('@')[-1]}"
    )
    before = load_average()
    single = single_process(args.runs)
    print(f"warm-up (import WeasyPrint, fonts, first page): {single['warm_up_s']:.2f} s")
    table.row("warm-up (import WeasyPrint, fonts, first page)", f"{single['warm_up_s']:.2f} s", before)
    for label in ("gc_paused", "gc_running"):
        r = single[label]
        print(
            f"offer PDF, {COST_LINES} cost lines, {r['pages']} pages, {r['kb']} KiB, {label}: "
            f"median {r['wall_median']:.3f} s wall (min {r['wall_min']:.3f}), {r['cpu_median']:.3f} s CPU"
        )
        table.row(
            f"one offer PDF ({COST_LINES} cost lines, {r['pages']} pages, {r['kb']} KiB) in a warm process, "
            f"{label}, median of {args.runs}",
            f"{r['wall_median']:.3f} s wall (min {r['wall_min']:.3f}), {r['cpu_median']:.3f} s CPU",
            before,
        )
    configurations = [(1, False), (2, False)] + ([(1, True), (2, True)] if args.stock else [])
    for workers, stock in configurations:
        before = load_average()
        with tempfile.TemporaryDirectory(prefix="oko-bench-pdf-") as tmp:
            env = environment(Path(tmp), args.redis_url, args.database_url)
            r = through_workers(env, workers, args.documents if not stock else max(20, args.documents // 4), stock)
        name = "stock rq worker" if stock else "flask jobs worker"
        load = " ".join(f"{x:.2f}" for x in os.getloadavg())
        print(
            f"{name} x{workers}: {r['documents']} offer PDFs in {r['seconds']:.1f} s = {r['per_minute']:.0f}/min "
            f"({r['per_job_s']:.3f} s per job per worker, {r['in_handler_s']:.3f} s of it in the handler); "
            f"peak per worker: {r['peak_worker_pss_mb']:.0f} MB PSS (parent + scheduler + work-horse), "
            f"RSS parent {r['peak_parent_mb']:.0f} MB, "
            f"largest child {r['peak_child_mb']:.0f} MB [load average after: {load}]"
        )
        table.row(
            f"`{name}` ×{workers}, {r['documents']} offer PDFs",
            f"{r['per_minute']:.0f} PDFs/min ({r['per_job_s']:.3f} s per job per worker, {r['in_handler_s']:.3f} s "
            f"in the handler); peak {r['peak_worker_pss_mb']:.0f} MB PSS per worker",
            before,
        )
    report.write()


if __name__ == "__main__":
    main()
