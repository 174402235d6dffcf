"""Fixtures of the review pages (besides the review's own, tests/fixtures/review.py): a web login per
person, and a review ready for the committee."""

import pytest

from tests.helpers import PASSWORD


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
