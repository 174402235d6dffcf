"""Review of offers, from the formal check to the published results.

Stored status is what a person decided; each stateful model has one transition table, asked by the
operations (and by views and templates). What depends only on the clock is derived, never stored: whether
a correction window is open (`FormalReview.correction_open(now)`), whether justification may still be
requested (`ResultsPublication.justification_open(now)`).

The Act does not define a formal stage; practice separates the formal check (ocena formalna) from the
committee's merit evaluation (art. 15 ust. 1). The committee (art. 15 ust. 2a) only gives opinions: the
office decides (art. 15 ust. 2g), as a `Decision` kept in versions.
"""

import enum
from datetime import datetime

import sqlalchemy as sa
from sqlalchemy.orm import Mapped, mapped_column, relationship

from grants.calls.models import Points
from grants.db import Money, UTCDateTime, enum_column, utcnow
from grants.extensions import db
from grants.review.rules import justification_deadline
from grants.states import Stateful

# ---------------------------------------------------------------- formal check


class FormalStatus(enum.Enum):
    pending = "pending"
    accepted = "accepted"
    rejected = "rejected"
    correction_requested = "correction_requested"


# The officer's moves. From `correction_requested`, accepting or asking again needs the corrected version
# (submitted before the deadline) and rejecting needs the window closed or the corrected version in —
# guards the operation adds. A rejection is final (art. 15 ust. 2j: no appeal); an accepted offer may still
# be rejected (a defect found later), with a reason, until the results.
FORMAL_TRANSITIONS: dict[FormalStatus, set[FormalStatus]] = {
    FormalStatus.pending: {FormalStatus.accepted, FormalStatus.rejected, FormalStatus.correction_requested},
    FormalStatus.correction_requested: {
        FormalStatus.accepted,
        FormalStatus.rejected,
        FormalStatus.correction_requested,
    },
    FormalStatus.accepted: {FormalStatus.rejected},
    FormalStatus.rejected: set(),
}


class FormalChecklistItem(db.Model):
    """One line of a call's formal checklist; a call without rows uses `rules.DEFAULT_CHECKLIST`."""

    __tablename__ = "formal_checklist_items"

    id: Mapped[int] = mapped_column(primary_key=True)
    call_id: Mapped[int] = mapped_column(sa.ForeignKey("calls.id", ondelete="CASCADE"), nullable=False, index=True)
    position: Mapped[int] = mapped_column(sa.Integer, nullable=False, default=0)
    code: Mapped[str] = mapped_column(sa.String(32), nullable=False)
    label: Mapped[str] = mapped_column(sa.String(300), nullable=False)
    # A defect the NGO may correct (a missing signature, attachment, arithmetic) or not (a late offer,
    # the wrong form, an ineligible entity): the announcement says which (domain digest §3.3).
    correctable: Mapped[bool] = mapped_column(sa.Boolean, nullable=False, default=False)

    __table_args__ = (sa.UniqueConstraint("call_id", "code"),)


