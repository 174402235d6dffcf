"""Plain helpers of the review's tests: the checklist's codes, the six statutory criteria, a complete score
sheet, and `Flow`, which drives the review through the API the way the office and the committee do."""

from grants.review.rules import DEFAULT_CHECKLIST

CODES = [item.code for item in DEFAULT_CHECKLIST]
CRITERIA = ("ability", "costs", "quality", "own_funds", "non_financial", "track_record")  # 20/20/30/10/10/10


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
