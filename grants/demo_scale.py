"""The national-scale dataset (`flask demo scale`, issue 13): hundreds of offices, thousands of calls and
organisations, a hundred thousand offers over the last three years — each step on the clock of the day it
would have happened (`grants.clock.clock_at`), every row what the application writes: audit entries, frozen
versions with control sums, queued confirmations, formal reviews, declarations, score sheets, decisions,
published results, contracts and small grants. People, programmes, calls, committees, decisions, results,
contracts and small grants go through their operations; the four acts repeated hundreds of thousands of times
(an offer's creation, filling in and submission, the formal check, a member's declaration for the call, a final
score sheet) are written a call at a time by `grants.demo_scale_bulk`, row for row what their operations write
(tests/test_demo_scale_bulk.py); `through_operations` sends them through the operations too.

The plan (who, what, when, how each offer fares) is `grants.demo_scale_plan`, a pure function of the sizes and
the seed; the phases are here (people and organisations), in `grants.demo_scale_calls` (programmes, calls,
offers) and in `grants.demo_scale_review` (review, results, contracts, small grants).

Three shortcuts for sheer volume, none of which changes what the operations write about grants:

- **E-mail**: the run's jobs are queued as the operations queue them, but not dispatched while it runs
  (a hold dispatcher); at the end they are recorded as the job runner records them once done (job
  `finished`, the message's `sent_at` = its creation), without writing 200 000 .eml files. A later
  `flask jobs sweep` therefore sends nothing of the past.
- **Passwords**: accounts are created with cheap argon2 parameters; at the end every account of the run gets
  one hash, with the library's default parameters, of `SCALE_PASSWORD` (what `hash_password` writes).
- **Commits** are per call (per few hundred rows of people), not per request: each operation still flushes,
  audits and checks exactly as in a request. The session keeps its objects loaded across those commits
  (`expire_on_commit` off for the run): the next call's operations would otherwise load the same officer,
  committee and offers again; the operations' own conditional UPDATEs refresh what they change.
"""

import time
from collections.abc import Callable
from dataclasses import dataclass, field

from argon2 import PasswordHasher
from flask import current_app

from grants.auth.models import User
from grants.auth.operations import create_staff_user, register_ngo_user
from grants.clock import WARSAW, clock_at, now_utc
from grants.contracts.operations.rates import seed_rates
from grants.demo_cycle import warsaw_at
from grants.demo_scale_plan import BIG_COMMITTEE, COMMITTEE, Plan, make_plan, office_name
from grants.errors import Conflict
from grants.extensions import db
from grants.jobs.models import Job, JobStatus
from grants.mail import OutboundMail
from grants.offices.models import Office
from grants.offices.operations import create_office, update_contract_settings
from grants.organizations.operations import create_organization

SCALE_PASSWORD = "oko-scale-2027"
CHEAP_ARGON2 = {"time_cost": 1, "memory_cost": 1024, "parallelism": 1}
PEOPLE_BATCH = 250
STREETS = ("ul. Polna", "ul. Lipowa", "ul. Szkolna", "ul. Ogrodowa", "ul. Leśna", "ul. Łąkowa", "ul. Słoneczna")
LEGAL_FORMS = ("stowarzyszenie", "stowarzyszenie", "fundacja")


@dataclass
class World:
    """Ids of what the phases built, by the plan's indexes (objects are loaded again after each commit)."""

    plan: Plan
    through_operations: bool = False  # every act through its operation (slow; the bulk writers' reference)
    offices: list[int] = field(default_factory=list)
    officers: list[int] = field(default_factory=list)
    evaluators: list[list[int]] = field(default_factory=list)
    people: list[int] = field(default_factory=list)
    organizations: list[int] = field(default_factory=list)
    calls: dict[int, int] = field(default_factory=dict)
    offers: dict[int, list[int]] = field(default_factory=dict)
    funded: dict[int, list[int]] = field(default_factory=dict)

    def user(self, user_id: int) -> User:
        return db.session.get(User, user_id)


class Progress:
    """One line per phase: what it made, how long it took, the run's total so far."""

    def __init__(self, echo: Callable[[str], None]):
        self.echo, self.started = echo, time.perf_counter()
        self.phases: list[tuple[str, int, float, float]] = []

    def run(self, name: str, phase: Callable[[], int]) -> int:
        started, cpu = time.perf_counter(), time.process_time()
        count = phase()
        db.session.commit()
        elapsed, cpu = time.perf_counter() - started, time.process_time() - cpu
        self.phases.append((name, count, elapsed, cpu))
        # This process's CPU time beside the wall clock: on a shared machine the wall clock measures the others too.
        self.echo(
            f"{name:<22} {count:>8}  {elapsed:8.1f} s  cpu {cpu:7.1f} s   "
            f"(total {time.perf_counter() - self.started:7.1f} s)"
        )
        return count

    def note(self, text: str) -> None:
        self.echo(f"  … {text}  ({time.perf_counter() - self.started:7.1f} s)")


