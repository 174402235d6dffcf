"""Who may read the yearly report, and its rows: the office's officers read the draft (live figures and the
narrative being written); anyone reads what was published (the frozen `ProgrammeReportPublication`s)."""

from flask_babel import gettext as _

from grants.auth.permissions import in_own_office, require_officer
from grants.calls.models import Programme
from grants.errors import NotFound
from grants.extensions import db
from grants.programmes.models import ProgrammeReport, ProgrammeReportPublication


def _programme(programme_id: int) -> Programme:
    programme = db.session.get(Programme, programme_id)
    if programme is None:
        raise NotFound(_("Nie ma takiego programu współpracy."))
    return programme


def office_programme(user, programme_id: int) -> Programme:
    """The programme for its office's officer (an admin: any); another office's is 404, other roles 403."""
    programme = _programme(programme_id)
    require_officer(user, None)
    if not in_own_office(user, programme.office_id):
        raise NotFound(_("Nie ma takiego programu współpracy."))
    return programme


def reads_draft(user, programme: Programme) -> bool:
    """Whether `user` reads the office's draft of the report (live figures) rather than the publication."""
    return bool(
        user is not None
        and getattr(user, "is_authenticated", False)
        and getattr(user, "is_officer", False)
        and in_own_office(user, programme.office_id)
    )


def report_of(programme_id: int) -> ProgrammeReport | None:
    return db.session.scalar(db.select(ProgrammeReport).where(ProgrammeReport.programme_id == programme_id))


def publications(programme_id: int) -> list[ProgrammeReportPublication]:
    """Every publication of the programme's report, the newest first."""
    return list(
        db.session.scalars(
            db.select(ProgrammeReportPublication)
            .join(ProgrammeReport, ProgrammeReport.id == ProgrammeReportPublication.report_id)
            .where(ProgrammeReport.programme_id == programme_id)
            .order_by(ProgrammeReportPublication.number.desc())
        )
    )


def published_programme(programme_id: int, number: int | None = None):
    """(programme, the publication — the latest, or `number` —, every publication newest first) for anyone;
    404 while nothing is published."""
    programme = _programme(programme_id)
    found = publications(programme_id)
    chosen = found[0] if found and number is None else next((p for p in found if p.number == number), None)
    if chosen is None:
        raise NotFound(_("Sprawozdanie z realizacji tego programu nie zostało jeszcze opublikowane."))
    return programme, chosen, found
