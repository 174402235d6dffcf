"""The report's PDF (Annex 5): seconds per 40-line report in a warm process (issue 8: ≤ 0.6 s).

Run by hand from the project root (the figure goes to docs/benchmarks.md, section "PDF"):

    .venv/bin/python bench/bench_report_pdf.py [--runs 15] [--lines 40]

One process warms the renderer as a worker does before it forks (grants.documents.render.warm_up), then
renders the same report again and again: the context is built from a frozen report version shaped exactly
as grants.contracts.operations.reports.build_document writes it (format oko-report/1), through the loader's
`report_source` and the builder, as a real job does. No database, no Redis.
"""

import argparse
import statistics
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))


def frozen_version(lines: int) -> dict:
    """A submitted version of a final report with `lines` cost lines (the last one administrative)."""
    rows, expenses = [], []
    for n in range(1, lines + 1):
        admin = n == lines
        rows.append(
            {
                "cost_item_id": n,
                "action": "" if admin else f"Kurs języka polskiego, grupa {1 + n % 4}",
                "kind": "admin" if admin else "",
                "name": "Koordynacja i księgowość" if admin else f"Wynagrodzenie lektora, moduł {n}",
                "unit": "godzina",
                "planned_total": "1200.00",
                "planned_grant": "1000.00",
                "allowed_grant": "1100.00",
            }
        )
        expenses.append({"cost_item_id": n, "actual_total": "1180.50", "actual_grant": "1000.00"})
    text = "Zajęcia odbyły się zgodnie z harmonogramem; uczestnicy — obywatele Ukrainy (Олена, Їжак) i Polski. " * 8
    return {
        "format": "oko-report/1",
        "kind": "final",
        "report_id": 1,
        "contract_id": 1,
        "contract_number": "CDO-RIPS.525.7.2027",
        "version": 1,
        "submitted_at": "2028-01-10T11:00:00+00:00",
        "period_start": "2027-03-01",
        "period_end": "2027-12-15",
        "contract": {
            "number": "CDO-RIPS.525.7.2027",
            "signed_on": "2027-02-20",
            "task_title": "Polski bez barier — kursy dla cudzoziemców w Opolu",
            "task_start": "2027-03-01",
            "task_end": "2027-12-15",
            "grant": f"{1000 * lines}.00",
            "own_financial": "2000.00",
            "own_non_financial": "3000.00",
        },
        "organization": {
            "name": "Fundacja „Źródło” — Ґрунт і Єдність",
            "legal_form": "fundacja",
            "krs": "0000123456",
            "address": {"street": "ul. Żółkiewskiego 12/4", "postal_code": "45-011", "city": "Opole"},
            "representatives": [{"full_name": "Łucja Wąsowicz-Żak", "function": "Prezeska Zarządu"}],
        },
        "content": {
            "results_description": text,
            "results": [
                {"name": "Uczestnicy, którzy ukończyli kurs", "planned": "60 osób", "monitoring": "", "achieved": "58"}
            ],
            "actions_description": text,
            "expenses": expenses,
            "sources": {
                "own_financial": "2000.00",
                "other_public": "0.00",
                "personal": "1000.00",
                "in_kind": "2000.00",
            },
            "fees": {"amount": "0.00", "description": ""},
            "other_revenue": "",
            "additional_information": "",
            "attachments": [{"name": "Listy obecności", "description": "12 list"}],
        },
        "computed": {"planned_grant": f"{1000 * lines}.00", "actual_grant": f"{1000 * lines}.00"},
        "lines": rows,
        "tolerance_percent": "10.00",
    }


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--runs", type=int, default=15)
    parser.add_argument("--lines", type=int, default=40)
    args = parser.parse_args()

    from grants import create_app
    from grants.documents import render
    from grants.documents.context import BUILDERS
    from grants.documents.report_sources import report_source

    app = create_app({"SECRET_KEY": "bench", "SQLALCHEMY_DATABASE_URI": "sqlite://"})
    render.warm_up(app)
    meta = {
        "kind": "report",
        "number": 1,
        "version": "0" * 64,
        "created_iso": "2028-01-10T11:00:00Z",
        "created_pl": "10 stycznia 2028 r.",
        "identifier": "oko-report-1",
    }
    with app.app_context():
        source = report_source(
            frozen_version(args.lines), control_sum="a" * 64, control_code="AAAA-AAAA-AAAA", submitted_at=None
        )
        source["header"] = {"name": "Urząd Miasta Opola", "parent_body": "", "address": "Rynek 1, 45-015 Opole"}
        walls, cpus = [], []
        for _ in range(args.runs):
            w, c = time.perf_counter(), time.process_time()
            data = BUILDERS["report"](source)
            result = render.render_document("report", data, meta, app=app)
            walls.append(time.perf_counter() - w)
            cpus.append(time.process_time() - c)
    print(
        f"{args.lines}-line report: {result.pages} pages, {len(result.pdf) // 1024} KiB; "
        f"median of {args.runs}: {statistics.median(walls):.3f} s wall, {statistics.median(cpus):.3f} s CPU "
        f"(min {min(walls):.3f} s)"
    )


if __name__ == "__main__":
    main()
