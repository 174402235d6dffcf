"""The plan of the national-scale dataset (`flask demo scale`): which offices, organisations, calls and offers
there will be, on which day each step happens and how each offer fares — a pure function of the sizes, the
seed and the reference day, so the same arguments give the same dataset (grants.demo_scale builds it).

Every random choice comes from a `random.Random` seeded with a string built from the seed and the object's
index (string seeds hash the same way in every Python process), so one call's offers do not depend on how
many calls come before it or on the order the phases run in.
"""

import random
from dataclasses import dataclass, field
from datetime import date, datetime, timedelta

from grants.demo_cycle import warsaw_at, working_day_before
from settlement.calendar import is_working_day

# Spheres of public tasks (art. 4 ust. 1 of the Act) that the scale's programmes prioritise: (programme
# priority code, the call's task type, titles of tasks offices announce in that sphere).
SPHERES = (
    (
        "INT",
        "Działalność na rzecz integracji cudzoziemców",
        ("Kursy języka polskiego dla cudzoziemców", "Punkt informacyjny dla cudzoziemców"),
    ),
    (
        "POM",
        "Pomoc społeczna, w tym pomoc rodzinom i osobom w trudnej sytuacji życiowej",
        ("Wsparcie rodzin w kryzysie", "Świetlice środowiskowe dla dzieci", "Pomoc osobom w kryzysie bezdomności"),
    ),
    ("ZDR", "Ochrona i promocja zdrowia", ("Profilaktyka uzależnień", "Programy zdrowia psychicznego młodzieży")),
    (
        "KUL",
        "Kultura, sztuka, ochrona dóbr kultury i dziedzictwa narodowego",
        ("Festiwal kultury lokalnej", "Warsztaty artystyczne dla dzieci", "Ochrona zabytków"),
    ),
    (
        "SPO",
        "Wspieranie i upowszechnianie kultury fizycznej",
        ("Zajęcia sportowe dla dzieci i młodzieży", "Organizacja imprez sportowych"),
    ),
    (
        "SEN",
        "Działalność na rzecz osób w wieku emerytalnym",
        ("Kluby seniora", "Aktywizacja cyfrowa seniorów"),
    ),
    (
        "NPS",
        "Działalność na rzecz osób niepełnosprawnych",
        ("Asystencja osobista osób z niepełnosprawnościami", "Rehabilitacja społeczna"),
    ),
    ("EKO", "Ekologia i ochrona zwierząt oraz ochrona dziedzictwa przyrodniczego", ("Edukacja ekologiczna",)),
)
_CITY_NAMES = (
    "Warszawa Kraków Łódź Wrocław Poznań Gdańsk Szczecin Bydgoszcz Lublin Białystok Katowice Gdynia Częstochowa "
    "Radom Rzeszów Toruń Sosnowiec Kielce Gliwice Olsztyn Zabrze Bielsko-Biała Bytom Zielona-Góra Rybnik Ruda-Śląska "
    "Opole Tychy Gorzów-Wielkopolski Elbląg Płock Dąbrowa-Górnicza Wałbrzych Włocławek Tarnów Chorzów Koszalin "
    "Kalisz Legnica Grudziądz Jaworzno Słupsk Jastrzębie-Zdrój Nowy-Sącz Jelenia-Góra Siedlce Mysłowice Konin "
    "Piła Piotrków-Trybunalski Inowrocław Lubin Ostrów-Wielkopolski Suwałki Stargard Gniezno Ostrowiec-Świętokrzyski "
    "Siemianowice-Śląskie Głogów Pabianice Leszno Żory Zamość Pruszków Łomża Ełk Tomaszów-Mazowiecki Chełm Mielec "
    "Kędzierzyn-Koźle Przemyśl Stalowa-Wola Tczew Biała-Podlaska Bełchatów Świdnica Będzin Zgierz Piekary-Śląskie"
)
CITIES = tuple(_CITY_NAMES.split())
OFFICE_KINDS = ("Urząd Miasta", "Starostwo Powiatowe w mieście", "Urząd Gminy")

