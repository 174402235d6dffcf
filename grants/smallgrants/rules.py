"""The statute's numbers for small grants — art. 19a of the Act on public benefit activity and volunteer work
(Dz.U. 2024 poz. 1491, consolidated text) — as functions of dates and amounts: no database, no request.

Every number of art. 19a lives here once, with the provision it comes from; operations, pages, the API and the
tests read it from here.
"""

from datetime import date, datetime, timedelta
from decimal import Decimal

from grants.clock import warsaw_date, warsaw_midnight
from settlement.calendar import add_working_days, is_working_day

# Ust. 1 pkt 1: the grant (dofinansowanie or finansowanie) does not exceed 10 000 zł.
MAX_GRANT = Decimal("10000.00")
# Ust. 1 pkt 2: the task is carried out in a period not longer than 90 days.
MAX_TASK_DAYS = 90
# Ust. 3: within 7 working days of the day the offer arrived, the office publishes it ...
PUBLISH_WITHIN_WORKING_DAYS = 7
# ... for 7 days, in the three places (BIP, the office's noticeboard, its website).
PUBLICATION_DAYS = 7
# Ust. 4: anyone may comment within 7 days of the day the offer was published.
COMMENT_DAYS = 7
# Ust. 6: the total of the funds TRANSFERRED (przekazanych) by the executive organ of a local government to the same
# organisation (or entity of art. 3 ust. 3) in this mode in a calendar year may not exceed 20 000 zł. OKO counts a
# small grant in the year its task starts (`SmallGrant.budget_year`): a task of at most 90 days is paid in that year
# unless it starts at the very end of one.
ORGANIZATION_YEAR_LIMIT = Decimal("20000.00")
# Ust. 7: the funds GRANTED (przyznanych) by the executive organ in this mode may not exceed 20 % of the grants
# (dotacje) planned in the budget year for public tasks carried out by NGOs and the entities of art. 3 ust. 3.
OFFICE_YEAR_SHARE_PERCENT = Decimal("20")

# OKO's own choice, not the statute's: the officer is warned when this many working days or fewer are left
# to publish an offer that has arrived.
PUBLISH_WARNING_WORKING_DAYS = 2


def task_days(task_start: date, task_end: date) -> int:
    """The length of the task counting both its first and its last day (1 June – 29 August is 90 days)."""
    return (task_end - task_start).days + 1


def task_too_long(task_start: date, task_end: date) -> bool:
    return task_days(task_start, task_end) > MAX_TASK_DAYS


def last_task_day(task_start: date) -> date:
    """The last day a task starting on `task_start` may end on."""
    return task_start + timedelta(days=MAX_TASK_DAYS - 1)


def grant_too_high(grant: Decimal) -> bool:
    return grant > MAX_GRANT


def publish_by(received_at: datetime) -> date:
    """The last (Warsaw) day on which the offer may be published: the 7th working day after the day it arrived
    (the day of arrival is not counted — KC art. 111 § 2 — and days free from work are skipped)."""
    return add_working_days(warsaw_date(received_at), PUBLISH_WITHIN_WORKING_DAYS)


def publication_late(received_at: datetime, last_publication: datetime) -> bool:
    return warsaw_date(last_publication) > publish_by(received_at)


def working_days_left_to_publish(received_at: datetime, now: datetime) -> int:
    """How many working days, today included when it is one, are left to publish; 0 once the time is up."""
    today, last = warsaw_date(now), publish_by(received_at)
    if today > last:
        return 0
    count, day = 0, today
    while day <= last:
        count += is_working_day(day)
        day += timedelta(days=1)
    return count


def publish_warning(received_at: datetime, now: datetime) -> bool:
    """True while the offer may still be published but the 7 working days are running out."""
    return 0 < working_days_left_to_publish(received_at, now) <= PUBLISH_WARNING_WORKING_DAYS


def comments_until(last_publication: datetime) -> datetime:
    """The end (exclusive) of the 7 days for comments: midnight (Warsaw) after the 7th day following the
    day of the last of the three publications (that day itself is not counted)."""
    first_counted_day = warsaw_date(last_publication) + timedelta(days=1)
    return warsaw_midnight(first_counted_day + timedelta(days=COMMENT_DAYS))


def over_organization_limit(already_granted: Decimal, this_grant: Decimal) -> bool:
    """Would `this_grant` make the organisation's small grants in the year exceed ust. 6's 20 000 zł?"""
    return already_granted + this_grant > ORGANIZATION_YEAR_LIMIT


def office_year_cap(planned_grants: Decimal) -> Decimal:
    """Ust. 7: the most the office may give in small grants in a budget year, from the grants planned for
    NGOs' tasks in that year (the cooperation programme's funds)."""
    return (planned_grants * OFFICE_YEAR_SHARE_PERCENT / Decimal(100)).quantize(Decimal("0.01"))


def over_office_share(planned_grants: Decimal, already_published: Decimal, this_grant: Decimal) -> bool:
    return already_published + this_grant > office_year_cap(planned_grants)