class FormalReview(Stateful, db.Model):
    """The formal outcome of one offer: the latest decision with its checklist (history: the audit trail)."""

    __tablename__ = "formal_reviews"
    transitions = FORMAL_TRANSITIONS

    id: Mapped[int] = mapped_column(primary_key=True)
    offer_id: Mapped[int] = mapped_column(sa.ForeignKey("offers.id"), nullable=False, unique=True)
    call_id: Mapped[int] = mapped_column(sa.ForeignKey("calls.id"), nullable=False, index=True)
    status = mapped_column(enum_column(FormalStatus), nullable=False, default=FormalStatus.pending, index=True)
    round: Mapped[int] = mapped_column(sa.Integer, nullable=False, default=0)
    reviewed_version_id: Mapped[int | None] = mapped_column(sa.ForeignKey("offer_versions.id"))
    checklist = mapped_column(sa.JSON, nullable=False, default=dict)  # {code: bool}
    defects = mapped_column(sa.JSON, nullable=False, default=list)  # [text]
    fields = mapped_column(sa.JSON, nullable=False, default=list)  # dotted fields opened
    reason: Mapped[str | None] = mapped_column(sa.Text)
    correction_requested_at = mapped_column(UTCDateTime)
    correction_deadline = mapped_column(UTCDateTime)  # exclusive
    decided_at = mapped_column(UTCDateTime)
    decided_by_id: Mapped[int | None] = mapped_column(sa.ForeignKey("users.id"))

    offer = relationship("Offer", lazy="joined")
    reviewed_version = relationship("OfferVersion", lazy="joined")

    def correction_open(self, now: datetime) -> bool:
        return (
            self.status == FormalStatus.correction_requested
            and self.correction_deadline is not None
            and now < self.correction_deadline
        )

    @property
    def corrected(self) -> bool:
        """A newer version arrived after the correction request."""
        return (
            self.status == FormalStatus.correction_requested
            and self.offer.current_version_id != self.reviewed_version_id
        )

    def state(self, now: datetime) -> str:
        """pending, accepted, rejected, or for a correction: correction_open, corrected, correction_lapsed."""
        return formal_state(
            self.status,
            self.correction_deadline,
            reviewed_version_id=self.reviewed_version_id,
            current_version_id=self.offer.current_version_id,
            now=now,
        )


def formal_state(status, correction_deadline, *, reviewed_version_id, current_version_id, now: datetime) -> str:
    """FormalReview.state from the columns alone: a list of many offers reads them in one statement."""
    if status != FormalStatus.correction_requested:
        return status.value
    if current_version_id != reviewed_version_id:  # a newer version arrived after the correction request
        return "corrected"
    open_ = correction_deadline is not None and now < correction_deadline
    return "correction_open" if open_ else "correction_lapsed"


class FormalListPublication(db.Model):
    """The list of formal outcomes of a call, published as one table (each publication a new version)."""

    __tablename__ = "formal_list_publications"

    id: Mapped[int] = mapped_column(primary_key=True)
    call_id: Mapped[int] = mapped_column(sa.ForeignKey("calls.id"), nullable=False, index=True)
    version: Mapped[int] = mapped_column(sa.Integer, nullable=False)
    published_at = mapped_column(UTCDateTime, nullable=False)
    published_by_id: Mapped[int | None] = mapped_column(sa.ForeignKey("users.id"))
    items = mapped_column(sa.JSON, nullable=False)

    __table_args__ = (sa.UniqueConstraint("call_id", "version"),)


# ---------------------------------------------------------------- committee


class CommitteeRole(enum.Enum):
    chair = "chair"
    member = "member"
    # art. 15 ust. 2e: a person with specialist knowledge of the field takes part with an advisory vote.
    expert = "expert"


VOTING_ROLES = frozenset({CommitteeRole.chair, CommitteeRole.member})


class MemberStatus(enum.Enum):
    active = "active"
    removed = "removed"


MEMBER_TRANSITIONS: dict[MemberStatus, set[MemberStatus]] = {
    MemberStatus.active: {MemberStatus.removed},
    MemberStatus.removed: {MemberStatus.active},
}


class CommitteeMember(Stateful, db.Model):
    """A person on a call's committee (art. 15 ust. 2a): an evaluator account of the call's office."""

    __tablename__ = "committee_members"
    transitions = MEMBER_TRANSITIONS

    id: Mapped[int] = mapped_column(primary_key=True)
    call_id: Mapped[int] = mapped_column(sa.ForeignKey("calls.id"), nullable=False, index=True)
    user_id: Mapped[int] = mapped_column(sa.ForeignKey("users.id"), nullable=False, index=True)
    role = mapped_column(enum_column(CommitteeRole), nullable=False)
    status = mapped_column(enum_column(MemberStatus), nullable=False, default=MemberStatus.active)
    # art. 15 ust. 2d: a person nominated by an organisation taking part in the competition may not sit.
    nominated_by_organization_id: Mapped[int | None] = mapped_column(sa.ForeignKey("organizations.id"))
    appointed_at = mapped_column(UTCDateTime, nullable=False, default=utcnow)
    appointed_by_id: Mapped[int | None] = mapped_column(sa.ForeignKey("users.id"))
    removed_at = mapped_column(UTCDateTime)

    user = relationship("User", foreign_keys=[user_id], lazy="joined")
    nominated_by = relationship("Organization", lazy="joined")

    __table_args__ = (sa.UniqueConstraint("call_id", "user_id"),)

    @property
    def active(self) -> bool:
        return self.status == MemberStatus.active

    @property
    def voting(self) -> bool:
        return self.role in VOTING_ROLES


