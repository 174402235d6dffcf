"""Every benchmark in turn, then docs/benchmarks.md's figure tables rewritten from what they measured.

Run from the project root (PostgreSQL on 127.0.0.1:5432 with trust auth, Redis on 127.0.0.1:6379, Debian's
wrk — as for each bench alone; `make bench` runs the default):

    .venv/bin/python bench/run_all.py                 # the documented durations (~25 min on 2 cores)
    .venv/bin/python bench/run_all.py --quick         # a smoke run in a few minutes; docs left alone
    .venv/bin/python bench/run_all.py --only public,deadline_rush

Each bench runs as it would by hand, with `--json PATH` added; its summary (the tables it printed, the
command, the load average before it, whether its checks held) becomes the block between
`<!-- bench:NAME -->` and `<!-- /bench:NAME -->` in docs/benchmarks.md, headed by the machine (CPU model,
cores, RAM, Debian, Python, PostgreSQL and Redis versions), the date and the commit. Everything outside the
markers — the prose that explains the figures — is kept as it is; a bench whose markers are missing gets a
section of its own at the end. A bench that fails keeps its old block, and run_all exits 1.
"""

import argparse
import json
import os
import re
import subprocess
import sys
import tempfile
import time
from datetime import UTC, datetime
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))

from harness import PY, ROOT, describe_machine, fresh_postgres, load_average, machine  # noqa: E402

DOCS = ROOT / "docs" / "benchmarks.md"

# name: (script, the documented arguments, a smoke run's arguments, the section a missing block goes under).
# Callables get the run's scratch values (a database URL) when the bench needs them.
BENCHES = {
    "public": ("bench_public.py", ["--seconds", "15"], ["--seconds", "2", "--extra-calls", "5"], "Public pages"),
    "public_scale": (
        "bench_public.py",
        ["--no-cache", "--seconds", "15", "--database", "oko_scale"],
        ["--no-cache", "--seconds", "2", "--extra-calls", "5"],
        "Public pages",
    ),
    "pdf": (
        "bench_pdf.py",
        ["--documents", "120", "--stock", "--database-url", "{pdf_db}"],
        ["--documents", "8", "--runs", "3", "--database-url", "{pdf_db}"],
        "PDF",
    ),
    "after_award_pdf": ("bench_after_award_pdf.py", ["--runs", "15"], ["--runs", "3"], "PDF"),
    "review": ("bench_review.py", [], ["--offers", "30", "--runs", "5", "--saves", "20"], "Review"),
    # Reads the call bench_review.py has just built (oko_bench_review): it runs after it.
    "review_pages": ("bench_review_pages.py", ["--runs", "20"], ["--runs", "3"], "Review pages"),
    "scoring": ("bench_scoring.py", [], [], "Scoring"),
    "offers": (
        "bench_offers.py",
        [],
        ["--c1", "10", "--c8", "40", "--warmup", "4", "--seconds", "3"],
        "Offers",
    ),
    "contracts": (
        "bench_contracts.py",
        ["--contracts", "5000", "--runs", "60"],
        ["--contracts", "100", "--runs", "10"],
        "After the award",
    ),
    "small_grants": (
        "bench_small_grant_page.py",
        ["--seconds", "15"],
        ["--seconds", "2", "--comments", "5", "--extra", "10"],
        "Small grants",
    ),
    "programme_report": (
        "bench_programme_report.py",
        [],
        ["--runs", "5"],
        "Programme's year",
    ),
    "office_desks": (
        "bench_office_desks.py",
        [],
        ["--calls", "80", "--offers", "5", "--small-grants", "100", "--runs", "3"],
        "Office desks",
    ),
    "rendering": ("bench_rendering.py", ["--runs", "60"], ["--runs", "5"], "Rendering without the page cache"),
    "desks": (
        "bench_desks.py",
        ["--seconds", "10", "--database-url", "postgresql://postgres@127.0.0.1:5432/oko_scale"],
        ["--offers", "300", "--seconds", "1", "--scratch", "oko_bench_desks_quick"],
        "Logged-in desks at national scale",
    ),
    "deadline_rush": (
        "bench_deadline_rush.py",
        [],
        ["--ngos", "60", "--autosavers", "8", "--late", "3", "--window", "20"],
        "Deadline rush",
    ),
    # The same rush on gunicorn alone (deploy/gunicorn.conf.py, no proxy's stamp): what the threads do by themselves.
    "deadline_rush_no_proxy": (
        "bench_deadline_rush.py",
        ["--no-proxy"],
        ["--no-proxy", "--ngos", "60", "--autosavers", "8", "--late", "3", "--window", "20"],
        "Deadline rush without the front proxy",
    ),
}

BLOCK_RE = r"(<!-- bench:{name} -->\n)(.*?)(<!-- /bench:{name} -->)"


# ---------------------------------------------------------------- the document


def markdown_table(table: dict) -> str:
    """A bench's table as Markdown; a column with the load average before each row when the bench gave one
    and did not print it itself."""
    columns, rows = list(table["columns"]), [list(row) for row in table["rows"]]
    loads = table.get("load") or []
    if any(loads) and not any(column.startswith("load") for column in columns):
        columns.append("load avg before")
        rows = [row + [load or ""] for row, load in zip(rows, loads, strict=False)]
    lines = ["| " + " | ".join(columns) + " |", "|" + "---|" * len(columns)]
    lines += ["| " + " | ".join(cell.replace("|", "\\|") for cell in row) + " |" for row in rows]
    return "\n".join(lines)


