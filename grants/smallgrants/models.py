"""A small grant (art. 19a of the Act): an NGO's offer outside a competition, on the simplified form of
Dz.U. 2018 poz. 2055, published by the office for comments and then accepted (a contract follows) or refused.

The small grant shares its id with an `Offer` row (`call_id` NULL): the draft, the frozen versions with their
control sums and the contract (`contracts.offer_id`) are the offer machinery's, so
`POST /api/v1/offers/{id}/contract` takes a small grant's id as API.md says. What is particular to art. 19a —
the office, the publication, the comments, the decision — lives here.
"""

import enum

import sqlalchemy as sa
from sqlalchemy.orm import Mapped, mapped_column, relationship

from grants.db import Money, UTCDateTime, enum_column, utcnow
from grants.extensions import db
from grants.states import Stateful


class SmallGrantStatus(enum.Enum):
    draft = "draft"  # the NGO fills the simplified offer
    submitted = "submitted"  # received: the office has 7 working days to publish it (art. 19a ust. 3)
    published = "published"  # in the three places for 7 days; anyone may comment (art. 19a ust. 3–4)
    accepted = "accepted"  # the office will sign the contract (art. 19a ust. 5)
    refused = "refused"  # not worth it, or refused after the comments, with a reason
    withdrawn = "withdrawn"  # the NGO withdrew it before the office decided


SMALL_GRANT_TRANSITIONS: dict[SmallGrantStatus, set[SmallGrantStatus]] = {
    SmallGrantStatus.draft: {SmallGrantStatus.submitted},
    SmallGrantStatus.submitted: {SmallGrantStatus.published, SmallGrantStatus.refused, SmallGrantStatus.withdrawn},
    SmallGrantStatus.published: {SmallGrantStatus.accepted, SmallGrantStatus.refused, SmallGrantStatus.withdrawn},
    SmallGrantStatus.accepted: set(),
    SmallGrantStatus.refused: set(),
    SmallGrantStatus.withdrawn: set(),
}


class SmallGrant(Stateful, db.Model):
    __tablename__ = "small_grants"
    transitions = SMALL_GRANT_TRANSITIONS

    # One id space with offers (see the module's docstring).
    id: Mapped[int] = mapped_column(sa.ForeignKey("offers.id", ondelete="CASCADE"), primary_key=True)
    office_id: Mapped[int] = mapped_column(sa.ForeignKey("offices.id"), nullable=False, index=True)
    organization_id: Mapped[int] = mapped_column(sa.ForeignKey("organizations.id"), nullable=False, index=True)
    status = mapped_column(enum_column(SmallGrantStatus), nullable=False, default=SmallGrantStatus.draft, index=True)
    # The budget year the grant counts in for the yearly limits (art. 19a ust. 6–7): the year the task starts.
    budget_year: Mapped[int] = mapped_column(sa.Integer, nullable=False, index=True)
    # Mirrors of the current content / version, for lists and the yearly sums.
    title: Mapped[str] = mapped_column(sa.String(300), nullable=False, default="")
    requested_grant = mapped_column(Money, nullable=False, default=0)
    task_start = mapped_column(sa.Date)
    task_end = mapped_column(sa.Date)

    received_at = mapped_column(UTCDateTime)  # the receipt time of the submitting request
    # {bip|noticeboard|website: ISO datetime}; `published_at` is the last of them, from which the 7 days run.
    publications = mapped_column(sa.JSON(none_as_null=True))
    published_at = mapped_column(UTCDateTime)
    published_by_id: Mapped[int | None] = mapped_column(sa.ForeignKey("users.id"))
    comments_until = mapped_column(UTCDateTime)  # exclusive: comments are taken while now < comments_until

    decided_at = mapped_column(UTCDateTime)
    decided_by_id: Mapped[int | None] = mapped_column(sa.ForeignKey("users.id"))
    decision_reason: Mapped[str | None] = mapped_column(sa.Text)

    lock_version: Mapped[int] = mapped_column(sa.Integer, nullable=False, default=0)
    created_at = mapped_column(UTCDateTime, nullable=False, default=utcnow)
    updated_at = mapped_column(UTCDateTime, nullable=False, default=utcnow)

    offer = relationship("Offer", lazy="joined")
    office = relationship("Office", lazy="joined")
    organization = relationship("Organization", lazy="joined")

    __table_args__ = (
        sa.CheckConstraint("requested_grant >= 0", name="requested_grant_not_negative"),
        sa.CheckConstraint("lock_version >= 0", name="lock_version_not_negative"),
        sa.Index("ix_small_grants_office_year_status", "office_id", "budget_year", "status"),
    )

    def comments_open(self, now) -> bool:
        """Published and within the 7 days of art. 19a ust. 4 (time-derived, never stored)."""
        return (
            self.status == SmallGrantStatus.published and self.comments_until is not None and now < self.comments_until
        )


class SmallGrantComment(db.Model):
    """A comment from anyone (art. 19a ust. 4). The text is never edited; the office may hide it (moderation,
    with a reason, audited) and answers it in `SmallGrantCommentAnswer` rows."""

    __tablename__ = "small_grant_comments"

    id: Mapped[int] = mapped_column(primary_key=True)
    small_grant_id: Mapped[int] = mapped_column(
        sa.ForeignKey("small_grants.id", ondelete="CASCADE"), nullable=False, index=True
    )
    author: Mapped[str] = mapped_column(sa.String(200), nullable=False)  # a name or an organisation
    text: Mapped[str] = mapped_column(sa.Text, nullable=False)
    created_at = mapped_column(UTCDateTime, nullable=False, default=utcnow)
    # A keyed hash of the client's address (never the address itself): enough to see a flood, nothing more.
    client_digest: Mapped[str] = mapped_column(sa.String(64), nullable=False, default="", index=True)
    hidden_at = mapped_column(UTCDateTime)
    hidden_by_id: Mapped[int | None] = mapped_column(sa.ForeignKey("users.id"))
    hidden_reason: Mapped[str | None] = mapped_column(sa.Text)

    answers = relationship(
        "SmallGrantCommentAnswer", order_by="SmallGrantCommentAnswer.id", lazy="selectin", back_populates="comment"
    )

    @property
    def answer(self):
        """The office's answer in force: the newest (earlier ones stay, never edited)."""
        return self.answers[-1] if self.answers else None


class SmallGrantCommentAnswer(db.Model):
    __tablename__ = "small_grant_comment_answers"

    id: Mapped[int] = mapped_column(primary_key=True)
    comment_id: Mapped[int] = mapped_column(
        sa.ForeignKey("small_grant_comments.id", ondelete="CASCADE"), nullable=False, index=True
    )
    text: Mapped[str] = mapped_column(sa.Text, nullable=False)
    created_at = mapped_column(UTCDateTime, nullable=False, default=utcnow)
    created_by_id: Mapped[int | None] = mapped_column(sa.ForeignKey("users.id"))

    comment = relationship("SmallGrantComment", back_populates="answers")