class CommitteeRecord(db.Model):
    """What the committee's protocol states besides the review itself, kept by the office: the act that
    appointed the committee (art. 15 ust. 2a: the organ appoints it, in practice by a numbered and dated
    zarządzenie), when and where it sat, and who took the minutes (protokolant: often an office employee
    who is not a member, so a name rather than a seat). One row per call, created on the first save."""

    __tablename__ = "committee_records"

    id: Mapped[int] = mapped_column(primary_key=True)
    call_id: Mapped[int] = mapped_column(sa.ForeignKey("calls.id"), nullable=False, unique=True)
    act_number: Mapped[str | None] = mapped_column(sa.String(100))
    act_date = mapped_column(sa.Date)
    meeting_date = mapped_column(sa.Date)
    meeting_end_date = mapped_column(sa.Date)  # a sitting over several days: its last day
    meeting_place: Mapped[str | None] = mapped_column(sa.String(300))
    minute_taker: Mapped[str | None] = mapped_column(sa.String(200))
    updated_at = mapped_column(UTCDateTime, nullable=False, default=utcnow)
    updated_by_id: Mapped[int | None] = mapped_column(sa.ForeignKey("users.id"))


class DeclarationStatus(enum.Enum):
    impartial = "impartial"
    conflict = "conflict"


# KPA art. 24 (art. 15 ust. 2f of the Act): a member who finds a ground for exclusion declares it, and the
# exclusion stays (§ 2: grounds persist); an impartial declaration may later turn into a conflict.
DECLARATION_TRANSITIONS: dict[DeclarationStatus, set[DeclarationStatus]] = {
    DeclarationStatus.impartial: {DeclarationStatus.conflict},
    DeclarationStatus.conflict: set(),
}


class Declaration(Stateful, db.Model):
    """A member's declaration of impartiality (or of a conflict) for one offer."""

    __tablename__ = "declarations"
    transitions = DECLARATION_TRANSITIONS

    id: Mapped[int] = mapped_column(primary_key=True)
    call_id: Mapped[int] = mapped_column(sa.ForeignKey("calls.id"), nullable=False, index=True)
    offer_id: Mapped[int] = mapped_column(sa.ForeignKey("offers.id"), nullable=False, index=True)
    member_id: Mapped[int] = mapped_column(sa.ForeignKey("committee_members.id"), nullable=False)
    status = mapped_column(enum_column(DeclarationStatus), nullable=False)
    reason: Mapped[str | None] = mapped_column(sa.Text)
    declared_at = mapped_column(UTCDateTime, nullable=False, default=utcnow)
    changed_at = mapped_column(UTCDateTime)

    member = relationship("CommitteeMember", lazy="joined")

    __table_args__ = (sa.UniqueConstraint("member_id", "offer_id"),)


class AssignmentStatus(enum.Enum):
    active = "active"
    ended = "ended"


ASSIGNMENT_TRANSITIONS: dict[AssignmentStatus, set[AssignmentStatus]] = {
    AssignmentStatus.active: {AssignmentStatus.ended},
    AssignmentStatus.ended: {AssignmentStatus.active},
}


