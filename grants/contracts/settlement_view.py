"""Read-side of the settlement (ufp art. 251–252; Annex 3 § 5 and § 9–10 of Dz.U. 2018 poz. 2057): the rows
of one contract — the accepted final report's cost lines, the paid tranches, the office's findings, the
recorded returns and the interest-rate table — handed to the pure `settlement.settle`, as of today's
Warsaw date (grants.clock).

Before the final report is accepted there is nothing to settle line by line: the settlement is then
*provisional* and counts the paid grant as used (one line planned and spent at what was paid), so what it
shows to return is only what the office found (art. 252) and nothing is reported unused before the
organisation accounted for it. Once the final report is accepted, its expenses per cost line
(`current_version.document["content"]["expenses"]`) are the actual grant parts; the cost lines over the
tolerance count as found on the day of the acceptance (art. 252 ust. 1 pkt 2).

Findings of one kind are summed and take the latest finding's day: the 15 days of art. 252 ust. 1 run
from it, so a later finding never makes an earlier amount overdue at once [simplification: the ledger
keeps one due per kind].
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date
from decimal import ROUND_HALF_UP, Decimal, InvalidOperation
from types import SimpleNamespace

import sqlalchemy as sa
from flask_babel import gettext as _

from grants.clock import now_utc, warsaw_date
from grants.contracts import deadlines
from grants.contracts.models import (
    Contract,
    ContractCostItem,
    ContractStatus,
    Finding,
    FindingKind,
    GrantReturn,
    InterestRate,
    Report,
    ReportKind,
    ReportStatus,
    ReportVersion,
    Tranche,
)
from grants.errors import Conflict
from grants.extensions import db
from grants.formatting import iso_date, money_str
from grants.offices.models import Office
from settlement import TAX_ARREARS_RATES, Line, Payment, RatePeriod, Settlement, allowed_grant, settle
from settlement.errors import SettlementError

CENT = Decimal("0.01")
ZERO = Decimal("0.00")
PROVISIONAL_LINE_ID = 0  # the one line of a provisional settlement: the paid grant, counted as used


@dataclass(frozen=True)
class CostLine:
    """A contract cost line with what the accepted final report says of it."""

    cost_item_id: int
    position: int
    action: str
    name: str
    planned_grant: Decimal
    actual_total: Decimal | None
    actual_grant: Decimal | None
    allowed_grant: Decimal | None
    increase_percent: Decimal | None
    over_tolerance: bool


@dataclass(frozen=True)
class ContractSettlement:
    contract: Contract
    today: date
    final_report: Report | None
    result: Settlement
    lines: tuple[CostLine, ...]
    findings: tuple[Finding, ...]
    returns: tuple[GrantReturn, ...]
    office_bank_account: str

    @property
    def provisional(self) -> bool:
        return self.final_report is None


def interest_rates() -> tuple[RatePeriod, ...]:
    """The table the admin keeps; the seed (settlement.interest.TAX_ARREARS_RATES) while it is empty."""
    rows = db.session.execute(db.select(InterestRate.valid_from, InterestRate.rate_percent)).all()
    if not rows:
        return TAX_ARREARS_RATES
    return tuple(sorted((RatePeriod(valid_from, Decimal(rate)) for valid_from, rate in rows), key=_valid_from))


def _valid_from(period: RatePeriod) -> date:
    return period.valid_from


def accepted_final_report(contract: Contract) -> Report | None:
    return db.session.scalar(
        db.select(Report)
        .where(
            Report.contract_id == contract.id,
            Report.kind == ReportKind.final,
            Report.status == ReportStatus.accepted,
        )
        .order_by(Report.id.desc())
        .limit(1)
    )


def _amount(value) -> Decimal | None:
    """An amount of the report's document ("1234.50"), to the grosz; None when missing or unreadable."""
    if value is None or isinstance(value, bool):
        return None
    try:
        amount = Decimal(str(value).strip().replace(",", "."))
    except (InvalidOperation, ValueError):
        return None
    if not amount.is_finite() or amount < 0:
        return None
    return amount.quantize(CENT, rounding=ROUND_HALF_UP)


