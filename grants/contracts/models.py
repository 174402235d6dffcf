"""After the award: the contract (art. 16 of the Act; Annex 3 of Dz.U. 2018 poz. 2057), its tranches, annexes,
cost lines, reports (art. 18; Annex 5), returns (ufp art. 251–252), findings, inspections (art. 17) and the
reminders sent about them.

Stored status is what a person did (signed, accepted, terminated); what depends only on the clock — a report
or a return being due or overdue — is derived from dates (grants.contracts.queries, the pure `settlement`
package), never stored. Money is Decimal to the grosz (integer grosze in the database), dates are Warsaw
calendar dates.
"""

import enum

import sqlalchemy as sa
from sqlalchemy.orm import Mapped, mapped_column, relationship

from grants.calls.models import CallForm
from grants.db import Money, Percent, Quantity, UTCDateTime, enum_column, utcnow
from grants.extensions import db
from grants.states import Stateful

# ---------------------------------------------------------------- the contract


class ContractStatus(enum.Enum):
    draft = "draft"  # prepared by the office, not yet signed by both parties
    signed = "signed"  # in force: tranches are paid, reports come in, annexes change it
    performed = "performed"  # the final report was accepted (Annex 3 § 1: performance = acceptance)
    terminated = "terminated"  # rozwiązana (by agreement, or by the office with immediate effect) or withdrawn
    cancelled = "cancelled"  # a draft that will never be signed (the NGO resigned before signing)


CONTRACT_TRANSITIONS: dict[ContractStatus, set[ContractStatus]] = {
    ContractStatus.draft: {ContractStatus.signed, ContractStatus.cancelled},
    ContractStatus.signed: {ContractStatus.performed, ContractStatus.terminated},
    ContractStatus.performed: set(),
    ContractStatus.terminated: set(),
    ContractStatus.cancelled: set(),
}


