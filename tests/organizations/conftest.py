"""Fixtures for organisation profiles: organisations made through the operations (here `make_org` and `org`
mean these, not the model-made ones of tests/fixtures/offers.py), and the people around them (members of
two different organisations, an account with none)."""

import pytest

from tests.helpers import make_user
from tests.organizations.helpers import org_payload


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
    return make_user("rival@chciej.example", "Tomasz Lewandowski")


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
    return make_user("loner@ngo.example", "Ewa Samotna")
