"""The settlement of one contract: what the grant paid for, what must go back, by when, with what interest.

What is due, by kind (`ReturnKind`), from the tranches paid and the cost lines of the report:

* unused - paid − Σ actual grant parts (not below 0): ufp art. 251 ust. 3, due
  `unused_return_due(use_end)`; interest from the day after the due date (art. 251 ust. 5).
* excess - Σ over the cost lines of what each took beyond the tolerance (`settlement.lines`): grant taken
  in excess, ufp art. 252 ust. 1 pkt 2, due 15 days after the finding (`excess_found_on`: the day the
  office accepted the settlement; `use_end` when not given); interest from the day after the due date
  (art. 252 ust. 3 pkt 2 [M]).
* misused - the amount the office found used against the purpose (art. 252 ust. 1 pkt 1), due 15 days
  after `misused_found_on`; interest from the day the grant was transferred (art. 252 ust. 3 pkt 1 [M]),
  taken as the first tranche's day, since which tranche paid for a misused cost is not recorded.
* undue - an amount the office found taken unduly or in excess beyond what the cost lines show (art. 252
  ust. 1 pkt 2), due 15 days after `undue_found_on`; interest from the day after the due date
  (art. 252 ust. 3 pkt 2 [M]), as for the excess.

`grant_used` is Σ of the actual grant parts capped at each line's allowed amount, never more than paid,
less what was found misused or undue; so grant_used + unused + excess + misused + undue == grant_paid. When
the report declares more grant spent than was paid, the grant covers the allowed spending first and only
the rest of what was paid counts as excess; a misused amount, then an undue one, is capped at what the
grant paid for.

Returns (only those paid on or before `today` count) are applied in date order, each to the due with the
oldest due date first (unused, excess, misused on the same date). Within a due, a return pays the
principal and the interest accrued to the day of the return in proportion to the two (OP art. 55 § 2,
applied to grant returns through ufp art. 67 ust. 1 [M]): the principal part is rounded half-up to the
grosz and the interest part is the rest. A return larger than all that is due is an overpayment
(`overpaid`), to be refunded by the office. Interest accrues on the principal still outstanding (never on
interest); each accrual, from the previous return touching that due to the next one or to `today`, is
rounded as `settlement.interest.interest` rounds (full złoty by default).
"""

from __future__ import annotations

import enum
from collections.abc import Sequence
from dataclasses import dataclass, field
from datetime import date, timedelta
from decimal import Decimal

from scoring.decimals import ZERO, round_half_up
from settlement.deadlines import finding_return_due, unused_return_due
from settlement.errors import SettlementError
from settlement.interest import ZLOTY, RatePeriod, interest
from settlement.lines import Line, Violation, money, violations


class ReturnKind(enum.Enum):
    unused = "unused"  # ufp art. 251 ust. 3 (ust. 1 for a term of use ending with the budget year)
    excess = "excess"  # ufp art. 252 ust. 1 pkt 2: taken in excess (a cost line over the tolerance)
    misused = "misused"  # ufp art. 252 ust. 1 pkt 1: used against the purpose
    undue = "undue"  # ufp art. 252 ust. 1 pkt 2: taken unduly, as the office found (beyond the cost lines)


LEGAL_BASIS = {
    ReturnKind.unused: "art. 251 ust. 3 ufp",
    ReturnKind.excess: "art. 252 ust. 1 pkt 2 ufp",
    ReturnKind.misused: "art. 252 ust. 1 pkt 1 ufp",
    ReturnKind.undue: "art. 252 ust. 1 pkt 2 ufp",
}
_KIND_ORDER = {kind: position for position, kind in enumerate(ReturnKind)}


@dataclass(frozen=True, slots=True)
class Payment:
    """Money moved on a day: a tranche paid to the organisation, or a return recorded from the bank."""

    on: date
    amount: Decimal


@dataclass(frozen=True, slots=True)
class Allocation:
    """The part of the return made `on` that went to one due, split into principal and interest."""

    on: date
    kind: ReturnKind
    principal: Decimal
    interest: Decimal