class Contract(Stateful, db.Model):
    """One contract per awarded offer. Its terms (dates, tranches, cost lines, tolerance) change only by an
    annex (`ContractAnnex`, a versioned change with a reason) once signed; the draft is the office's to edit."""

    __tablename__ = "contracts"
    transitions = CONTRACT_TRANSITIONS

    id: Mapped[int] = mapped_column(primary_key=True)
    office_id: Mapped[int] = mapped_column(sa.ForeignKey("offices.id"), nullable=False, index=True)
    # A competition's contract has a call and an award; a small grant's (art. 19a) has neither.
    call_id: Mapped[int | None] = mapped_column(sa.ForeignKey("calls.id"), index=True)
    offer_id: Mapped[int] = mapped_column(sa.ForeignKey("offers.id"), nullable=False, index=True)
    award_id: Mapped[int | None] = mapped_column(sa.ForeignKey("decision_awards.id"))
    # The frozen offer version (the update, when there was one) the contract is made on: it is its annex.
    offer_version_id: Mapped[int | None] = mapped_column(sa.ForeignKey("offer_versions.id"))
    organization_id: Mapped[int] = mapped_column(sa.ForeignKey("organizations.id"), nullable=False, index=True)
    status = mapped_column(enum_column(ContractStatus), nullable=False, default=ContractStatus.draft, index=True)

    # The number from the office's case-sign pattern (e.g. CDO-RIPS.525.7.2021): sequence within the year.
    number: Mapped[str] = mapped_column(sa.String(100), nullable=False)
    year: Mapped[int] = mapped_column(sa.Integer, nullable=False)
    sequence: Mapped[int] = mapped_column(sa.Integer, nullable=False)

    form = mapped_column(enum_column(CallForm), nullable=False)  # wspieranie or powierzanie (art. 16 ust. 1)
    task_title: Mapped[str] = mapped_column(sa.String(300), nullable=False)
    place: Mapped[str] = mapped_column(sa.String(200), nullable=False, default="")  # where it is signed
    task_start = mapped_column(sa.Date, nullable=False)
    task_end = mapped_column(sa.Date, nullable=False)
    # Annex 3 § 2: the period in which costs may be paid from the grant; its end is the "term of use" of
    # ufp art. 251 ust. 3 from which the 15 days for returning the unused grant run.
    expenses_start = mapped_column(sa.Date, nullable=False)
    expenses_end = mapped_column(sa.Date, nullable=False)
    grant_amount = mapped_column(Money, nullable=False)
    own_financial = mapped_column(Money, nullable=False, default=0)
    own_non_financial = mapped_column(Money, nullable=False, default=0)
    # Annex 3 § 5: how far a grant-financed cost line may grow without the excess counting as grant taken
    # in excessive amount (art. 252 ufp); the office sets it, the call's value is the default.
    cost_shift_tolerance_percent = mapped_column(Percent, nullable=False)
    bank_account: Mapped[str] = mapped_column(sa.String(34), nullable=False, default="")
    # The parties' representatives as printed on the contract: [{full_name, function}]; the office's side
    # includes the treasurer's countersignature (kontrasygnata skarbnika, art. 46 ust. 3 u.s.g.).
    office_representatives = mapped_column(sa.JSON, nullable=False, default=list)
    treasurer: Mapped[str] = mapped_column(sa.String(200), nullable=False, default="")
    organization_representatives = mapped_column(sa.JSON, nullable=False, default=list)
    # Dates the NGO reports by, beyond the final report (art. 18 ust. 1), as agreed in the contract.
    reporting_dates = mapped_column(sa.JSON, nullable=False, default=list)

    signed_on = mapped_column(sa.Date)
    lock_version: Mapped[int] = mapped_column(sa.Integer, nullable=False, default=0)
    created_at = mapped_column(UTCDateTime, nullable=False, default=utcnow)
    created_by_id: Mapped[int | None] = mapped_column(sa.ForeignKey("users.id"))
    signed_at = mapped_column(UTCDateTime)
    signed_by_id: Mapped[int | None] = mapped_column(sa.ForeignKey("users.id"))
    closed_at = mapped_column(UTCDateTime)  # performed, terminated or cancelled
    closed_by_id: Mapped[int | None] = mapped_column(sa.ForeignKey("users.id"))
    close_reason: Mapped[str | None] = mapped_column(sa.Text)

    offer = relationship("Offer", lazy="joined")
    organization = relationship("Organization", lazy="joined")
    tranches = relationship(
        "Tranche", order_by="Tranche.number", cascade="all, delete-orphan", lazy="selectin", back_populates="contract"
    )
    cost_items = relationship(
        "ContractCostItem",
        order_by="ContractCostItem.position",
        cascade="all, delete-orphan",
        lazy="selectin",
        back_populates="contract",
    )
    annexes = relationship("ContractAnnex", order_by="ContractAnnex.number", lazy="selectin", back_populates="contract")

    __table_args__ = (
        sa.UniqueConstraint("office_id", "year", "sequence"),
        sa.UniqueConstraint("office_id", "number"),
        sa.CheckConstraint("grant_amount >= 0", name="grant_not_negative"),
        sa.CheckConstraint("lock_version >= 0", name="lock_version_not_negative"),
    )


class Tranche(db.Model):
    """A part of the grant to be paid by a date (Annex 3 § 3); `paid_on` records the transfer."""

    __tablename__ = "contract_tranches"

    id: Mapped[int] = mapped_column(primary_key=True)
    contract_id: Mapped[int] = mapped_column(
        sa.ForeignKey("contracts.id", ondelete="CASCADE"), nullable=False, index=True
    )
    number: Mapped[int] = mapped_column(sa.Integer, nullable=False)  # n, from 1
    amount = mapped_column(Money, nullable=False)
    due_date = mapped_column(sa.Date, nullable=False)
    paid_on = mapped_column(sa.Date)
    paid_recorded_at = mapped_column(UTCDateTime)
    paid_recorded_by_id: Mapped[int | None] = mapped_column(sa.ForeignKey("users.id"))

    contract = relationship("Contract", back_populates="tranches")

    __table_args__ = (
        sa.UniqueConstraint("contract_id", "number"),
        sa.CheckConstraint("amount > 0", name="amount_positive"),
    )


