"""Reminders of what an organisation owes the office: a report (art. 18 of the Act: the final report 30 days
after the task, a partial one by the office's demand) and a return of the grant (ufp art. 251–252) — a
message `REMINDER_DAYS_BEFORE` days before the deadline and one when it has passed.

The daily job `send_reminders` (grants.jobs.schedule queues it once a day; `flask jobs sweep`, the
in-process worker's idle sweep and `flask jobs tick` all get it there) takes the Warsaw day it is for, so
a job re-run after a restart reminds of the same day's dues. A reminder is sent once: its `SentReminder`
row, unique on (contract, subject, stage, due date), is inserted with ON CONFLICT DO NOTHING before the
messages are queued, in the same transaction, one commit per reminder. Of two workers on the same due the
second's INSERT waits for the first's commit and inserts nothing (PostgreSQL), so it sends nothing; a
crash before the commit leaves neither row nor message, and the next run sends it. A changed deadline (an
annex, a new demand) is a new due date and earns a reminder of its own.
"""

from dataclasses import dataclass
from datetime import date, timedelta

from flask import current_app, has_app_context
from flask_babel import force_locale
from flask_babel import gettext as _
from sqlalchemy.dialects import postgresql, sqlite

from grants.clock import now_utc, warsaw_date
from grants.contracts import deadlines
from grants.contracts.models import Contract, SentReminder
from grants.contracts.settlement_view import OWING_STATUSES, RETURN, contract_settlement
from grants.extensions import db
from grants.formatting import money_pl
from grants.jobs.schedule import daily
from grants.languages import LANGUAGES
from grants.mail import queue_mails

REMINDER_DAYS_BEFORE = 7  # app.config["REMINDER_DAYS_BEFORE"] overrides it
BEFORE, LATE = "before", "late"


@dataclass(frozen=True)
class Due:
    """Something an organisation owes by a date: `what` is a kind of grants.contracts.deadlines
    ("final_report", "partial_report") or "return"; `subject` the reminder's key ("partial_report:12",
    "final_report", "return")."""

    contract: Contract
    what: str
    subject: str
    due_date: date


def days_before() -> int:
    configured = current_app.config.get("REMINDER_DAYS_BEFORE") if has_app_context() else None
    return int(configured) if configured is not None else REMINDER_DAYS_BEFORE


def dues_of(contracts: list[Contract], today: date) -> list[Due]:
    """What the contracts' organisations owe as of `today`: the dues of their desk (grants.contracts.deadlines,
    the organisation's side: reports and returns, not the office's tranches)."""
    by_id = {c.id: c for c in contracts}
    found = []
    for contract_id, dues in deadlines.dues_for(contracts, today, office=False).items():
        for due in dues:
            subject = f"{due.what}:{due.ref}" if due.ref is not None else due.what
            found.append(Due(by_id[contract_id], due.what, subject, due.date))
    return found


def stage_of(due_date: date, today: date, before: int) -> str | None:
    if today > due_date:
        return LATE
    if today >= due_date - timedelta(days=before):
        return BEFORE
    return None


def _claim(due: Due, stage: str) -> bool:
    """Insert the reminder's row unless it exists (a concurrent twin's insert waits and then does nothing)."""
    dialect = postgresql if db.session.get_bind().dialect.name == "postgresql" else sqlite
    statement = (
        dialect.insert(SentReminder)
        .values(contract_id=due.contract.id, subject=due.subject, stage=stage, due_date=due.due_date, sent_at=now_utc())
        .on_conflict_do_nothing()
        .returning(SentReminder.id)
    )
    return db.session.execute(statement).scalar() is not None


def recipients(contract: Contract) -> list[tuple[str, str]]:
    """(e-mail, language) of the organisation's members with a confirmed address, then the organisation's
    own address in Polish when no member has it."""
    found: list[tuple[str, str]] = []
    for membership in contract.organization.memberships:
        user = membership.user
        if user is None or not user.active or user.email_verified_at is None:
            continue
        found.append((user.email, user.locale if user.locale in LANGUAGES else "pl"))
    emails = {email.lower() for email, _lang in found}
    if contract.organization.email and contract.organization.email.lower() not in emails:
        found.append((contract.organization.email, "pl"))
    return found


