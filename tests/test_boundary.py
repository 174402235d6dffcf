"""Issue 10's bad inputs as regression tests: each once gave a 500 (most on PostgreSQL only; the
boundary makes them answer the same on both databases)."""

import json

import pytest

from grants.boundary import MAX_ID, check_json, strip_unsafe
from grants.errors import ValidationFailed
from tests.helpers import PASSWORD, call_payload


def test_unsafe_characters_are_stripped_from_text():
    assert strip_unsafe("Fundacja\x00 Most\udcff") == "Fundacja Most"
    assert strip_unsafe("Фонд «Міст» — ok") == "Фонд «Міст» — ok"


def test_json_problems_are_named_by_their_dotted_path():
    with pytest.raises(ValidationFailed) as caught:
        check_json({"title": "a\x00b", "cost_items": [{"name": "ok"}, {"name": "\ud800"}], "organization_id": 2**31})
    assert set(caught.value.fields) == {"title", "cost_items.1.name", "organization_id"}


def test_identifiers_at_the_limit_pass_and_other_numbers_are_left_to_the_schemas():
    check_json({"organization_id": MAX_ID, "partners_ids": [1, MAX_ID], "budget_total": 10**12})
    with pytest.raises(ValidationFailed):
        check_json({"partners_ids": [1, MAX_ID + 1]})


@pytest.mark.parametrize("path", ["/api/v1/calls/99999999999", "/api/v1/offers/2147483648", "/calls/99999999999"])
def test_ids_past_the_integer_column_are_404(api, officer, path):
    assert api(officer).get(path).status_code == 404


def test_an_id_at_the_limit_is_an_ordinary_404(client):
    assert client.get(f"/api/v1/calls/{MAX_ID}").status_code == 404


def test_a_huge_integer_query_parameter_is_ignored_not_a_500(client, make_call):
    make_call(publish=True)
    response = client.get("/api/v1/calls?office_id=99999999999999999999")
    assert response.status_code == 200
    assert response.get_json() == []  # no office has that number
    page = client.get("/calls?office=99999999999999999999")
    assert page.status_code == 200 and "data-call-id" not in page.get_data(as_text=True)


def test_json_nested_100000_levels_is_400(client):
    body = "[" * 100_000 + "]" * 100_000
    response = client.post("/api/v1/auth/token", data=body, content_type="application/json")
    assert response.status_code == 400
    assert response.get_json()["error"] == "bad_request"


def test_json_nested_past_the_limit_is_400(client):
    body = {"email": "x@example.org", "password": "p"}
    for _ in range(40):
        body = {"a": body}
    response = client.post("/api/v1/auth/token", json=body)
    assert response.status_code == 400


def test_nul_in_the_login_email_through_the_api_is_422_on_the_field(client):
    response = client.post("/api/v1/auth/token", json={"email": "a\x00@example.org", "password": "x"})
    assert response.status_code == 422
    assert "email" in response.get_json()["fields"]


def test_nul_in_the_login_form_is_stripped_and_the_attempt_is_an_ordinary_failure(client, officer):
    response = client.post("/login", data={"email": "officer@opole.example\x00", "password": "wrong"})
    assert response.status_code in (200, 401)
    assert "officer@opole.example" in response.get_data(as_text=True)  # what was typed comes back


def test_nul_in_the_login_form_does_not_stop_a_correct_login(client, officer):
    response = client.post("/login", data={"email": "officer@opole.example\x00", "password": PASSWORD})
    assert response.status_code == 302


def test_a_lone_surrogate_in_a_call_title_is_422_and_nothing_is_stored(api, officer, db):
    from grants.calls.models import Call

    response = api(officer).post("/api/v1/calls", json=call_payload(title="Kursy \udcff"))
    assert response.status_code == 422
    assert "title" in response.get_json()["fields"]
    assert db.session.query(Call).count() == 0


def test_raw_surrogate_escape_in_json_text_is_422(api, officer):
    raw = json.dumps(call_payload(title="X")).replace('"X"', '"\\udcff"')
    response = api(officer).post("/api/v1/calls", data=raw, content_type="application/json")
    assert response.status_code == 422
    assert "title" in response.get_json()["fields"]


def test_a_string_longer_than_its_column_is_422_naming_the_field(api):
    response = api().post(
        "/api/v1/auth/register", json={"email": "new@example.org", "password": PASSWORD, "full_name": "N" * 201}
    )
    assert response.status_code == 422
    assert "full_name" in response.get_json()["fields"]


def test_a_subject_built_from_a_long_or_multiline_name_is_one_line_that_fits(app):
    from grants.mail import SUBJECT_MAX, queue_mail

    message = queue_mail("x@example.org", "Oferta: " + "Fundacja\r\nMost " * 40, "treść")
    assert len(message.subject) <= SUBJECT_MAX
    assert "\r" not in message.subject and "\n" not in message.subject
    assert message.subject.startswith("Oferta: Fundacja Most Fundacja")


def test_a_huge_id_on_a_path_that_other_methods_share_is_404_not_405(api, officer):
    assert api(officer).get("/api/v1/calls/401193644787/declarations").status_code == 404
    assert api(officer).get("/api/v1/calls/99999999999999999999999/declarations").status_code == 404


def test_405_names_the_allowed_methods(client):
    response = client.delete("/api/v1/calls")
    assert response.status_code == 405
    assert set(response.headers["Allow"].replace(" ", "").split(",")) >= {"GET", "POST"}
    page = client.delete("/calls")
    assert page.status_code == 405 and "GET" in page.headers["Allow"]
