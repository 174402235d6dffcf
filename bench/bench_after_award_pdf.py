"""The after-award PDFs in a warm worker process (issue 8): the contract (Annex 3) and a 40-line report
(Annex 5), each from real data — the demo's contract as the operations drew it up, and its submitted final
report's frozen version with its cost lines repeated to 40 (the frozen document's own shape; only the
number of lines is the benchmark's).

Run by hand from the project root (figures in docs/benchmarks.md, section "PDF"):

    .venv/bin/python bench/bench_after_award_pdf.py [--runs 15]

A throwaway SQLite database; the process is warmed as a worker is before it forks
(`grants.documents.render.warm_up`), then each document is rendered --runs times: wall and CPU seconds,
median. Targets: contract ≤ 0.5 s, 40-line report ≤ 0.6 s.
"""

import argparse
import os
import statistics
import sys
import tempfile
import time
from copy import deepcopy
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from harness import Summary, json_argument  # noqa: E402

TARGETS = {"contract": 0.5, "report": 0.6}


def sources(lines: int) -> dict:
    """{kind: builder input} from the demo's data."""
    from grants.auth.models import User
    from grants.contracts.models import Contract, Report
    from grants.demo import load_demo
    from grants.documents.contract_sources import load_contract
    from grants.documents.loading import header_for
    from grants.documents.report_sources import report_source
    from grants.extensions import db
    from grants.offices.models import Office

    load_demo()
    db.session.commit()
    officer = db.session.scalar(db.select(User).where(User.email == "referat@opole.example"))
    contract = db.session.scalar(db.select(Contract).order_by(Contract.id))
    report = db.session.scalar(db.select(Report).where(Report.contract_id == contract.id))
    version = report.current_version
    document = deepcopy(version.document)
    template_lines = document["lines"]
    template_expenses = {row["cost_item_id"]: row for row in document["content"]["expenses"]}
    document["lines"], document["content"]["expenses"] = [], []
    for n in range(lines):
        line = dict(template_lines[n % len(template_lines)], cost_item_id=10_000 + n)
        line["name"] = f"{line['name']} — pozycja {n + 1}"
        expense = dict(template_expenses[template_lines[n % len(template_lines)]["cost_item_id"]])
        document["lines"].append(line)
        document["content"]["expenses"].append(dict(expense, cost_item_id=10_000 + n))
    data = report_source(
        document, control_sum=version.control_sum, control_code=version.control_code, submitted_at=None
    )
    data["header"] = header_for(db.session.get(Office, contract.office_id))
    return {"contract": load_contract(contract.id, officer).data, "report": data}


def main():
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--runs", type=int, default=15)
    parser.add_argument("--lines", type=int, default=40)
    json_argument(parser)
    args = parser.parse_args()
    report = Summary("after_award_pdf", args.json)
    instance = tempfile.mkdtemp(prefix="oko-bench-after-award-")
    os.environ.update(DATABASE_URL=f"sqlite:///{instance}/bench.sqlite", OKO_INSTANCE_DIR=instance, SECRET_KEY="bench")
    os.environ.pop("REDIS_URL", None)
    from grants import create_app
    from grants.documents import render
    from grants.documents.context import BUILDERS
    from grants.extensions import db

    app = create_app({"JOBS_MODE": "manual"})
    with app.app_context():
        db.create_all()
        data = sources(args.lines)
        render.warm_up(app)
        table = report.table(("document", "pages", "KiB", "wall median s", "wall min s", "CPU median s", "target"))
        for kind, source in data.items():
            built = BUILDERS[kind](source)
            meta = {
                "kind": kind,
                "number": 1,
                "version": "0" * 64,
                "created_iso": "2027-01-20T14:59:58Z",
                "created_pl": "20 stycznia 2027 r.",
                "identifier": f"oko-{kind}-1",
            }
            render.render_document(kind, built, meta, app=app)  # this kind's templates compiled
            walls, cpus = [], []
            for _ in range(args.runs):
                w, c = time.perf_counter(), time.process_time()
                result = render.render_document(kind, built, meta, app=app)
                walls.append(time.perf_counter() - w)
                cpus.append(time.process_time() - c)
            median = statistics.median(walls)
            verdict = "met" if median <= TARGETS[kind] else "MISSED"
            table.row(
                kind,
                result.pages,
                len(result.pdf) // 1024,
                f"{median:.3f}",
                f"{min(walls):.3f}",
                f"{statistics.median(cpus):.3f}",
                f"≤ {TARGETS[kind]} s: {verdict}",
            )
    report.write()


if __name__ == "__main__":
    main()
