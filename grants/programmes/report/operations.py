"""The only writers of the yearly report: the narrative the officer writes, and the publication that freezes
the figures and the narrative (art. 5a ust. 3: published in BIP by 31 May of the year after). A publication is
never changed: a correction is the next publication, and the earlier ones stay readable."""

from datetime import date, datetime

from flask_babel import gettext as _

from grants.audit.log import record
from grants.auth.permissions import require_officer
from grants.calls.models import Programme
from grants.clock import warsaw_date
from grants.errors import Conflict, FieldErrors, ValidationFailed
from grants.extensions import db
from grants.parsing import text
from grants.programmes import rules
from grants.programmes.models import ProgrammeReport, ProgrammeReportPublication
from grants.programmes.report import figures

# The parts a municipality's report on its programme has besides the figures (its financial side): what the
# programme was, the non-financial cooperation (art. 5 ust. 2: information, consultation, joint teams, …),
# the consultations of acts with NGOs, the evaluation against the programme's indicators, the conclusions.
NARRATIVE_PARTS = ("introduction", "non_financial", "consultations", "evaluation", "conclusions")
PART_LIMIT = 20_000


def parse_narrative(raw) -> dict:
    """`{narrative: {part: text}}` → `{part: text}` for every part (empty when not given); errors on
    `narrative.<part>`, an unknown part named as itself."""
    errors = FieldErrors()
    given = raw.get("narrative") if isinstance(raw, dict) else None
    if not isinstance(given, dict):
        raise ValidationFailed.one("narrative", _("Podaj części sprawozdania jako obiekt {część: tekst}."))
    for name in given:
        if name not in NARRATIVE_PARTS:
            errors.add(f"narrative.{name}", _("Nieznana część sprawozdania."))
    narrative = {
        part: text(errors, f"narrative.{part}", given.get(part), limit=PART_LIMIT, blank="") for part in NARRATIVE_PARTS
    }
    errors.raise_if_any()
    return narrative


def _report_for(programme: Programme, now: datetime, *, lock: bool = False) -> ProgrammeReport:
    query = db.select(ProgrammeReport).where(ProgrammeReport.programme_id == programme.id)
    # Publishing locks the report's row (PostgreSQL), so two officers publishing at once get numbers in turn.
    report = db.session.scalar(query.with_for_update() if lock else query)
    if report is None:
        report = ProgrammeReport(programme_id=programme.id, narrative={}, lock_version=0, updated_at=now)
        db.session.add(report)
        db.session.flush()
    return report


def save_narrative(*, actor, programme: Programme, raw: dict, now: datetime) -> ProgrammeReport:
    """Replace the narrative with what the officer typed. `lock_version`, when given, must be the one read
    (409 `stale`: someone saved in between, and their text would be lost)."""
    require_officer(actor, programme.office_id)
    narrative = parse_narrative(raw)
    report = _report_for(programme, now)
    seen = raw.get("lock_version")
    if seen not in (None, "") and str(seen) != str(report.lock_version):
        raise Conflict(
            _("Ktoś zapisał sprawozdanie w międzyczasie. Otwórz je ponownie i nanieś zmiany jeszcze raz."),
            code="stale",
        )
    before = dict(report.narrative or {})
    report.narrative = narrative
    report.lock_version += 1
    report.updated_at = now
    report.updated_by_id = actor.id
    db.session.flush()
    record(
        "programme_report.narrative",
        "programme_report",
        report.id,
        actor=actor,
        office_id=programme.office_id,
        summary=programme.title,
        before={"narrative": before},
        after={"narrative": narrative},
    )
    return report


def year_over(programme: Programme, today: date) -> bool:
    return today.year > programme.year


def publish(*, actor, programme: Programme, now: datetime) -> ProgrammeReportPublication:
    """Freeze the figures as they are now and the narrative as saved into the next publication. Only once the
    programme's year is over (409 `year_not_over`): the report is on the whole year."""
    require_officer(actor, programme.office_id)
    today = warsaw_date(now)
    if not year_over(programme, today):
        raise Conflict(
            _(
                "Sprawozdanie obejmuje cały rok programu: można je opublikować od 1 stycznia %(year)d r.",
                year=programme.year + 1,
            ),
            code="year_not_over",
        )
    report = _report_for(programme, now, lock=True)
    db.session.refresh(report, ["publications"])
    number = max((p.number for p in report.publications), default=0) + 1
    publication = ProgrammeReportPublication(
        report_id=report.id,
        number=number,
        figures=figures.compute(programme),
        narrative={part: (report.narrative or {}).get(part, "") for part in NARRATIVE_PARTS},
        published_at=now,
        published_by_id=actor.id,
    )
    db.session.add(publication)
    db.session.flush()
    db.session.expire(report, ["publications"])
    record(
        "programme_report.publish",
        "programme_report",
        report.id,
        actor=actor,
        office_id=programme.office_id,
        summary=programme.title,
        after={
            "number": number,
            "correction": number > 1,
            "late": rules.report_late(programme.year, today),
            "figures": publication.figures,
        },
    )
    return publication
