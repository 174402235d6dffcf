"""Settlement of grants after the award: the arithmetic of contracts, reports and returns.

Pure Python: the standard library, the `holidays` package and `scoring.decimals`, nothing of Flask or the
database (import-linter's `settlement-is-pure` contract in setup.cfg), so that every figure an office
shows an organisation can be tested and audited on its own. Money is `Decimal` in whole grosze, rounded
half-up; dates are Warsaw calendar dates.

* `settlement.calendar` - working days: Saturdays, Sundays and the statutory holidays (24 December from
  2025) are free; KC art. 115 moves a deadline off them.
* `settlement.deadlines` - the final report 30 days after the task (art. 18 ust. 1 of the Act), a partial
  report no sooner than 30 days after the demand (art. 18 ust. 3), returns 15 days after the term of use
  (ufp art. 251 ust. 3; 31 January after a term ending with the year, ust. 1) or after a finding
  (art. 252 ust. 1).
* `settlement.interest` - interest as for tax arrears (ufp art. 251 ust. 5, art. 252 ust. 1; OP art. 56),
  day by day at the rate in force, rounded once to full złoty (OP art. 63 § 1); the seed rate table.
* `settlement.lines` - the cost-shift tolerance of Annex 3 § 5 of Dz.U. 2018 poz. 2057.
* `settlement.ledger` - `settle`: paid, used, unused, excess, misused, returns applied oldest due first
  (principal and interest in proportion, OP art. 55 § 2), what is still to return and the interest on it.

docs/settlement.md lists every rule with its source and what is from memory ([M]).
"""

from settlement.calendar import add_working_days, holiday_name_pl, is_working_day, next_working_day_if_free
from settlement.deadlines import (
    FINAL_REPORT_DAYS,
    PARTIAL_REPORT_MIN_DAYS,
    RETURN_DAYS,
    final_report_due,
    finding_return_due,
    partial_report_earliest_due,
    unused_return_due,
)
from settlement.errors import SettlementError
from settlement.interest import (
    GROSZ,
    TAX_ARREARS_RATES,
    ZLOTY,
    InterestSegment,
    RatePeriod,
    interest,
    interest_segments,
)
from settlement.ledger import LEGAL_BASIS, Allocation, Due, Payment, ReturnKind, Settlement, settle
from settlement.lines import Line, Violation, allowed_grant, increase_percent, violations

__all__ = [
    "FINAL_REPORT_DAYS",
    "GROSZ",
    "LEGAL_BASIS",
    "PARTIAL_REPORT_MIN_DAYS",
    "RETURN_DAYS",
    "TAX_ARREARS_RATES",
    "ZLOTY",
    "Allocation",
    "Due",
    "InterestSegment",
    "Line",
    "Payment",
    "RatePeriod",
    "ReturnKind",
    "Settlement",
    "SettlementError",
    "Violation",
    "add_working_days",
    "allowed_grant",
    "final_report_due",
    "finding_return_due",
    "holiday_name_pl",
    "increase_percent",
    "interest",
    "interest_segments",
    "is_working_day",
    "next_working_day_if_free",
    "partial_report_earliest_due",
    "settle",
    "unused_return_due",
    "violations",
]
