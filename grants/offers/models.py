"""Offers for a call (art. 14 of the Act; Annex 1 of Dz.U. 2018 poz. 2057), their frozen versions,
attachments and the signed confirmations.

The draft is one JSON document (sections I–VII of the form) that members edit; submitting freezes
it into an `OfferVersion` with a SHA-256 control sum. A draft is never shown to the office: the office
only ever reads frozen versions.
"""

import enum

import sqlalchemy as sa
from sqlalchemy.orm import Mapped, mapped_column, relationship

from grants.db import Money, UTCDateTime, enum_column, utcnow
from grants.extensions import db


class OfferStatus(enum.Enum):
    draft = "draft"
    submitted = "submitted"
    withdrawn = "withdrawn"
    # The office asked for a correction of formal defects (grants.review): the NGO may change the fields
    # named in the request and submit again until `correction_deadline`.
    correction = "correction"


# One table of legal moves. A withdrawn offer is the NGO's again: editing it makes it a draft, and
# submitting it (edited or not) freezes a new version with a new control sum; old versions stay.
# A submitted offer goes into correction when the office requests it; submitting the corrected offer
# (before the correction deadline) freezes a new version the same way.
OFFER_TRANSITIONS: dict[OfferStatus, set[OfferStatus]] = {
    OfferStatus.draft: {OfferStatus.submitted},
    OfferStatus.submitted: {OfferStatus.withdrawn, OfferStatus.correction},
    OfferStatus.withdrawn: {OfferStatus.draft, OfferStatus.submitted},
    OfferStatus.correction: {OfferStatus.submitted},
}

# States whose draft content the organisation may change (and submit).
EDITABLE = frozenset(s for s in OfferStatus if OfferStatus.submitted in OFFER_TRANSITIONS[s])
# ... of which those bound by the call's deadline (a correction is bound by its own deadline instead).
EDITABLE_UNTIL_DEADLINE = EDITABLE - {OfferStatus.correction}
# States in which the offer is in the competition (the office reads its current version).
IN_COMPETITION = frozenset({OfferStatus.submitted, OfferStatus.correction})


class ConfirmationChannel(enum.Enum):
    paper = "paper"  # the signed printout delivered to the office
    epuap = "epuap"  # the confirmation signed electronically and sent through ePUAP


