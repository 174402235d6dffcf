"""The yearly report's document (art. 5a ust. 3): object_id a programme. Its office's officers get the report
as it stands now — the live figures and the saved narrative, marked as a draft unless it is exactly the latest
publication —; anyone else the latest publication's frozen figures and narrative (not found before the first).
An unchanged report is the same source, hence the same document (the version hash of grants.documents)."""

from grants.calls.models import Programme
from grants.calls.queries import get_public_programme
from grants.documents.loading import Source, header_for
from grants.formatting import iso_date, iso_warsaw
from grants.programmes import rules
from grants.programmes.report import figures, queries
from grants.programmes.report.operations import NARRATIVE_PARTS


def programme_report_access(object_id: int, user) -> Programme:
    programme = get_public_programme(object_id)
    if not queries.reads_draft(user, programme):
        queries.published_programme(programme.id)  # not found before the first publication
    return programme


def load_programme_report(object_id: int, user) -> Source:
    programme = programme_report_access(object_id, user)
    found = queries.publications(programme.id)
    latest = found[0] if found else None
    if queries.reads_draft(user, programme):
        report = queries.report_of(programme.id)
        saved = (report.narrative if report is not None else None) or {}
        narrative = {part: saved.get(part, "") for part in NARRATIVE_PARTS}
        data = figures.compute(programme)
        published = latest is not None and latest.figures == data and latest.narrative == narrative
        publication = latest if published else None
    else:
        data, narrative, publication = latest.figures, latest.narrative, latest
    return Source(
        data={
            "programme": {"id": programme.id, "title": programme.title, "year": programme.year},
            "figures": data,
            "narrative": narrative,
            "publication": {"number": publication.number, "published_at": iso_warsaw(publication.published_at)}
            if publication is not None
            else None,
            "draft": publication is None,
            "due_date": iso_date(rules.report_deadline(programme.year)),
            "header": header_for(programme.office),
        },
        office_id=programme.office_id,
    )
