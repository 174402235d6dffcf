"""Deadlines after the award, counted in calendar days and moved off days free from work.

A term "of N days from" an event does not count the event's day (KC art. 111 § 2), so it ends on
event + N; when that day is a Saturday or a day free from work, it ends on the next working day
(KC art. 115). The same shift applies to every deadline here.
"""

from __future__ import annotations

from datetime import date, timedelta

from settlement.calendar import next_working_day_if_free

# Art. 18 ust. 1 of the Act on Public Benefit Activity: the report within 30 days of the end of the task.
FINAL_REPORT_DAYS = 30
# Art. 18 ust. 3 of the Act: a partial report demanded during the year, with no less than 30 days from
# the delivery of the demand.
PARTIAL_REPORT_MIN_DAYS = 30
# ufp art. 251 ust. 3: the unused grant is returned within 15 days after a term of use shorter than the
# budget year; ufp art. 252 ust. 1: a grant misused, undue or taken in excess within 15 days of the
# finding.
RETURN_DAYS = 15


def _shifted(d: date, days: int) -> date:
    return next_working_day_if_free(d + timedelta(days=days))


def final_report_due(task_end: date) -> date:
    """The last day for the final report (art. 18 ust. 1 of the Act; KC art. 115)."""
    return _shifted(task_end, FINAL_REPORT_DAYS)


def partial_report_earliest_due(demand_delivered_on: date) -> date:
    """The earliest deadline an officer may set for a demanded partial report (art. 18 ust. 3)."""
    return _shifted(demand_delivered_on, PARTIAL_REPORT_MIN_DAYS)


def unused_return_due(use_end: date) -> date:
    """The last day to return the unused part of the grant.

    ufp art. 251 ust. 3: 15 days after the term of use set in the contract, when that term is shorter
    than the budget year. A term of use ending on 31 December is the end of the budget year itself, and
    ufp art. 251 ust. 1 then gives 31 January of the next year instead [M: the wording of ust. 1]; that
    date too is moved off a day free from work (KC art. 115) [M: whether a fixed calendar date is
    shifted like a term counted in days - offices do so in practice].
    """
    if (use_end.month, use_end.day) == (12, 31):
        return next_working_day_if_free(date(use_end.year + 1, 1, 31))
    return _shifted(use_end, RETURN_DAYS)


def finding_return_due(found_on: date) -> date:
    """The last day to return a grant found misused, undue or taken in excess (ufp art. 252 ust. 1)."""
    return _shifted(found_on, RETURN_DAYS)
