import sqlalchemy as sa
from sqlalchemy.orm import Mapped, mapped_column, relationship

from grants.db import UTCDateTime, utcnow
from grants.extensions import db


class AuditEntry(db.Model):
    """Append-only record of a change of state: who, what, when, before and after."""

    __tablename__ = "audit_entries"

    id: Mapped[int] = mapped_column(primary_key=True)
    created_at = mapped_column(UTCDateTime, nullable=False, default=utcnow, index=True)
    actor_id: Mapped[int | None] = mapped_column(sa.ForeignKey("users.id"), index=True)
    office_id: Mapped[int | None] = mapped_column(sa.ForeignKey("offices.id"))
    action: Mapped[str] = mapped_column(sa.String(64), nullable=False)
    entity_type: Mapped[str] = mapped_column(sa.String(32), nullable=False)
    entity_id: Mapped[int | None] = mapped_column(sa.Integer)
    summary: Mapped[str] = mapped_column(sa.Text, nullable=False, default="")
    before = mapped_column(sa.JSON)
    after = mapped_column(sa.JSON)
    ip: Mapped[str | None] = mapped_column(sa.String(64))

    actor = relationship("User", lazy="joined")

    @property
    def actor_name(self) -> str | None:
        """Who acted, as the log prints it (None: the system); the office's log reads it as a column."""
        return self.actor.full_name if self.actor else None

    __table_args__ = (
        sa.Index("ix_audit_entries_entity", "entity_type", "entity_id"),
        # The office's log, newest first (grants.audit.listing): the office's entries in id order, so a page
        # is the index's next 50 however few of the millions of entries are the office's.
        sa.Index("ix_audit_entries_office_id_id", "office_id", "id"),
    )
