"""Cooperation programmes and calls for offers (art. 5a and art. 13 of the Act).

Stored status is what a person decided (draft, published, under review, resolved, cancelled).
Whether a published call is still open is never stored: it is derived from the deadline and
the clock (`Call.is_open(now)`), to the second.
"""

import enum
import uuid
from datetime import datetime

import sqlalchemy as sa
from sqlalchemy.orm import Mapped, mapped_column, relationship

from grants.clock import now_utc
from grants.db import Money, Percent, UTCDateTime, enum_column, utcnow
from grants.extensions import db

Points = Percent  # points allow halves; both are exact hundredths


class Programme(db.Model):
    """The yearly cooperation programme with NGOs (art. 5a ust. 1), with priorities and money."""

    __tablename__ = "programmes"

    id: Mapped[int] = mapped_column(primary_key=True)
    office_id: Mapped[int] = mapped_column(sa.ForeignKey("offices.id"), nullable=False, index=True)
    year: Mapped[int] = mapped_column(sa.Integer, nullable=False)
    title: Mapped[str] = mapped_column(sa.String(300), nullable=False)
    created_at = mapped_column(UTCDateTime, nullable=False, default=utcnow)

    priorities = relationship(
        "ProgrammePriority",
        back_populates="programme",
        order_by="ProgrammePriority.position",
        cascade="all, delete-orphan",
        lazy="selectin",
    )
    office = relationship("Office", lazy="joined")

    __table_args__ = (sa.UniqueConstraint("office_id", "year", "title"),)

    @property
    def budget_total(self):
        return sum((p.budget for p in self.priorities), start=0)


class ProgrammePriority(db.Model):
    __tablename__ = "programme_priorities"

    id: Mapped[int] = mapped_column(primary_key=True)
    programme_id: Mapped[int] = mapped_column(
        sa.ForeignKey("programmes.id", ondelete="CASCADE"), nullable=False, index=True
    )
    position: Mapped[int] = mapped_column(sa.Integer, nullable=False, default=0)
    code: Mapped[str] = mapped_column(sa.String(32), nullable=False)
    name: Mapped[str] = mapped_column(sa.String(300), nullable=False)
    budget = mapped_column(Money, nullable=False)

    programme = relationship("Programme", back_populates="priorities")

    __table_args__ = (sa.UniqueConstraint("programme_id", "code"),)


class CallStatus(enum.Enum):
    draft = "draft"
    published = "published"
    under_review = "under_review"
    resolved = "resolved"
    cancelled = "cancelled"


# One table of legal moves; operations enforce it, views and templates ask it.
CALL_TRANSITIONS: dict[CallStatus, set[CallStatus]] = {
    CallStatus.draft: {CallStatus.published},  # a draft is deleted, never cancelled
    CallStatus.published: {CallStatus.under_review, CallStatus.cancelled},
    CallStatus.under_review: {CallStatus.resolved, CallStatus.cancelled},
    CallStatus.resolved: set(),
    CallStatus.cancelled: set(),
}


class CallForm(enum.Enum):
    """Art. 5 ust. 4: `powierzanie` finances the whole task, `wspieranie` co-finances it."""

    wspieranie = "wspieranie"
    powierzanie = "powierzanie"


class Aggregation(enum.Enum):
    mean = "mean"
    median = "median"


class Channel(enum.Enum):
    """The three places of art. 13 ust. 3: BIP, the office's noticeboard, its website."""

    bip = "bip"
    noticeboard = "noticeboard"
    website = "website"


class CancelKind(enum.Enum):
    """How a published call ends early. `cancellation` is the unieważnienie of art. 18a ust. 1 (one of its two
    grounds); `withdrawal` is the odwołanie of a call stopped for another reason (no art. 18a citation). A
    draft is never cancelled: it was not announced, so it is deleted (`calls.operations.delete_draft`)."""

    cancellation = "cancellation"
    withdrawal = "withdrawal"


class CancelGround(enum.Enum):
    """Art. 18a ust. 1: pkt 1 — no offer was submitted; pkt 2 — no offer met the announcement's requirements."""

    no_offers = "no_offers"
    no_valid_offers = "no_valid_offers"


def new_ranking_stamp() -> str:
    return uuid.uuid4().hex