def _message(due: Due, stage: str, today: date) -> tuple[str, str]:
    contract = due.contract
    when = f"{due.due_date:%d.%m.%Y}"  # read alike in every language of the message
    if due.what != RETURN:
        kind = _("sprawozdanie częściowe") if due.what == deadlines.PARTIAL_REPORT else _("sprawozdanie końcowe")
        if stage == BEFORE:
            subject = _(
                "Przypomnienie: %(kind)s do umowy %(number)s — termin %(date)s",
                kind=kind,
                number=contract.number,
                date=when,
            )
            lead = _(
                "Termin złożenia dokumentu „%(kind)s” z wykonania zadania „%(task)s” (umowa %(number)s) mija "
                "%(date)s (art. 18 ustawy o działalności pożytku publicznego i o wolontariacie).",
                kind=kind,
                task=contract.task_title,
                number=contract.number,
                date=when,
            )
        else:
            subject = _("Po terminie: %(kind)s do umowy %(number)s", kind=kind, number=contract.number)
            lead = _(
                "Termin złożenia dokumentu „%(kind)s” z wykonania zadania „%(task)s” (umowa %(number)s) minął "
                "%(date)s. Złóż je w systemie OKO jak najszybciej albo skontaktuj się z urzędem.",
                kind=kind,
                task=contract.task_title,
                number=contract.number,
                date=when,
            )
        return subject, lead + "\n"
    owed = contract_settlement(contract, today).result
    amounts = _(
        "Do zwrotu: %(amount)s, odsetki do dziś: %(interest)s.",
        amount=money_pl(owed.to_return),
        interest=money_pl(owed.interest_due),
    )
    if stage == BEFORE:
        subject = _(
            "Przypomnienie: zwrot dotacji z umowy %(number)s — termin %(date)s", number=contract.number, date=when
        )
        lead = _(
            "Termin zwrotu dotacji z umowy %(number)s („%(task)s”) mija %(date)s (art. 251–252 ustawy o finansach "
            "publicznych). Po terminie nalicza się odsetki jak dla zaległości podatkowych.",
            number=contract.number,
            task=contract.task_title,
            date=when,
        )
    else:
        subject = _("Po terminie: zwrot dotacji z umowy %(number)s", number=contract.number)
        lead = _(
            "Termin zwrotu dotacji z umowy %(number)s („%(task)s”) minął %(date)s. Od następnego dnia nalicza się "
            "odsetki jak dla zaległości podatkowych (art. 251 ust. 5 i art. 252 ustawy o finansach publicznych).",
            number=contract.number,
            task=contract.task_title,
            date=when,
        )
    return subject, f"{lead}\n{amounts}\n"


def remind(due: Due, stage: str, today: date) -> bool:
    """Claim the reminder and queue its messages, each in the recipient's language; False if already sent."""
    if not _claim(due, stage):
        return False
    messages = []
    for email, language in recipients(due.contract):
        with force_locale(language):
            messages.append((email, *_message(due, stage, today)))
    queue_mails(messages, office_id=due.contract.office_id)  # every member's at once: the daily job sends hundreds
    return True


def send_due_reminders(today: date | None = None) -> int:
    """Every reminder due on `today` (Warsaw) not sent yet; one commit per reminder. Returns how many went."""
    today = today or warsaw_date(now_utc())
    before = days_before()
    contracts = list(
        db.session.scalars(
            db.select(Contract).where(Contract.status.in_(OWING_STATUSES)).order_by(Contract.id)
        ).unique()
    )
    sent = 0
    for due in dues_of(contracts, today):
        stage = stage_of(due.due_date, today, before)
        if stage is None:
            continue
        if remind(due, stage, today):
            sent += 1
        db.session.commit()
    return sent


@daily("send_reminders")
def send_reminders(day: str | None = None) -> None:
    """The daily job: the reminders of `day` (ISO, Warsaw), today's when not given."""
    send_due_reminders(date.fromisoformat(day) if day else None)
