"""NGO organisation profiles, shared by the whole installation (one profile for every office).

Who may apply is art. 3 ust. 2 (NGOs) and ust. 3 (equivalent entities) of the Act.
"""

import enum

import sqlalchemy as sa
from sqlalchemy.orm import Mapped, mapped_column, relationship

from grants.auth.permissions import require_verified_email
from grants.db import UTCDateTime, enum_column, utcnow
from grants.extensions import db


class LegalForm(enum.Enum):
    stowarzyszenie = "stowarzyszenie"  # art. 3 ust. 2
    stowarzyszenie_zwykle = "stowarzyszenie_zwykle"  # art. 3 ust. 2
    fundacja = "fundacja"  # art. 3 ust. 2
    koscielna_osoba_prawna = "koscielna_osoba_prawna"  # art. 3 ust. 3 pkt 1
    stowarzyszenie_jst = "stowarzyszenie_jst"  # art. 3 ust. 3 pkt 2
    spoldzielnia_socjalna = "spoldzielnia_socjalna"  # art. 3 ust. 3 pkt 3
    spolka_non_profit = "spolka_non_profit"  # art. 3 ust. 3 pkt 4 (incl. sports clubs)
    kolo_gospodyn_wiejskich = "kolo_gospodyn_wiejskich"  # art. 3 ust. 3 pkt 5
    inna = "inna"  # other legal person under art. 3 ust. 2


class ProfileStatus(enum.Enum):
    """A profile whose NIP or KRS another profile already has waits for an officer's word: a legitimate
    separate profile (e.g. a branch) is confirmed, a copy refused. Only an `active` profile acts (offers)."""

    active = "active"
    awaiting_confirmation = "awaiting_confirmation"
    refused = "refused"


class Organization(db.Model):
    __tablename__ = "organizations"

    id: Mapped[int] = mapped_column(primary_key=True)
    name: Mapped[str] = mapped_column(sa.String(300), nullable=False)
    legal_form = mapped_column(enum_column(LegalForm), nullable=False)
    krs: Mapped[str | None] = mapped_column(sa.String(10), index=True)
    registry_name: Mapped[str | None] = mapped_column(sa.String(300))
    registry_number: Mapped[str | None] = mapped_column(sa.String(64))
    nip: Mapped[str | None] = mapped_column(sa.String(10), index=True)
    regon: Mapped[str | None] = mapped_column(sa.String(14))
    street: Mapped[str] = mapped_column(sa.String(200), nullable=False)
    postal_code: Mapped[str] = mapped_column(sa.String(6), nullable=False)
    city: Mapped[str] = mapped_column(sa.String(100), nullable=False)
    website: Mapped[str | None] = mapped_column(sa.String(300))
    email: Mapped[str] = mapped_column(sa.String(254), nullable=False)
    phone: Mapped[str | None] = mapped_column(sa.String(40))
    bank_account: Mapped[str] = mapped_column(sa.String(34), nullable=False)  # NRB, 26 digits, stored bare
    representatives = mapped_column(sa.JSON, nullable=False, default=list)  # [{full_name, function}]
    representation_rule: Mapped[str] = mapped_column(sa.Text, nullable=False, default="")
    created_at = mapped_column(UTCDateTime, nullable=False, default=utcnow)
    created_by_id: Mapped[int | None] = mapped_column(sa.ForeignKey("users.id"))
    status = mapped_column(enum_column(ProfileStatus), nullable=False, default=ProfileStatus.active)
    # The earlier profile with the same NIP or KRS, and the officer's decision about this one.
    duplicate_of_id: Mapped[int | None] = mapped_column(sa.ForeignKey("organizations.id"))
    reviewed_at = mapped_column(UTCDateTime)
    reviewed_by_id: Mapped[int | None] = mapped_column(sa.ForeignKey("users.id"))
    review_note: Mapped[str | None] = mapped_column(sa.Text)

    memberships = relationship(
        "Membership", back_populates="organization", cascade="all, delete-orphan", lazy="selectin"
    )

    def has_member(self, user) -> bool:
        """The membership lookup of every organisation and offer check; a membership counts only for an
        account with a verified e-mail address (otherwise 403 `email_unverified`)."""
        found = user is not None and any(m.user_id == user.id for m in self.memberships)
        if found:
            require_verified_email(user)
        return found

    @property
    def may_act(self) -> bool:
        """Its members may create and submit offers for it (not while it awaits an officer, nor refused)."""
        return self.status == ProfileStatus.active


class Membership(db.Model):
    __tablename__ = "memberships"

    organization_id: Mapped[int] = mapped_column(
        sa.ForeignKey("organizations.id", ondelete="CASCADE"), primary_key=True
    )
    user_id: Mapped[int] = mapped_column(sa.ForeignKey("users.id", ondelete="CASCADE"), primary_key=True, index=True)
    created_at = mapped_column(UTCDateTime, nullable=False, default=utcnow)
    invited_by_id: Mapped[int | None] = mapped_column(sa.ForeignKey("users.id"))

    organization = relationship("Organization", back_populates="memberships")
    user = relationship("User", foreign_keys=[user_id])


class Invitation(db.Model):
    """An invitation of an e-mail address to an organisation: a single-use link (only the SHA-256 of its
    token is kept) that the person signed in with that very address accepts or declines before it expires
    (grants.organizations.invitations). One row per (organisation, address): inviting again issues a new
    link and the old one stops working."""

    __tablename__ = "organization_invitations"

    id: Mapped[int] = mapped_column(primary_key=True)
    organization_id: Mapped[int] = mapped_column(
        sa.ForeignKey("organizations.id", ondelete="CASCADE"), nullable=False, index=True
    )
    email: Mapped[str] = mapped_column(sa.String(254), nullable=False, index=True)
    invited_by_id: Mapped[int | None] = mapped_column(sa.ForeignKey("users.id"))
    created_at = mapped_column(UTCDateTime, nullable=False, default=utcnow)
    accepted_at = mapped_column(UTCDateTime)
    token_hash: Mapped[str | None] = mapped_column(sa.String(64), unique=True)
    expires_at = mapped_column(UTCDateTime)
    declined_at = mapped_column(UTCDateTime)
    cancelled_at = mapped_column(UTCDateTime)

    __table_args__ = (sa.UniqueConstraint("organization_id", "email"),)

    organization = relationship("Organization", lazy="joined")
    invited_by = relationship("User", foreign_keys=[invited_by_id], lazy="joined")

    @property
    def is_pending(self) -> bool:
        return self.accepted_at is None and self.declined_at is None and self.cancelled_at is None

    def is_expired(self, now) -> bool:
        return self.token_hash is None or self.expires_at is None or now >= self.expires_at