def report_expenses(report: Report | None) -> dict[int, dict]:
    """{cost_item_id: {"actual_total", "actual_grant"}} of the report's submitted version."""
    if report is None or report.current_version is None:
        return {}
    content = (report.current_version.document or {}).get("content") or {}
    expenses: dict[int, dict] = {}
    for row in content.get("expenses") or []:
        if not isinstance(row, dict):
            continue
        try:
            item_id = int(row.get("cost_item_id"))
        except (TypeError, ValueError):
            continue
        expenses[item_id] = {
            "actual_total": _amount(row.get("actual_total")),
            "actual_grant": _amount(row.get("actual_grant")),
        }
    return expenses


def _latest(findings, kind: FindingKind) -> tuple[Decimal, date | None]:
    chosen = [f for f in findings if f.kind == kind]
    if not chosen:
        return ZERO, None
    return sum((Decimal(f.amount) for f in chosen), ZERO), max(f.found_on for f in chosen)


def findings_of(contract: Contract) -> tuple[Finding, ...]:
    return tuple(
        db.session.scalars(
            db.select(Finding).where(Finding.contract_id == contract.id).order_by(Finding.found_on, Finding.id)
        )
    )


def returns_of(contract: Contract) -> tuple[GrantReturn, ...]:
    return tuple(
        db.session.scalars(
            db.select(GrantReturn)
            .where(GrantReturn.contract_id == contract.id)
            .order_by(GrantReturn.paid_on, GrantReturn.id)
        )
    )


@dataclass(frozen=True)
class SettlementRows:
    """What a settlement reads of the database beside the contract (its tranches and cost lines)."""

    report: Report | None
    findings: tuple[Finding, ...]
    returns: tuple[GrantReturn, ...]


def rows_of(contract: Contract) -> SettlementRows:
    return SettlementRows(accepted_final_report(contract), findings_of(contract), returns_of(contract))


def contract_settlement(
    contract: Contract,
    today: date | None = None,
    *,
    rows: SettlementRows | None = None,
    rates: tuple[RatePeriod, ...] | None = None,
    office_account: str | None = None,
) -> ContractSettlement:
    """The settlement of `contract` as of `today` (default: today in Warsaw by grants.clock); `rows`,
    `rates` and `office_account` are read from the database when not given (a batch gives them)."""
    today = today or warsaw_date(now_utc())
    rows = rows or rows_of(contract)
    report, findings, returns = rows.report, rows.findings, rows.returns
    paid = [Payment(t.paid_on, Decimal(t.amount)) for t in contract.tranches if t.paid_on is not None]
    grant_paid = sum((p.amount for p in paid), ZERO)
    expenses = report_expenses(report)
    if report is not None:
        lines = [
            Line(item.id, Decimal(item.grant_part), expenses.get(item.id, {}).get("actual_grant") or ZERO)
            for item in contract.cost_items
        ]
        excess_found_on = warsaw_date(report.reviewed_at) if report.reviewed_at else contract.expenses_end
    else:
        lines = [Line(PROVISIONAL_LINE_ID, grant_paid, grant_paid)]
        excess_found_on = None
    misused, misused_on = _latest(findings, FindingKind.misused)
    undue, undue_on = _latest(findings, FindingKind.undue)
    if not paid:  # nothing transferred: nothing can be misused or undue yet (art. 252 counts from a transfer)
        misused, misused_on, undue, undue_on = ZERO, None, ZERO, None
    try:
        result = settle(
            grant_in_contract=Decimal(contract.grant_amount),
            tranches_paid=paid,
            lines=lines,
            tolerance_percent=Decimal(contract.cost_shift_tolerance_percent),
            use_end=contract.expenses_end,
            returns=[Payment(r.paid_on, Decimal(r.amount)) for r in returns],
            misused=misused,
            misused_found_on=misused_on,
            undue=undue,
            undue_found_on=undue_on,
            excess_found_on=excess_found_on,
            today=today,
            rates=rates or interest_rates(),
        )
    except SettlementError as error:  # data no person typed on a form (the rate table's start, say)
        raise Conflict(
            _("Nie można rozliczyć umowy: %(reason)s", reason=str(error)), code="settlement_unavailable"
        ) from error
    violations = {v.cost_item_id: v for v in result.violations}
    cost_lines = []
    if report is not None:
        for item in contract.cost_items:
            spent = expenses.get(item.id, {})
            violation = violations.get(item.id)
            cost_lines.append(
                CostLine(
                    cost_item_id=item.id,
                    position=item.position,
                    action=item.action,
                    name=item.name,
                    planned_grant=Decimal(item.grant_part),
                    actual_total=spent.get("actual_total"),
                    actual_grant=spent.get("actual_grant"),
                    allowed_grant=allowed_grant(
                        Decimal(item.grant_part), Decimal(contract.cost_shift_tolerance_percent)
                    ),
                    increase_percent=violation.increase_percent if violation else None,
                    over_tolerance=violation is not None,
                )
            )
    if office_account is None:
        office = db.session.get(Office, contract.office_id)
        office_account = office.bank_account if office is not None else ""
    return ContractSettlement(
        contract=contract,
        today=today,
        final_report=report,
        result=result,
        lines=tuple(cost_lines),
        findings=findings,
        returns=returns,
        office_bank_account=office_account,
    )


