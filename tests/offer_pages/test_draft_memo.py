"""A step of the form works the stored draft out once a request (grants.offers.figures: `draft_content`, the
estimate of `offer_estimate`): it normalised the draft's JSON ten times and computed its estimate twice, the
navigation's and the live summary's (issue 13: the form step with 20 cost lines). The memo sits on the offer
object and follows what the request does to it: a write, a change of the partners' shares, another language."""

from decimal import Decimal

import pytest
from flask_babel import force_locale

from grants.offers import estimate, figures, schema
from grants.offers.models import Offer
from grants.offers.operations import update_offer
from tests.offer_pages.helpers import step_url
from tests.offers.helpers import offer_body


def _counting(monkeypatch, module, name) -> list:
    calls, original = [], getattr(module, name)

    def counted(*args, **kwargs):
        calls.append(name)
        return original(*args, **kwargs)

    monkeypatch.setattr(module, name, counted)
    return calls


@pytest.mark.parametrize("step", ["costs", "sources", "plan", "offerors"])
def test_a_step_normalises_the_draft_and_estimates_it_once(client, login, ngo_user, draft, monkeypatch, step):
    items = offer_body()["cost_items"]
    offer = draft(cost_items=[{**items[n % len(items)], "name": f"Koszt {n}"} for n in range(20)])
    login(ngo_user)
    normalised = _counting(monkeypatch, schema, "normalised")
    computed = _counting(monkeypatch, estimate, "compute")
    page = client.get(step_url(offer["id"], step))
    assert page.status_code == 200
    assert len(computed) == 1
    # The memo's own, the typed content's for the estimate and the submission's list of what is missing.
    assert len(normalised) <= 3, len(normalised)


def test_the_memo_follows_a_write_in_the_same_request(app, db, ngo_user, draft):
    offer_id = draft()["id"]
    with app.test_request_context("/"):
        offer = db.session.get(Offer, offer_id)
        assert figures.draft_content(offer) is figures.draft_content(offer)
        assert figures.offer_estimate(offer)[1].total_cost == Decimal("19520.00")
        line = {"action": 0, "name": "Sala", "unit": "miesiąc", "quantity": "2", "unit_cost": "50.00"}
        update_offer(actor=ngo_user, offer=offer, raw={"cost_items": [line]})
        assert [item["name"] for item in figures.draft_content(offer)["cost_items"]] == ["Sala"]
        assert figures.offer_estimate(offer)[1].total_cost == Decimal("100.00")
        assert figures.preview(offer, {})[1].total_cost == Decimal("100.00")


def test_the_estimate_follows_the_partners_shares_and_the_language(app, db, api, ngo_user, other_org, draft):
    body = offer_body()
    body["cost_items"][0]["grant_part"] = "999999.00"  # more than the line is worth: a problem, in words
    offer_id = draft(**body)["id"]
    assert api(ngo_user).patch(f"/api/v1/offers/{offer_id}", json={"partners": [other_org.id]}).status_code == 200
    with app.test_request_context("/"):
        offer = db.session.get(Offer, offer_id)
        polish = [p.message for p in figures.offer_estimate(offer)[2]]
        with force_locale("en"):
            english = [p.message for p in figures.offer_estimate(offer)[2]]
        assert polish and english and polish != english
        assert figures.offer_estimate(offer)[1].cost_split_total == Decimal("0.00")
        offer.partners[0].cost_share = Decimal("300.00")
        assert figures.offer_estimate(offer)[1].cost_split_total == Decimal("300.00")