# One call in twenty of each kind after the first three (resolved 15, open 2, under review 1, closed and
# waiting for the office 1, draft 1); the first three are the benchmarks' calls in the first office.
PATTERN = ("closed", "draft", *["resolved"] * 4, "open", *["resolved"] * 4, "under_review", *["resolved"] * 4)
PATTERN += ("open", *["resolved"] * 3)
FIRST_CALLS = ("resolved", "open", "under_review")
BIG_CALLS = (0, 2)  # the ranking and desk benchmarks' calls: ≈ 500 offers, a committee of 7
BIG_CALL_OFFERS = 500
COMMITTEE, BIG_COMMITTEE = 3, 7
SUBMITTING = ("resolved", "under_review", "closed", "open")
REVIEWED = ("resolved", "under_review")
# Offers in open calls still being written; offers a formal check rejects.
DRAFT_SHARE, REJECTED_SHARE = 0.2, 0.08
# The offer's costs (grants.demo.OFFER_BODY with its first line's hours varied): 100 zł an hour, so the grant
# is 100 × hours + 4 020 zł and the administrative costs (1 500 zł) stay within the calls' 10 %.
HOURS = (90, 159)


@dataclass(frozen=True, slots=True)
class OfferPlan:
    organization: int
    hours: int
    quality: float
    moment: datetime  # created, filled in and (unless a draft) submitted at this instant
    submitted: bool
    rejected: bool

    @property
    def grant(self) -> int:
        return 100 * self.hours + 4020


