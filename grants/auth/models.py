import enum
import hashlib
import secrets

import sqlalchemy as sa
from flask_login import UserMixin
from sqlalchemy.orm import Mapped, Session, column_property, mapped_column, relationship

from grants.db import UTCDateTime, enum_column, utcnow
from grants.extensions import db
from grants.organizations.models import Membership


class Role(enum.Enum):
    admin = "admin"  # runs the installation
    officer = "officer"  # the office's staff: announces, checks, decides, contracts
    evaluator = "evaluator"  # committee member


STAFF_ROLES = (Role.officer, Role.evaluator, Role.admin)


class User(UserMixin, db.Model):
    __tablename__ = "users"

    id: Mapped[int] = mapped_column(primary_key=True)
    email: Mapped[str] = mapped_column(sa.String(254), unique=True, nullable=False)
    full_name: Mapped[str] = mapped_column(sa.String(200), nullable=False)
    password_hash: Mapped[str] = mapped_column(sa.String(255), nullable=False)
    office_id: Mapped[int | None] = mapped_column(sa.ForeignKey("offices.id"), index=True)
    active: Mapped[bool] = mapped_column(sa.Boolean, nullable=False, default=True)
    locale: Mapped[str | None] = mapped_column(sa.String(8))
    # Rotated on password change or deactivation: every session built on the old value ends.
    session_token: Mapped[str] = mapped_column(sa.String(64), nullable=False, default=lambda: secrets.token_hex(16))
    created_at = mapped_column(UTCDateTime, nullable=False, default=utcnow)
    # When the person followed the link mailed to the address (staff: when the account was created, the
    # creator vouches). Until then the account acts for no organisation (grants.auth.permissions).
    email_verified_at = mapped_column(UTCDateTime)
    # The second factor (TOTP, RFC 6238) once confirmed: its base32 secret and the last time step used,
    # so that one code signs in once (grants.auth.two_factor).
    totp_secret: Mapped[str | None] = mapped_column(sa.String(64))
    totp_last_step: Mapped[int | None] = mapped_column(sa.BigInteger)

    # Whether the person belongs to an organisation: the header of every staff page asks it (the NGO desk's
    # links), so the session loader reads it with the user (grants.auth.session); deferred elsewhere, where one
    # statement on first use is what the question costs anyway. A membership added or removed expires it
    # (_memberships_changed), so a request that changes it reads the new answer.
    in_organization: Mapped[bool] = column_property(
        sa.exists().where(Membership.user_id == id).correlate_except(Membership), deferred=True
    )

    office = relationship("Office", lazy="joined")
    role_rows = relationship("UserRole", cascade="all, delete-orphan", lazy="selectin")

    @property
    def is_active(self) -> bool:
        return self.active

    def get_id(self) -> str:
        return f"{self.id}:{self.session_token}"

    @property
    def email_verified(self) -> bool:
        return self.email_verified_at is not None

    @property
    def has_two_factor(self) -> bool:
        return bool(self.totp_secret)

    @property
    def is_staff(self) -> bool:
        return self.has_role(*STAFF_ROLES)

    @property
    def roles(self) -> list[str]:
        return sorted(row.role.value for row in self.role_rows)

    def has_role(self, *roles: Role) -> bool:
        mine = {row.role for row in self.role_rows}
        return any(role in mine for role in roles)

    @property
    def is_officer(self) -> bool:
        return self.has_role(Role.officer, Role.admin)

    @property
    def is_admin(self) -> bool:
        return self.has_role(Role.admin)

    @property
    def is_evaluator(self) -> bool:
        return self.has_role(Role.evaluator)

    @property
    def organization_ids(self) -> list[int]:
        return list(db.session.scalars(db.select(Membership.organization_id).where(Membership.user_id == self.id)))

    @property
    def is_ngo_member(self) -> bool:
        return self.in_organization

    @property
    def api_roles(self) -> list[str]:
        """Staff roles, plus `ngo` once the person belongs to an organisation (API.md: `[]` until then)."""
        return self.roles + (["ngo"] if self.is_ngo_member else [])

    def to_api(self) -> dict:
        return {
            "id": self.id,
            "email": self.email,
            "full_name": self.full_name,
            "roles": self.api_roles,
            "office_id": self.office_id,
        }


@sa.event.listens_for(Session, "after_flush")
def _memberships_changed(session, _context) -> None:
    for row in (*session.new, *session.deleted):
        if isinstance(row, Membership):
            user = session.identity_map.get(session.identity_key(User, row.user_id))
            if user is not None:
                session.expire(user, ["in_organization"])


class UserRole(db.Model):
    __tablename__ = "user_roles"

    user_id: Mapped[int] = mapped_column(sa.ForeignKey("users.id", ondelete="CASCADE"), primary_key=True)
    role = mapped_column(enum_column(Role), primary_key=True)


class ApiToken(db.Model):
    """A bearer token for the API; only its SHA-256 is stored."""

    __tablename__ = "api_tokens"

    id: Mapped[int] = mapped_column(primary_key=True)
    user_id: Mapped[int] = mapped_column(sa.ForeignKey("users.id", ondelete="CASCADE"), index=True, nullable=False)
    token_hash: Mapped[str] = mapped_column(sa.String(64), unique=True, nullable=False)
    created_at = mapped_column(UTCDateTime, nullable=False, default=utcnow)
    revoked_at = mapped_column(UTCDateTime)

    user = relationship("User", lazy="joined")

    @staticmethod
    def hash(raw: str) -> str:
        return hashlib.sha256(raw.encode()).hexdigest()