class ContractCostItem(db.Model):
    """A cost line of the offer's current (updated) version, copied when the contract is made so that
    reports refer to a stable id; an annex that changes the estimate changes these rows (and says so)."""

    __tablename__ = "contract_cost_items"

    id: Mapped[int] = mapped_column(primary_key=True)
    contract_id: Mapped[int] = mapped_column(
        sa.ForeignKey("contracts.id", ondelete="CASCADE"), nullable=False, index=True
    )
    position: Mapped[int] = mapped_column(sa.Integer, nullable=False, default=0)
    action: Mapped[str] = mapped_column(sa.String(300), nullable=False, default="")  # the III.4 action's name
    name: Mapped[str] = mapped_column(sa.String(300), nullable=False)
    kind: Mapped[str] = mapped_column(sa.String(32), nullable=False, default="")  # e.g. "admin" (V.A II)
    unit: Mapped[str] = mapped_column(sa.String(100), nullable=False, default="")
    quantity = mapped_column(Quantity, nullable=False)
    unit_cost = mapped_column(Money, nullable=False)
    grant_part = mapped_column(Money, nullable=False)  # of the line's total, financed from the grant

    contract = relationship("Contract", back_populates="cost_items")


class ContractAnnex(db.Model):
    """An annex (aneks) to a signed contract: what changed (before/after per field), why, when signed.
    Annexes are never edited; each has the next number."""

    __tablename__ = "contract_annexes"

    id: Mapped[int] = mapped_column(primary_key=True)
    contract_id: Mapped[int] = mapped_column(sa.ForeignKey("contracts.id"), nullable=False, index=True)
    number: Mapped[int] = mapped_column(sa.Integer, nullable=False)
    reason: Mapped[str] = mapped_column(sa.Text, nullable=False)
    signed_on = mapped_column(sa.Date, nullable=False)
    changes = mapped_column(sa.JSON, nullable=False)  # {field: {"before": …, "after": …}}
    created_at = mapped_column(UTCDateTime, nullable=False, default=utcnow)
    created_by_id: Mapped[int | None] = mapped_column(sa.ForeignKey("users.id"))

    contract = relationship("Contract", back_populates="annexes")

    __table_args__ = (sa.UniqueConstraint("contract_id", "number"),)


# ---------------------------------------------------------------- reports (art. 18; Annex 5)


class ReportKind(enum.Enum):
    partial = "partial"  # on the office's demand, ≥ 30 days from delivery (art. 18 ust. 3)
    final = "final"  # within 30 days of the task's end (art. 18 ust. 1)


class ReportStatus(enum.Enum):
    draft = "draft"  # the NGO fills it (a partial report is created by the office's demand)
    submitted = "submitted"  # frozen into a ReportVersion; the office reads it
    accepted = "accepted"
    returned = "returned"  # the office returned it with notes: the NGO edits and submits again


REPORT_TRANSITIONS: dict[ReportStatus, set[ReportStatus]] = {
    ReportStatus.draft: {ReportStatus.submitted},
    ReportStatus.submitted: {ReportStatus.accepted, ReportStatus.returned},
    ReportStatus.returned: {ReportStatus.submitted},
    ReportStatus.accepted: set(),
}


class Report(Stateful, db.Model):
    """A partial or final report. Like the offer: a draft (`content`) the NGO edits, frozen on every
    submission into a `ReportVersion` with its own control sum; submitted versions are never edited."""

    __tablename__ = "contract_reports"
    transitions = REPORT_TRANSITIONS

    id: Mapped[int] = mapped_column(primary_key=True)
    contract_id: Mapped[int] = mapped_column(sa.ForeignKey("contracts.id"), nullable=False, index=True)
    kind = mapped_column(enum_column(ReportKind), nullable=False)
    status = mapped_column(enum_column(ReportStatus), nullable=False, default=ReportStatus.draft, index=True)
    due_date = mapped_column(sa.Date, nullable=False)
    period_start = mapped_column(sa.Date)
    period_end = mapped_column(sa.Date)
    # The office's demand for a partial report (art. 18 ust. 3): when it was delivered and by whom.
    demanded_on = mapped_column(sa.Date)
    demanded_by_id: Mapped[int | None] = mapped_column(sa.ForeignKey("users.id"))
    content = mapped_column(sa.JSON, nullable=False, default=dict)
    lock_version: Mapped[int] = mapped_column(sa.Integer, nullable=False, default=0)
    current_version_id: Mapped[int | None] = mapped_column(
        sa.ForeignKey(
            "contract_report_versions.id", use_alter=True, name="fk_contract_reports_current_version_id_versions"
        )
    )
    review_note: Mapped[str | None] = mapped_column(sa.Text)
    reviewed_at = mapped_column(UTCDateTime)
    reviewed_by_id: Mapped[int | None] = mapped_column(sa.ForeignKey("users.id"))
    created_at = mapped_column(UTCDateTime, nullable=False, default=utcnow)
    created_by_id: Mapped[int | None] = mapped_column(sa.ForeignKey("users.id"))
    updated_at = mapped_column(UTCDateTime, nullable=False, default=utcnow)

    contract = relationship("Contract", lazy="joined")
    versions = relationship(
        "ReportVersion",
        order_by="ReportVersion.number",
        lazy="selectin",
        foreign_keys="ReportVersion.report_id",
        back_populates="report",
    )
    current_version = relationship("ReportVersion", foreign_keys=[current_version_id], post_update=True, lazy="joined")

    __table_args__ = (sa.CheckConstraint("lock_version >= 0", name="lock_version_not_negative"),)