class HoldDispatcher:
    """Jobs committed during the run stay queued (see the module's docstring)."""

    def dispatch(self, job_ids, *, light=frozenset()):
        """Nothing is sent during the run: `build_scale` records the held jobs as done when it ends."""


def build_scale(
    *,
    offices: int,
    calls: int,
    organizations: int,
    offers: int,
    seed: int,
    year: int | None = None,
    through_operations: bool = False,
    echo=print,
) -> Plan:
    """Build the dataset into the current database; returns its plan. Refuses a database that already has it."""
    # Deferred: the calls' and the review's phases import the offer and review operations, which import this
    # module's callers' world only through the World object handed to them.
    from grants.demo_scale_calls import build_calls, build_offers, build_programmes
    from grants.demo_scale_review import (
        build_committees,
        build_contracts,
        build_decisions,
        build_formal_reviews,
        build_scores,
        build_small_grants,
    )

    if db.session.scalar(db.select(Office.id).where(Office.slug == office_name(0)[0])):
        raise Conflict(f"the scale dataset is already here (office {office_name(0)[0]})", code="scale_exists")
    now = now_utc()
    today = now.astimezone(WARSAW).date()
    if year is not None and year < today.year:
        today = today.replace(year=year, month=12, day=1)
        now = warsaw_at(today, 12)
    plan = make_plan(
        offices=offices, calls=calls, organizations=organizations, offers=offers, seed=seed, today=today, now=now
    )
    world = World(plan=plan, through_operations=through_operations)
    app = current_app._get_current_object()
    saved = app.extensions["oko_jobs"], app.config.get("ARGON2_PARAMS")
    app.extensions["oko_jobs"], app.config["ARGON2_PARAMS"] = HoldDispatcher(), CHEAP_ARGON2
    first_job = (db.session.scalar(db.select(db.func.max(Job.id))) or 0) + 1
    first_mail = (db.session.scalar(db.select(db.func.max(OutboundMail.id))) or 0) + 1
    first_user = (db.session.scalar(db.select(db.func.max(User.id))) or 0) + 1
    progress = Progress(echo)
    session = db.session()
    expiring, session.expire_on_commit = session.expire_on_commit, False
    echo(
        f"scale dataset, seed {seed}, reference day {today}: {offices} offices, {calls} calls, "
        f"{organizations} organisations, {plan.offer_count()} offers"
    )
    try:
        progress.run("offices and staff", lambda: _offices(world))
        progress.run("organisations", lambda: _organizations(world, progress))
        progress.run("programmes", lambda: build_programmes(world))
        progress.run("calls", lambda: build_calls(world))
        progress.run("offers", lambda: build_offers(world, progress))
        progress.run("formal reviews", lambda: build_formal_reviews(world, progress))
        progress.run("committees", lambda: build_committees(world, progress))
        progress.run("score sheets", lambda: build_scores(world, progress))
        progress.run("decisions and results", lambda: build_decisions(world, progress))
        progress.run("contracts", lambda: build_contracts(world, progress))
        progress.run("small grants", lambda: build_small_grants(world))
        progress.run("finishing", lambda: _finish(first_job, first_mail, first_user))
    finally:
        session.expire_on_commit = expiring
        app.extensions["oko_jobs"] = saved[0]
        if saved[1] is None:
            app.config.pop("ARGON2_PARAMS", None)
        else:
            app.config["ARGON2_PARAMS"] = saved[1]
    echo(f"done in {time.perf_counter() - progress.started:.1f} s; every account's password: {SCALE_PASSWORD}")
    return plan


# ---------------------------------------------------------------- offices, staff, organisations


def _offices(world: World) -> int:
    seed_rates()  # the interest on late returns (ufp art. 251 ust. 5) needs the rate table
    made = 0
    for i in range(world.plan.offices):
        slug, name = office_name(i)
        city = name.split(" ", 2)[-1] if name.startswith("Urząd") else name.rsplit(" ", 1)[-1]
        moment = warsaw_at(world.plan.today.replace(year=world.plan.today.year - 4, month=1, day=2), 9)
        with clock_at(moment):
            office = create_office(slug=slug, name=name, parent_body=f"Organ wykonawczy: {city}", case_sign="OKO")
            officer = create_staff_user(
                actor=None,
                email=f"referat@{slug}.example",
                password=SCALE_PASSWORD,
                full_name=f"Urzędnik {slug}",
                role="officer",
                office=office,
            )
            update_contract_settings(
                actor=officer,
                office=office,
                raw={
                    "contract_number_pattern": office.contract_number_pattern,
                    "representatives": [{"full_name": f"Prezydent {slug}", "function": "Organ wykonawczy"}],
                    "treasurer": f"Skarbnik {slug}",
                    "contract_place": city,
                    "bank_account": bank_account(900_000 + i),
                },
            )
            evaluators = [
                create_staff_user(
                    actor=officer,
                    email=f"komisja{k + 1}@{slug}.example",
                    password=SCALE_PASSWORD,
                    full_name=f"Członek komisji {k + 1} ({slug})",
                    role="evaluator",
                    office=office,
                ).id
                for k in range(BIG_COMMITTEE if i == 0 else COMMITTEE)
            ]
        world.offices.append(office.id)
        world.officers.append(officer.id)
        world.evaluators.append(evaluators)
        made += 1
        if made % PEOPLE_BATCH == 0:
            db.session.commit()
    return made


