"""The ranking: who may see it, that it is exactly `scoring.rank_call` on the final sheets, that drafts,
conflicted members and experts do not count (experts are shown as advisory), and the call's rules
(aggregation, threshold, per-criterion minimum, tie-break ladder, budget mode)."""

from decimal import Decimal

from grants.extensions import db
from grants.offers.models import Offer
from scoring import Criterion, OfferInput, Score, ScoringRules, rank_call, statutory_criteria
from tests.review.helpers import full_sheet


def _ranking(flow, client=None):
    response = (client or flow.officer).get(f"/api/v1/calls/{flow.call.id}/ranking")
    assert response.status_code == 200, response.get_json()
    return response.get_json()


def test_who_sees_the_ranking(flow, committee, offers, api, other_officer, officer):
    flow.ready(offers)
    url = f"/api/v1/calls/{flow.call.id}/ranking"
    assert api(officer).get(url).status_code == 200
    assert api(committee.chair).get(url).status_code == 200
    assert api(other_officer).get(url).status_code == 404  # another office's call
    assert api(offers[0].user).get(url).status_code == 403  # an NGO
    refused = api(committee.m1).get(url)  # a member who is not the chair
    assert refused.status_code == 403 and refused.get_json()["error"] == "not_committee_chair"
    assert api(committee.expert).get(url).status_code == 403
    assert api(committee.m3).get(url).status_code == 403  # an evaluator off the committee
    assert api().get(url).status_code == 401
    assert api(officer).get("/api/v1/calls/99999/ranking").status_code == 404


def test_ranking_equals_rank_call_on_the_same_data(flow, committee, submit):
    c = committee
    offers = [
        submit(),
        submit(
            body={
                "cost_items": [
                    {
                        "action": 0,
                        "name": "Lektor",
                        "unit": "godzina",
                        "quantity": "110",
                        "unit_cost": "100.00",
                        "grant_part": "9000.00",
                    },
                    {
                        "action": "admin",
                        "name": "Koordynacja",
                        "unit": "miesiąc",
                        "quantity": "10",
                        "unit_cost": "100.00",
                        "grant_part": "1000.00",
                    },
                ],
                "own_financial": "0.00",
                "own_non_financial_in_kind": "2000.00",
            }
        ),
        submit(),
    ]
    flow.ready(offers)
    given = {  # member -> offer -> points
        c.chair: [full_sheet(quality=28), full_sheet(quality=24, ability=12), full_sheet(quality=0, costs=0)],
        c.m1: [full_sheet(quality=25), full_sheet(quality=27), full_sheet(quality=5, ability=0)],
        c.m2: [full_sheet(quality=29, costs=19), full_sheet(quality=21), None],  # m2 leaves one
    }
    for user, sheets in given.items():
        for offer, sheet in zip(offers, sheets, strict=False):
            if sheet is not None:
                flow.score(user, offer.id, sheet)
    flow.score(c.m2, offers[2].id, {"scores": {"quality": 30}, "final": False})  # a draft: not counted
    flow.score(c.expert, offers[2].id, full_sheet(quality=30))  # advisory: not counted
    body = _ranking(flow)

    requested = {o.id: db.session.get(Offer, o.id).current_version.requested_grant for o in offers}
    scores = [
        Score(user.id, offer.id, code, Decimal(points))
        for user, sheets in given.items()
        for offer, sheet in zip(offers, sheets, strict=False)
        if sheet
        for code, points in sheet["scores"].items()
    ]
    expected = rank_call(
        statutory_criteria("wspieranie"),
        ScoringRules(
            aggregation="mean", min_total=Decimal(50), tie_break=(("criterion", "quality"), ("lower_requested",))
        ),
        [OfferInput(o.id, requested[o.id]) for o in offers],
        scores,
        Decimal("40000.00"),
    )
    assert [i["offer_id"] for i in body["items"]] == [i.offer_id for i in expected.items]
    for got, want in zip(body["items"], expected.items, strict=False):
        assert Decimal(str(got["score"])) == want.score
        assert got["rank"] == want.rank and got["passes_threshold"] == want.passes_threshold
        assert got["n_scores"] == want.n_scores and Decimal(got["proposed_amount"]) == want.proposed_amount
        assert Decimal(str(got["spread"])) == want.spread
        assert [(p["code"], Decimal(str(p["points"]))) for p in got["per_criterion"]] == [
            (p.code, p.points) for p in want.per_criterion
        ]
    assert Decimal(body["allocated"]) == expected.allocated and Decimal(body["remaining"]) == expected.remaining
    assert body["budget_total"] == "40000.00" and isinstance(body["items"][0]["score"], (int, float))
    assert body["diagnostics"]["alpha"] == expected.diagnostics.alpha
    assert body["diagnostics"]["pending_scores"] == [{"offer_id": offers[2].id, "assigned": 3, "final": 2}]
    strictness = {s["member_id"]: s["full_name"] for s in body["diagnostics"]["strictness"]}
    assert strictness == {user.id: user.full_name for user in given}  # each voting member who scored, named
    # the expert is shown, never counted
    third = next(i for i in body["items"] if i["offer_id"] == offers[2].id)
    assert third["expert_score"] == 84 and third["expert_n_scores"] == 1 and third["n_scores"] == 2
    assert third["passes_threshold"] is False and third["rank"] is None