def render_block(summary: dict, machine_line: str, commit: str, seconds: float | None = None) -> str:
    """The generated text of one bench's block (between its markers)."""
    started = summary["started"].replace("T", " ").replace("+00:00", " UTC")
    took = f" · took {seconds / 60:.1f} min" if seconds is not None else ""
    parts = [
        f"_Generated by `bench/run_all.py` on {started}, main at {commit}. Machine: {machine_line}._",
        "",
        f"Command: `{summary['command']}` · load average before: {summary['load_before']}{took}",
    ]
    if not summary.get("ok", True):
        parts += ["", "**The bench's own checks failed in this run** (see its output)."]
    for table in summary["tables"]:
        parts += [""] + ([f"{table['title']}", ""] if table.get("title") else []) + [markdown_table(table)]
    if summary["notes"]:
        parts += [""] + [f"- {note}" for note in summary["notes"]]
    return "\n".join(parts) + "\n"


def rewrite(text: str, blocks: dict, sections: dict | None = None) -> str:
    """`text` with the block of every bench in `blocks` replaced; prose outside the markers kept. A bench
    without markers in `text` gets them at the end, under the heading `sections[name]` (or its name)."""
    for name, block in blocks.items():
        pattern = re.compile(BLOCK_RE.format(name=re.escape(name)), re.DOTALL)
        if pattern.search(text):
            text = pattern.sub(lambda m, block=block: m.group(1) + block + m.group(3), text, count=1)
        else:
            heading = (sections or {}).get(name, name)
            text = text.rstrip("\n") + f"\n\n## {heading}\n\n<!-- bench:{name} -->\n{block}<!-- /bench:{name} -->\n"
    return text


# ---------------------------------------------------------------- running


# Each bench starts on a settled machine: the deadline rush begun seconds after the public pages' wrk (load 2.0)
# missed its p95 (318 and 382 ms) where the same command after a minute's rest met it (158–242 ms) — what was
# measured was the previous bench's tail, not the rush (docs/benchmarks.md, "Deadline rush").
SETTLED_LOAD, LONGEST_WAIT = 1.0, 180


def settle() -> None:
    """Wait (at most LONGEST_WAIT seconds) until the 1-minute load average is under SETTLED_LOAD."""
    waited = 0
    while os.getloadavg()[0] >= SETTLED_LOAD and waited < LONGEST_WAIT:
        time.sleep(5)
        waited += 5
    if waited:
        print(f"   (waited {waited} s for the machine to settle: load average {load_average()})", flush=True)


def run(name: str, arguments: list[str], scratch: dict, workdir: Path) -> tuple[dict | None, float]:
    script = BENCHES[name][0]
    out = workdir / f"{name}.json"
    command = [str(PY), f"bench/{script}", *[a.format(**scratch) for a in arguments], "--json", str(out)]
    print(f"\n== {name}: {' '.join(command[1:-2])}  (load average {load_average()})", flush=True)
    started = time.monotonic()
    status = subprocess.run(command, cwd=ROOT).returncode
    seconds = time.monotonic() - started
    if not out.exists():
        print(f"== {name}: FAILED (exit {status}, no figures)", flush=True)
        return None, seconds
    summary = json.loads(out.read_text())
    if status != 0:
        summary["ok"] = False
    print(f"== {name}: {'ok' if summary.get('ok', True) else 'CHECKS FAILED'} in {seconds:.0f} s", flush=True)
    return summary, seconds


def main():
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--quick", action="store_true", help="short runs (a smoke test); docs left alone")
    parser.add_argument("--only", help="comma-separated bench names: " + ", ".join(BENCHES))
    parser.add_argument("--docs", default=str(DOCS), help="the Markdown file to rewrite")
    parser.add_argument("--write", action="store_true", help="rewrite the docs even after --quick")
    parser.add_argument("--dry-run", action="store_true", help="print the blocks, rewrite nothing")
    args = parser.parse_args()
    names = args.only.split(",") if args.only else list(BENCHES)
    unknown = [n for n in names if n not in BENCHES]
    if unknown:
        parser.error(f"unknown bench: {', '.join(unknown)} (known: {', '.join(BENCHES)})")
    machine_line = describe_machine(machine())
    commit = subprocess.run(
        ["git", "rev-parse", "--short", "HEAD"], cwd=ROOT, capture_output=True, text=True
    ).stdout.strip()
    print(f"run_all: {machine_line}; main at {commit}; {datetime.now(UTC):%Y-%m-%d %H:%M} UTC", flush=True)
    blocks, failed = {}, []
    with tempfile.TemporaryDirectory(prefix="oko-run-all-") as tmp:
        scratch = {"pdf_db": fresh_postgres("oko_bench_pdf") if "pdf" in names else ""}
        for name in names:
            _script, full, quick, _section = BENCHES[name]
            if not args.quick:
                settle()
            summary, seconds = run(name, quick if args.quick else full, scratch, Path(tmp))
            if summary is None:
                failed.append(name)
                continue
            if not summary.get("ok", True):
                failed.append(name)
            blocks[name] = render_block(summary, machine_line, commit, seconds)
    if args.dry_run or (args.quick and not args.write):
        for name, block in blocks.items():
            print(f"\n<!-- bench:{name} -->\n{block}<!-- /bench:{name} -->")
    else:
        docs = Path(args.docs)
        sections = {name: spec[3] for name, spec in BENCHES.items()}
        docs.write_text(rewrite(docs.read_text(), blocks, sections))
        print(f"\nrewrote {len(blocks)} block(s) of {docs}", flush=True)
    if failed:
        print(f"failed: {', '.join(failed)}", file=sys.stderr)
    sys.exit(1 if failed else 0)


if __name__ == "__main__":
    main()
