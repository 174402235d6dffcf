"""A small grant shares its id with an `Offer` row (call_id NULL), so every path that takes a competition offer's
id must not take a small grant's: the loaders of grants.offers.queries and grants.review.queries answer 404,
never a 500 and never the small grant shown as a competition offer. The one exception is the contract, which
is drawn up for an accepted small grant through POST /api/v1/offers/{id}/contract (and the office's page of the
same), the after-award room's."""

import re

import pytest

from tests.helpers import PASSWORD
from tests.smallgrants.helpers import small_grant_payload

CONTRACT_PATHS = re.compile(r"/offers/<int:offer_id>/contract$")
OTHER_PARAMS = {"step": "offerors", "attachment_id": "1", "member_id": "1", "user_id": "1", "number": "1"}


@pytest.fixture
def small_grant(api, ngo_user, org, office):
    ngo = api(ngo_user)
    draft = ngo.post(f"/api/v1/offices/{office.id}/small-grants", json=small_grant_payload(org.id)).get_json()
    submitted = ngo.post(f"/api/v1/offices/{office.id}/small-grants", json=small_grant_payload(org.id)).get_json()
    assert ngo.post(f"/api/v1/small-grants/{submitted['id']}/submit", json={}).status_code == 200
    return draft["id"], submitted["id"]


def _offer_rules(app):
    for rule in app.url_map.iter_rules():
        if "<int:offer_id>" in rule.rule and not CONTRACT_PATHS.search(rule.rule):
            for method in sorted(rule.methods - {"HEAD", "OPTIONS"}):
                yield rule, method


def _url(rule, offer_id: int, call_id: int, org_id: int) -> str:
    values = {"offer_id": str(offer_id), "call_id": str(call_id), "organization_id": str(org_id), **OTHER_PARAMS}
    return re.sub(r"<(?:\w+:)?(\w+)>", lambda m: values[m.group(1)], rule.rule)


def _web(app, user):
    client = app.test_client()
    assert client.post("/login", data={"email": user.email, "password": PASSWORD}).status_code == 302
    return client


def test_every_offer_path_answers_404_for_a_small_grants_id(
    app, api, small_grant, ngo_user, officer, evaluator, org, make_call
):
    call = make_call(publish=True)
    tokens = {who: api(user).token for who, user in (("ngo", ngo_user), ("officer", officer), ("evaluator", evaluator))}
    webs = {who: _web(app, user) for who, user in (("ngo", ngo_user), ("officer", officer), ("evaluator", evaluator))}
    rules = list(_offer_rules(app))
    assert len(rules) > 30  # the API's and the pages' offer routes
    wrong = []
    for offer_id in small_grant:
        for rule, method in rules:
            url = _url(rule, offer_id, call.id, org.id)
            answers = {}
            for who in tokens:
                if url.startswith("/api/"):
                    kwargs = {} if method == "GET" else {"json": {}}
                    response = app.test_client().open(
                        url, method=method, headers={"Authorization": f"Bearer {tokens[who]}"}, **kwargs
                    )
                else:
                    response = webs[who].open(url, method=method, **({} if method == "GET" else {"data": {}}))
                answers[who] = response.status_code
            # Each caller is kept out (a role that may not do this: 403), and whoever passes the door
            # learns nothing of it (404); the owning NGO's member above all. The committee's pages let in
            # only the call's committee, which this call has none of: 403 for all three is right there.
            passed = 404 in answers.values() or rule.rule.startswith("/review/")
            if not set(answers.values()) <= {403, 404} or not passed:
                wrong.append(f"{method} {url}: {answers}")
    assert not wrong, "\n".join(wrong)


def test_the_ngos_offer_pages_do_not_list_small_grants(app, small_grant, ngo_user):
    page = _web(app, ngo_user).get("/ngo/offers/")
    assert page.status_code == 200
    assert f"/ngo/offers/{small_grant[0]}" not in page.get_data(as_text=True)