@dataclass(frozen=True, slots=True)
class CallPlan:
    index: int
    office: int
    stage: str
    sphere: int
    topic: str
    form: str
    created: date
    published: date
    deadline: datetime
    task_start: date
    task_end: date
    threshold: int | None
    committee: int
    scored_share: float
    funded_share: float
    offers: tuple[OfferPlan, ...] = field(default=())

    @property
    def deadline_day(self) -> date:
        return self.deadline.date()

    @property
    def review_day(self) -> date:
        return working_day_after(self.deadline_day + timedelta(days=3))

    @property
    def scoring_day(self) -> date:
        return working_day_after(self.deadline_day + timedelta(days=8))

    @property
    def decision_day(self) -> date:
        return working_day_after(self.deadline_day + timedelta(days=14))

    @property
    def budget(self) -> int:
        """Enough for about `funded_share` of the offers at their average request, in whole thousands."""
        requested = sum(offer.grant for offer in self.offers if offer.submitted)
        return max(20_000, -(-int(requested * self.funded_share) // 1000) * 1000)


@dataclass(frozen=True, slots=True)
class Plan:
    offices: int
    organizations: int
    seed: int
    today: date
    calls: tuple[CallPlan, ...]

    @property
    def years(self) -> range:
        """The programmes' years: every year a call's task falls in."""
        years = [c.task_start.year for c in self.calls] or [self.today.year]
        return range(min(years), max(years) + 1)

    def offer_count(self) -> int:
        return sum(len(c.offers) for c in self.calls)


def working_day_after(day: date) -> date:
    while not is_working_day(day):
        day += timedelta(days=1)
    return day


def office_name(index: int) -> tuple[str, str]:
    """(slug, name) of the index-th office: a city and a kind of office, numbered after the first round."""
    city = CITIES[index % len(CITIES)]
    kind = OFFICE_KINDS[(index // len(CITIES)) % len(OFFICE_KINDS)]
    return f"jst-{index + 1:03d}", f"{kind} {city.replace('-', ' ')}"


def _stage(index: int) -> str:
    return FIRST_CALLS[index] if index < len(FIRST_CALLS) else PATTERN[(index - len(FIRST_CALLS)) % len(PATTERN)]


def _office(index: int, offices: int) -> int:
    return 0 if index < len(FIRST_CALLS) else (index - len(FIRST_CALLS)) % offices


def _days(rng: random.Random, stage: str, today: date) -> tuple[date, date]:
    """(created, published) of a call at `stage` on `today`: resolved ones across the last three years."""
    if stage == "resolved":
        published = today - timedelta(days=rng.randint(90, 3 * 365 - 30))
    elif stage == "under_review":
        published = today - timedelta(days=rng.randint(42, 50))
    elif stage == "closed":
        published = today - timedelta(days=rng.randint(30, 34))
    elif stage == "open":
        published = today - timedelta(days=rng.randint(2, 14))
    else:  # a draft is never published; it would be about now
        published = today + timedelta(days=rng.randint(5, 20))
    published = working_day_before(published)
    if stage == "draft":
        return today - timedelta(days=rng.randint(1, 10)), published
    return working_day_before(published - timedelta(days=rng.randint(1, 10))), published


def _deadline(rng: random.Random, stage: str, published: date) -> datetime:
    """At least 21 days after the last publication (art. 13 ust. 1): 22 days or more, on a working day."""
    days = rng.randint(28, 42) if stage in ("open", "draft") else rng.randint(22, 26)
    return warsaw_at(working_day_after(published + timedelta(days=days)), rng.choice((12, 15)), 0)


def _task(rng: random.Random, deadline: datetime) -> tuple[date, date]:
    """Within one calendar year (so the offers need no per-year split of costs), after the decision."""
    start = deadline.date() + timedelta(days=rng.randint(30, 45))
    if start.month == 12 and start.day > 1:
        start = date(start.year + 1, 1, 15)
    end = min(start + timedelta(days=rng.randint(90, 240)), date(start.year, 12, 31))
    return start, end


def _offer_counts(rng: random.Random, stages: list[str], total: int) -> list[int]:
    """`total` offers over the calls that take offers: the benchmark calls ≈ 500 each (a fifth of the total at
    most), the rest by a log-normal spread (many small calls, a few large ones), largest remainder rounding."""
    taking = [i for i, stage in enumerate(stages) if stage in SUBMITTING]
    counts = [0] * len(stages)
    if not taking:
        return counts
    left = total
    for i in BIG_CALLS:
        if i in taking and len(taking) > len(BIG_CALLS):
            counts[i] = min(BIG_CALL_OFFERS, total // 5)
            left -= counts[i]
    rest = [i for i in taking if counts[i] == 0] or taking
    if left >= len(rest):  # every call that takes offers gets one, the rest by weight
        for i in rest:
            counts[i] += 1
        left -= len(rest)
    weights = [rng.lognormvariate(0, 0.9) for _ in rest]
    shares = [left * w / sum(weights) for w in weights]
    floors = [int(s) for s in shares]
    by_remainder = sorted(range(len(rest)), key=lambda k: shares[k] - floors[k], reverse=True)
    for k in by_remainder[: left - sum(floors)]:
        floors[k] += 1
    for i, n in zip(rest, floors, strict=True):
        counts[i] += n
    return counts


def _offers(rng: random.Random, call: CallPlan, count: int, organizations: int, now: datetime) -> tuple:
    opens = warsaw_at(call.published + timedelta(days=1), 8)
    closes = min(call.deadline - timedelta(hours=2), now - timedelta(hours=1))
    span = max(int((closes - opens).total_seconds()), 1)
    moments = sorted(opens + timedelta(seconds=rng.randrange(span)) for _ in range(count))
    chosen = rng.sample(range(organizations), count) if count <= organizations else None
    plans = []
    for n, moment in enumerate(moments):
        submitted = not (call.stage == "open" and rng.random() < DRAFT_SHARE)
        plans.append(
            OfferPlan(
                organization=chosen[n] if chosen else rng.randrange(organizations),
                hours=rng.randint(*HOURS),
                quality=rng.uniform(0.3, 0.95),
                moment=moment.replace(microsecond=0),
                submitted=submitted,
                rejected=submitted and call.stage in REVIEWED and rng.random() < REJECTED_SHARE,
            )
        )
    return tuple(plans)


def make_plan(*, offices: int, calls: int, organizations: int, offers: int, seed: int, today: date, now: datetime):
    """The whole dataset's plan; `today` is the reference day (Warsaw), `now` the instant no step passes."""
    stages = [_stage(i) for i in range(calls)]
    counts = _offer_counts(random.Random(f"{seed}:counts"), stages, offers)
    plans = []
    for i, stage in enumerate(stages):
        rng = random.Random(f"{seed}:call:{i}")
        created, published = _days(rng, stage, today)
        deadline = _deadline(rng, stage, published)
        task_start, task_end = _task(rng, deadline)
        sphere = rng.randrange(len(SPHERES))
        big = i in BIG_CALLS and counts[i] >= 50
        call = CallPlan(
            index=i,
            office=_office(i, offices),
            stage=stage,
            sphere=sphere,
            topic=rng.choice(SPHERES[sphere][2]),
            form="wspieranie" if big or rng.random() < 0.8 else "powierzanie",
            created=created,
            published=published,
            deadline=deadline,
            task_start=task_start,
            task_end=task_end,
            threshold=rng.choice((None, None, 50)),
            committee=BIG_COMMITTEE if big else COMMITTEE,
            scored_share=1.0 if big or stage == "resolved" else rng.choice((0.5, 1.0)),
            funded_share=rng.uniform(0.4, 0.8),
        )
        offers_of_call = _offers(rng, call, counts[i], organizations, now) if counts[i] else ()
        plans.append(CallPlan(**{**_fields(call), "offers": offers_of_call}))
    return Plan(offices=offices, organizations=organizations, seed=seed, today=today, calls=tuple(plans))


def _fields(call: CallPlan) -> dict:
    return {name: getattr(call, name) for name in CallPlan.__slots__}
