"""Fixtures for organisation profiles: a valid API body, organisations made through the operations,
and the people around them (members of two different organisations, an account with none)."""

import pytest

VALID_NIP = "1234563218"
VALID_REGON = "123456785"
VALID_IBAN = "PL61109010140000071219812874"
VALID_NRB = "61109010140000071219812874"


def org_payload(**overrides) -> dict:
    """An organisation as the API receives it; `overrides` replace top-level keys."""
    payload = {
        "name": "Fundacja Laboratorium Zmiany",
        "legal_form": "fundacja",
        "krs": "0000123456",
        "nip": VALID_NIP,
        "regon": VALID_REGON,
        "address": {"street": "ul. Krakowska 12/3", "postal_code": "45-068", "city": "Opole"},
        "email": "biuro@labzmiany.example",
        "phone": "+48 77 123 45 67",
        "website": "https://labzmiany.example",
        "bank_account": "PL61 1090 1014 0000 0712 1981 2874",
        "representatives": [
            {"full_name": "Marta Zielińska", "function": "prezeska zarządu"},
            {"full_name": "Piotr Nowak", "function": "członek zarządu"},
        ],
        "representation_rule": "dwóch członków zarządu łącznie",
    }
    payload.update(overrides)
    return payload


def _register(email, full_name):
    from grants.auth.operations import register_ngo_user
    from grants.extensions import db
    from tests.conftest import PASSWORD

    user = register_ngo_user(email=email, password=PASSWORD, full_name=full_name, verified=True)
    db.session.commit()
    return user


@pytest.fixture
def make_org(app):
    """Create an organisation through the operation, as `actor`, and commit it."""

    def create(actor, **overrides):
        from grants.extensions import db
        from grants.organizations.operations import create_organization

        organization = create_organization(actor=actor, raw=org_payload(**overrides))
        db.session.commit()
        return organization

    return create


@pytest.fixture
def org(make_org, ngo_user):
    """ngo_user's organisation."""
    return make_org(ngo_user)


@pytest.fixture
def rival(app):
    """A member of another organisation."""
    return _register("rival@chciej.example", "Tomasz Lewandowski")


@pytest.fixture
def rival_org(make_org, rival):
    return make_org(
        rival,
        name="Stowarzyszenie „Chciej Chcieć”",
        legal_form="stowarzyszenie",
        krs="0000654321",
        email="chciej@chciej.example",
    )


@pytest.fixture
def loner(app):
    """An NGO account that belongs to no organisation."""
    return _register("loner@ngo.example", "Ewa Samotna")
