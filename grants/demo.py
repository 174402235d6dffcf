"""Demo data built from the seed documents (shared/seeds): Opole's Referat ds. Integracji
Społecznej at the Centrum Dialogu Obywatelskiego (seed 000), the integration topics of the
Centrum Integracji Cudzoziemców (001), GEKO-PRO and Fundacja Laboratorium Zmiany (002),
Gdańsk's cross-sector team (003) and Opole's programme money and partner NGOs (004)."""
from datetime import datetime, time, timedelta

from grants.auth.operations import create_staff_user, register_ngo_user
from grants.calls.operations import create_call, create_programme, publish_call
from grants.clock import WARSAW, now_utc
from grants.extensions import db
from grants.offices.operations import create_office

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
    {"code": "INT", "name": "Działalność na rzecz integracji cudzoziemców (art. 4 ust. 1 pkt 5a)", "budget": "420000.00"},
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


def _publish_at(actor, call, moment: str):
    publish_call(actor=actor, call=call, publications_raw=[
        {"channel": channel, "published_at": moment} for channel in ("bip", "noticeboard", "website")])


def load_demo() -> None:
    year = now_utc().astimezone(WARSAW).year + 1
    opole = create_office(slug="opole-cdo", name="Urząd Miasta Opola — Referat ds. Integracji Społecznej",
                          parent_body="Prezydent Miasta Opola, Centrum Dialogu Obywatelskiego",
                          address="Rynek-Ratusz, 45-015 Opole", case_sign="CDO-RIPS")
    gdansk = create_office(slug="gdansk", name="Urząd Miejski w Gdańsku — Zespół ds. modelu integracji imigrantów",
                           parent_body="Prezydent Miasta Gdańska", address="ul. Nowe Ogrody 8/12, 80-803 Gdańsk")
    officer = create_staff_user(actor=None, email="referat@opole.example", password=DEMO_PASSWORD,
                                full_name="Anna Nowak", role="officer", office=opole)
    for email, name in (("komisja1@opole.example", "Piotr Wiśniewski"), ("komisja2@opole.example", "Iryna Melnyk")):
        create_staff_user(actor=None, email=email, password=DEMO_PASSWORD, full_name=name, role="evaluator",
                          office=opole)
    gdansk_officer = create_staff_user(actor=None, email="zespol@gdansk.example", password=DEMO_PASSWORD,
                                       full_name="Katarzyna Kowalska", role="officer", office=gdansk)
    create_staff_user(actor=None, email="admin@oko.example", password=DEMO_PASSWORD, full_name="Administrator OKO",
                      role="admin", office=None)
    for email, name in (("geko-pro@ngo.example", "Olena Kovalenko (GEKO-PRO)"),
                        ("labzmiany@ngo.example", "Marta Zielińska (Fundacja Laboratorium Zmiany)"),
                        ("chciej@ngo.example", "Tomasz Lewandowski (Stowarzyszenie „Chciej Chcieć”)")):
        register_ngo_user(email=email, password=DEMO_PASSWORD, full_name=name)

    create_programme(actor=officer, raw={
        "year": year - 1, "title": f"Roczny program współpracy Miasta Opola z organizacjami pozarządowymi na {year - 1} rok",
        "priorities": OPOLE_PRIORITIES})
    create_programme(actor=officer, raw={
        "year": year, "title": f"Roczny program współpracy Miasta Opola z organizacjami pozarządowymi na {year} rok",
        "priorities": OPOLE_PRIORITIES})
    create_programme(actor=gdansk_officer, raw={
        "year": year, "title": f"Program współpracy Miasta Gdańska z organizacjami pozarządowymi na {year} rok",
        "priorities": GDANSK_PRIORITIES})
    db.session.flush()

    closed = create_call(actor=officer, raw={
        "title": "Dialog na rzecz integracji — diagnoza potrzeb cudzoziemców w Opolu",
        "task_type": INTEGRATION, "programme_priority": "INT", "form": "wspieranie",
        "description": "Sesje dialogu z cudzoziemcami, urzędem, organizacjami pozarządowymi i konsulatem honorowym "
                       "Ukrainy; opracowanie założeń Centrum Informacji dla Cudzoziemców (por. umowa "
                       "CDO-RIPS.525.7.2021).",
        "budget_total": "40000.00", "grant_max": "40000.00", "own_contribution_min_percent": "5.00",
        "admin_costs_max_percent": "10.00", "task_start": _date(-20), "task_end": _date(40),
        "submission_deadline": _at(-30, 15, 30), "selection_deadline": _date(-20)})
    _publish_at(officer, closed, _at(-60, 9))
    db.session.flush()

    create_call_open = create_call(actor=officer, raw={
        "title": f"Integracja cudzoziemców w Opolu w {year} roku",
        "task_type": INTEGRATION, "programme_priority": "INT", "form": "wspieranie",
        "description": OPEN_CALL_DESCRIPTION, "budget_total": "300000.00", "grant_min": "10000.00",
        "grant_max": "80000.00", "own_contribution_min_percent": "10.00", "admin_costs_max_percent": "10.00",
        "task_start": f"{year}-02-01", "task_end": f"{year}-12-15", "submission_deadline": _at(28, 15, 30),
        "selection_deadline": _date(45), "correction_days": 7, "cost_shift_tolerance_percent": "10.00",
        "min_total_points": 60})
    _publish_at(officer, create_call_open, _at(-3, 10))

    gdansk_call = create_call(actor=gdansk_officer, raw={
        "title": f"Wsparcie edukacyjne dzieci z doświadczeniem migracji w {year} roku",
        "task_type": INTEGRATION, "programme_priority": "EDU", "form": "powierzanie",
        "description": "Zajęcia wyrównawcze i asystenci międzykulturowi w szkołach podstawowych Gdańska.",
        "budget_total": "150000.00", "grant_max": "50000.00", "task_start": f"{year}-03-01",
        "task_end": f"{year}-12-20", "submission_deadline": _at(30, 12), "selection_deadline": _date(50)})
    _publish_at(gdansk_officer, gdansk_call, _at(-1, 12))

    create_call(actor=officer, raw={
        "title": f"Dzień Wielokulturowy w Opolu {year} (projekt)", "task_type": INTEGRATION,
        "programme_priority": "INT", "form": "powierzanie",
        "description": "Wydarzenie kulturalno-oświatowe integrujące cudzoziemców z mieszkańcami Opola.",
        "budget_total": "30000.00", "task_start": f"{year}-06-01", "task_end": f"{year}-06-30",
        "submission_deadline": _at(40, 12), "selection_deadline": _date(55)})