def test_a_conflict_declared_after_scoring_drops_that_sheet(flow, committee, offers):
    flow.ready(offers)
    for user in (committee.chair, committee.m1):
        flow.score(user, offers[0].id, full_sheet())
    flow.score(committee.m2, offers[0].id, full_sheet(quality=5))
    assert _ranking(flow)["items"][0]["n_scores"] == 3
    flow.declare(committee.m2, offers[0].id, impartial=False, reason="Okoliczność ujawniona po ocenie.")
    item = next(i for i in _ranking(flow)["items"] if i["offer_id"] == offers[0].id)
    assert item["n_scores"] == 2 and item["score"] == 79


def test_the_calls_rules_apply(api, officer, make_call, committee, submit):
    """Median, a per-criterion minimum, the threshold, a ladder on costs then the lower grant, and the
    last offer funded in part."""
    from datetime import timedelta

    from freezegun import freeze_time

    from tests.helpers import TASK_YEAR
    from tests.review.helpers import Flow

    call = make_call(
        publish=False,
        task_start=f"{TASK_YEAR}-01-10",
        task_end=f"{TASK_YEAR}-12-15",
        budget_total="30000.00",
        grant_max="30000.00",
        aggregation="median",
        min_total_points=40,
        criteria=[
            {"code": "quality", "name": "Jakość", "max_points": 30, "min_points": 10},
            {"code": "costs", "name": "Koszty", "max_points": 20},
            {"code": "remarks", "name": "Uwagi", "max_points": 5, "advisory": True},
        ],
    )
    client = api(officer)
    assert (
        client.put(f"/api/v1/calls/{call.id}/review-settings", json={"tie_break": ["criterion:nope"]}).status_code
        == 422
    )
    settings = client.put(
        f"/api/v1/calls/{call.id}/review-settings",
        json={"tie_break": [["criterion", "costs"], "lower_requested"], "partial_last": True},
    )
    assert settings.status_code == 200, settings.get_json()
    assert settings.get_json()["tie_break"] == [["criterion", "costs"], ["lower_requested"]]
    client.post(f"/api/v1/calls/{call.id}/publish")
    offers = [submit(call=call) for _ in range(4)]
    with freeze_time(call.submission_deadline + timedelta(hours=1)):
        flow = Flow(api, officer, call, committee)
        flow.ready(offers)

        def sheet(quality, costs):
            return {
                "scores": {"quality": quality, "costs": costs, "remarks": 5},
                "justifications": {"quality": "q", "costs": "c", "remarks": "r"},
                "final": True,
            }

        plan = {
            offers[0].id: [(25, 15), (20, 15), (29, 19)],  # median 25 + 15 = 40 ... see below
            offers[1].id: [(25, 18), (26, 18), (10, 20)],
            offers[2].id: [(9, 20), (9, 20), (30, 20)],  # quality median 9 < minimum 10: fails
            offers[3].id: [(25, 15), (26, 15), (5, 15)],
        }
        for offer_id, sheets in plan.items():
            for user, (quality, costs) in zip((committee.chair, committee.m1, committee.m2), sheets, strict=False):
                flow.score(user, offer_id, sheet(quality, costs))
        body = _ranking(flow)
    items = {i["offer_id"]: i for i in body["items"]}
    # totals per member (advisory `remarks` never counts): median of member totals
    assert items[offers[0].id]["score"] == 40 and items[offers[1].id]["score"] == 43
    assert items[offers[3].id]["score"] == 40
    assert items[offers[2].id]["passes_threshold"] is False
    assert [c["meets_minimum"] for c in items[offers[2].id]["per_criterion"]] == [False, True, True]
    assert items[offers[2].id]["per_criterion"][2]["advisory"] is True
    # 40 = 40: costs decide (15 = 15), then the lower requested grant, then the offer id (reported as tied)
    assert [i["offer_id"] for i in body["items"] if i["rank"]] == [offers[1].id, offers[0].id, offers[3].id]
    assert items[offers[0].id]["tied_with"] == [offers[3].id]
    assert body["diagnostics"]["ties"] == [sorted([offers[0].id, offers[3].id])]
    # 30 000 zł: 17 020 in full, then 12 980 of the next (partial_last), nothing for the third
    assert [items[o.id]["proposed_amount"] for o in (offers[1], offers[0], offers[3])] == [
        "17020.00",
        "12980.00",
        "0.00",
    ]
    assert body["allocated"] == "30000.00" and body["remaining"] == "0.00"


def test_ranking_uses_the_scoring_package_criteria(flow, review_call):
    """The call's criteria reach rank_call as `scoring.Criterion` records, unchanged."""
    from grants.review.ranking import criteria_of

    assert criteria_of(review_call) == tuple(
        Criterion(c.code, c.name, c.max_points) for c in statutory_criteria("wspieranie")
    )