class Assignment(Stateful, db.Model):
    """An offer given to a committee member to evaluate."""

    __tablename__ = "assignments"
    transitions = ASSIGNMENT_TRANSITIONS

    id: Mapped[int] = mapped_column(primary_key=True)
    call_id: Mapped[int] = mapped_column(sa.ForeignKey("calls.id"), nullable=False, index=True)
    offer_id: Mapped[int] = mapped_column(sa.ForeignKey("offers.id"), nullable=False, index=True)
    member_id: Mapped[int] = mapped_column(sa.ForeignKey("committee_members.id"), nullable=False)
    status = mapped_column(enum_column(AssignmentStatus), nullable=False, default=AssignmentStatus.active)
    created_at = mapped_column(UTCDateTime, nullable=False, default=utcnow)
    created_by_id: Mapped[int | None] = mapped_column(sa.ForeignKey("users.id"))
    ended_at = mapped_column(UTCDateTime)
    end_reason: Mapped[str | None] = mapped_column(sa.String(32))  # conflict, reassigned, removed

    member = relationship("CommitteeMember", lazy="joined")

    __table_args__ = (sa.UniqueConstraint("member_id", "offer_id"),)


# ---------------------------------------------------------------- scores


class SheetStatus(enum.Enum):
    draft = "draft"
    final = "final"


# A member finalises their sheet, which locks it; only the chair reopens one, with a reason.
SHEET_TRANSITIONS: dict[SheetStatus, set[SheetStatus]] = {
    SheetStatus.draft: {SheetStatus.final},
    SheetStatus.final: {SheetStatus.draft},
}


class ScoreSheet(Stateful, db.Model):
    """Everything one member gave one offer (the evaluation card, karta oceny merytorycznej)."""

    __tablename__ = "score_sheets"
    transitions = SHEET_TRANSITIONS

    id: Mapped[int] = mapped_column(primary_key=True)
    call_id: Mapped[int] = mapped_column(sa.ForeignKey("calls.id"), nullable=False, index=True)
    offer_id: Mapped[int] = mapped_column(sa.ForeignKey("offers.id"), nullable=False, index=True)
    member_id: Mapped[int] = mapped_column(sa.ForeignKey("committee_members.id"), nullable=False)
    status = mapped_column(enum_column(SheetStatus), nullable=False, default=SheetStatus.draft)
    lock_version: Mapped[int] = mapped_column(sa.Integer, nullable=False, default=0)
    created_at = mapped_column(UTCDateTime, nullable=False, default=utcnow)
    updated_at = mapped_column(UTCDateTime, nullable=False, default=utcnow)
    finalized_at = mapped_column(UTCDateTime)
    reopened_at = mapped_column(UTCDateTime)
    reopened_by_id: Mapped[int | None] = mapped_column(sa.ForeignKey("users.id"))
    reopen_reason: Mapped[str | None] = mapped_column(sa.Text)

    member = relationship("CommitteeMember", lazy="joined")
    entries = relationship(
        "ScoreEntry", order_by="ScoreEntry.id", cascade="all, delete-orphan", lazy="selectin", back_populates="sheet"
    )

    # The unique pair leads with the offer (a ranking reads an offer's sheets); the member's own sheets, which the
    # desk counts for each seat, are read through the member's index, as a declaration's and an assignment's are.
    __table_args__ = (
        sa.UniqueConstraint("offer_id", "member_id"),
        sa.Index("ix_score_sheets_member_id_offer_id", "member_id", "offer_id"),
    )

    @property
    def is_final(self) -> bool:
        return self.status == SheetStatus.final


def member_offer_join(model, member_id, offer_id, *narrowing) -> sa.ColumnElement:
    """The join condition of a member's one row on an offer — its declaration, assignment or score sheet, each
    unique per member and offer — with whatever else narrows that table's rows (its call, the seats counted)."""
    return sa.and_(model.member_id == member_id, model.offer_id == offer_id, *narrowing)


class ScoreEntry(db.Model):
    """Points and the written justification for one criterion of a sheet."""

    __tablename__ = "score_entries"

    id: Mapped[int] = mapped_column(primary_key=True)
    sheet_id: Mapped[int] = mapped_column(
        sa.ForeignKey("score_sheets.id", ondelete="CASCADE"), nullable=False, index=True
    )
    criterion_code: Mapped[str] = mapped_column(sa.String(32), nullable=False)
    points = mapped_column(Points)
    justification: Mapped[str] = mapped_column(sa.Text, nullable=False, default="")

    sheet = relationship("ScoreSheet", back_populates="entries")

    __table_args__ = (sa.UniqueConstraint("sheet_id", "criterion_code"),)


