"""The demo's small grants (art. 19a) in Opole, each built through the operations people use, on the clock of
the day it would have happened (`clock_at`):

- „Chciej Chcieć”: published two days ago, open for comments, with two comments (one answered by the office);
- Laboratorium Zmiany: submitted and not yet published, its 7 working days nearly run out (the desk warns);
- GEKO-PRO: published three weeks ago, commented on, and accepted after the comments (a contract may follow).
"""

from datetime import date, timedelta

from grants.clock import WARSAW, clock_at, now_utc
from grants.demo_cycle import warsaw_at
from grants.extensions import db
from grants.smallgrants import rules
from grants.smallgrants.operations.comments import add_comment, answer_comment
from grants.smallgrants.operations.decision import decide_small_grant
from grants.smallgrants.operations.drafting import create_small_grant, submit_small_grant
from grants.smallgrants.operations.publication import publish_small_grant
from settlement.calendar import is_working_day


def _content(title: str, start: date, lines: list[tuple[str, str, str, str, str]], **texts) -> dict:
    """The simplified offer (Dz.U. 2018 poz. 2055): lines are (name, unit, quantity, unit cost, grant part)."""
    return {
        "title": title,
        "task_type": "działalność na rzecz integracji cudzoziemców",
        "task_start": start.isoformat(),
        "task_end": (start + timedelta(days=texts.pop("days", 30) - 1)).isoformat(),
        "place": texts.pop("place", "Opole"),
        "summary": texts.pop("summary"),
        "target_group": texts.pop("target_group"),
        "actions": texts.pop("actions"),
        "results": texts.pop("results"),
        "results_table": texts.pop("results_table", []),
        "cost_items": [
            {"name": n, "unit": u, "quantity": q, "unit_cost": c, "grant_part": g} for n, u, q, c, g in lines
        ],
        "own_financial": texts.pop("own_financial", "0.00"),
        "own_non_financial": texts.pop("own_non_financial", "0.00"),
        "other_sources": "0.00",
        "contact": texts.pop("contact"),
        "statements": {"accepted": True},
    }


def _working_days_back(day: date, count: int) -> date:
    while count:
        day -= timedelta(days=1)
        count -= is_working_day(day)
    return day


def _warned_receipt(today: date) -> date:
    """The latest working day before today from which the publication's time is running out (the desk's
    warning, art. 19a ust. 3): about 5 working days ago, whatever day of the week today is."""
    day = today - timedelta(days=1)
    while not (is_working_day(day) and rules.publish_warning(warsaw_at(day, 12), warsaw_at(today, 8))):
        day -= timedelta(days=1)
    return day


def _submitted(person, organization, office, content: dict, day: date, hour: int = 11):
    with clock_at(warsaw_at(day, hour)):
        small_grant = create_small_grant(
            actor=person, office=office, raw={"organization_id": organization.id, **content}
        )
        db.session.flush()
        submit_small_grant(actor=person, small_grant=small_grant)
        db.session.flush()
    return small_grant


def _published(officer, small_grant, day: date, hour: int = 9):
    with clock_at(warsaw_at(day, hour)):
        publish_small_grant(actor=officer, small_grant=small_grant)
        db.session.flush()


def _comment(small_grant, author: str, text: str, moment, *, officer=None, answer: str | None = None):
    with clock_at(moment):
        comment = add_comment(small_grant=small_grant, raw={"author": author, "text": text}, client_address=None)
        db.session.flush()
    if answer:
        with clock_at(moment + timedelta(hours=3)):
            answer_comment(actor=officer, small_grant=small_grant, comment=comment, raw={"text": answer})
            db.session.flush()
    return comment


