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
    # The organ that announces the office's calls (art. 13 ust. 1: "organ administracji publicznej ogłasza"),
    # e.g. "Prezydent Miasta Opola" — the announcement names it, not the referat that prepares it.
    organ_name: Mapped[str] = mapped_column(sa.String(300), nullable=False, default="", server_default="")
    # The contract's number: placeholders {case_sign}, {seq}, {year} (seed 002: "CDO-RIPS.525.7.2021" is
    # "{case_sign}.525.{seq}.{year}", the JRWA class 525 between the unit's sign and the sequence).
    contract_number_pattern: Mapped[str] = mapped_column(
        sa.String(120),
        nullable=False,
        default="{case_sign}.525.{seq}.{year}",
        server_default="{case_sign}.525.{seq}.{year}",
    )
    # Who signs contracts for the office ([{full_name, function}]) and who countersigns (kontrasygnata
    # skarbnika, art. 46 ust. 3 of the Act on municipal self-government), where they are signed, and the
    # account returns are paid to (Annex 3 § 10).
    representatives = mapped_column(sa.JSON, nullable=False, default=list, server_default="[]")
    treasurer: Mapped[str] = mapped_column(sa.String(200), nullable=False, default="", server_default="")
    contract_place: Mapped[str] = mapped_column(sa.String(100), nullable=False, default="", server_default="")
    bank_account: Mapped[str] = mapped_column(sa.String(34), nullable=False, default="", server_default="")
    # Who the public writes to: the office's contact (the accessibility statement's requests and complaints,
    # art. 10 and 18 of the Act of 4 April 2019) and its data protection officer (IOD; RODO art. 13 ust. 1 lit. b).
    contact_email: Mapped[str] = mapped_column(sa.String(254), nullable=False, default="", server_default="")
    contact_phone: Mapped[str] = mapped_column(sa.String(40), nullable=False, default="", server_default="")
    dpo_email: Mapped[str] = mapped_column(sa.String(254), nullable=False, default="", server_default="")
    created_at = mapped_column(UTCDateTime, nullable=False, default=utcnow)

    def to_public(self) -> dict:
        return {"id": self.id, "slug": self.slug, "name": self.name}
