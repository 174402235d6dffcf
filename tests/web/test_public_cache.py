"""The public page cache never shows what is no longer true: a change of state or a deadline passing
invalidates it; logged-in people never get a cached page."""

from datetime import timedelta

from freezegun import freeze_time

from tests.helpers import future


def test_second_view_is_served_from_cache(client, make_call):
    make_call(publish=True)
    assert client.get("/calls").headers["X-OKO-Cache"] == "miss"
    assert client.get("/calls").headers["X-OKO-Cache"] == "hit"


def test_a_published_call_shows_at_once(client, make_call):
    client.get("/calls")
    call = make_call(publish=True)
    response = client.get("/calls")
    assert response.headers["X-OKO-Cache"] == "miss"
    assert call.title in response.get_data(as_text=True)


def test_amendment_and_cancellation_invalidate(client, make_call, officer):
    from grants.calls.operations import cancel_call
    from grants.extensions import db

    call = make_call(publish=True)
    client.get(f"/calls/{call.id}")
    cancel_call(actor=officer, call=call, reason="Brak środków w budżecie.")
    db.session.commit()
    assert "Brak środków w budżecie." in client.get(f"/calls/{call.id}").get_data(as_text=True)


def test_page_never_outlives_a_deadline(client, make_call):
    call = make_call(publish=True, submission_deadline=future(25))
    with freeze_time(call.submission_deadline - timedelta(seconds=2)):
        assert str(call.id) in client.get("/calls?status=open").get_data(as_text=True)
        assert client.get("/calls?status=open").headers["X-OKO-Cache"] == "hit"
    with freeze_time(call.submission_deadline):
        response = client.get("/calls?status=open")
        assert response.headers["X-OKO-Cache"] == "miss"
        assert f'/calls/{call.id}"' not in response.get_data(as_text=True)


def test_logged_in_people_bypass_the_cache(client, login, officer, make_call):
    make_call(publish=True)
    login(officer)
    client.get("/calls")
    response = client.get("/calls")
    assert "X-OKO-Cache" not in response.headers
    assert officer.full_name in response.get_data(as_text=True)


def test_language_is_part_of_the_key(client, make_call):
    make_call(publish=True)
    client.get("/calls")
    assert client.get("/calls?lang=en").headers["X-OKO-Cache"] == "miss"