class EvaluationClosure(db.Model):
    """The committee's evaluation closed (by its chair or the office) once every voting member's assigned
    sheet is final: the scores the committee's opinion rests on (art. 15 ust. 2a) stop changing — no sheet is
    saved or reopened afterwards. One row per call; there is no reopening the evaluation."""

    __tablename__ = "evaluation_closures"

    id: Mapped[int] = mapped_column(primary_key=True)
    call_id: Mapped[int] = mapped_column(sa.ForeignKey("calls.id"), nullable=False, unique=True)
    closed_at = mapped_column(UTCDateTime, nullable=False)
    closed_by_id: Mapped[int | None] = mapped_column(sa.ForeignKey("users.id"))

    closed_by = relationship("User", lazy="joined")


# ---------------------------------------------------------------- decision and results


class Decision(db.Model):
    """The office's choice of offers and grants (art. 15 ust. 2g). Never edited: a change is a new version,
    and the latest one counts."""

    __tablename__ = "decisions"

    id: Mapped[int] = mapped_column(primary_key=True)
    call_id: Mapped[int] = mapped_column(sa.ForeignKey("calls.id"), nullable=False, index=True)
    version: Mapped[int] = mapped_column(sa.Integer, nullable=False)
    created_at = mapped_column(UTCDateTime, nullable=False, default=utcnow)
    created_by_id: Mapped[int | None] = mapped_column(sa.ForeignKey("users.id"))
    total = mapped_column(Money, nullable=False)

    awards = relationship(
        "Award", order_by="Award.id", cascade="all, delete-orphan", lazy="selectin", back_populates="decision"
    )

    __table_args__ = (sa.UniqueConstraint("call_id", "version"),)


class Award(db.Model):
    """One offer's line in a decision: funded with `amount`, or not funded (amount 0) with a reason."""

    __tablename__ = "decision_awards"

    id: Mapped[int] = mapped_column(primary_key=True)
    decision_id: Mapped[int] = mapped_column(
        sa.ForeignKey("decisions.id", ondelete="CASCADE"), nullable=False, index=True
    )
    offer_id: Mapped[int] = mapped_column(sa.ForeignKey("offers.id"), nullable=False, index=True)
    funded: Mapped[bool] = mapped_column(sa.Boolean, nullable=False)
    amount = mapped_column(Money, nullable=False)
    requested = mapped_column(Money, nullable=False)
    score = mapped_column(Points)  # the official score at the time of the decision
    reason: Mapped[str | None] = mapped_column(sa.Text)

    decision = relationship("Decision", back_populates="awards")
    offer = relationship("Offer", lazy="joined")

    __table_args__ = (sa.UniqueConstraint("decision_id", "offer_id"),)


class ResultsPublication(db.Model):
    """The results published in the three places of art. 13 ust. 3 (art. 15 ust. 2h), frozen as published."""

    __tablename__ = "results_publications"

    id: Mapped[int] = mapped_column(primary_key=True)
    call_id: Mapped[int] = mapped_column(sa.ForeignKey("calls.id"), nullable=False, unique=True)
    decision_id: Mapped[int] = mapped_column(sa.ForeignKey("decisions.id"), nullable=False)
    published_at = mapped_column(UTCDateTime, nullable=False)  # the last of the three channels
    channels = mapped_column(sa.JSON, nullable=False)  # {bip|noticeboard|website: ISO datetime}
    recorded_at = mapped_column(UTCDateTime, nullable=False, default=utcnow)
    published_by_id: Mapped[int | None] = mapped_column(sa.ForeignKey("users.id"))
    items = mapped_column(sa.JSON, nullable=False)

    # Loaded when asked for, not with the publication: the decision brings every award and each award its offer
    # with the offer's versions, hundreds of documents in a national call, and most readers of the publication
    # (is the call resolved? what stands for this offer? — asked offer by offer when contracts are drawn up)
    # need only its own columns.
    decision = relationship("Decision", lazy="select")

    def justification_open(self, now: datetime) -> bool:
        return now < justification_deadline(self.published_at)


