"""What is due under the office's contracts, and when — derived from dates, never stored.

A contract's dues come from a list of sources (`SOURCES`), each loading what it needs for a whole page of
contracts in one statement (batch, never per contract) and able to say in SQL whether a contract has something
of its kind pending by a day (for the list's `due=` filter and the desks):

- `report`: the final report, due 30 days after the task ends and moved off a Saturday or a day free from
  work (art. 18 ust. 1 of the Act; KC art. 115 — settlement.deadlines.final_report_due), until one is
  submitted or accepted; partial reports the office demanded (art. 18 ust. 3), each with its own due date,
  until submitted;
- `tranche`: tranches not yet paid — the office's obligation (Annex 3 § 3), shown on the officer's desk only.

Another room adds its kind (returns, ufp art. 251–252) with `register(Source(...))`.
"""

from collections.abc import Callable, Iterable, Sequence
from dataclasses import dataclass, field
from datetime import date, timedelta

import sqlalchemy as sa

from grants.contracts.models import Contract, ContractStatus, Report, ReportKind, ReportStatus, Tranche
from grants.extensions import db
from settlement.deadlines import final_report_due

FINAL_REPORT = "final_report"
PARTIAL_REPORT = "partial_report"
TRANCHE = "tranche"

# Reports still to come from the organisation (a returned one must be submitted again).
PENDING_REPORT = (ReportStatus.draft, ReportStatus.returned)
# A final report submitted or accepted ends the wait for it (art. 18 ust. 1).
FINAL_RECEIVED = (ReportStatus.submitted, ReportStatus.accepted)


@dataclass(frozen=True, order=True)
class Due:
    date: date
    what: str
    ref: int | None = None  # the report's id, the tranche's number
    overdue: bool = field(default=False, compare=False)

    def to_api(self) -> dict:
        return {"what": self.what, "date": self.date.isoformat(), "ref": self.ref}


Loader = Callable[[Sequence[Contract], date], Iterable[tuple[int, Due]]]
Pending = Callable[[date | None], sa.ColumnElement[bool]]


@dataclass(frozen=True)
class Source:
    """One kind of due: `load(contracts, today)` → (contract id, Due) pairs in one batch; `pending(until)` →
    an SQL condition on `Contract`: something of this kind is pending and due by `until` (None: at all)."""

    name: str
    load: Loader
    pending: Pending
    office_only: bool = False  # the office's own obligation: not on the organisation's desk


def _signed(contracts: Sequence[Contract]) -> list[Contract]:
    return [c for c in contracts if c.status == ContractStatus.signed]


def last_task_end_due_by(until: date) -> date:
    """The latest task end whose final report is due on or before `until` (final_report_due never goes back
    in time as the task end moves on, so one bound is exact)."""
    day = until - timedelta(days=30)
    while final_report_due(day) > until:
        day -= timedelta(days=1)
    return day


# ---------------------------------------------------------------- reports (art. 18)


def _load_reports(contracts: Sequence[Contract], today: date) -> Iterable[tuple[int, Due]]:
    signed = {c.id: c for c in _signed(contracts)}
    if not signed:
        return []
    rows = db.session.execute(
        sa.select(Report.id, Report.contract_id, Report.kind, Report.status, Report.due_date).where(
            Report.contract_id.in_(signed)
        )
    ).all()
    final_received = {r.contract_id for r in rows if r.kind == ReportKind.final and r.status in FINAL_RECEIVED}
    dues = []
    for contract_id, contract in signed.items():
        if contract_id not in final_received:
            day = final_report_due(contract.task_end)
            dues.append((contract_id, Due(day, FINAL_REPORT, None, day < today)))
    for row in rows:
        if row.kind == ReportKind.partial and row.status in PENDING_REPORT:
            dues.append((row.contract_id, Due(row.due_date, PARTIAL_REPORT, row.id, row.due_date < today)))
    return dues


def _reports_pending(until: date | None) -> sa.ColumnElement[bool]:
    final_received = (
        sa.select(Report.id)
        .where(Report.contract_id == Contract.id, Report.kind == ReportKind.final, Report.status.in_(FINAL_RECEIVED))
        .exists()
    )
    partial = sa.select(Report.id).where(
        Report.contract_id == Contract.id, Report.kind == ReportKind.partial, Report.status.in_(PENDING_REPORT)
    )
    final = ~final_received
    if until is not None:
        partial = partial.where(Report.due_date <= until)
        final = sa.and_(final, Contract.task_end <= last_task_end_due_by(until))
    return sa.and_(Contract.status == ContractStatus.signed, sa.or_(final, partial.exists()))


# ---------------------------------------------------------------- tranches (Annex 3 § 3)


def _load_tranches(contracts: Sequence[Contract], today: date) -> Iterable[tuple[int, Due]]:
    ids = [c.id for c in _signed(contracts)]
    if not ids:
        return []
    rows = db.session.execute(
        sa.select(Tranche.contract_id, Tranche.number, Tranche.due_date).where(
            Tranche.contract_id.in_(ids), Tranche.paid_on.is_(None)
        )
    ).all()
    return [(r.contract_id, Due(r.due_date, TRANCHE, r.number, r.due_date < today)) for r in rows]


def _tranches_pending(until: date | None) -> sa.ColumnElement[bool]:
    unpaid = sa.select(Tranche.id).where(Tranche.contract_id == Contract.id, Tranche.paid_on.is_(None))
    if until is not None:
        unpaid = unpaid.where(Tranche.due_date <= until)
    return sa.and_(Contract.status == ContractStatus.signed, unpaid.exists())


SOURCES: list[Source] = [
    Source("report", _load_reports, _reports_pending),
    Source("tranche", _load_tranches, _tranches_pending, office_only=True),
]


def register(source: Source) -> None:
    """Add a kind of due (another room's: returns); registering the same name again replaces it."""
    SOURCES[:] = [s for s in SOURCES if s.name != source.name] + [source]


def _sources(office: bool) -> list[Source]:
    return [s for s in SOURCES if office or not s.office_only]


# ---------------------------------------------------------------- asking


def dues_for(contracts: Sequence[Contract], today: date, *, office: bool = True) -> dict[int, list[Due]]:
    """Every pending due of each contract, earliest first (one statement per source for all of them)."""
    result: dict[int, list[Due]] = {c.id: [] for c in contracts}
    for source in _sources(office):
        for contract_id, due in source.load(contracts, today):
            result.setdefault(contract_id, []).append(due)
    for dues in result.values():
        dues.sort()
    return result


def next_due_for(contracts: Sequence[Contract], today: date, *, office: bool = True) -> dict[int, Due | None]:
    """The next thing due under each contract (the earliest pending: an overdue one comes first), or None."""
    return {
        contract_id: (dues[0] if dues else None)
        for contract_id, dues in dues_for(contracts, today, office=office).items()
    }


# The `due=` filter of the contract lists: overdue now, due within DUE_SOON_DAYS (overdue included), or
# anything pending.
DUE_SOON_DAYS = 30
DUE_FILTERS = ("overdue", "soon", "any")


def due_condition(kind: str, today: date, *, office: bool = True, days: int = DUE_SOON_DAYS) -> sa.ColumnElement[bool]:
    until = {
        "overdue": today - timedelta(days=1),
        "soon": today + timedelta(days=days),
        "any": None,
    }[kind]
    return sa.or_(*(source.pending(until) for source in _sources(office)))
