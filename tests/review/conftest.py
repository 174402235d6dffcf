"""Fixtures for the review: a published call with offers submitted through the offers operations (before its
deadline), a committee of the office's evaluators, the clock frozen after the deadline, and `Flow`, which
drives the review through the API the way the office and the committee do."""

import itertools
from datetime import timedelta
from types import SimpleNamespace

import pytest
from freezegun import freeze_time

from grants.review.rules import DEFAULT_CHECKLIST
from tests.conftest import _staff
from tests.offers.conftest import TASK_YEAR, make_org, make_user, offer_body  # noqa: F401  make_org: a fixture

CODES = [item.code for item in DEFAULT_CHECKLIST]
CRITERIA = ("ability", "costs", "quality", "own_funds", "non_financial", "track_record")  # 20/20/30/10/10/10


@pytest.fixture
def review_call(make_call):
    """A published `wspieranie` call with the six statutory criteria (100 points, threshold 50), 40 000 zł."""
    return make_call(
        publish=True,
        task_start=f"{TASK_YEAR}-01-10",
        task_end=f"{TASK_YEAR}-12-15",
        budget_total="40000.00",
        grant_max="30000.00",
    )


@pytest.fixture
def submit(app, make_org, review_call):
    """`submit(name=..., body=..., call=..., **organisation fields)` → an offer submitted by a new NGO:
    SimpleNamespace(id, user, org_id)."""
    counter = itertools.count(1)

    def create(name=None, body=None, call=None, **org_fields):
        from grants.extensions import db
        from grants.offers.operations import create_offer, submit_offer, update_offer

        n = next(counter)
        call_ = call or review_call
        # A day before the deadline, whatever the test's clock says (freezegun nests).
        with freeze_time(call_.submission_deadline - timedelta(days=1)):
            user = make_user(f"ngo{n}@review.example", f"Członek Organizacji {n}")
            organization = make_org(name or f"Stowarzyszenie Integracja nr {n}", members=[user], **org_fields)
            offer = create_offer(actor=user, call=call_, raw={"organization_id": organization.id, "title": "Robocza"})
            update_offer(actor=user, offer=offer, raw=offer_body(**(body or {})))
            submit_offer(actor=user, offer=offer)
            db.session.commit()
        return SimpleNamespace(id=offer.id, user=user, org_id=organization.id)

    return create


@pytest.fixture
def offers(submit):
    """Three submitted offers, each asking for 17 020,00 zł."""
    return [submit(), submit(), submit()]


@pytest.fixture
def committee(office):
    """Evaluator accounts of the office: a chair, three members, an expert; and one of another office."""
    from grants.extensions import db
    from grants.offices.operations import create_office

    elsewhere = create_office(slug="wroclaw", name="Urząd Miejski Wrocławia")
    db.session.commit()
    return SimpleNamespace(
        chair=_staff("przewodniczaca@opole.example", "evaluator", office, "Maria Przewodnicząca"),
        m1=_staff("czlonek1@opole.example", "evaluator", office, "Piotr Członek"),
        m2=_staff("czlonek2@opole.example", "evaluator", office, "Zofia Członkini"),
        m3=_staff("czlonek3@opole.example", "evaluator", office, "Adam Członek"),
        expert=_staff("ekspertka@opole.example", "evaluator", office, "Helena Ekspertka"),
        foreign=_staff("oceniajacy@wroclaw.example", "evaluator", elsewhere, "Obcy Oceniający"),
    )


@pytest.fixture
def after_deadline(review_call):
    """The clock an hour after the call's submission deadline, for the whole test."""
    freezer = freeze_time(review_call.submission_deadline + timedelta(hours=1))
    frozen = freezer.start()
    yield frozen
    freezer.stop()


def full_sheet(**points) -> dict:
    """A complete sheet body: 15/15/25/8/8/8 = 79 points unless overridden, every criterion justified."""
    scores = {"ability": 15, "costs": 15, "quality": 25, "own_funds": 8, "non_financial": 8, "track_record": 8}
    scores.update(points)
    return {"scores": scores, "justifications": {code: f"Uzasadnienie: {code}." for code in scores}, "final": True}


class Flow:
    """The review driven through the API: `flow.accept(offer)`, `flow.appoint()`, `flow.score(...)`."""

    def __init__(self, api, officer, call, committee):
        self.api = api
        self.officer = api(officer)
        self.call = call
        self.c = committee
        self._clients = {}

    def as_(self, user):
        if user.id not in self._clients:
            self._clients[user.id] = self.api(user)
        return self._clients[user.id]

    @staticmethod
    def checklist(**overrides) -> dict:
        return {**dict.fromkeys(CODES, True), **overrides}

    def formal(self, offer_id, outcome="accepted", expect=200, **body):
        body.setdefault("checklist", self.checklist())
        response = self.officer.put(f"/api/v1/offers/{offer_id}/formal-review", json={"outcome": outcome, **body})
        assert response.status_code == expect, response.get_json()
        return response.get_json()

    def accept(self, *offers):
        for offer in offers:
            self.formal(getattr(offer, "id", offer))

    def appoint(self, members=None, expect=200):
        c = self.c
        members = members or [
            {"user_id": c.chair.id, "role": "chair"},
            {"user_id": c.m1.id, "role": "member"},
            {"user_id": c.m2.id, "role": "member"},
            {"user_id": c.expert.id, "role": "expert"},
        ]
        response = self.officer.put(f"/api/v1/calls/{self.call.id}/committee", json={"members": members})
        assert response.status_code == expect, response.get_json()
        return response.get_json()

    def assign(self, expect=200, **body):
        body.setdefault("mode", "all")
        response = self.officer.post(f"/api/v1/calls/{self.call.id}/assignments", json=body)
        assert response.status_code == expect, response.get_json()
        return response.get_json()

    def declare(self, user, offer_id, impartial=True, expect=(200, 201), **extra):
        response = self.as_(user).post(
            f"/api/v1/calls/{self.call.id}/declarations", json={"offer_id": offer_id, "impartial": impartial, **extra}
        )
        assert response.status_code in ((expect,) if isinstance(expect, int) else expect), response.get_json()
        return response.get_json()

    def score(self, user, offer_id, body=None, expect=200):
        response = self.as_(user).put(f"/api/v1/offers/{offer_id}/my-score", json=body or full_sheet())
        assert response.status_code == expect, response.get_json()
        return response.get_json()

    def ready(self, offers, members=None):
        """Accepted, committee appointed, everything assigned, every member declared impartial everywhere."""
        self.accept(*offers)
        self.appoint(members)
        self.assign()
        for user in (self.c.chair, self.c.m1, self.c.m2, self.c.expert):
            for offer in offers:
                self.declare(user, offer.id)


@pytest.fixture
def flow(api, officer, review_call, committee, after_deadline):
    return Flow(api, officer, review_call, committee)
