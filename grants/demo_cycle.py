"""The demo's finished cycle: a call whose task ended about two months ago, run through the same operations
people use — announcement, offers, formal check, committee, scores, decision, results — each step on the
clock of the day it would have happened (`grants.clock.clock_at`), so dates, audit entries and deadlines
read as in a real office."""

from datetime import date, datetime, time, timedelta

from grants.calls.operations import create_call, publish_call
from grants.clock import WARSAW, clock_at, now_utc
from grants.extensions import db
from grants.offers.operations import create_offer, submit_offer, update_offer
from grants.review.operations import (
    appoint_committee,
    assign_offers,
    close_evaluation,
    declare,
    publish_formal_list,
    publish_results,
    record_decision,
    record_formal_review,
    save_score,
)
from grants.review.rules import DEFAULT_CHECKLIST
from settlement.calendar import is_working_day

# The committee's points per offeror (criteria of art. 15 ust. 1 for wspieranie; max 20/20/30/10/10/10).
SCORES = {
    "geko-pro@ngo.example": {
        "ability": 18,
        "costs": 17,
        "quality": 27,
        "own_funds": 8,
        "non_financial": 8,
        "track_record": 9,
    },
    "chciej@ngo.example": {
        "ability": 16,
        "costs": 16,
        "quality": 24,
        "own_funds": 7,
        "non_financial": 9,
        "track_record": 8,
    },
    "labzmiany@ngo.example": {
        "ability": 12,
        "costs": 14,
        "quality": 20,
        "own_funds": 6,
        "non_financial": 5,
        "track_record": 6,
    },
}
FUNDED = ("geko-pro@ngo.example", "chciej@ngo.example")


def warsaw_at(day: date, hour: int, minute: int = 0) -> datetime:
    return datetime.combine(day, time(hour, minute), tzinfo=WARSAW)


def cycle_dates(today: date) -> dict[str, date]:
    """The finished cycle's calendar: the task ended 75 days before `today`, within one calendar year (so
    the offers need no per-year split of costs), and everything else placed before it as an office would."""
    task_end = today - timedelta(days=75)
    task_start = max(date(task_end.year, 1, 2), task_end - timedelta(days=240))
    office_days = {
        "published": 75,
        "submitted": 50,
        "deadline": 45,
        "reviewed": 40,
        "scored": 35,
        "decided": 30,
        "selection": 25,
    }
    dates = {step: working_day_before(task_start - timedelta(days=n)) for step, n in office_days.items()}
    return {**dates, "task_start": task_start, "task_end": task_end}


def working_day_before(day: date) -> date:
    """The office works on working days: a step that would fall on a holiday happens the day before."""
    while not is_working_day(day):
        day -= timedelta(days=1)
    return day


def _call_raw(dates: dict[str, date]) -> dict:
    year = dates["task_start"].year
    return {
        "title": f"Punkt informacyjny i kursy języka polskiego dla cudzoziemców w Opolu w {year} roku",
        "task_type": "Działalność na rzecz integracji cudzoziemców",
        "programme_priority": "INT",
        "form": "wspieranie",
        "description": "Dyżury informacyjne w językach polskim, ukraińskim, rosyjskim i angielskim oraz kursy języka "
        "polskiego A1 i A2 (por. seed 001: Centrum Integracji Cudzoziemców).",
        "budget_total": "40000.00",
        "grant_max": "20000.00",
        "own_contribution_min_percent": "5.00",
        "admin_costs_max_percent": "10.00",
        "task_start": dates["task_start"].isoformat(),
        "task_end": dates["task_end"].isoformat(),
        "submission_deadline": warsaw_at(dates["deadline"], 15, 30).isoformat(),
        "selection_deadline": dates["selection"].isoformat(),
        "cost_shift_tolerance_percent": "10.00",
    }


def load_finished_cycle(*, officer, evaluators, people, organizations, offer_content) -> dict:
    """Build the cycle up to the published results; returns {"call": …, "offers": {e-mail: offer}}."""
    dates = cycle_dates(now_utc().astimezone(WARSAW).date())
    with clock_at(warsaw_at(dates["published"], 9)):
        call = create_call(actor=officer, raw=_call_raw(dates))
        publish_call(
            actor=officer,
            call=call,
            publications_raw=[
                {"channel": channel, "published_at": warsaw_at(dates["published"], 8).isoformat()}
                for channel in ("bip", "noticeboard", "website")
            ],
        )
        db.session.flush()
    offers = {}
    with clock_at(warsaw_at(dates["submitted"], 11)):
        for email in SCORES:
            person, organization = people[email], organizations[email]
            offer = create_offer(actor=person, call=call, raw={"organization_id": organization.id, "title": "Oferta"})
            content = offer_content(
                f"Informacja i nauka języka — {organization.name}",
                dates["task_start"].isoformat(),
                dates["task_end"].isoformat(),
            )
            update_offer(actor=person, offer=offer, raw=content)
            submit_offer(actor=person, offer=offer, receipt=now_utc())
            offers[email] = offer
        db.session.flush()
    _review(officer, evaluators, call, offers, dates)
    return {"call": call, "offers": offers, "dates": dates}


def _review(officer, evaluators, call, offers, dates) -> None:
    checklist = {item.code: True for item in DEFAULT_CHECKLIST}
    with clock_at(warsaw_at(dates["reviewed"], 10)):
        for offer in offers.values():
            record_formal_review(actor=officer, offer=offer, raw={"outcome": "accepted", "checklist": checklist})
        publish_formal_list(actor=officer, call=call)  # the public list of formal outcomes, as offices do
        chair, member = evaluators
        appoint_committee(
            actor=officer,
            call=call,
            raw={"members": [{"user_id": chair.id, "role": "chair"}, {"user_id": member.id, "role": "member"}]},
        )
        assign_offers(actor=officer, call=call, raw={"mode": "all"})
        for user in evaluators:
            for offer in offers.values():
                declare(actor=user, call=call, raw={"offer_id": offer.id, "impartial": True})
        db.session.flush()
    with clock_at(warsaw_at(dates["scored"], 12)):
        for email, offer in offers.items():
            for user in evaluators:
                points = SCORES[email]
                save_score(
                    actor=user,
                    offer=offer,
                    raw={
                        "scores": points,
                        "justifications": dict.fromkeys(points, "Ocena zgodna z opisem w ofercie."),
                        "final": True,
                    },
                )
        db.session.flush()
        close_evaluation(actor=evaluators[0], call=call)  # the chair closes it once every sheet is final
        db.session.flush()
    with clock_at(warsaw_at(dates["decided"], 10)):
        record_decision(
            actor=officer,
            call=call,
            raw={
                "awards": [
                    {"offer_id": offers[email].id, "amount": str(offers[email].current_version.requested_grant)}
                    for email in FUNDED
                ],
                "not_funded": [
                    {"offer_id": offer.id, "reason": "Wyczerpanie środków przeznaczonych na konkurs."}
                    for email, offer in offers.items()
                    if email not in FUNDED
                ],
            },
        )
        db.session.flush()
        publish_results(actor=officer, call=call, raw={})
        db.session.flush()