class Call(db.Model):
    __tablename__ = "calls"

    id: Mapped[int] = mapped_column(primary_key=True)
    office_id: Mapped[int] = mapped_column(sa.ForeignKey("offices.id"), nullable=False, index=True)
    programme_priority_id: Mapped[int | None] = mapped_column(sa.ForeignKey("programme_priorities.id"))
    status = mapped_column(enum_column(CallStatus), nullable=False, default=CallStatus.draft, index=True)

    # art. 13 ust. 2 pkt 1-7
    title: Mapped[str] = mapped_column(sa.String(300), nullable=False)
    task_type: Mapped[str] = mapped_column(sa.String(300), nullable=False)
    description: Mapped[str] = mapped_column(sa.Text, nullable=False, default="")
    budget_total = mapped_column(Money, nullable=False)
    award_rules: Mapped[str] = mapped_column(sa.Text, nullable=False, default="")
    task_start = mapped_column(sa.Date, nullable=False)
    task_end = mapped_column(sa.Date, nullable=False)
    task_conditions: Mapped[str] = mapped_column(sa.Text, nullable=False, default="")
    submission_deadline = mapped_column(UTCDateTime, nullable=False)
    selection_procedure: Mapped[str] = mapped_column(sa.Text, nullable=False, default="")
    selection_deadline = mapped_column(sa.Date, nullable=False)
    same_type_tasks: Mapped[str] = mapped_column(sa.Text, nullable=False, default="")

    form = mapped_column(enum_column(CallForm), nullable=False)
    grant_min = mapped_column(Money)
    grant_max = mapped_column(Money)
    own_contribution_min_percent = mapped_column(Percent)
    admin_costs_max_percent = mapped_column(Percent)
    correction_days: Mapped[int] = mapped_column(sa.Integer, nullable=False, default=7)
    # The window for the update (aktualizacja) of an offer awarded less than it asked for: days from the
    # results (or from the award of moved money), moved off Saturdays, Sundays and holidays (KC art. 115).
    update_days: Mapped[int] = mapped_column(sa.Integer, nullable=False, default=7, server_default="7")
    cost_shift_tolerance_percent = mapped_column(Percent, nullable=False, default=10)
    min_total_points = mapped_column(Points)
    aggregation = mapped_column(enum_column(Aggregation), nullable=False, default=Aggregation.mean)
    evaluators_per_offer: Mapped[int | None] = mapped_column(sa.Integer)
    # Scoring rules beside the criteria (grants.review): half points, the tie-break ladder after the score
    # (JSON steps as `scoring.tie_break_step` reads them; None = the default ladder) and the budget mode of
    # `scoring.fit_budget` for the first offer that no longer fits.
    allow_half_points: Mapped[bool] = mapped_column(
        sa.Boolean, nullable=False, default=False, server_default=sa.false()
    )
    tie_break = mapped_column(sa.JSON(none_as_null=True))
    partial_last: Mapped[bool] = mapped_column(sa.Boolean, nullable=False, default=False, server_default=sa.false())
    # Annex 1 III.6 (the results table) is required unless the announcement waives it because the kind of
    # task does not allow results to be stated (footnote 3 of Annex 1, Dz.U. 2018 poz. 2057 — wording [M]).
    results_table_required: Mapped[bool] = mapped_column(
        sa.Boolean, nullable=False, default=True, server_default=sa.true()
    )
    # The office's person to ask about this call (the public page and the announcement; the office's own
    # contact when none is named), and the working days after the deadline for the signed confirmation of
    # submission (0: by the deadline itself) — both stated in the announcement.
    contact_name: Mapped[str | None] = mapped_column(sa.String(200))
    contact_email: Mapped[str | None] = mapped_column(sa.String(254))
    contact_phone: Mapped[str | None] = mapped_column(sa.String(50))
    confirmation_days: Mapped[int] = mapped_column(sa.Integer, nullable=False, default=3, server_default="3")
    # How the committee's work was split (POST /calls/{id}/assignments), kept for later reassignments.
    assignment_mode: Mapped[str | None] = mapped_column(sa.String(16))
    assignment_per_offer: Mapped[int | None] = mapped_column(sa.Integer)
    # Which state of the committee's work the call's ranking reads (grants.review.ranking): a fresh random
    # value written, in the same transaction, by every act that changes a point that counts — a sheet made
    # final or reopened, the committee, the assignments, the declarations, the formal outcomes. Random, never
    # counted up: a database restored or built anew never shows a process a value it has seen with other data.
    ranking_inputs: Mapped[str] = mapped_column(sa.String(32), nullable=False, default=new_ranking_stamp)

    created_at = mapped_column(UTCDateTime, nullable=False, default=utcnow)
    created_by_id: Mapped[int | None] = mapped_column(sa.ForeignKey("users.id"))
    published_at = mapped_column(UTCDateTime)  # the last of the three publications
    cancelled_at = mapped_column(UTCDateTime)
    cancel_reason: Mapped[str | None] = mapped_column(sa.Text)
    # NULL on calls cancelled before the two acts were told apart.
    cancel_kind = mapped_column(enum_column(CancelKind))
    cancel_ground = mapped_column(enum_column(CancelGround))
    # Art. 18a ust. 2 with art. 13 ust. 3: the cancellation published in BIP, on the noticeboard and the website,
    # {channel: ISO time (Warsaw)} like the results' channels.
    cancel_publications = mapped_column(sa.JSON(none_as_null=True))
    # The act by which the organ announces the call (zarządzenie nr … z dnia …): optional in the draft,
    # expected at publication (a warning there, so the API's publish keeps answering 200).
    announcement_act_number: Mapped[str | None] = mapped_column(sa.String(100))
    announcement_act_date = mapped_column(sa.Date)

    office = relationship("Office", lazy="joined")
    priority = relationship("ProgrammePriority", lazy="joined")
    criteria = relationship(
        "CallCriterion", order_by="CallCriterion.position", cascade="all, delete-orphan", lazy="selectin"
    )
    publications = relationship(
        "CallPublication", order_by="CallPublication.published_at", cascade="all, delete-orphan", lazy="selectin"
    )
    amendments = relationship(
        "CallAmendment", order_by="CallAmendment.created_at", cascade="all, delete-orphan", lazy="selectin"
    )

    __table_args__ = (
        # The public lists walk these in order and stop at a page (grants.calls.public_list): the open calls by
        # deadline, the other phases newest first — with the status first, one range of the index per phase.
        sa.Index("ix_calls_status_deadline", "status", "submission_deadline", "id"),
        sa.Index("ix_calls_status_published", "status", "published_at", "id"),
        sa.CheckConstraint("task_start <= task_end", name="task_dates_ordered"),
        sa.CheckConstraint(
            "(status = 'draft') OR (published_at IS NOT NULL) OR (status = 'cancelled')", name="published_has_date"
        ),
    )

    def can_move_to(self, target: CallStatus) -> bool:
        return target in CALL_TRANSITIONS[self.status]

    def deadline_passed(self, now: datetime | None = None) -> bool:
        return (now or now_utc()) >= self.submission_deadline

    def is_open(self, now: datetime | None = None) -> bool:
        return self.status == CallStatus.published and not self.deadline_passed(now)

    def phase(self, now: datetime | None = None) -> str:
        """What the public sees: draft, published (open), closed, under_review, resolved, cancelled."""
        return call_phase(self.status, self.submission_deadline, now or now_utc())

    @property
    def is_public(self) -> bool:
        return self.status != CallStatus.draft and self.published_at is not None

    @property
    def max_total_points(self):
        return sum((c.max_points for c in self.criteria if not c.advisory), start=0)


