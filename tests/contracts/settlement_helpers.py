"""Plain helpers of the settlement tests: a contract whose grant was paid and whose use period ended, and
an accepted final report written straight into its rows (the reports room builds them through its own
operations; here only what the settlement reads matters)."""

from contextlib import contextmanager
from datetime import UTC, date, datetime
from decimal import Decimal

from freezegun import freeze_time

from tests.helpers import NOW

D = Decimal
PAID_ON = date(2026, 3, 2)
USE_END = date(2026, 6, 30)  # a Tuesday: the unused grant is due on Wed 15 July (ufp art. 251 ust. 3)


def settle_ready(make_contract, offer_id, *, use_end=USE_END, tranches=None, **columns):
    """A signed contract for the offer, its grant paid (default: all of it on PAID_ON), costs payable
    from 1 March through `use_end`."""
    from grants.contracts.models import Contract
    from grants.extensions import db

    contract = make_contract(offer_id, tranches=tranches or [(D("17020.00"), PAID_ON, PAID_ON)], **columns)
    contract = db.session.get(Contract, contract.id)
    contract.task_start = contract.expenses_start = date(2026, 3, 1)
    contract.task_end = contract.expenses_end = use_end
    db.session.commit()
    return contract


def accept_final_report(contract, actual_grants, *, accepted_on=date(2026, 7, 20), status=None):
    """An accepted (or `status`) final report whose expenses give each cost line (by position) its
    actual grant part: `actual_grants` = ["11000.00", ...] in the contract's line order."""
    from grants.contracts.models import Report, ReportKind, ReportStatus, ReportVersion
    from grants.extensions import db

    expenses = [
        {"cost_item_id": item.id, "actual_total": str(actual), "actual_grant": str(actual)}
        for item, actual in zip(contract.cost_items, actual_grants, strict=True)
    ]
    moment = datetime(accepted_on.year, accepted_on.month, accepted_on.day, 10, 0, tzinfo=UTC)
    report = Report(
        contract_id=contract.id,
        kind=ReportKind.final,
        status=status or ReportStatus.accepted,
        due_date=date(2026, 7, 30),
        content={"expenses": expenses},
        reviewed_at=moment if (status or ReportStatus.accepted) == ReportStatus.accepted else None,
    )
    db.session.add(report)
    db.session.flush()
    version = ReportVersion(
        report_id=report.id,
        number=1,
        document={"content": {"expenses": expenses}},
        control_sum="0" * 64,
        control_code="0000-0000-00",
        submitted_at=moment,
    )
    db.session.add(version)
    db.session.flush()
    report.current_version_id = version.id
    db.session.commit()
    return report


@contextmanager
def settlement_day(moment=None):
    """The clock at `moment` (default: the suite's NOW, Saturday 5 December 2026 in Warsaw) inside a test
    whose fixtures moved it (the `awarded` flow stands after the review call's deadline)."""
    with freeze_time(moment or NOW) as frozen:
        yield frozen
