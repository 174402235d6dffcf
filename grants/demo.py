"""Demo data built from the seed documents (shared/seeds): Opole's Referat ds. Integracji
Społecznej at the Centrum Dialogu Obywatelskiego (seed 000), the integration topics of the
Centrum Integracji Cudzoziemców (001), GEKO-PRO and Fundacja Laboratorium Zmiany (002),
Gdańsk's cross-sector team (003) and Opole's programme money and partner NGOs (004)."""

from copy import deepcopy
from datetime import datetime, time, timedelta

from grants.auth.operations import create_staff_user, register_ngo_user
from grants.calls.operations import create_call, create_programme, publish_call
from grants.clock import WARSAW, now_utc
from grants.contracts.operations.rates import seed_rates
from grants.demo_contracts import load_after_award
from grants.demo_cycle import load_finished_cycle
from grants.demo_programme import load_programme_year
from grants.demo_smallgrants import load_small_grants
from grants.extensions import db
from grants.offers.operations import create_offer, submit_offer, update_offer
from grants.offices.operations import create_office
from grants.organizations.operations import create_organization

DEMO_PASSWORD = "oko-demo-2027"
DEMO_LOGINS = [
    ("officer (Opole)", "referat@opole.example", DEMO_PASSWORD),
    ("evaluator (Opole)", "komisja1@opole.example", DEMO_PASSWORD),
    ("evaluator (Opole)", "komisja2@opole.example", DEMO_PASSWORD),
    ("officer (Gdańsk)", "zespol@gdansk.example", DEMO_PASSWORD),
    ("admin", "admin@oko.example", DEMO_PASSWORD),
    ("NGO: GEKO-PRO", "geko-pro@ngo.example", DEMO_PASSWORD),
    ("NGO: Fundacja Lab. Zmiany", "labzmiany@ngo.example", DEMO_PASSWORD),
    ("NGO: Stow. „Chciej Chcieć”", "chciej@ngo.example", DEMO_PASSWORD),
]

OPOLE_PRIORITIES = [
    # Seed 004: the yearly programme with NGOs was 3 315 177,64 zł; the split is the demo's.
    {
        "code": "INT",
        "name": "Działalność na rzecz integracji cudzoziemców (art. 4 ust. 1 pkt 5a)",
        "budget": "420000.00",
    },
    {"code": "POM", "name": "Pomoc społeczna i przeciwdziałanie wykluczeniu", "budget": "1250000.00"},
    {"code": "ZDR", "name": "Ochrona i promocja zdrowia", "budget": "640000.00"},
    {"code": "KUL", "name": "Kultura, sztuka i dziedzictwo narodowe", "budget": "1005177.64"},
]
GDANSK_PRIORITIES = [
    # Seed 003: the working groups of Gdańsk's team for the model of immigrant integration.
    {"code": "EDU", "name": "Edukacja", "budget": "300000.00"},
    {"code": "ZDR", "name": "Zdrowie", "budget": "150000.00"},
    {"code": "MIE", "name": "Mieszkalnictwo", "budget": "120000.00"},
    {"code": "PRA", "name": "Praca", "budget": "180000.00"},
]
INTEGRATION = "Działalność na rzecz integracji cudzoziemców"

OPEN_CALL_DESCRIPTION = """Otwarty konkurs ofert na realizację w 2027 roku zadań publicznych w obszarze działalności na rzecz integracji cudzoziemców, ze szczególnym uwzględnieniem obywateli Ukrainy mieszkających w Opolu.

Zadania:
1. Kursy języka polskiego dla cudzoziemców — bezpłatne kursy na różnych poziomach, także wieczorowe i sobotnie.
2. Punkt informacyjny dla cudzoziemców — dyżury w języku polskim, ukraińskim, rosyjskim i angielskim: służba zdrowia, wynajem mieszkań, konta bankowe, zatrudnienie i działalność gospodarcza, PESEL, prawo jazdy.
3. Pomoc w sprawach legalizacji pobytu — Karta Polaka, meldunek, rejestracja dzieci, obywatelstwo, zezwolenia na pracę.
4. Dzień Wielokulturowy w Opolu — wydarzenie kulturalno-oświatowe integrujące cudzoziemców z mieszkańcami.
5. Asystenci międzykulturowi w szkołach i przychodniach."""


