"""The programme's year around `calls.models.Programme` (art. 5a of the Act): its consultation with NGOs
(art. 5 ust. 5), the council's adoption (by 30 November of the year before, art. 5a ust. 1), amendments with a
reason, and the report on its implementation (by 31 May of the year after, art. 5a ust. 3).

Nothing here is edited in place once it speaks for the office: comments and answers are rows added, the
adoption and each amendment are rows, and a published report is a frozen `ProgrammeReportPublication`.
"""

import sqlalchemy as sa
from sqlalchemy.orm import Mapped, mapped_column, relationship

from grants.db import UTCDateTime, utcnow
from grants.extensions import db


class ProgrammeConsultation(db.Model):
    """The consultation of the draft programme: when, through which channels, and its report."""

    __tablename__ = "programme_consultations"

    id: Mapped[int] = mapped_column(primary_key=True)
    programme_id: Mapped[int] = mapped_column(
        sa.ForeignKey("programmes.id", ondelete="CASCADE"), nullable=False, unique=True
    )
    starts_on = mapped_column(sa.Date, nullable=False)
    ends_on = mapped_column(sa.Date, nullable=False)  # inclusive: comments are taken to the end of the day
    channels = mapped_column(sa.JSON, nullable=False, default=list)  # e.g. ["bip", "website", "meeting"]
    created_at = mapped_column(UTCDateTime, nullable=False, default=utcnow)
    created_by_id: Mapped[int | None] = mapped_column(sa.ForeignKey("users.id"))
    # The consultation report (sprawozdanie z konsultacji), written once the consultation has ended.
    report: Mapped[str | None] = mapped_column(sa.Text)
    report_published_at = mapped_column(UTCDateTime)
    report_published_by_id: Mapped[int | None] = mapped_column(sa.ForeignKey("users.id"))

    programme = relationship("Programme", lazy="joined")


class ConsultationComment(db.Model):
    """An NGO's comment on the draft programme; never edited. The office answers in `ConsultationAnswer`."""

    __tablename__ = "programme_consultation_comments"

    id: Mapped[int] = mapped_column(primary_key=True)
    programme_id: Mapped[int] = mapped_column(
        sa.ForeignKey("programmes.id", ondelete="CASCADE"), nullable=False, index=True
    )
    organization_id: Mapped[int | None] = mapped_column(sa.ForeignKey("organizations.id"), index=True)
    author_id: Mapped[int | None] = mapped_column(sa.ForeignKey("users.id"))
    text: Mapped[str] = mapped_column(sa.Text, nullable=False)
    created_at = mapped_column(UTCDateTime, nullable=False, default=utcnow)

    organization = relationship("Organization", lazy="joined")
    answers = relationship(
        "ConsultationAnswer", order_by="ConsultationAnswer.id", lazy="selectin", back_populates="comment"
    )

    @property
    def answer(self):
        """The office's answer in force: the newest (earlier ones stay)."""
        return self.answers[-1] if self.answers else None


class ConsultationAnswer(db.Model):
    __tablename__ = "programme_consultation_answers"

    id: Mapped[int] = mapped_column(primary_key=True)
    comment_id: Mapped[int] = mapped_column(
        sa.ForeignKey("programme_consultation_comments.id", ondelete="CASCADE"), nullable=False, index=True
    )
    text: Mapped[str] = mapped_column(sa.Text, nullable=False)
    # How the comment was taken into account: accepted, partly, rejected (the consultation report's columns).
    outcome: Mapped[str] = mapped_column(sa.String(16), nullable=False, default="")
    created_at = mapped_column(UTCDateTime, nullable=False, default=utcnow)
    created_by_id: Mapped[int | None] = mapped_column(sa.ForeignKey("users.id"))

    comment = relationship("ConsultationComment", back_populates="answers")


class ProgrammeAdoption(db.Model):
    """The council's resolution adopting the programme (number 0) or amending it (1, 2, …), with the reason
    and what changed (before/after)."""

    __tablename__ = "programme_adoptions"

    id: Mapped[int] = mapped_column(primary_key=True)
    programme_id: Mapped[int] = mapped_column(
        sa.ForeignKey("programmes.id", ondelete="CASCADE"), nullable=False, index=True
    )
    number: Mapped[int] = mapped_column(sa.Integer, nullable=False)  # 0: the adoption; then each amendment
    resolution_number: Mapped[str] = mapped_column(sa.String(100), nullable=False)
    adopted_on = mapped_column(sa.Date, nullable=False)
    reason: Mapped[str] = mapped_column(sa.Text, nullable=False, default="")
    changes = mapped_column(sa.JSON, nullable=False, default=dict)  # {field: {"before": …, "after": …}}
    created_at = mapped_column(UTCDateTime, nullable=False, default=utcnow)
    created_by_id: Mapped[int | None] = mapped_column(sa.ForeignKey("users.id"))

    __table_args__ = (sa.UniqueConstraint("programme_id", "number"),)


class ProgrammeReport(db.Model):
    """The draft of the yearly report (art. 5a ust. 3): the narrative parts the officer writes; the figures
    are computed from OKO's records whenever the report is read, and frozen when it is published."""

    __tablename__ = "programme_reports"

    id: Mapped[int] = mapped_column(primary_key=True)
    programme_id: Mapped[int] = mapped_column(
        sa.ForeignKey("programmes.id", ondelete="CASCADE"), nullable=False, unique=True
    )
    narrative = mapped_column(sa.JSON, nullable=False, default=dict)  # {part: text}
    lock_version: Mapped[int] = mapped_column(sa.Integer, nullable=False, default=0)
    updated_at = mapped_column(UTCDateTime, nullable=False, default=utcnow)
    updated_by_id: Mapped[int | None] = mapped_column(sa.ForeignKey("users.id"))

    publications = relationship(
        "ProgrammeReportPublication",
        order_by="ProgrammeReportPublication.number",
        lazy="selectin",
        back_populates="report",
    )


class ProgrammeReportPublication(db.Model):
    """A published yearly report, frozen: the figures and the narrative as published (a correction is a new
    publication with the next number)."""

    __tablename__ = "programme_report_publications"

    id: Mapped[int] = mapped_column(primary_key=True)
    report_id: Mapped[int] = mapped_column(sa.ForeignKey("programme_reports.id"), nullable=False, index=True)
    number: Mapped[int] = mapped_column(sa.Integer, nullable=False)
    figures = mapped_column(sa.JSON, nullable=False)
    narrative = mapped_column(sa.JSON, nullable=False)
    published_at = mapped_column(UTCDateTime, nullable=False)
    published_by_id: Mapped[int | None] = mapped_column(sa.ForeignKey("users.id"))

    report = relationship("ProgrammeReport", back_populates="publications")

    __table_args__ = (sa.UniqueConstraint("report_id", "number"),)