class Offer(db.Model):
    __tablename__ = "offers"

    id: Mapped[int] = mapped_column(primary_key=True)
    # NULL for a small grant (art. 19a): its office and publication are in `smallgrants.models.SmallGrant`.
    call_id: Mapped[int | None] = mapped_column(sa.ForeignKey("calls.id"), index=True)
    # The representing organisation; in a joint offer (art. 14 ust. 2) the others are `partners`.
    organization_id: Mapped[int] = mapped_column(sa.ForeignKey("organizations.id"), nullable=False, index=True)
    status = mapped_column(enum_column(OfferStatus), nullable=False, default=OfferStatus.draft, index=True)
    title: Mapped[str] = mapped_column(sa.String(300), nullable=False)  # mirrors content["title"] for lists
    content = mapped_column(sa.JSON, nullable=False, default=dict)  # the draft, normalised (schema.py)
    # Optimistic lock: every write of the draft goes through `UPDATE ... WHERE lock_version = :seen`.
    lock_version: Mapped[int] = mapped_column(sa.Integer, nullable=False, default=0)
    current_version_id: Mapped[int | None] = mapped_column(
        sa.ForeignKey("offer_versions.id", use_alter=True, name="fk_offers_current_version_id_offer_versions")
    )
    cloned_from_id: Mapped[int | None] = mapped_column(sa.ForeignKey("offers.id"))
    # While status is `correction`: until when (exclusive) and which dotted fields may change.
    correction_deadline = mapped_column(UTCDateTime)
    correction_fields = mapped_column(sa.JSON(none_as_null=True))
    created_at = mapped_column(UTCDateTime, nullable=False, default=utcnow)
    created_by_id: Mapped[int | None] = mapped_column(sa.ForeignKey("users.id"))
    updated_at = mapped_column(UTCDateTime, nullable=False, default=utcnow)
    updated_by_id: Mapped[int | None] = mapped_column(sa.ForeignKey("users.id"))

    call = relationship("Call", lazy="joined")
    organization = relationship("Organization", lazy="joined")
    partners = relationship(
        "OfferPartner",
        order_by="OfferPartner.position",
        cascade="all, delete-orphan",
        lazy="selectin",
        back_populates="offer",
    )
    versions = relationship(
        "OfferVersion",
        order_by="OfferVersion.number",
        lazy="selectin",
        foreign_keys="OfferVersion.offer_id",
        back_populates="offer",
    )
    current_version = relationship("OfferVersion", foreign_keys=[current_version_id], post_update=True, lazy="joined")
    attachments = relationship("Attachment", order_by="Attachment.id", lazy="selectin", back_populates="offer")

    __table_args__ = (sa.CheckConstraint("lock_version >= 0", name="lock_version_not_negative"),)

    def can_move_to(self, target: OfferStatus) -> bool:
        return target in OFFER_TRANSITIONS[self.status]

    @property
    def is_editable(self) -> bool:
        return self.status in EDITABLE

    def correction_open(self, now) -> bool:
        """In correction and before its deadline (time-derived, never stored)."""
        return (
            self.status == OfferStatus.correction
            and self.correction_deadline is not None
            and now < self.correction_deadline
        )

    @property
    def is_joint(self) -> bool:
        return bool(self.partners)

    @property
    def organization_ids(self) -> list[int]:
        """Every offeror, the representing one first (the order of V.C)."""
        return [self.organization_id] + [p.organization_id for p in self.partners]

    @property
    def member_organization_ids(self) -> list[int]:
        """The organisations whose members see and edit the offer: the representing one and the partners
        that have confirmed (a pending partner's members only see the request)."""
        return [self.organization_id] + [p.organization_id for p in self.partners if p.is_confirmed]

    @property
    def pending_partners(self) -> list:
        return [p for p in self.partners if not p.is_confirmed]

    @property
    def active_attachments(self) -> list["Attachment"]:
        return [a for a in self.attachments if a.removed_at is None]


class PartnerStatus(enum.Enum):
    """A partner is named in a joint offer only with its consent: the lead asks, the partner's members
    confirm (or decline, which takes the organisation off the offer)."""

    pending = "pending"
    confirmed = "confirmed"


class OfferPartner(db.Model):
    """A co-offeror of a joint offer (art. 14 ust. 2) with its part of the costs (section V.C).

    Until its members confirm (`status` pending) the partner is not an offeror: its members do not see the
    offer, the lead sees only its name, and the offer cannot be submitted."""

    __tablename__ = "offer_partners"

    id: Mapped[int] = mapped_column(primary_key=True)
    offer_id: Mapped[int] = mapped_column(sa.ForeignKey("offers.id", ondelete="CASCADE"), nullable=False, index=True)
    organization_id: Mapped[int] = mapped_column(sa.ForeignKey("organizations.id"), nullable=False, index=True)
    position: Mapped[int] = mapped_column(sa.Integer, nullable=False, default=0)
    cost_share = mapped_column(Money)  # V.C; None until the offerors agree on it
    status = mapped_column(enum_column(PartnerStatus), nullable=False, default=PartnerStatus.pending)
    requested_at = mapped_column(UTCDateTime)
    requested_by_id: Mapped[int | None] = mapped_column(sa.ForeignKey("users.id"))
    confirmed_at = mapped_column(UTCDateTime)
    confirmed_by_id: Mapped[int | None] = mapped_column(sa.ForeignKey("users.id"))

    offer = relationship("Offer", back_populates="partners")
    organization = relationship("Organization", lazy="joined")

    __table_args__ = (sa.UniqueConstraint("offer_id", "organization_id"),)

    @property
    def is_confirmed(self) -> bool:
        return self.status == PartnerStatus.confirmed