def _organizations(world: World, progress: Progress) -> int:
    moment = warsaw_at(world.plan.today.replace(year=world.plan.today.year - 4, month=2, day=1), 10)
    with clock_at(moment):
        for g in range(world.plan.organizations):
            person = register_ngo_user(
                email=f"ngo{g + 1}@scale.example",
                password=SCALE_PASSWORD,
                full_name=f"Osoba z organizacji nr {g + 1}",
                verified=True,
            )
            organization = create_organization(actor=person, raw=organization_profile(g))
            world.people.append(person.id)
            world.organizations.append(organization.id)
            if (g + 1) % PEOPLE_BATCH == 0:
                db.session.commit()
            if (g + 1) % 1000 == 0:
                progress.note(f"{g + 1} organisations")
    return world.plan.organizations


def organization_profile(g: int) -> dict:
    """A complete, checksum-valid profile, unique per index (NIP, REGON, KRS, account)."""
    legal_form = LEGAL_FORMS[g % len(LEGAL_FORMS)]
    kind = {"fundacja": "Fundacja", "stowarzyszenie": "Stowarzyszenie"}[legal_form]
    city = CITY_OF_ORGANIZATION[g % len(CITY_OF_ORGANIZATION)]
    return {
        "name": f"{kind} Inicjatyw Lokalnych nr {g + 1}",
        "legal_form": legal_form,
        "krs": f"{900_000_000 + g:010d}",
        "nip": nip(g),
        "regon": regon(g),
        "email": f"biuro{g + 1}@scale.example",
        "address": {"street": f"{STREETS[g % len(STREETS)]} {g % 90 + 1}", "postal_code": "00-950", "city": city},
        "bank_account": bank_account(g),
        "representatives": [{"full_name": f"Prezes nr {g + 1}", "function": "prezes zarządu"}],
        "representation_rule": "Prezes zarządu samodzielnie.",
    }


CITY_OF_ORGANIZATION = ("Warszawa", "Kraków", "Łódź", "Wrocław", "Poznań", "Gdańsk", "Lublin", "Opole")


def nip(g: int) -> str:
    """Weights 6 5 7 2 3 4 5 6 7, modulo 11; a number whose check would be 10 does not exist, the next is taken."""
    for candidate in range(520_000_000 + 11 * g, 520_000_000 + 11 * g + 11):
        digits = [int(d) for d in str(candidate)]
        check = sum(w * d for w, d in zip((6, 5, 7, 2, 3, 4, 5, 6, 7), digits, strict=True)) % 11
        if check != 10:
            return f"{candidate}{check}"
    raise AssertionError("one of eleven consecutive numbers has a check digit")


def regon(g: int) -> str:
    """Nine digits: weights 8 9 2 3 4 5 6 7, modulo 11, 10 read as 0."""
    base = f"{30_000_000 + g:08d}"
    check = sum(w * int(d) for w, d in zip((8, 9, 2, 3, 4, 5, 6, 7), base, strict=True)) % 11
    return f"{base}{check % 10}"


def bank_account(g: int) -> str:
    """An NRB: the IBAN's two check digits (ISO 13616, mod 97) and 24 digits of a bank's number and account."""
    bban = f"10901014{g:016d}"
    check = 98 - int(f"{bban}252100") % 97
    return f"{check:02d}{bban}"


# ---------------------------------------------------------------- after the run


def _finish(first_job: int, first_mail: int, first_user: int) -> int:
    """The shortcuts undone (see the module's docstring): the run's e-mail recorded as sent, the accounts'
    passwords hashed with the default parameters, the planner's statistics after the bulk load."""
    sent = db.session.execute(
        db.update(OutboundMail)
        .where(OutboundMail.id >= first_mail, OutboundMail.sent_at.is_(None))
        .values(sent_at=OutboundMail.created_at)
        .execution_options(synchronize_session=False)
    ).rowcount
    db.session.execute(
        db.update(Job)
        .where(Job.id >= first_job, Job.status == JobStatus.queued)
        .values(status=JobStatus.finished, attempts=1, started_at=Job.created_at, finished_at=Job.created_at)
        .execution_options(synchronize_session=False)
    )
    db.session.execute(
        db.update(User)
        .where(User.id >= first_user)
        .values(password_hash=PasswordHasher().hash(SCALE_PASSWORD))
        .execution_options(synchronize_session=False)
    )
    db.session.commit()
    if db.engine.dialect.name == "postgresql":
        with db.engine.connect().execution_options(isolation_level="AUTOCOMMIT") as connection:
            connection.exec_driver_sql("ANALYZE")
    return sent
