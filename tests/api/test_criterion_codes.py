"""Criteria as officers write them (issue 11): codes like `K1` or `A.2`, unique whatever the letter case, and
shown to people by their names — a machine code (`ability`, `own_funds`) never appears on a page or in a
message, the officer's short label ("K1") only beside the name."""

from grants.calls.labels import criterion_label, criterion_tag
from grants.calls.operations import update_call
from tests.web.pages import text


def _criteria(*codes):
    return [{"code": code, "name": f"Kryterium {code}", "max_points": 60} for code in codes]


def test_codes_as_officers_write_them(api, officer, make_call):
    from tests.helpers import call_payload

    payload = call_payload(criteria=_criteria("K1", "A.2", "kryt-3", "Ż_4"))
    response = api(officer).post("/api/v1/calls", json=payload)
    assert response.status_code == 201, response.get_json()
    assert [c["code"] for c in response.get_json()["criteria"]] == ["K1", "A.2", "kryt-3", "Ż_4"]


def test_codes_differ_regardless_of_case_and_keep_their_shape(api, officer):
    from tests.helpers import call_payload

    client = api(officer)
    twins = client.post("/api/v1/calls", json=call_payload(criteria=_criteria("K1", "k1")))
    assert twins.status_code == 422
    fields = twins.get_json()["fields"]
    assert list(fields) == ["criteria.1.code"] and "wielkość liter" in fields["criteria.1.code"][0]
    for bad in ("Bad Code", "-K1", ".", "K" * 33, "K1;"):
        response = client.post("/api/v1/calls", json=call_payload(criteria=_criteria(bad)))
        assert response.status_code == 422 and "criteria.0.code" in response.get_json()["fields"], bad


def test_only_an_officers_short_label_is_shown():
    assert criterion_tag("K1") == "K1" and criterion_tag("A.2") == "A.2" and criterion_tag("III-3") == "III-3"
    for machine in ("ability", "own_funds", "track_record", "quality", "kryterium_dlugie_1"):
        assert criterion_tag(machine) is None, machine
    assert criterion_label("Jakość", "K3") == "K3 — Jakość"
    assert criterion_label("Zdolność do realizacji", "ability") == "Zdolność do realizacji"


def test_public_page_and_amendments_show_names_not_codes(client, make_call, officer, db):
    call = make_call(publish=True)  # the statutory criteria: ability, costs, quality, own_funds, …
    criteria = [
        {"code": c.code, "name": c.name, "max_points": c.max_points, "min_points": c.min_points} for c in call.criteria
    ]
    criteria[0]["max_points"] = 25
    update_call(actor=officer, call=call, raw={"criteria": criteria, "reason": "Wyższa waga zdolności."})
    db.session.commit()
    page = text(client.get(f"/calls/{call.id}"))
    assert call.criteria[0].name in page and "Wyższa waga zdolności." in page
    for code in ("ability", "own_funds", "non_financial", "track_record"):
        assert code not in page, code


def test_public_page_shows_the_short_label(client, make_call):
    call = make_call(publish=True, criteria=[{"code": "K1", "name": "Jakość oferty", "max_points": 60}])
    assert "K1 — Jakość oferty" in text(client.get(f"/calls/{call.id}"))


def test_score_messages_name_the_criterion(flow, committee, offers, review_call):
    flow.ready(offers)
    ability = next(c for c in review_call.criteria if c.code == "ability")
    response = flow.as_(committee.m1).put(
        f"/api/v1/offers/{offers[0].id}/my-score", json={"scores": {"ability": 99}, "final": False}
    )
    assert response.status_code == 422
    assert f"„{ability.name}”" in response.get_json()["fields"]["scores.ability"][0]
    final = flow.as_(committee.m1).put(
        f"/api/v1/offers/{offers[0].id}/my-score", json={"scores": {}, "justifications": {}, "final": True}
    )
    messages = final.get_json()["fields"]
    assert all(f"„{c.name}”" in messages[f"scores.{c.code}"][0] for c in review_call.criteria)


def test_ranking_matrix_heads_a_column_with_the_short_label(make_call):
    from grants.review.pages import ranking_columns

    call = make_call(
        criteria=[
            {"code": "K1", "name": "Możliwość realizacji zadania przez oferenta", "max_points": 30},
            {"code": "ability", "name": "Kalkulacja kosztów realizacji zadania", "max_points": 30},
        ]
    )
    shorts = [column["short"] for column in ranking_columns(call)]
    assert shorts[0] == "K1" and shorts[1] != "ability" and shorts[1].startswith("Kalkulacja")
