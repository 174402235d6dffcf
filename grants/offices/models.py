import sqlalchemy as sa
from sqlalchemy.orm import Mapped, mapped_column

from grants.db import UTCDateTime, utcnow
from grants.extensions import db


class Office(db.Model):
    """A public body that runs calls: a city's referat, a district, a voivodeship office."""

    __tablename__ = "offices"

    id: Mapped[int] = mapped_column(primary_key=True)
    slug: Mapped[str] = mapped_column(sa.String(64), unique=True, nullable=False)
    name: Mapped[str] = mapped_column(sa.String(300), nullable=False)
    parent_body: Mapped[str] = mapped_column(sa.String(300), nullable=False, default="")
    address: Mapped[str] = mapped_column(sa.String(300), nullable=False, default="")
    case_sign: Mapped[str] = mapped_column(sa.String(64), nullable=False, default="")
    created_at = mapped_column(UTCDateTime, nullable=False, default=utcnow)

    def to_public(self) -> dict:
        return {"id": self.id, "slug": self.slug, "name": self.name}