class OfferVersion(db.Model):
    """A submitted offer, frozen: the document the control sum was computed over, and when it arrived."""

    __tablename__ = "offer_versions"

    id: Mapped[int] = mapped_column(primary_key=True)
    offer_id: Mapped[int] = mapped_column(sa.ForeignKey("offers.id"), nullable=False, index=True)
    call_id: Mapped[int | None] = mapped_column(sa.ForeignKey("calls.id"), index=True)  # NULL: a small grant
    number: Mapped[int] = mapped_column(sa.Integer, nullable=False)
    # The canonical document (offer content, computed figures, organisations' data, attachments' hashes);
    # sha256(canonical_json(document)) == control_sum, so anyone can re-check it.
    document = mapped_column(sa.JSON, nullable=False)
    control_sum: Mapped[str] = mapped_column(sa.String(64), nullable=False)
    control_code: Mapped[str] = mapped_column(sa.String(14), nullable=False)
    total_cost = mapped_column(Money, nullable=False)
    requested_grant = mapped_column(Money, nullable=False)
    submitted_at = mapped_column(UTCDateTime, nullable=False)  # the receipt time of the request
    submitted_by_id: Mapped[int | None] = mapped_column(sa.ForeignKey("users.id"))
    withdrawn_at = mapped_column(UTCDateTime)
    withdrawn_by_id: Mapped[int | None] = mapped_column(sa.ForeignKey("users.id"))

    offer = relationship("Offer", foreign_keys=[offer_id], back_populates="versions")
    confirmation = relationship("Confirmation", uselist=False, lazy="selectin", back_populates="version")

    __table_args__ = (
        sa.UniqueConstraint("offer_id", "number"),
        # The short code is what people type from paper; within a call it names one version.
        sa.UniqueConstraint("call_id", "control_code"),
    )


class Attachment(db.Model):
    """A file attached to an offer, stored outside static/ under a random name."""

    __tablename__ = "offer_attachments"

    id: Mapped[int] = mapped_column(primary_key=True)
    offer_id: Mapped[int] = mapped_column(sa.ForeignKey("offers.id"), nullable=False, index=True)
    kind: Mapped[str] = mapped_column(sa.String(32), nullable=False)
    original_filename: Mapped[str] = mapped_column(sa.String(255), nullable=False)
    stored_name: Mapped[str] = mapped_column(sa.String(64), nullable=False, unique=True)
    size: Mapped[int] = mapped_column(sa.BigInteger, nullable=False)
    sha256: Mapped[str] = mapped_column(sa.String(64), nullable=False)
    content_type: Mapped[str] = mapped_column(sa.String(100), nullable=False)  # from the bytes, not the name
    uploaded_at = mapped_column(UTCDateTime, nullable=False, default=utcnow)
    uploaded_by_id: Mapped[int | None] = mapped_column(sa.ForeignKey("users.id"))
    # Removing hides a file from the draft; the bytes stay, because a submitted version may list them.
    removed_at = mapped_column(UTCDateTime)
    removed_by_id: Mapped[int | None] = mapped_column(sa.ForeignKey("users.id"))

    offer = relationship("Offer", back_populates="attachments")


class Confirmation(db.Model):
    """The signed confirmation of a submitted version (paper or ePUAP), matched by its control code."""

    __tablename__ = "offer_confirmations"

    id: Mapped[int] = mapped_column(primary_key=True)
    offer_version_id: Mapped[int] = mapped_column(sa.ForeignKey("offer_versions.id"), nullable=False, unique=True)
    received_at = mapped_column(UTCDateTime, nullable=False)
    channel = mapped_column(enum_column(ConfirmationChannel), nullable=False)
    recorded_at = mapped_column(UTCDateTime, nullable=False, default=utcnow)
    recorded_by_id: Mapped[int | None] = mapped_column(sa.ForeignKey("users.id"))

    version = relationship("OfferVersion", back_populates="confirmation")