def _at(day_offset: int, hour: int, minute: int = 0) -> str:
    day = (now_utc().astimezone(WARSAW) + timedelta(days=day_offset)).date()
    return datetime.combine(day, time(hour, minute), tzinfo=WARSAW).isoformat()


def _date(day_offset: int) -> str:
    return (now_utc().astimezone(WARSAW) + timedelta(days=day_offset)).date().isoformat()


def _act(pattern: str, number: int, day_offset: int) -> dict:
    """The organ's zarządzenie announcing a call, numbered as the city numbers them (Opole's register sign
    OR-I.0050.N.YEAR, Gdańsk's N/YY), dated the day before its publication."""
    day = _date(day_offset)
    return {
        "announcement_act_number": pattern.format(n=number, year=day[:4], yy=day[2:4]),
        "announcement_act_date": day,
    }


def _publish_at(actor, call, moment: str):
    publish_call(
        actor=actor,
        call=call,
        publications_raw=[
            {"channel": channel, "published_at": moment} for channel in ("bip", "noticeboard", "website")
        ],
    )


# Keyword arguments of create_office, in the order the offices are created.
DEMO_OFFICES = {
    "opole": {
        "slug": "opole-cdo",
        "name": "Urząd Miasta Opola — Referat ds. Integracji Społecznej",
        "parent_body": "Prezydent Miasta Opola, Centrum Dialogu Obywatelskiego",
        "address": "Rynek-Ratusz, 45-015 Opole",
        "case_sign": "CDO-RIPS",
    },
    "gdansk": {
        "slug": "gdansk",
        "name": "Urząd Miejski w Gdańsku — Zespół ds. modelu integracji imigrantów",
        "parent_body": "Prezydent Miasta Gdańska",
        "address": "ul. Nowe Ogrody 8/12, 80-803 Gdańsk",
    },
}
# Opole's contract settings: who signs for the office in Annex 3 and the treasurer's countersignature of a
# legal act creating a monetary obligation (art. 46 ust. 3 of the Act on municipal self-government). The names
# are the demo's, fictitious; the account the demo's sample one (grants.documents.samples).
DEMO_CONTRACT_SETTINGS = {
    "representatives": [{"full_name": "Jan Prezydencki", "function": "Zastępca Prezydenta Miasta Opola"}],
    "treasurer": "Maria Skarbińska, Skarbnik Miasta Opola",
    "contract_place": "Opole",
    "bank_account": "12109010140000071219812875",
    # The public contact of the privacy clause and the accessibility statement (fictitious, like the names).
    "contact_email": "cdo@opole.example",
    "contact_phone": "+48 77 000 00 00",
    "dpo_email": "iod@opole.example",
    "organ_name": "Prezydent Miasta Opola",  # the organ that announces the calls (art. 13 ust. 1)
}
# (e-mail, full name, role, office): the staff and committee accounts, in the order they are created.
DEMO_STAFF = (
    ("referat@opole.example", "Anna Nowak", "officer", "opole"),
    ("komisja1@opole.example", "Piotr Wiśniewski", "evaluator", "opole"),
    ("komisja2@opole.example", "Iryna Melnyk", "evaluator", "opole"),
    ("zespol@gdansk.example", "Katarzyna Kowalska", "officer", "gdansk"),
    ("admin@oko.example", "Administrator OKO", "admin", None),
)
DEMO_NGO_PEOPLE = (
    ("geko-pro@ngo.example", "Olena Kovalenko (GEKO-PRO)"),
    ("labzmiany@ngo.example", "Marta Zielińska (Fundacja Laboratorium Zmiany)"),
    ("chciej@ngo.example", "Tomasz Lewandowski (Stowarzyszenie „Chciej Chcieć”)"),
)


