"""The demo's programme year in Opole (art. 5 ust. 5 and art. 5a of the Act), built through the operations
people use, each step on the clock of the day it would have happened (`clock_at`):

- the programme for the demo year: consulted with NGOs (two comments, each answered, the consultation's report)
  and adopted by the council before 30 November of the year before (a resolution numbered as Opole numbers
  them, e.g. XX/345/25);
- the programme for the year after: a draft open for consultation today (the NGO dashboard lists it).
"""

from datetime import date, timedelta

from grants.calls.models import Programme
from grants.calls.operations import create_programme
from grants.clock import WARSAW, clock_at, now_utc
from grants.demo_cycle import warsaw_at
from grants.extensions import db
from grants.programmes import operations, rules
from grants.programmes.queries import programme_year

CHANNELS = ["bip", "website", "noticeboard", "meeting", "rdpp"]
COMMENTS = (
    (
        "geko-pro@ngo.example",
        "Proponujemy dopisać do priorytetu INT zadanie: asystenci międzykulturowi w przychodniach, "
        "z dyżurami w języku ukraińskim.",
        "Uwzględniono: zadanie dopisano do priorytetu INT w § 6 programu.",
        "accepted",
    ),
    (
        "labzmiany@ngo.example",
        "Wnosimy o zwiększenie środków na priorytet KUL o 100 000 zł kosztem priorytetu POM.",
        "Nie uwzględniono: środki na pomoc społeczną wynikają z zadań ustawowych gminy; wysokość środków na "
        "kulturę pozostaje bez zmian.",
        "rejected",
    ),
)
REPORT = (
    "Konsultacje projektu programu przeprowadzono w formie pisemnych uwag (BIP, strona internetowa, tablica "
    "ogłoszeń), otwartego spotkania konsultacyjnego i opinii Opolskiej Rady Działalności Pożytku Publicznego. "
    "Wpłynęły 2 uwagi od 2 organizacji: 1 uwzględniono, 1 nie uwzględniono. Rada wydała opinię pozytywną."
)


def adoption_day(programme_year_number: int, today: date) -> date:
    """A few days before the statutory 30 November (art. 5a ust. 1), and never later than yesterday."""
    return min(rules.adoption_deadline(programme_year_number) - timedelta(days=4), today - timedelta(days=1))


def load_programme_year(*, officer, people: dict, year: int) -> None:
    today = now_utc().astimezone(WARSAW).date()
    programme = db.session.scalar(
        db.select(Programme).where(Programme.office_id == officer.office_id, Programme.year == year)
    )
    _consulted_and_adopted(officer, people, programme, today)
    _next_year_in_consultation(officer, programme, today)


def _consulted_and_adopted(officer, people: dict, programme: Programme, today: date) -> None:
    adopted_on = adoption_day(programme.year, today)
    starts_on, ends_on = adopted_on - timedelta(days=45), adopted_on - timedelta(days=25)
    year = programme_year(programme)
    opened = warsaw_at(starts_on - timedelta(days=3), 10)
    with clock_at(opened):
        raw = {"starts_on": starts_on, "ends_on": ends_on, "channels": CHANNELS}
        operations.open_consultation(actor=officer, year=year, raw=raw, now=opened)
    comments = []
    for offset, (email, text, _answer, _outcome) in enumerate(COMMENTS):
        moment = warsaw_at(starts_on + timedelta(days=5 + 7 * offset), 14)
        with clock_at(moment):
            comments.append(operations.add_comment(actor=people[email], year=year, raw={"text": text}, now=moment))
    answered = warsaw_at(ends_on + timedelta(days=2), 11)
    with clock_at(answered):
        for comment, (_email, _text, answer, outcome) in zip(comments, COMMENTS, strict=True):
            raw = {"answer": answer, "outcome": outcome}
            operations.answer_comment(actor=officer, year=year, comment=comment, raw=raw, now=answered)
    reported = warsaw_at(ends_on + timedelta(days=4), 12)
    with clock_at(reported):
        operations.publish_consultation_report(actor=officer, year=year, raw={"text": REPORT}, now=reported)
    recorded = warsaw_at(adopted_on, 15)  # the resolution's own day: adopted_on is yesterday at the latest
    with clock_at(recorded):
        number = f"XX/{345 + programme.year % 10}/{adopted_on.year % 100:02d}"
        raw = {"resolution_number": number, "adopted_on": adopted_on}
        operations.adopt(actor=officer, year=year, raw=raw, now=recorded)


def _next_year_in_consultation(officer, programme: Programme, today: date) -> None:
    created = warsaw_at(today - timedelta(days=4), 9)
    with clock_at(created):
        following = create_programme(
            actor=officer,
            raw={
                "year": programme.year + 1,
                "title": programme.title.replace(str(programme.year), str(programme.year + 1)),
                "priorities": [{"code": p.code, "name": p.name, "budget": str(p.budget)} for p in programme.priorities],
            },
        )
        db.session.flush()
    opened = warsaw_at(today - timedelta(days=3), 10)
    with clock_at(opened):
        raw = {"starts_on": today - timedelta(days=2), "ends_on": today + timedelta(days=19), "channels": CHANNELS}
        operations.open_consultation(actor=officer, year=programme_year(following), raw=raw, now=opened)