# ---------------------------------------------------------------- the API's shape


def _percent(value: Decimal | None) -> str | None:
    return None if value is None else f"{value.quantize(CENT)}"


def settlement_to_api(view: ContractSettlement) -> dict:
    """The contract of ../shared/API.md (the first six keys) and what the pages show beside it."""
    s = view.result
    return {
        "grant_paid": money_str(s.grant_paid),
        "grant_used": money_str(s.grant_used),
        "to_return": money_str(s.to_return),
        "return_due_date": iso_date(s.return_due_date),
        "interest_due": money_str(s.interest_due),
        "violations": [
            {
                "cost_item_id": v.cost_item_id,
                "planned_grant": money_str(v.planned_grant),
                "actual_grant": money_str(v.actual_grant),
                "increase_percent": _percent(v.increase_percent),
            }
            for v in s.violations
        ],
        "contract_id": view.contract.id,
        "as_of": view.today.isoformat(),
        "provisional": view.provisional,
        "final_report_id": view.final_report.id if view.final_report else None,
        "grant_in_contract": money_str(s.grant_in_contract),
        "grant_declared": None if view.provisional else money_str(s.grant_declared),
        "tolerance_percent": _percent(Decimal(view.contract.cost_shift_tolerance_percent)),
        "unused": money_str(s.unused),
        "excess": money_str(s.excess),
        "misused": money_str(s.misused),
        "undue": money_str(s.undue),
        "returned": money_str(s.returned),
        "overpaid": money_str(s.overpaid),
        "overdue": s.overdue,
        "return_account": view.office_bank_account,
        "dues": [
            {
                "kind": d.kind.value,
                "legal_basis": d.legal_basis,
                "principal": money_str(d.principal),
                "due_date": d.due_date.isoformat(),
                "interest_from": d.interest_from.isoformat(),
                "principal_paid": money_str(d.principal_paid),
                "interest_paid": money_str(d.interest_paid),
                "outstanding": money_str(d.outstanding),
                "interest_due": money_str(d.interest_due),
                "overdue": d.overdue,
            }
            for d in s.dues
        ],
        "lines": [
            {
                "cost_item_id": line.cost_item_id,
                "action": line.action,
                "name": line.name,
                "planned_grant": money_str(line.planned_grant),
                "allowed_grant": money_str(line.allowed_grant),
                "actual_total": money_str(line.actual_total),
                "actual_grant": money_str(line.actual_grant),
                "over_tolerance": line.over_tolerance,
            }
            for line in view.lines
        ],
        "returns": [return_to_api(r) for r in view.returns],
        "findings": [finding_to_api(f) for f in view.findings],
    }


def return_to_api(row: GrantReturn) -> dict:
    return {"id": row.id, "amount": money_str(row.amount), "paid_on": row.paid_on.isoformat(), "note": row.note}


def finding_to_api(row: Finding) -> dict:
    return {
        "id": row.id,
        "kind": row.kind.value,
        "amount": money_str(row.amount),
        "found_on": row.found_on.isoformat(),
        "note": row.note,
    }


# ---------------------------------------------------------------- what is due, across contracts


@dataclass(frozen=True)
class ReturnDue:
    """A contract's return still owed: principal and interest as of `today`, the earliest due date."""

    contract_id: int
    due_date: date
    to_return: Decimal
    interest_due: Decimal
    overdue: bool