def load_demo() -> None:
    year = now_utc().astimezone(WARSAW).year + 1
    seed_rates()  # the interest on late returns (ufp art. 251 ust. 5) needs the rate table
    offices = {key: create_office(**fields) for key, fields in DEMO_OFFICES.items()}
    for column, value in DEMO_CONTRACT_SETTINGS.items():  # who signs the office's contracts (Annex 3)
        setattr(offices["opole"], column, value)
    offices["gdansk"].organ_name = "Prezydent Miasta Gdańska"
    staff = {
        email: create_staff_user(
            actor=None, email=email, password=DEMO_PASSWORD, full_name=name, role=role, office=offices.get(office)
        )
        for email, name, role, office in DEMO_STAFF
    }
    officer, gdansk_officer = staff["referat@opole.example"], staff["zespol@gdansk.example"]
    ngo_people = {
        email: register_ngo_user(email=email, password=DEMO_PASSWORD, full_name=name, verified=True)
        for email, name in DEMO_NGO_PEOPLE
    }
    organizations = {
        email: create_organization(actor=ngo_people[email], raw=profile)
        for email, profile in DEMO_ORGANIZATIONS.items()
    }
    _demo_programmes(officer, gdansk_officer, year)
    db.session.flush()
    load_programme_year(
        officer=officer, people=ngo_people, year=year
    )  # consulted, adopted; next year's in consultation

    closed = create_call(actor=officer, raw={**_closed_call(year), **_act("OR-I.0050.{n}.{year}", 41, -61)})
    _publish_at(officer, closed, _at(-60, 9))
    db.session.flush()
    open_call = create_call(actor=officer, raw={**_open_call(year), **_act("OR-I.0050.{n}.{year}", 388, -4)})
    _publish_at(officer, open_call, _at(-3, 10))
    gdansk_call = create_call(actor=gdansk_officer, raw={**_gdansk_call(year), **_act("{n}/{yy}", 1702, -2)})
    _publish_at(gdansk_officer, gdansk_call, _at(-1, 12))

    _demo_offers(ngo_people, organizations, closed, open_call, year)
    create_call(actor=officer, raw=_draft_call(year))
    cycle = load_finished_cycle(
        officer=officer,
        evaluators=[staff["komisja1@opole.example"], staff["komisja2@opole.example"]],
        people=ngo_people,
        organizations=organizations,
        offer_content=_offer_content,
    )
    load_after_award(officer=officer, people=ngo_people, cycle=cycle)
    load_small_grants(officer=officer, office=offices["opole"], people=ngo_people, organizations=organizations)


def _demo_programmes(officer, gdansk_officer, year: int) -> None:
    opole_title = "Roczny program współpracy Miasta Opola z organizacjami pozarządowymi na {} rok"
    for actor, programme_year, title, priorities in (
        (officer, year - 1, opole_title.format(year - 1), OPOLE_PRIORITIES),
        (officer, year, opole_title.format(year), OPOLE_PRIORITIES),
        (
            gdansk_officer,
            year,
            f"Program współpracy Miasta Gdańska z organizacjami pozarządowymi na {year} rok",
            GDANSK_PRIORITIES,
        ),
    ):
        create_programme(actor=actor, raw={"year": programme_year, "title": title, "priorities": priorities})


def _closed_call(year: int) -> dict:
    return {
        "title": "Dialog na rzecz integracji — diagnoza potrzeb cudzoziemców w Opolu",
        "task_type": INTEGRATION,
        "programme_priority": "INT",
        "form": "wspieranie",
        "description": "Sesje dialogu z cudzoziemcami, urzędem, organizacjami pozarządowymi i konsulatem honorowym "
        "Ukrainy; opracowanie założeń Centrum Informacji dla Cudzoziemców (por. umowa "
        "CDO-RIPS.525.7.2021).",
        "budget_total": "40000.00",
        "grant_max": "40000.00",
        "own_contribution_min_percent": "5.00",
        "admin_costs_max_percent": "10.00",
        "task_start": _date(-20),
        # within one calendar year, so the demo offers need no per-year split of costs
        "task_end": f"{_date(-20)[:4]}-12-31",
        "submission_deadline": _at(-30, 15, 30),
        "selection_deadline": _date(-20),
    }