def load_small_grants(*, officer, office, people, organizations) -> dict:
    """The three small grants of Opole; {name: SmallGrant}."""
    today = now_utc().astimezone(WARSAW).date()
    task_start = today + timedelta(days=45)
    chciej, lab, geko = "chciej@ngo.example", "labzmiany@ngo.example", "geko-pro@ngo.example"

    # Open for comments: submitted four working days ago, published two days ago.
    open_one = _submitted(
        people[chciej],
        organizations[chciej],
        office,
        _content(
            "Sąsiedzkie warsztaty kulinarne „Smaki Opola i Lwowa”",
            task_start,
            [
                ("Produkty spożywcze", "komplet", "4", "600.00", "2400.00"),
                ("Prowadzenie warsztatów", "godz.", "16", "150.00", "2400.00"),
                ("Wydruk zeszytu przepisów", "egz.", "100", "12.00", "1200.00"),
            ],
            summary="Cztery warsztaty kulinarne, na których mieszkańcy Zaodrza i rodziny z Ukrainy gotują razem.",
            target_group="40 mieszkańców Zaodrza, w tym 20 osób z Ukrainy.",
            actions="Zakup produktów, cztery warsztaty w soboty, spotkanie podsumowujące, zeszyt przepisów.",
            results="40 uczestników, 4 warsztaty, 100 zeszytów przepisów po polsku i ukraińsku.",
            results_table=[{"result": "Uczestnicy", "planned_level": "40 osób", "verification": "Listy obecności"}],
            own_non_financial="800.00",
            contact={"full_name": "Tomasz Lewandowski", "phone": "+48 600 200 300", "email": "chciej@ngo.example"},
        ),
        _working_days_back(today, 4),
    )
    _published(officer, open_one, today - timedelta(days=2))
    first_day = warsaw_at(today - timedelta(days=1), 18)
    _comment(
        open_one,
        "Rada Osiedla Zaodrze",
        "Popieramy. Czy warsztaty mogą się odbyć w świetlicy osiedlowej? Udostępnimy ją bezpłatnie.",
        first_day,
        officer=officer,
        answer="Dziękujemy — organizacja wpisze świetlicę jako miejsce realizacji w umowie.",
    )
    _comment(
        open_one,
        "Anna K.",
        "Proszę o zajęcia także w niedziele, bo w soboty wiele osób pracuje.",
        warsaw_at(today - timedelta(days=1), 20, 30),
    )

    # Waiting for publication, the 7 working days running out (the warning on the desk).
    waiting = _submitted(
        people[lab],
        organizations[lab],
        office,
        _content(
            "Klub rozmów po polsku dla dorosłych cudzoziemców",
            task_start + timedelta(days=14),
            [
                ("Prowadzenie spotkań", "godz.", "40", "120.00", "4800.00"),
                ("Materiały", "komplet", "1", "700.00", "700.00"),
            ],
            summary="Cotygodniowe spotkania konwersacyjne dla dorosłych cudzoziemców uczących się polskiego.",
            target_group="25 dorosłych cudzoziemców mieszkających w Opolu.",
            actions="Dwanaście spotkań, materiały do nauki, test na koniec.",
            results="25 uczestników, 12 spotkań, 20 osób poprawia wynik testu.",
            contact={"full_name": "Marta Zielińska", "phone": "+48 600 300 400", "email": "labzmiany@ngo.example"},
            days=60,
        ),
        _warned_receipt(today),
    )

    # Accepted after its comments: received a month ago, published within the 7 working days.
    received = _working_days_back(today, 22)
    accepted = _submitted(
        people[geko],
        organizations[geko],
        office,
        _content(
            "Dzień Kultury Ukraińskiej na Placu Wolności",
            task_start + timedelta(days=7),
            [
                ("Scena i nagłośnienie", "komplet", "1", "3500.00", "3500.00"),
                ("Honoraria artystów", "występ", "4", "1000.00", "4000.00"),
                ("Promocja", "komplet", "1", "800.00", "500.00"),
            ],
            summary="Plenerowy dzień kultury ukraińskiej: koncerty, warsztaty rękodzieła, kuchnia.",
            target_group="Mieszkańcy Opola, około 600 osób.",
            actions="Przygotowanie sceny, cztery występy, warsztaty rękodzieła, promocja.",
            results="600 uczestników, 4 występy, 3 warsztaty.",
            own_financial="300.00",
            place="Opole, Plac Wolności",
            contact={"full_name": "Olena Kovalenko", "phone": "+48 600 400 500", "email": "geko-pro@ngo.example"},
            days=1,
        ),
        received,
    )
    published_on = _working_days_back(today, 18)
    _published(officer, accepted, published_on)
    _comment(
        accepted,
        "Jan Sąsiad",
        "Świetny pomysł, prosimy o toalety dostępne dla osób z niepełnosprawnościami.",
        warsaw_at(published_on + timedelta(days=2), 10),
        officer=officer,
        answer="Organizacja zapewni dwie toalety dostosowane do potrzeb osób z niepełnosprawnościami.",
    )
    with clock_at(accepted.comments_until + timedelta(days=1, hours=9)):
        decide_small_grant(actor=officer, small_grant=accepted, raw={"outcome": "accepted"})
        db.session.flush()
    return {"open": open_one, "waiting": waiting, "accepted": accepted}