@dataclass(frozen=True, slots=True)
class Due:
    """One kind of return: its principal, deadline, and what is still owed as of `today`."""

    kind: ReturnKind
    legal_basis: str
    principal: Decimal
    due_date: date
    interest_from: date
    principal_paid: Decimal
    interest_charged: Decimal  # all interest accrued: to the returns that touched it, then to today
    interest_paid: Decimal
    outstanding: Decimal  # principal still to return
    interest_due: Decimal  # interest accrued and not yet paid
    overdue: bool
    paid_off_on: date | None  # the day nothing more was owed on it, if that happened


@dataclass(frozen=True, slots=True)
class Settlement:
    """The contract's settlement as of `today`; the first six fields are the API's."""

    grant_paid: Decimal
    grant_used: Decimal
    to_return: Decimal  # principal still outstanding, all kinds
    return_due_date: date | None  # the earliest deadline of a due with anything outstanding
    interest_due: Decimal  # interest accrued and not yet paid, all kinds
    violations: tuple[Violation, ...]
    grant_in_contract: Decimal
    grant_declared: Decimal  # Σ actual grant parts of the report's cost lines
    unused: Decimal
    excess: Decimal
    misused: Decimal
    returned: Decimal  # Σ returns counted (paid on or before `today`)
    overpaid: Decimal  # returned beyond everything due
    overdue: bool
    dues: tuple[Due, ...]
    allocations: tuple[Allocation, ...] = field(default=())
    undue: Decimal = ZERO  # the office's finding of grant taken unduly (art. 252 ust. 1 pkt 2)

    def due(self, kind: ReturnKind) -> Due | None:
        return next((d for d in self.dues if d.kind is kind), None)

    @property
    def outstanding_by_kind(self) -> dict[ReturnKind, Decimal]:
        return {d.kind: d.outstanding for d in self.dues}

    @property
    def interest_by_kind(self) -> dict[ReturnKind, Decimal]:
        return {d.kind: d.interest_due for d in self.dues}


class _Account:
    """The running state of one due while the returns are applied."""

    def __init__(self, kind: ReturnKind, principal: Decimal, due_date: date, interest_from: date) -> None:
        self.kind, self.principal, self.due_date, self.interest_from = kind, principal, due_date, interest_from
        self.outstanding = principal
        self.interest_unpaid = ZERO
        self.interest_charged = ZERO
        self.principal_paid = ZERO
        self.interest_paid = ZERO
        self.accrued_through = interest_from - timedelta(days=1)
        self.paid_off_on: date | None = None

    @property
    def owed(self) -> Decimal:
        return self.outstanding + self.interest_unpaid

    def accrue(self, through: date, rates: Sequence[RatePeriod], unit: Decimal) -> None:
        start = self.accrued_through + timedelta(days=1)
        if self.outstanding > 0 and start <= through:
            added = interest(self.outstanding, start, through, rates, unit=unit)
            self.interest_unpaid += added
            self.interest_charged += added
        self.accrued_through = max(self.accrued_through, through)

    def pay(self, on: date, amount: Decimal) -> tuple[Allocation, Decimal]:
        """Apply up to `amount`; return the allocation and what is left of the amount."""
        if amount >= self.owed:
            principal, paid_interest = self.outstanding, self.interest_unpaid
            self.paid_off_on = on
        else:  # OP art. 55 § 2: in proportion to principal and interest on the day of the return
            principal = round_half_up(amount * self.outstanding / self.owed)
            paid_interest = amount - principal
        self.outstanding -= principal
        self.interest_unpaid -= paid_interest
        self.principal_paid += principal
        self.interest_paid += paid_interest
        return Allocation(on, self.kind, principal, paid_interest), amount - principal - paid_interest

    def freeze(self, legal_basis: str, today: date) -> Due:
        return Due(
            kind=self.kind,
            legal_basis=legal_basis,
            principal=self.principal,
            due_date=self.due_date,
            interest_from=self.interest_from,
            principal_paid=self.principal_paid,
            interest_charged=self.interest_charged,
            interest_paid=self.interest_paid,
            outstanding=self.outstanding,
            interest_due=self.interest_unpaid,
            overdue=self.owed > 0 and today > self.due_date,
            paid_off_on=self.paid_off_on,
        )