def _open_call(year: int) -> dict:
    return {
        "title": f"Integracja cudzoziemców w Opolu w {year} roku",
        "task_type": INTEGRATION,
        "programme_priority": "INT",
        "form": "wspieranie",
        "description": OPEN_CALL_DESCRIPTION,
        "budget_total": "300000.00",
        "grant_min": "10000.00",
        "grant_max": "80000.00",
        "own_contribution_min_percent": "10.00",
        "admin_costs_max_percent": "10.00",
        "task_start": f"{year}-02-01",
        "task_end": f"{year}-12-15",
        "submission_deadline": _at(28, 15, 30),
        "selection_deadline": _date(45),
        "correction_days": 7,
        "cost_shift_tolerance_percent": "10.00",
        "min_total_points": 60,
        # Issue 11: the announcement names whom to ask and when the signed confirmation is due.
        "contact_name": "Anna Kowalczyk",
        "contact_email": "integracja@opole.example",
        "contact_phone": "77 451 18 00",
        "confirmation_days": 3,
    }


def _gdansk_call(year: int) -> dict:
    return {
        "title": f"Wsparcie edukacyjne dzieci z doświadczeniem migracji w {year} roku",
        "task_type": INTEGRATION,
        "programme_priority": "EDU",
        "form": "powierzanie",
        "description": "Zajęcia wyrównawcze i asystenci międzykulturowi w szkołach podstawowych Gdańska.",
        "budget_total": "150000.00",
        "grant_max": "50000.00",
        "task_start": f"{year}-03-01",
        "task_end": f"{year}-12-20",
        "submission_deadline": _at(30, 12),
        "selection_deadline": _date(50),
    }


def _draft_call(year: int) -> dict:
    return {
        "title": f"Dzień Wielokulturowy w Opolu {year} (projekt)",
        "task_type": INTEGRATION,
        "programme_priority": "INT",
        "form": "powierzanie",
        "description": "Wydarzenie kulturalno-oświatowe integrujące cudzoziemców z mieszkańcami Opola.",
        "budget_total": "30000.00",
        "task_start": f"{year}-06-01",
        "task_end": f"{year}-06-30",
        "submission_deadline": _at(40, 12),
        "selection_deadline": _date(55),
    }


# Names from seeds 002 and 004; the identifiers are fictitious (checksum-valid) demo values.
DEMO_ORGANIZATIONS = {
    "geko-pro@ngo.example": {
        "name": "Stowarzyszenie GEKO-PRO",
        "legal_form": "stowarzyszenie",
        "krs": "0000512345",
        "nip": "7543100212",
        "regon": "161023453",
        "email": "biuro@geko-pro.example",
        "phone": "+48 77 400 10 20",
        "address": {"street": "ul. Damrota 6", "postal_code": "45-064", "city": "Opole"},
        "bank_account": "64102040270000150212345678",
        "representatives": [
            {"full_name": "Olena Kovalenko", "function": "prezeska zarządu"},
            {"full_name": "Adam Nowicki", "function": "skarbnik"},
        ],
        "representation_rule": "Dwóch członków zarządu łącznie.",
    },
    "labzmiany@ngo.example": {
        "name": "Fundacja Laboratorium Zmiany",
        "legal_form": "fundacja",
        "krs": "0000612345",
        "nip": "7542987650",
        "regon": "531345676",
        "email": "kontakt@labzmiany.example",
        "address": {"street": "ul. Ozimska 4", "postal_code": "45-057", "city": "Opole"},
        "bank_account": "87124062181111000098765432",
        "representatives": [{"full_name": "Marta Zielińska", "function": "prezeska zarządu"}],
        "representation_rule": "Prezes zarządu samodzielnie.",
    },
    "chciej@ngo.example": {
        "name": "Stowarzyszenie „Chciej Chcieć”",
        "legal_form": "stowarzyszenie",
        "krs": "0000312345",
        "nip": "7543011224",
        "regon": "160998879",
        "email": "chciej@ngo.example",
        "address": {"street": "ul. Krakowska 20", "postal_code": "45-018", "city": "Opole"},
        "bank_account": "41109016490000000112233445",
        "representatives": [{"full_name": "Tomasz Lewandowski", "function": "prezes zarządu"}],
        "representation_rule": "Prezes zarządu samodzielnie.",
    },
}