def returns_due_for(contracts, today: date | None = None) -> dict[int, ReturnDue]:
    """{contract id: ReturnDue} for the contracts that owe a return (ufp art. 251–252). Only a contract
    with an accepted final report or a finding can owe one (a provisional settlement counts the paid
    grant as used), so the others are left out with one query."""
    today = today or warsaw_date(now_utc())
    by_id = {c.id: c for c in contracts}
    if not by_id:
        return {}
    ids = list(by_id)
    accepted = db.select(Report.contract_id).where(
        Report.contract_id.in_(ids), Report.kind == ReportKind.final, Report.status == ReportStatus.accepted
    )
    found_against = db.select(Finding.contract_id).where(Finding.contract_id.in_(ids))
    candidates = set(db.session.scalars(accepted.union(found_against)))  # one statement for the whole page
    if not candidates:
        return {}
    ordered = sorted(candidates)
    light = _light_contracts(ordered)  # plain tranches and cost lines: no lazy load per contract
    rows = _light_rows(ordered)
    rates = interest_rates()
    found: dict[int, ReturnDue] = {}
    for contract_id in ordered:
        try:
            view = contract_settlement(
                light[contract_id], today, rows=rows[contract_id], rates=rates, office_account=""
            )
        except Conflict:
            continue  # unsettleable data shows on the contract's own page, not on every list
        s = view.result
        if s.return_due_date is not None and (s.to_return > 0 or s.interest_due > 0):
            found[contract_id] = ReturnDue(contract_id, s.return_due_date, s.to_return, s.interest_due, s.overdue)
    return found


# ---------------------------------------------------------------- returns among the contracts' dues


RETURN = "return"
OWING_STATUSES = (ContractStatus.signed, ContractStatus.performed, ContractStatus.terminated)


def _load_returns(contracts, today: date):
    owing = [c for c in contracts if c.status in OWING_STATUSES]
    return [
        (contract_id, deadlines.Due(due.due_date, RETURN, None, due.overdue))
        for contract_id, due in returns_due_for(owing, today).items()
    ]


def owing_contract_ids(today: date, until: date | None = None) -> list[int]:
    """The contracts (of every office) owing a return due on or before `until` (None: at all).

    The `due=` filters of the lists ask this on every request, so the answer for the day is kept in this
    process beside a fingerprint of everything a settlement reads (`_fingerprint`: one statement); a
    change of any of it — a report accepted, a tranche paid, an annex, a return, a finding, a rate —
    changes the fingerprint and the next request settles again. Several app servers each keep their own."""
    key = (today, _fingerprint())
    owing = _OWING_CACHE.get(key)
    if owing is None:
        owing = _owing(today)
        _OWING_CACHE.clear()  # one day's answer at a time
        _OWING_CACHE[key] = owing
    return [contract_id for contract_id, due in owing.items() if until is None or due <= until]


_OWING_CACHE: dict[tuple, dict[int, date]] = {}


def _fingerprint() -> tuple:
    """Counts, sums and versions of every row a settlement reads (rows are added, never deleted; a
    contract's terms, tranches and status change only with its lock_version)."""
    accepted = sa.and_(Report.kind == ReportKind.final, Report.status == ReportStatus.accepted)
    parts = [
        sa.select(sa.func.count(Contract.id), sa.func.coalesce(sa.func.sum(Contract.lock_version), 0)),
        sa.select(sa.func.count(Report.id), sa.func.max(Report.id), sa.func.max(Report.reviewed_at)).where(accepted),
        sa.select(sa.func.count(Finding.id), sa.func.max(Finding.id), sa.func.sum(Finding.amount)),
        sa.select(sa.func.count(GrantReturn.id), sa.func.max(GrantReturn.id), sa.func.sum(GrantReturn.amount)),
        sa.select(sa.func.count(Tranche.paid_on), sa.func.sum(Tranche.amount), sa.func.max(Tranche.paid_recorded_at)),
        sa.select(sa.func.count(ContractCostItem.id), sa.func.sum(ContractCostItem.grant_part)),
        sa.select(
            sa.func.count(InterestRate.id), sa.func.max(InterestRate.updated_at), sa.func.sum(InterestRate.rate_percent)
        ),
    ]
    columns = [column.scalar_subquery() for part in parts for column in _split(part)]
    return tuple(db.session.execute(sa.select(*columns)).one())


def _split(select: sa.Select) -> list[sa.Select]:
    """One scalar select per column of `select` (same FROM and WHERE)."""
    return [select.with_only_columns(column) for column in select.selected_columns]