def _payments(payments: Sequence[Payment], what: str) -> list[Payment]:
    return [Payment(p.on, money(p.amount, f"{what} of {p.on.isoformat()}")) for p in payments]


def settle(
    *,
    grant_in_contract: Decimal,
    tranches_paid: Sequence[Payment],
    lines: Sequence[Line],
    tolerance_percent: Decimal,
    use_end: date,
    returns: Sequence[Payment],
    misused: Decimal = ZERO,
    misused_found_on: date | None = None,
    excess_found_on: date | None = None,
    undue: Decimal = ZERO,
    undue_found_on: date | None = None,
    today: date,
    rates: Sequence[RatePeriod],
    interest_unit: Decimal = ZLOTY,
) -> Settlement:
    """Settle one contract as of `today` (see the module's docstring for every rule)."""
    grant_in_contract = money(grant_in_contract, "The grant in the contract")
    tranches = _payments(tranches_paid, "The tranche")
    misused = money(misused, "The misused amount")
    if misused > 0 and misused_found_on is None:
        raise SettlementError("A misused amount needs the day it was found (misused_found_on).")
    undue = money(undue, "The undue amount")
    if undue > 0 and undue_found_on is None:
        raise SettlementError("An undue amount needs the day it was found (undue_found_on).")
    found = violations(lines, tolerance_percent)
    paid = sum((t.amount for t in tranches), ZERO)
    declared = sum((money(line.actual_grant, "An actual grant") for line in lines), ZERO)
    over_tolerance = sum((v.excess for v in found), ZERO)

    used_before_findings = min(declared - over_tolerance, paid)
    unused = max(paid - declared, ZERO)
    excess = min(over_tolerance, paid - used_before_findings - unused)
    misused_due = min(misused, used_before_findings)
    undue_due = min(undue, used_before_findings - misused_due)
    used = used_before_findings - misused_due - undue_due

    accounts: list[_Account] = []
    if unused > 0:
        due = unused_return_due(use_end)
        accounts.append(_Account(ReturnKind.unused, unused, due, due + timedelta(days=1)))
    if excess > 0:
        due = finding_return_due(excess_found_on or use_end)
        accounts.append(_Account(ReturnKind.excess, excess, due, due + timedelta(days=1)))
    if misused_due > 0 and misused_found_on is not None:  # a misused amount always has its day (checked above)
        first_transfer = min(t.on for t in tranches if t.amount > 0)
        accounts.append(_Account(ReturnKind.misused, misused_due, finding_return_due(misused_found_on), first_transfer))
    if undue_due > 0 and undue_found_on is not None:  # likewise checked above
        due = finding_return_due(undue_found_on)
        accounts.append(_Account(ReturnKind.undue, undue_due, due, due + timedelta(days=1)))
    accounts.sort(key=lambda a: (a.due_date, _KIND_ORDER[a.kind]))

    counted = sorted((r for r in _payments(returns, "The return") if r.on <= today), key=lambda r: r.on)
    allocations: list[Allocation] = []
    overpaid = ZERO
    for payment in counted:
        left = payment.amount
        for account in accounts:
            if left == 0:
                break
            account.accrue(payment.on, rates, interest_unit)
            if account.owed == 0:
                continue
            allocation, left = account.pay(payment.on, left)
            allocations.append(allocation)
        overpaid += left
    for account in accounts:
        account.accrue(today, rates, interest_unit)

    dues = tuple(account.freeze(LEGAL_BASIS[account.kind], today) for account in accounts)
    open_dues = [d for d in dues if d.outstanding > 0 or d.interest_due > 0]
    return Settlement(
        grant_paid=paid,
        grant_used=used,
        to_return=sum((d.outstanding for d in dues), ZERO),
        return_due_date=min((d.due_date for d in open_dues), default=None),
        interest_due=sum((d.interest_due for d in dues), ZERO),
        violations=tuple(found),
        grant_in_contract=grant_in_contract,
        grant_declared=declared,
        unused=unused,
        excess=excess,
        misused=misused_due,
        returned=sum((r.amount for r in counted), ZERO),
        overpaid=overpaid,
        overdue=any(d.overdue for d in dues),
        dues=dues,
        allocations=tuple(allocations),
        undue=undue_due,
    )
