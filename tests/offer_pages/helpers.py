"""Helpers for the offer pages' tests: a logged-in client per person, the offer as stored now."""

import sqlalchemy as sa

from tests.auth.helpers import otp_for
from tests.helpers import PASSWORD
from tests.web.pages import parse

STEPS = ("call", "offerors", "task", "plan", "results", "offeror", "costs", "sources", "other", "statements")


def client_for(app, user):
    """A separate browser (cookie jar) logged in as `user`."""
    client = app.test_client()
    response = client.post("/login", data={"email": user.email, "password": PASSWORD})
    code = otp_for(user)  # with a second factor, the code page follows the password
    if code:
        response = client.post("/login/two-factor", data={"code": code})
    assert response.status_code == 302, response.get_data(as_text=True)[:300]
    return client


def step_url(offer_id: int, step: str) -> str:
    return f"/ngo/offers/{offer_id}/steps/{step}"


def stored(db, offer_id: int):
    from grants.offers.models import Offer

    db.session.rollback()
    db.session.expire_all()
    return db.session.get(Offer, offer_id)


def problem_links(response) -> dict[str, str]:
    """The summary's list of what to fix: {field path: link}."""
    return {
        li.get("data-path"): li.xpath(".//a/@href")[0] for li in parse(response).xpath('//ol[@class="problem-list"]/li')
    }


def count(db, model) -> int:
    return db.session.scalar(sa.select(sa.func.count()).select_from(model))