class JustificationStatus(enum.Enum):
    open = "open"
    answered = "answered"


JUSTIFICATION_TRANSITIONS: dict[JustificationStatus, set[JustificationStatus]] = {
    JustificationStatus.open: {JustificationStatus.answered},
    JustificationStatus.answered: set(),
}


class JustificationRequest(Stateful, db.Model):
    """Anyone's demand for the reasons of choosing or rejecting an offer (art. 15 ust. 2i), and the answer."""

    __tablename__ = "justification_requests"
    transitions = JUSTIFICATION_TRANSITIONS

    id: Mapped[int] = mapped_column(primary_key=True)
    call_id: Mapped[int] = mapped_column(sa.ForeignKey("calls.id"), nullable=False, index=True)
    offer_id: Mapped[int | None] = mapped_column(sa.ForeignKey("offers.id"))
    requester: Mapped[str] = mapped_column(sa.String(200), nullable=False)
    email: Mapped[str] = mapped_column(sa.String(254), nullable=False)
    text: Mapped[str] = mapped_column(sa.Text, nullable=False)
    received_at = mapped_column(UTCDateTime, nullable=False, default=utcnow)
    status = mapped_column(enum_column(JustificationStatus), nullable=False, default=JustificationStatus.open)
    answer: Mapped[str | None] = mapped_column(sa.Text)
    answered_at = mapped_column(UTCDateTime)
    answered_by_id: Mapped[int | None] = mapped_column(sa.ForeignKey("users.id"))


# ---------------------------------------------------------------- after the results: resignations, moved money


class AwardChangeKind(enum.Enum):
    # The organisation gave up its grant (its own act, or recorded by the office when no update came in the
    # call's window): the money is free again.
    resignation = "resignation"
    # The office gave the freed money to the next offer of the ranking that was not funded: a new award.
    reallocation = "reallocation"


class AwardChange(db.Model):
    """A change of the published results, kept beside them: the decision as issued (`Decision`,
    `ResultsPublication.items`) is never edited. A resignation takes an offer's award away; a reallocation
    is a new award for an offer that was not funded (the money of `source_offer_id`'s resignation). The
    standing award of an offer is read by `grants.review.awards.standing_award`."""

    __tablename__ = "award_changes"

    id: Mapped[int] = mapped_column(primary_key=True)
    call_id: Mapped[int] = mapped_column(sa.ForeignKey("calls.id"), nullable=False, index=True)
    offer_id: Mapped[int] = mapped_column(sa.ForeignKey("offers.id"), nullable=False, index=True)
    kind = mapped_column(enum_column(AwardChangeKind), nullable=False)
    amount = mapped_column(Money, nullable=False)  # the award given up, or the new award
    source_offer_id: Mapped[int | None] = mapped_column(sa.ForeignKey("offers.id"))  # whose money moved
    # A resignation the office recorded because no update came in time (not the organisation's own act).
    lapsed: Mapped[bool] = mapped_column(sa.Boolean, nullable=False, default=False, server_default=sa.false())
    note: Mapped[str] = mapped_column(sa.Text, nullable=False, default="")
    recorded_at = mapped_column(UTCDateTime, nullable=False, default=utcnow)
    recorded_by_id: Mapped[int | None] = mapped_column(sa.ForeignKey("users.id"))

    offer = relationship("Offer", foreign_keys=[offer_id], lazy="joined")
    source_offer = relationship("Offer", foreign_keys=[source_offer_id])

    __table_args__ = (
        # One resignation and one new award per offer at most.
        sa.UniqueConstraint("offer_id", "kind"),
        sa.CheckConstraint("amount > 0", name="amount_positive"),
    )
