"""Statutory PDFs: one `Document` row per kind, object and version of that object.

The row is the record (RQ keeps job data only for minutes): what was asked for, the exact plain
data it is rendered from (`data`, frozen at request time, so a re-run after a crash produces the
same bytes), where the file is and its SHA-256. The unique constraint makes "the same request for
an unchanged object" land on the same row however many people ask at once.
"""

import enum

import sqlalchemy as sa
from sqlalchemy.orm import Mapped, mapped_column, relationship

from grants.db import UTCDateTime, enum_column, utcnow
from grants.extensions import db


class DocumentKind(enum.Enum):
    call_announcement = "call_announcement"  # art. 13 ust. 2 of the Act
    offer = "offer"  # Annex 1 of Dz.U. 2018 poz. 2057
    offer_confirmation = "offer_confirmation"  # the one page the NGO signs
    offer_draft = "offer_draft"  # Annex 1 from the draft as it is now, marked "projekt", for its organisation
    evaluation_card = "evaluation_card"  # one committee member's scores for one offer
    committee_protocol = "committee_protocol"
    results = "results"  # art. 15 ust. 2h-2j
    contract = "contract"  # Annex 3
    report = "report"  # Annex 5
    programme_report = "programme_report"  # art. 5a ust. 3: the yearly report on the cooperation programme


class DocumentStatus(enum.Enum):
    queued = "queued"
    started = "started"
    finished = "finished"
    failed = "failed"


class Document(db.Model):
    __tablename__ = "documents"

    id: Mapped[int] = mapped_column(primary_key=True)
    kind = mapped_column(enum_column(DocumentKind), nullable=False)
    object_id: Mapped[int] = mapped_column(sa.Integer, nullable=False)
    # SHA-256 of the canonical plain data (and the layout revision): an unchanged object gives the
    # same version, any change of what the PDF shows gives a new one.
    object_version: Mapped[str] = mapped_column(sa.String(64), nullable=False)
    status = mapped_column(enum_column(DocumentStatus), nullable=False, default=DocumentStatus.queued, index=True)
    job_id: Mapped[int | None] = mapped_column(sa.ForeignKey("jobs.id"), unique=True)
    data = mapped_column(sa.JSON, nullable=False)  # the template's context, plain JSON
    title: Mapped[str] = mapped_column(sa.String(300), nullable=False, default="")
    office_id: Mapped[int | None] = mapped_column(sa.ForeignKey("offices.id"), index=True)
    sha256: Mapped[str | None] = mapped_column(sa.String(64))
    path: Mapped[str | None] = mapped_column(sa.String(500))  # relative to STORAGE_DIR
    size: Mapped[int | None] = mapped_column(sa.Integer)
    pages: Mapped[int | None] = mapped_column(sa.Integer)
    error: Mapped[str | None] = mapped_column(sa.Text)
    requested_by_id: Mapped[int | None] = mapped_column(sa.ForeignKey("users.id"))
    created_at = mapped_column(UTCDateTime, nullable=False, default=utcnow)
    started_at = mapped_column(UTCDateTime)
    finished_at = mapped_column(UTCDateTime)

    job = relationship("Job", lazy="joined")

    # Also the index for "this object's documents" (its leading columns).
    __table_args__ = (sa.UniqueConstraint("kind", "object_id", "object_version"),)