def _owing(today: date) -> dict[int, date]:
    """{contract id: the earliest due date} of the contracts owing a return, read in six statements of
    plain columns (no entities, of each report only its expenses) and settled in memory."""
    ids = list(
        db.session.scalars(
            db.select(Contract.id)
            .where(
                Contract.status.in_(OWING_STATUSES),
                sa.or_(
                    Contract.id.in_(
                        db.select(Report.contract_id).where(
                            Report.kind == ReportKind.final, Report.status == ReportStatus.accepted
                        )
                    ),
                    Contract.id.in_(db.select(Finding.contract_id)),
                ),
            )
            .order_by(Contract.id)
        )
    )
    if not ids:
        return {}
    contracts = _light_contracts(ids)
    rows = _light_rows(ids)
    rates = interest_rates()
    owing = {}
    for contract_id in ids:
        try:
            s = contract_settlement(
                contracts[contract_id], today, rows=rows[contract_id], rates=rates, office_account=""
            ).result
        except Conflict:
            continue
        if s.return_due_date is not None and (s.to_return > 0 or s.interest_due > 0):
            owing[contract_id] = s.return_due_date
    return owing


def _light_contracts(ids: list[int]) -> dict[int, SimpleNamespace]:
    """What a settlement reads of each contract, its tranches and cost lines, as plain values."""
    contracts = {
        row.id: SimpleNamespace(
            id=row.id,
            office_id=row.office_id,
            grant_amount=row.grant_amount,
            cost_shift_tolerance_percent=row.cost_shift_tolerance_percent,
            expenses_end=row.expenses_end,
            tranches=[],
            cost_items=[],
        )
        for row in db.session.execute(
            db.select(
                Contract.id,
                Contract.office_id,
                Contract.grant_amount,
                Contract.cost_shift_tolerance_percent,
                Contract.expenses_end,
            ).where(Contract.id.in_(ids))
        )
    }
    for row in db.session.execute(
        db.select(Tranche.contract_id, Tranche.amount, Tranche.paid_on)
        .where(Tranche.contract_id.in_(ids))
        .order_by(Tranche.number)
    ):
        contracts[row.contract_id].tranches.append(SimpleNamespace(amount=row.amount, paid_on=row.paid_on))
    for row in db.session.execute(
        db.select(
            ContractCostItem.id,
            ContractCostItem.contract_id,
            ContractCostItem.position,
            ContractCostItem.action,
            ContractCostItem.name,
            ContractCostItem.grant_part,
        )
        .where(ContractCostItem.contract_id.in_(ids))
        .order_by(ContractCostItem.position, ContractCostItem.id)
    ):
        contracts[row.contract_id].cost_items.append(
            SimpleNamespace(
                id=row.id, position=row.position, action=row.action, name=row.name, grant_part=row.grant_part
            )
        )
    return contracts


def _light_rows(ids: list[int]) -> dict[int, SettlementRows]:
    """The accepted final reports (their id, acceptance and expenses only), findings and returns."""
    reports: dict[int, SimpleNamespace] = {}
    expenses = ReportVersion.document["content"]["expenses"]
    for row in db.session.execute(
        db.select(Report.id, Report.contract_id, Report.reviewed_at, expenses.label("expenses"))
        .join(ReportVersion, ReportVersion.id == Report.current_version_id)
        .where(Report.contract_id.in_(ids), Report.kind == ReportKind.final, Report.status == ReportStatus.accepted)
        .order_by(Report.id)
    ):
        version = SimpleNamespace(document={"content": {"expenses": row.expenses or []}})
        reports[row.contract_id] = SimpleNamespace(id=row.id, reviewed_at=row.reviewed_at, current_version=version)
    findings: dict[int, list] = {}
    for row in db.session.execute(
        db.select(Finding.contract_id, Finding.kind, Finding.amount, Finding.found_on)
        .where(Finding.contract_id.in_(ids))
        .order_by(Finding.found_on, Finding.id)
    ):
        findings.setdefault(row.contract_id, []).append(row)
    returns: dict[int, list] = {}
    for row in db.session.execute(
        db.select(GrantReturn.contract_id, GrantReturn.amount, GrantReturn.paid_on)
        .where(GrantReturn.contract_id.in_(ids))
        .order_by(GrantReturn.paid_on, GrantReturn.id)
    ):
        returns.setdefault(row.contract_id, []).append(row)
    return {i: SettlementRows(reports.get(i), tuple(findings.get(i, ())), tuple(returns.get(i, ()))) for i in ids}


def _returns_pending(until: date | None):
    return Contract.id.in_(owing_contract_ids(warsaw_date(now_utc()), until))


# The desks and the contract lists (grants.contracts.deadlines) show a return due or overdue beside reports.
deadlines.register(deadlines.Source(RETURN, _load_returns, _returns_pending))
