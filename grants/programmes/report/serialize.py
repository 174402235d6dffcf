"""The yearly report as plain data for the API: the draft (live figures) for the office, a publication (frozen
figures) for everyone."""

from datetime import date

from grants.clock import warsaw_date
from grants.formatting import iso_date, iso_warsaw
from grants.programmes import rules
from grants.programmes.report.operations import NARRATIVE_PARTS


def publication_summary(publication) -> dict:
    return {"number": publication.number, "published_at": iso_warsaw(publication.published_at)}


def draft_to_api(programme, figures: dict, report, publications: list, today: date) -> dict:
    narrative = (report.narrative if report is not None else None) or {}
    latest = publications[0] if publications else None
    return {
        **figures,
        "programme_id": programme.id,
        "status": "draft",
        "narrative": {part: narrative.get(part, "") for part in NARRATIVE_PARTS},
        "lock_version": report.lock_version if report is not None else 0,
        # art. 5a ust. 3: late while nothing is published after 31 May of the year after
        "due_date": iso_date(rules.report_deadline(programme.year)),
        "late": latest is None and today > rules.report_deadline(programme.year),
        "publications": [publication_summary(p) for p in publications],
    }


def publication_to_api(programme, publication, publications: list) -> dict:
    published_on = publication.published_at
    return {
        **publication.figures,
        "programme_id": programme.id,
        "status": "published",
        "number": publication.number,
        "published_at": iso_warsaw(published_on),
        "narrative": {part: (publication.narrative or {}).get(part, "") for part in NARRATIVE_PARTS},
        "due_date": iso_date(rules.report_deadline(programme.year)),
        "late": rules.report_late(programme.year, warsaw_date(published_on)),
        "publications": [publication_summary(p) for p in publications],
    }
