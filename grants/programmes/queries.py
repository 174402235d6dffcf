"""Read-side of the programme's year: loaders (another office's programme, a comment of another programme:
404), the year's rows of one programme, and its status — derived from the rows and the clock, never stored."""

from dataclasses import dataclass, field
from datetime import date

from flask_babel import gettext as _

from grants.auth.permissions import in_own_office
from grants.calls.models import Call, Programme, ProgrammePriority
from grants.calls.queries import get_programme_for_officer, get_public_programme, public_programmes
from grants.errors import Forbidden, NotFound
from grants.extensions import db
from grants.offers.queries import member_organization_ids
from grants.programmes.models import ConsultationComment, ProgrammeAdoption, ProgrammeConsultation

__all__ = ["get_programme_for_officer", "get_public_programme", "public_programmes"]

STATUSES = ("draft", "consultation", "consulted", "adopted")


@dataclass
class ProgrammeYear:
    """One programme with the rows of its year, read in a constant number of statements."""

    programme: Programme
    consultation: ProgrammeConsultation | None
    comments: list[ConsultationComment] = field(default_factory=list)
    adoptions: list[ProgrammeAdoption] = field(default_factory=list)

    @property
    def adoption(self) -> ProgrammeAdoption | None:
        return next((a for a in self.adoptions if a.number == 0), None)

    @property
    def amendments(self) -> list[ProgrammeAdoption]:
        return [a for a in self.adoptions if a.number > 0]

    @property
    def report_published(self) -> bool:
        return self.consultation is not None and self.consultation.report_published_at is not None

    def consultation_open(self, today: date) -> bool:
        """Comments are taken from the first to the last day (Warsaw dates, both inclusive), until adoption."""
        c = self.consultation
        return c is not None and self.adoption is None and c.starts_on <= today <= c.ends_on

    def consultation_ended(self, today: date) -> bool:
        return self.consultation is not None and today > self.consultation.ends_on

    def status(self, today: date) -> str:
        """draft → consultation (its days) → consulted (after its last day) → adopted (the resolution)."""
        if self.adoption is not None:
            return "adopted"
        if self.consultation is None or today < self.consultation.starts_on:
            return "draft"
        return "consultation" if today <= self.consultation.ends_on else "consulted"

    def unanswered(self) -> list[ConsultationComment]:
        return [c for c in self.comments if c.answer is None]


def programme_year(programme: Programme) -> ProgrammeYear:
    return ProgrammeYear(
        programme=programme,
        consultation=consultation_of(programme.id),
        comments=comments_of(programme.id),
        adoptions=adoptions_of(programme.id),
    )


def programme_years(programmes: list[Programme]) -> list[ProgrammeYear]:
    """Many programmes with their consultations and resolutions in two statements (no comments: a list)."""
    ids = [p.id for p in programmes]
    consultations = {
        c.programme_id: c
        for c in db.session.scalars(db.select(ProgrammeConsultation).where(ProgrammeConsultation.programme_id.in_(ids)))
    }
    adoptions: dict[int, list[ProgrammeAdoption]] = {}
    for row in db.session.scalars(
        db.select(ProgrammeAdoption).where(ProgrammeAdoption.programme_id.in_(ids)).order_by(ProgrammeAdoption.number)
    ):
        adoptions.setdefault(row.programme_id, []).append(row)
    return [ProgrammeYear(p, consultations.get(p.id), [], adoptions.get(p.id, [])) for p in programmes]


def consultation_of(programme_id: int) -> ProgrammeConsultation | None:
    return db.session.scalar(db.select(ProgrammeConsultation).where(ProgrammeConsultation.programme_id == programme_id))


def comments_of(programme_id: int) -> list[ConsultationComment]:
    return list(
        db.session.scalars(
            db.select(ConsultationComment)
            .where(ConsultationComment.programme_id == programme_id)
            .order_by(ConsultationComment.created_at, ConsultationComment.id)
        )
    )


def adoptions_of(programme_id: int) -> list[ProgrammeAdoption]:
    return list(
        db.session.scalars(
            db.select(ProgrammeAdoption)
            .where(ProgrammeAdoption.programme_id == programme_id)
            .order_by(ProgrammeAdoption.number)
        )
    )


def is_adopted(programme_id: int) -> bool:
    return (
        db.session.scalar(
            db.select(ProgrammeAdoption.id).where(
                ProgrammeAdoption.programme_id == programme_id, ProgrammeAdoption.number == 0
            )
        )
        is not None
    )


def get_comment(year: ProgrammeYear, comment_id: int) -> ConsultationComment:
    comment = next((c for c in year.comments if c.id == comment_id), None)
    if comment is None:
        raise NotFound(_("Nie ma takiej uwagi do programu."))
    return comment


def priority_codes_in_use(programme: Programme) -> set[str]:
    """The codes of the programme's priorities that a call refers to (they cannot be removed)."""
    return set(
        db.session.scalars(
            db.select(ProgrammePriority.code)
            .join(Call, Call.programme_priority_id == ProgrammePriority.id)
            .where(ProgrammePriority.programme_id == programme.id)
            .distinct()
        )
    )


def open_consultations(today: date) -> list[tuple[Programme, ProgrammeConsultation]]:
    """Consultations taking comments today (not of an adopted programme), soonest ending first."""
    adopted = db.select(ProgrammeAdoption.id).where(
        ProgrammeAdoption.programme_id == ProgrammeConsultation.programme_id, ProgrammeAdoption.number == 0
    )
    rows = db.session.execute(
        db.select(Programme, ProgrammeConsultation)
        .join(ProgrammeConsultation, ProgrammeConsultation.programme_id == Programme.id)
        .where(
            ProgrammeConsultation.starts_on <= today,
            ProgrammeConsultation.ends_on >= today,
            ~adopted.exists(),
        )
        .order_by(ProgrammeConsultation.ends_on, Programme.id)
    )
    return [(programme, consultation) for programme, consultation in rows]


def reader_of(user, programme: Programme) -> tuple[bool, set[int]]:
    """(the programme's office reads it, the organisations the reader belongs to) — which comments they see."""
    if not getattr(user, "is_authenticated", False):
        return False, set()
    if user.is_officer:
        return in_own_office(user, programme.office_id), set()
    try:
        return False, member_organization_ids(user)
    except Forbidden:  # an unconfirmed address reads as anyone does
        return False, set()