def call_phase(status: CallStatus, submission_deadline: datetime, now: datetime) -> str:
    """`Call.phase` of a call's two columns, for lists that read columns rather than whole calls."""
    if status == CallStatus.published and now >= submission_deadline:
        return "closed"
    return status.value


class CallCriterion(db.Model):
    __tablename__ = "call_criteria"

    id: Mapped[int] = mapped_column(primary_key=True)
    call_id: Mapped[int] = mapped_column(sa.ForeignKey("calls.id", ondelete="CASCADE"), nullable=False, index=True)
    position: Mapped[int] = mapped_column(sa.Integer, nullable=False, default=0)
    code: Mapped[str] = mapped_column(sa.String(32), nullable=False)
    name: Mapped[str] = mapped_column(sa.String(300), nullable=False)
    max_points = mapped_column(Points, nullable=False)
    min_points = mapped_column(Points)
    advisory: Mapped[bool] = mapped_column(sa.Boolean, nullable=False, default=False)

    __table_args__ = (sa.UniqueConstraint("call_id", "code"),)


class CallPublication(db.Model):
    __tablename__ = "call_publications"

    id: Mapped[int] = mapped_column(primary_key=True)
    call_id: Mapped[int] = mapped_column(sa.ForeignKey("calls.id", ondelete="CASCADE"), nullable=False, index=True)
    channel = mapped_column(enum_column(Channel), nullable=False)
    published_at = mapped_column(UTCDateTime, nullable=False)
    recorded_by_id: Mapped[int | None] = mapped_column(sa.ForeignKey("users.id"))

    __table_args__ = (sa.UniqueConstraint("call_id", "channel"),)


class CallAmendment(db.Model):
    """A change to a published announcement: kept, audited and shown to the public."""

    __tablename__ = "call_amendments"

    id: Mapped[int] = mapped_column(primary_key=True)
    call_id: Mapped[int] = mapped_column(sa.ForeignKey("calls.id", ondelete="CASCADE"), nullable=False, index=True)
    created_at = mapped_column(UTCDateTime, nullable=False, default=utcnow)
    actor_id: Mapped[int | None] = mapped_column(sa.ForeignKey("users.id"))
    reason: Mapped[str] = mapped_column(sa.Text, nullable=False)
    before = mapped_column(sa.JSON, nullable=False)
    after = mapped_column(sa.JSON, nullable=False)