# A complete Annex 1 offer but its title and dates: 18 520,00 zł = grant 16 020,00 + own 2 500,00 (13,5 %),
# admin 8,1 %.
OFFER_BODY = {
    "place": "Opole, Centrum Dialogu Obywatelskiego i świetlice osiedlowe",
    "target_group": "Dorośli cudzoziemcy mieszkający w Opolu, głównie obywatele Ukrainy",
    "summary": "Kursy języka polskiego A1 i A2 w małych grupach, z opieką nad dziećmi w czasie zajęć.",
    "actions": [
        {
            "name": "Kurs A1",
            "description": "Zajęcia dwa razy w tygodniu",
            "target_group": "20 osób",
            "period": "luty–czerwiec",
        },
        {
            "name": "Kurs A2",
            "description": "Zajęcia dwa razy w tygodniu",
            "target_group": "20 osób",
            "period": "wrzesień–listopad",
        },
    ],
    "results": [
        {
            "name": "Uczestnicy, którzy ukończyli kurs",
            "target_value": "32 osoby",
            "monitoring": "listy obecności i test końcowy",
        }
    ],
    "expected_effects": "Uczestnicy porozumiewają się po polsku w urzędzie, u lekarza i w pracy.",
    "experience": "Od 2016 r. prowadzimy zajęcia dla cudzoziemców w Opolu.",
    "resources": "Dwie lektorki, sala, podręczniki z poprzednich edycji.",
    "cost_items": [
        {
            "action": 0,
            "name": "Wynagrodzenie lektora",
            "unit": "godzina",
            "quantity": "120",
            "unit_cost": "100.00",
            "grant_part": "12000.00",
        },
        {
            "action": 1,
            "name": "Podręczniki",
            "unit": "sztuka",
            "quantity": "40",
            "unit_cost": "75.50",
            "grant_part": "3020.00",
        },
        {
            "action": 1,
            "name": "Udostępnienie sali",
            "unit": "miesiąc",
            "quantity": "5",
            "unit_cost": "400.00",
            "grant_part": "0.00",
        },
        {
            "action": "admin",
            "name": "Koordynacja i księgowość",
            "unit": "miesiąc",
            "quantity": "10",
            "unit_cost": "150.00",
            "grant_part": "1000.00",
        },
    ],
    "own_financial": "500.00",
    "own_non_financial_personal": "0.00",
    "own_non_financial_in_kind": "2000.00",
    "paid_activity": False,
    "contact": {"name": "Koordynatorka projektu", "phone": "+48 600 100 200", "email": "projekt@ngo.example"},
    "statements": {"tax_arrears": False, "social_insurance_arrears": False, "register": "krs", "confirmed": True},
}


def _offer_content(title: str, start: str, end: str) -> dict:
    return {"title": title, "task_start": start, "task_end": end, **deepcopy(OFFER_BODY)}


def _demo_offers(people, organizations, closed_call, open_call, year) -> None:
    """Offers in both Opole calls: two submitted in time to the closed one (ready for the committee),
    one submitted and one draft in the open one."""
    earlier = closed_call.submission_deadline - timedelta(days=5)
    for email in ("geko-pro@ngo.example", "chciej@ngo.example"):
        person, organization = people[email], organizations[email]
        offer = create_offer(
            actor=person,
            call=closed_call,
            now=earlier,
            raw={"organization_id": organization.id, "title": "Dialog na rzecz integracji"},
        )
        update_offer(
            actor=person,
            offer=offer,
            now=earlier,
            raw=_offer_content(
                f"Dialog na rzecz integracji — {organization.name}",
                closed_call.task_start.isoformat(),
                closed_call.task_end.isoformat(),
            ),
        )
        submit_offer(actor=person, offer=offer, receipt=earlier)
    now = now_utc()
    geko = people["geko-pro@ngo.example"]
    offer = create_offer(
        actor=geko,
        call=open_call,
        now=now,
        raw={"organization_id": organizations["geko-pro@ngo.example"].id, "title": "Kursy języka polskiego"},
    )
    update_offer(
        actor=geko,
        offer=offer,
        now=now,
        raw=_offer_content("Kursy języka polskiego dla cudzoziemców w Opolu", f"{year}-02-01", f"{year}-11-30"),
    )
    submit_offer(actor=geko, offer=offer, receipt=now)
    lab = people["labzmiany@ngo.example"]
    create_offer(
        actor=lab,
        call=open_call,
        now=now,
        raw={
            "organization_id": organizations["labzmiany@ngo.example"].id,
            "title": "Punkt informacyjny dla cudzoziemców (szkic)",
        },
    )
