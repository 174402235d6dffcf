"""Templates' gettext (grants.i18n): the same text as Jinja's newstyle gettext over Flask-Babel gave, in the
locale in force at each string — a request's choice, or `force_locale` for a document or an e-mail."""

import jinja2.ext
import pytest
from flask_babel import force_locale, get_translations

TEMPLATE = (
    "{{ _('Konkursy ofert') }}|{{ _('Urząd: %(name)s', name=name) }}|{{ _('100%% pewności') }}|"
    "{{ ngettext('Został %(num)d dzień.', 'Zostało %(num)d dni.', days) }}"
)


def _flask_babel_env(app):
    """The environment as Flask-Babel installs it, to compare against."""
    env = app.jinja_env.overlay()
    env.install_gettext_callables(
        gettext=lambda s: get_translations().ugettext(s),
        ngettext=lambda s, p, n: get_translations().ungettext(s, p, n),
        newstyle=True,
    )
    env.globals["_"] = jinja2.ext._gettext_alias
    return env


@pytest.mark.parametrize("lang", ["pl", "uk", "en"])
@pytest.mark.parametrize("days", [1, 3, 5])
def test_strings_render_as_flask_babels_did(app, lang, days):
    context = {"name": "Fundacja <A&B>", "days": days}
    with app.test_request_context(f"/?lang={lang}"):
        ours = app.jinja_env.from_string(TEMPLATE).render(**context)
        reference = _flask_babel_env(app).from_string(TEMPLATE).render(**context)
    assert ours == reference
    assert "Fundacja &lt;A&amp;B&gt;" in ours  # the argument escaped, the translation not
    assert "100% " in ours


def test_the_language_follows_force_locale_within_one_request(app):
    template = app.jinja_env.from_string("{{ _('Konkursy ofert') }}")
    with app.test_request_context("/?lang=uk"):
        assert template.render() == "Конкурси пропозицій"
        with force_locale("pl"):
            assert template.render() == "Konkursy ofert"
            with force_locale("en"):
                assert template.render() != "Konkursy ofert"
        assert template.render() == "Конкурси пропозицій"


def test_a_page_is_drawn_in_the_readers_language(client):
    assert "Конкурси пропозицій" in client.get("/calls?lang=uk").get_data(as_text=True)
    assert "Konkursy ofert" in client.get("/calls?lang=pl").get_data(as_text=True)


def test_python_gettext_and_the_language_match_flask_babels_and_follow_force_locale(app):
    from flask_babel import get_locale
    from flask_babel import gettext as babel_gettext

    from grants.i18n import current_language, gettext, lazy_gettext

    lazy = lazy_gettext("Konkursy ofert")
    with app.test_request_context("/?lang=uk"):
        assert current_language() == str(get_locale()) == "uk"
        assert gettext("Urząd: %(name)s", name="X") == babel_gettext("Urząd: %(name)s", name="X")
        ukrainian = str(lazy)
        assert ukrainian == babel_gettext("Konkursy ofert") != "Konkursy ofert"
        with force_locale("en"):
            assert current_language() == "en"
            assert str(lazy) == babel_gettext("Konkursy ofert") != ukrainian
        assert current_language() == "uk"
        assert str(lazy) == ukrainian
    # After the request, in the test's application context: whatever Flask-Babel answers there.
    assert current_language() == (str(get_locale()) if get_locale() is not None else None)
