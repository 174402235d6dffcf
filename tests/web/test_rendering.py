"""What every page's render shares (grants.rendering): the templates' globals in one dict, the fixed links
remembered per process — and the links the same as Flask builds them, under a prefix too."""

import lxml.html
from flask import url_for as flask_url_for

from grants.rendering import url_for


def test_a_template_sees_every_global_of_the_environment(app):
    template = app.jinja_env.get_template("base.html")
    assert type(template.globals) is dict
    assert template.globals.keys() >= app.jinja_env.globals.keys()
    assert template.globals["url_for"] is url_for  # the remembering one, not Flask's


def test_fixed_links_are_remembered_and_the_rest_asked_of_flask(app):
    app.extensions.pop("oko_fixed_links", None)  # the app outlives a test
    with app.test_request_context("/calls/1"):
        asked = [
            ("public.calls", {}),
            ("static", {"filename": "css/oko.css"}),
            ("public.call", {"call_id": 5}),
            ("public.calls", {"status": "closed"}),
            ("public.calls", {"_anchor": "list"}),
        ]
        for endpoint, values in asked:
            assert url_for(endpoint, **values) == flask_url_for(endpoint, **values)
        kept = app.extensions["oko_fixed_links"]
        assert kept == {("", "public.calls"): "/calls", ("", "static", "css/oko.css"): "/static/css/oko.css"}
        assert url_for("public.calls") is kept[("", "public.calls")]


def test_a_link_under_a_prefix_is_the_prefixs(app):
    with app.test_request_context("/calls/1", base_url="http://localhost/oko"):
        assert url_for("public.calls") == flask_url_for("public.calls") == "/oko/calls"
        assert url_for("static", filename="css/oko.css") == "/oko/static/css/oko.css"
    with app.test_request_context("/calls/1"):
        assert url_for("public.calls") == "/calls"


def test_outside_a_request_the_link_is_flasks(app):
    app.extensions.pop("oko_fixed_links", None)
    app.config["SERVER_NAME"] = "oko.example"
    with app.app_context():
        assert url_for("public.calls") == flask_url_for("public.calls") == "http://oko.example/calls"
    assert "oko_fixed_links" not in app.extensions  # nothing kept from outside a request


def _language_links(page: str) -> dict:
    tree = lxml.html.fromstring(page)
    return {a.get("lang"): a.get("href") for a in tree.xpath('//ul[@class="lang-switch"]//a')}


def test_the_language_switch_links_the_page_itself_in_each_language(app, client, open_call):
    page = client.get(f"/calls/{open_call.id}?status=x").get_data(as_text=True)
    with app.test_request_context():
        wanted = {code: flask_url_for("public.call", call_id=open_call.id, lang=code) for code in ("pl", "uk", "en")}
    assert _language_links(page) == wanted == {code: f"/calls/{open_call.id}?lang={code}" for code in wanted}

    missing = client.get("/no-such-page")
    assert missing.status_code == 404
    assert _language_links(missing.get_data(as_text=True)) == {code: f"/?lang={code}" for code in wanted}