class ReportVersion(db.Model):
    """A submitted report, frozen, with the SHA-256 control sum of its canonical document."""

    __tablename__ = "contract_report_versions"

    id: Mapped[int] = mapped_column(primary_key=True)
    report_id: Mapped[int] = mapped_column(sa.ForeignKey("contract_reports.id"), nullable=False, index=True)
    number: Mapped[int] = mapped_column(sa.Integer, nullable=False)
    document = mapped_column(sa.JSON, nullable=False)
    control_sum: Mapped[str] = mapped_column(sa.String(64), nullable=False)
    control_code: Mapped[str] = mapped_column(sa.String(14), nullable=False)
    submitted_at = mapped_column(UTCDateTime, nullable=False)
    submitted_by_id: Mapped[int | None] = mapped_column(sa.ForeignKey("users.id"))

    report = relationship("Report", foreign_keys=[report_id], back_populates="versions")

    __table_args__ = (sa.UniqueConstraint("report_id", "number"),)


# ---------------------------------------------------------------- settlement: findings, returns, rates


class FindingKind(enum.Enum):
    # ufp art. 252 ust. 1 pkt 1: used against its purpose — interest from the day the grant was transferred.
    misused = "misused"
    # ufp art. 252 ust. 1 pkt 2: taken unduly or in excess — interest from the day after the return deadline.
    undue = "undue"


class Finding(db.Model):
    """The office's finding that part of the grant must be returned under art. 252 ufp (beyond what the
    settlement computes from the report: unused grant, cost lines over the tolerance)."""

    __tablename__ = "contract_findings"

    id: Mapped[int] = mapped_column(primary_key=True)
    contract_id: Mapped[int] = mapped_column(sa.ForeignKey("contracts.id"), nullable=False, index=True)
    kind = mapped_column(enum_column(FindingKind), nullable=False)
    amount = mapped_column(Money, nullable=False)
    found_on = mapped_column(sa.Date, nullable=False)
    note: Mapped[str] = mapped_column(sa.Text, nullable=False, default="")
    recorded_at = mapped_column(UTCDateTime, nullable=False, default=utcnow)
    recorded_by_id: Mapped[int | None] = mapped_column(sa.ForeignKey("users.id"))

    __table_args__ = (sa.CheckConstraint("amount > 0", name="amount_positive"),)


class GrantReturn(db.Model):
    """Money the organisation returned to the office's account (recorded by the officer from the bank)."""

    __tablename__ = "contract_returns"

    id: Mapped[int] = mapped_column(primary_key=True)
    contract_id: Mapped[int] = mapped_column(sa.ForeignKey("contracts.id"), nullable=False, index=True)
    amount = mapped_column(Money, nullable=False)
    paid_on = mapped_column(sa.Date, nullable=False)
    note: Mapped[str] = mapped_column(sa.Text, nullable=False, default="")
    recorded_at = mapped_column(UTCDateTime, nullable=False, default=utcnow)
    recorded_by_id: Mapped[int | None] = mapped_column(sa.ForeignKey("users.id"))

    __table_args__ = (sa.CheckConstraint("amount > 0", name="amount_positive"),)


