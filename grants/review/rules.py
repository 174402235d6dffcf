"""The review's numbers and defaults as functions of dates, plain data and the configuration (no database, no
request)."""

from dataclasses import dataclass
from datetime import datetime, timedelta

from flask import current_app
from flask_babel import gettext as _

from grants.calls.rules import add_working_days, next_working_day
from grants.clock import warsaw_date, warsaw_midnight
from grants.errors import Conflict
from grants.formatting import datetime_pl
from grants.i18n import lazy_gettext as _l
from settlement.calendar import next_working_day_if_free

# art. 15 ust. 2i: anyone may demand the justification of the choice or rejection of an offer within
# 30 days of the announcement of the results.
JUSTIFICATION_DAYS = 30


@dataclass(frozen=True)
class ChecklistItem:
    code: str
    label: str
    correctable: bool


# Practice defaults of a formal check card (ocena formalna; domain digest §1.5, §3.3). The Act has no formal
# stage, so the call's announcement decides; these are what most Polish offices use. Defects that cannot be
# corrected (a late offer, the wrong form, an ineligible entity, no statutory activity in the field) mean
# rejection; the others may be corrected within the call's `correction_days`.
DEFAULT_CHECKLIST: tuple[ChecklistItem, ...] = (
    ChecklistItem("on_time", _l("Oferta złożona w terminie określonym w ogłoszeniu"), False),
    ChecklistItem("correct_form", _l("Oferta złożona na właściwym formularzu (wzór z Dz.U. 2018 poz. 2057)"), False),
    ChecklistItem("eligible_entity", _l("Oferent jest uprawniony do złożenia oferty (art. 3 ust. 2–3 ustawy)"), False),
    ChecklistItem("statutory_activity", _l("Działalność statutowa oferenta obejmuje dziedzinę zadania"), False),
    ChecklistItem(
        "confirmation_received", _l("Wpłynęło podpisane potwierdzenie złożenia oferty z tą samą sumą kontrolną"), True
    ),
    ChecklistItem("attachments", _l("Dołączono wymagane załączniki"), True),
    ChecklistItem("arithmetic", _l("Kalkulacja kosztów jest poprawna rachunkowo"), True),
)


def contradicted_items(checklist: dict, known: dict) -> list[str]:
    """The items ticked as met although OKO recorded the opposite (`known[code] is False`: no signed
    confirmation on record). Ticking one is the officer's override of a recorded fact: it needs a note and
    is audited (grants.review.operations.formal)."""
    return [code for code, met in checklist.items() if met is True and known.get(code) is False]


def require_evaluation_open(closure) -> None:
    """Once the committee's evaluation is closed (`closure`: the call's EvaluationClosure, or None) its scores
    are what the committee's opinion rests on: no sheet is saved, finalised or reopened (409)."""
    if closure is not None:
        raise Conflict(
            _(
                "Ocena komisji została zamknięta %(when)s (%(who)s); kart oceny nie można już zapisywać ani "
                "otwierać ponownie.",
                when=datetime_pl(closure.closed_at),
                who=closure.closed_by.full_name if closure.closed_by else "—",
            ),
            code="evaluation_closed",
        )


def correction_deadline(requested_at: datetime, working_days: int) -> datetime:
    """The instant (exclusive, UTC) a correction must arrive by: the end of the `working_days`-th working day
    (Polish calendar: weekends and public holidays skipped) after the day of the request, Warsaw time."""
    last_day = add_working_days(warsaw_date(requested_at), max(working_days, 1))
    return warsaw_midnight(last_day + timedelta(days=1))


def justification_deadline(published_at: datetime) -> datetime:
    """The instant (exclusive, UTC) the 30 days of art. 15 ust. 2i end. The day of the publication is not
    counted (KC art. 111 § 2, as for art. 13 ust. 1), and a term ending on a Saturday or a public holiday
    ends on the next working day (KC art. 115) — the reading most favourable to the person asking."""
    last_day = next_working_day(warsaw_date(published_at) + timedelta(days=JUSTIFICATION_DAYS))
    return warsaw_midnight(last_day + timedelta(days=1))


def update_last_day(granted_at: datetime, days: int):
    """The last day (Warsaw) of the window for the update (aktualizacja) of an offer awarded less than it asked
    for (Annex 1/3 of Dz.U. 2018 poz. 2057: the offeror updates the schedule and the cost estimate to the
    grant; the window is the call's `update_days`, in practice 7). The day of the results (or of the new
    award) is not counted (KC art. 111 § 2); a term ending on a Saturday, a Sunday or a holiday ends on the
    next working day (KC art. 115)."""
    return next_working_day_if_free(warsaw_date(granted_at) + timedelta(days=days))


def update_closes_at(granted_at: datetime, days: int) -> datetime:
    """The instant (exclusive, UTC) the update window closes: midnight after its last day, Warsaw time."""
    return warsaw_midnight(update_last_day(granted_at, days) + timedelta(days=1))


def default_tie_break(criterion_codes) -> list[list]:
    """The default ladder after the score: quality (art. 15 ust. 1 pkt 3) if the call has it, then the lower
    requested grant (more offers fit in the money); offer id closes every ladder (`scoring.ranking`)."""
    ladder: list[list] = []
    if "quality" in criterion_codes:
        ladder.append(["criterion", "quality"])
    ladder.append(["lower_requested"])
    return ladder


def public_write_limit() -> str:
    """How often one client may send a justification request, page or API (flask-limiter's syntax)."""
    return current_app.config.get("RATELIMIT_PUBLIC_WRITE", "20 per hour")
