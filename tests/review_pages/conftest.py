"""Fixtures of the review pages: the review's own (tests/review/conftest.py: a call with submitted offers, the
committee, the clock after the deadline, `Flow` driving the review through the API) plus a web login."""

import pytest

from tests.conftest import PASSWORD
from tests.offers.conftest import make_org  # noqa: F401  a fixture the review's fixtures use
from tests.review.conftest import (
    CODES,
    CRITERIA,
    Flow,
    after_deadline,
    committee,
    flow,
    full_sheet,  # noqa: F401
    offers,
    review_call,
    submit,
)

CONTENT_MARKER = "świetlica przy ul. Armii Krajowej 12"  # in every test offer's III.3, never in its title


@pytest.fixture
def web(app):
    """`web(user)` → the test client logged into the pages as that user (a fresh session each time)."""

    def as_(user):
        client = app.test_client()
        response = client.post("/login", data={"email": user.email, "password": PASSWORD})
        assert response.status_code == 302, response.get_data(as_text=True)[:300]
        return client

    return as_


@pytest.fixture
def ready(flow, offers):
    """Two offers formally accepted, the committee appointed (chair, m1, m2, expert), every offer assigned to
    everyone; nobody has declared anything yet."""
    flow.accept(offers[0], offers[1])
    flow.appoint()
    flow.assign()
    return offers


def scored(flow, offers, users=None):
    """Every member declares impartiality on the accepted offers and submits a final sheet."""
    c = flow.c
    for user in users or (c.chair, c.m1, c.m2, c.expert):
        for offer in offers:
            flow.declare(user, offer.id)
            flow.score(user, offer.id)


def score_form(**points) -> dict:
    """The score sheet as a browser posts it: every criterion with points and a justification."""
    body = full_sheet(**points)
    data = {f"scores.{code}": str(value).replace(".", ",") for code, value in body["scores"].items()}
    data.update({f"justifications.{code}": text for code, text in body["justifications"].items()})
    return data
