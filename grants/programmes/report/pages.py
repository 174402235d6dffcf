"""What the report's pages and API answers show: the office's draft (live figures, the narrative, the due date
of art. 5a ust. 3, the charts) and the published report (frozen figures, the list of publications)."""

from datetime import datetime

from grants.calls.queries import get_public_programme
from grants.clock import warsaw_date
from grants.programmes import rules
from grants.programmes.report import charts, figures, queries, serialize
from grants.programmes.report.operations import NARRATIVE_PARTS, year_over


def api_report(user, programme_id: int, now: datetime) -> dict:
    """The office's officers read the draft with live figures; anyone else the latest publication (404
    before the first)."""
    programme = get_public_programme(programme_id)
    if queries.reads_draft(user, programme):
        report = queries.report_of(programme.id)
        return serialize.draft_to_api(
            programme, figures.compute(programme), report, queries.publications(programme.id), warsaw_date(now)
        )
    programme, publication, found = queries.published_programme(programme_id)
    return serialize.publication_to_api(programme, publication, found)


def _chart_rows(data: dict) -> list[dict]:
    return [
        {"label": f"{p['code']} — {p['name']}", "code": p["code"], **{k: p[k] for k in ("planned", "awarded", "paid")}}
        for p in data.get("per_priority", [])
    ]


def office_page(user, programme_id: int, now: datetime, *, values: dict | None = None, errors=None) -> dict:
    """The officer's report page; `values` and `errors` are what was typed when a save was refused."""
    programme = queries.office_programme(user, programme_id)
    report = queries.report_of(programme.id)
    found = queries.publications(programme.id)
    today = warsaw_date(now)
    data = figures.compute(programme)
    saved = (report.narrative if report is not None else None) or {}
    due = rules.report_deadline(programme.year)
    return {
        "programme": programme,
        "figures": data,
        "chart": charts.bars(_chart_rows(data)),
        "parts": NARRATIVE_PARTS,
        "values": values if values is not None else {part: saved.get(part, "") for part in NARRATIVE_PARTS},
        "lock_version": report.lock_version if report is not None else 0,
        "errors": errors or {},
        "publications": found,
        "due_date": due,
        "late": not found and today > due,
        "can_publish": year_over(programme, today),
        "updated_at": report.updated_at if report is not None else None,
    }


def publish_page(user, programme_id: int, now: datetime) -> dict:
    programme = queries.office_programme(user, programme_id)
    found = queries.publications(programme.id)
    today = warsaw_date(now)
    return {
        "programme": programme,
        "figures": figures.compute(programme),
        "next_number": (found[0].number + 1) if found else 1,
        "correction": bool(found),
        "late": rules.report_late(programme.year, today),
        "due_date": rules.report_deadline(programme.year),
        "can_publish": year_over(programme, today),
    }


def public_page(programme_id: int, number: int | None = None) -> dict:
    programme, publication, found = queries.published_programme(programme_id, number)
    return {
        "programme": programme,
        "publication": publication,
        "figures": publication.figures,
        "chart": charts.bars(_chart_rows(publication.figures)),
        "parts": NARRATIVE_PARTS,
        "narrative": publication.narrative or {},
        "publications": found,
        "latest": found[0],
        "late": rules.report_late(programme.year, warsaw_date(publication.published_at)),
        "due_date": rules.report_deadline(programme.year),
    }