class InterestRate(db.Model):
    """The yearly rate of interest on tax arrears (Ordynacja podatkowa art. 56a), in force from `valid_from`
    until the next row's date; ufp art. 251 ust. 5 and 252 ust. 1 apply it to late and undue returns. Seeded
    with the rates known when OKO was built; the admin adds a row when the rate changes."""

    __tablename__ = "interest_rates"

    id: Mapped[int] = mapped_column(primary_key=True)
    valid_from = mapped_column(sa.Date, nullable=False, unique=True)
    rate_percent = mapped_column(Percent, nullable=False)
    note: Mapped[str] = mapped_column(sa.String(300), nullable=False, default="")
    updated_at = mapped_column(UTCDateTime, nullable=False, default=utcnow)
    updated_by_id: Mapped[int | None] = mapped_column(sa.ForeignKey("users.id"))

    __table_args__ = (sa.CheckConstraint("rate_percent > 0", name="rate_positive"),)


# ---------------------------------------------------------------- control (art. 17)


class InspectionStatus(enum.Enum):
    open = "open"  # recorded; recommendations await the organisation's answer
    answered = "answered"  # the organisation answered
    closed = "closed"  # the office closed it (recommendations carried out, or none)


INSPECTION_TRANSITIONS: dict[InspectionStatus, set[InspectionStatus]] = {
    InspectionStatus.open: {InspectionStatus.answered, InspectionStatus.closed},
    InspectionStatus.answered: {InspectionStatus.closed},
    InspectionStatus.closed: set(),
}


class Inspection(Stateful, db.Model):
    """A control of the task's performance (art. 17 of the Act; Annex 3 § 8): scope, findings,
    recommendations with a deadline, and the organisation's answer."""

    __tablename__ = "contract_inspections"
    transitions = INSPECTION_TRANSITIONS

    id: Mapped[int] = mapped_column(primary_key=True)
    contract_id: Mapped[int] = mapped_column(sa.ForeignKey("contracts.id"), nullable=False, index=True)
    status = mapped_column(enum_column(InspectionStatus), nullable=False, default=InspectionStatus.open)
    inspected_on = mapped_column(sa.Date, nullable=False)
    scope: Mapped[str] = mapped_column(sa.Text, nullable=False)
    findings: Mapped[str] = mapped_column(sa.Text, nullable=False, default="")
    recommendations: Mapped[str] = mapped_column(sa.Text, nullable=False, default="")
    recommendations_due = mapped_column(sa.Date)
    answer: Mapped[str | None] = mapped_column(sa.Text)
    answered_at = mapped_column(UTCDateTime)
    answered_by_id: Mapped[int | None] = mapped_column(sa.ForeignKey("users.id"))
    created_at = mapped_column(UTCDateTime, nullable=False, default=utcnow)
    created_by_id: Mapped[int | None] = mapped_column(sa.ForeignKey("users.id"))
    closed_at = mapped_column(UTCDateTime)
    closed_by_id: Mapped[int | None] = mapped_column(sa.ForeignKey("users.id"))


# ---------------------------------------------------------------- reminders


class SentReminder(db.Model):
    """A reminder that went out. The unique key (contract, what, stage) is what makes the scheduled job
    idempotent: a second run — after a restart, or in a second worker — finds the row and sends nothing."""

    __tablename__ = "contract_reminders"

    id: Mapped[int] = mapped_column(primary_key=True)
    contract_id: Mapped[int] = mapped_column(sa.ForeignKey("contracts.id"), nullable=False, index=True)
    subject: Mapped[str] = mapped_column(sa.String(64), nullable=False)  # e.g. "report:12", "return", "tranche:2"
    stage: Mapped[str] = mapped_column(sa.String(16), nullable=False)  # "before" or "late"
    due_date = mapped_column(sa.Date, nullable=False)  # a changed due date (annex) earns a new reminder
    sent_at = mapped_column(UTCDateTime, nullable=False, default=utcnow)

    __table_args__ = (sa.UniqueConstraint("contract_id", "subject", "stage", "due_date"),)
