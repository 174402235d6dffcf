"""Fixtures for offers: organisations and their members made directly through the models (the
organisations' own operations are another feature), an open call whose task window lies in one
calendar year, and a complete, consistent offer body (Annex 1, sections III–VII)."""

from datetime import UTC, datetime, timedelta

import pytest

from tests.conftest import PASSWORD

TASK_YEAR = (datetime.now(UTC) + timedelta(days=400)).year


def make_user(email: str, full_name: str = "Członek Organizacji"):
    from grants.auth.operations import register_ngo_user
    from grants.extensions import db

    user = register_ngo_user(email=email, password=PASSWORD, full_name=full_name, verified=True)
    db.session.commit()
    return user


@pytest.fixture
def make_org(app):
    """`make_org(name, members=[user, ...])` → an Organization row with Membership rows, committed."""
    counter = iter(range(1, 1000))

    def create(name="Stowarzyszenie Integracja", members=(), **overrides):
        from grants.extensions import db
        from grants.organizations.models import LegalForm, Membership, Organization

        n = next(counter)
        values = dict(
            name=name,
            legal_form=LegalForm.stowarzyszenie,
            krs=f"{n:010d}",
            street="ul. Krakowska 12",
            postal_code="45-068",
            city="Opole",
            email=f"biuro{n}@org.example",
            bank_account="61109010140000071219812874",
            representatives=[{"full_name": "Marta Zielińska", "function": "prezeska zarządu"}],
            representation_rule="prezes samodzielnie",
        )
        values.update(overrides)
        organization = Organization(**values)
        db.session.add(organization)
        db.session.flush()
        for user in members:
            db.session.add(Membership(organization_id=organization.id, user_id=user.id))
        db.session.commit()
        return organization

    return create


@pytest.fixture
def org(make_org, ngo_user):
    """ngo_user's organisation."""
    return make_org("Fundacja GEKO", members=[ngo_user])


@pytest.fixture
def colleague(org):
    """A second member of `org`."""
    from grants.extensions import db
    from grants.organizations.models import Membership

    user = make_user("kolega@geko.example", "Taras Kolega")
    db.session.add(Membership(organization_id=org.id, user_id=user.id))
    db.session.commit()
    return user


@pytest.fixture
def other_ngo_user(app):
    return make_user("ktos@inna.example", "Ktoś z Innej Organizacji")


@pytest.fixture
def other_org(make_org, other_ngo_user):
    return make_org("Stowarzyszenie Inne", members=[other_ngo_user])


@pytest.fixture
def open_call(make_call):
    """A published `wspieranie` call: grants 5 000–60 000 zł, own contribution ≥ 10 %, admin ≤ 15 %,
    the task inside TASK_YEAR."""
    return make_call(publish=True, task_start=f"{TASK_YEAR}-01-10", task_end=f"{TASK_YEAR}-12-15")


def offer_body(**overrides) -> dict:
    """A complete, consistent offer: costs 19 520,00 = grant 17 020,00 + own 2 500,00 (12.81 %), admin 2 500,00."""
    body = {
        "title": "Kursy języka polskiego dla dorosłych cudzoziemców",
        "task_start": f"{TASK_YEAR}-02-01",
        "task_end": f"{TASK_YEAR}-11-30",
        "place": "Opole, świetlica przy ul. Armii Krajowej 12",
        "target_group": "Dorośli cudzoziemcy mieszkający w Opolu, głównie obywatele Ukrainy",
        "summary": "Dwa poziomy kursu (A1 i A2) w małych grupach, z opieką nad dziećmi w czasie zajęć.",
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
                "subcontractor": "Szkoła językowa (zakup usługi lektora)",
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
        "experience": "Od 2016 r. prowadzimy kursy dla cudzoziemców.",
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
                "unit_cost": "250.00",
                "grant_part": "2000.00",
            },
        ],
        "own_financial": "500.00",
        "own_non_financial_personal": "0.00",
        "own_non_financial_in_kind": "2000.00",
        "paid_activity": False,
        "contact": {"name": "Olena Kowalczuk", "phone": "+48 600 100 200", "email": "olena@geko.example"},
        "statements": {"tax_arrears": False, "social_insurance_arrears": False, "register": "krs", "confirmed": True},
    }
    body.update(overrides)
    return body


@pytest.fixture
def draft(api, ngo_user, org, open_call):
    """`draft(**overrides)` → the JSON of a complete draft of `org` in `open_call`, made through the API."""

    def create(client=None, call=None, organization=None, **overrides):
        client = client or api(ngo_user)
        call = call or open_call
        organization = organization or org
        created = client.post(
            f"/api/v1/calls/{call.id}/offers", json={"organization_id": organization.id, "title": "Robocza"}
        )
        assert created.status_code == 201, created.get_json()
        response = client.patch(f"/api/v1/offers/{created.get_json()['id']}", json=offer_body(**overrides))
        assert response.status_code == 200, response.get_json()
        return response.get_json()

    return create
