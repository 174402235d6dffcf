"""The public page cache never shows what is no longer true: a change of state or a deadline passing
invalidates it; logged-in people never get a cached page."""

from datetime import timedelta

from freezegun import freeze_time

from tests.helpers import future


def test_second_view_is_served_from_cache(client, make_call):
    make_call(publish=True)
    assert client.get("/calls").headers["X-OKO-Cache"] == "miss"
    assert client.get("/calls").headers["X-OKO-Cache"] == "hit"


def test_each_call_page_is_cached_as_itself(client, make_call):
    first, second = make_call(publish=True), make_call(publish=True, title="Drugi konkurs w pamięci podręcznej")
    assert client.get(f"/calls/{first.id}").headers["X-OKO-Cache"] == "miss"
    response = client.get(f"/calls/{second.id}")
    assert response.headers["X-OKO-Cache"] == "miss"
    assert "Drugi konkurs w pamięci podręcznej" in response.get_data(as_text=True)
    assert client.get(f"/calls/{second.id}").headers["X-OKO-Cache"] == "hit"


def test_a_published_call_shows_at_once(client, make_call):
    client.get("/calls")
    call = make_call(publish=True)
    response = client.get("/calls")
    assert response.headers["X-OKO-Cache"] == "miss"
    assert call.title in response.get_data(as_text=True)


def test_amendment_and_cancellation_invalidate(client, make_call, officer):
    from grants.calls.ending import cancel_call
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


def test_a_page_that_renders_a_form_token_is_never_kept(app):
    """Issue 11: a cached page carried the CSRF token of whoever loaded it first, so the next visitor's POST
    was refused as expired. A public page that renders a form (the small grant's comment form) is answered to
    its visitor and never cached."""
    from flask import render_template_string

    from grants.public.cache import cached_public_page

    @cached_public_page
    def page_with_a_form():
        return render_template_string('<form method="post"><input name="csrf_token" value="{{ csrf_token() }}"></form>')

    @cached_public_page
    def page_without_one():
        return "<p>ogłoszenie</p>"

    app.extensions.pop("oko_page_cache", None)
    seen = []
    for view in (page_with_a_form, page_with_a_form, page_without_one, page_without_one):
        with app.test_request_context(f"/?view={view.__name__}"):
            seen.append((view.__name__, view().headers["X-OKO-Cache"]))
    assert seen == [
        ("page_with_a_form", "miss"),
        ("page_with_a_form", "miss"),
        ("page_without_one", "miss"),
        ("page_without_one", "hit"),
    ]


def test_the_cache_is_on_unless_the_environment_turns_it_off():
    from grants.config import from_environment

    assert from_environment({})["PUBLIC_PAGE_CACHE"] is True
    assert from_environment({"OKO_PUBLIC_PAGE_CACHE": "0"})["PUBLIC_PAGE_CACHE"] is False
