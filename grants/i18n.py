"""Templates' gettext without Flask-Babel's per-string lookups.

Flask-Babel's template callables ask, for every string, for the domain, the context, the locale (its name
built again) and the translations, through `flask.g`, and Jinja's newstyle wrapper calls through the context
twice more. In isolation 1 000 strings cost 12.7 ms against 2.1 ms here; on whole pages it is worth little
(docs/benchmarks.md, "Rendering without the page cache"). The answer changes only when the locale does (a request's
choice, or `force_locale` for a document or an e-mail in the reader's language), so it is kept beside the
locale Flask-Babel chose, in the same per-request namespace, and asked again when the locale object changes.
Nothing is shared between requests but the catalogs Flask-Babel already caches per process and, per catalog,
the Markup of the argument-less strings templates asked for (the UI's own strings, never a reader's)."""

from babel.support import NullTranslations
from flask import Flask
from flask.globals import _cv_app
from flask_babel import get_locale, get_translations
from flask_babel.speaklater import LazyString
from jinja2 import pass_eval_context
from markupsafe import Markup

_CACHE = "oko_translations"
_OUTSIDE_APP = NullTranslations()


def current_translations():
    """The translations of the locale in force, looked up once per locale per request."""
    app_context = _cv_app.get(None)
    if app_context is None:
        return _OUTSIDE_APP  # one object, so the per-catalog memo below does not grow with each string
    babel_state = app_context.g.__dict__.get("_flask_babel")
    locale = getattr(babel_state, "babel_locale", None)
    cached = getattr(babel_state, _CACHE, None)
    if locale is not None and cached is not None and cached[0] is locale:
        return cached[1]
    translations = get_translations()
    locale = get_locale()  # sets the namespace up when this is the request's first string
    babel_state = app_context.g.__dict__.get("_flask_babel")
    if babel_state is not None and locale is not None:
        setattr(babel_state, _CACHE, (locale, translations))
    return translations


def gettext(string: str, **variables) -> str:
    """Flask-Babel's `gettext`, same answer, for Python code on hot paths (labels printed once per row of a
    list): Flask-Babel finds its request state through `flask.g` on every string (~20 µs; this ~1 µs)."""
    translated = current_translations().ugettext(string)
    return translated % variables if variables else translated


def ui_markup(string: str, **variables) -> Markup:
    """A UI string as the templates' `_` prints it, for the rows printed in Python (ranking, formal desk, call's
    offers, audit log): the translation trusted, %-formatted with the values escaped, `%%` a percent sign.
    An extraction keyword (babel.cfg's command, tests/test_translations.py): call it with the msgid itself,
    never a variable, or pybabel would not see the string and a catalog update would drop its translations.
    Without variables the Markup is the one the templates' `_` keeps per catalog (the announcement asks ~30)."""
    if variables:
        return Markup(gettext(string)) % variables
    return _plain_markup(current_translations(), string)


def lazy_gettext(string: str, **variables) -> LazyString:
    """Flask-Babel's `lazy_gettext` through `gettext` above: a label table's entries, read on every page."""
    return LazyString(gettext, string, **variables)


# Per catalog, the Markup of each string a template asked for without arguments: the same few hundred strings
# on every page. Only the office's own UI strings are kept (never anything of a reader's), and a catalog's are
# as many as its entries.
_PLAIN: dict = {}


@pass_eval_context
def _gettext(__eval_ctx, __string, **variables):
    translations = current_translations()
    if not __eval_ctx.autoescape:
        return translations.ugettext(__string) % variables
    if variables:
        return Markup(translations.ugettext(__string)) % variables
    return _plain_markup(translations, __string)


def _plain_markup(translations, string: str) -> Markup:
    plain = _PLAIN.get(translations)
    if plain is None:
        plain = _PLAIN.setdefault(translations, {})
    rendered = plain.get(string)
    if rendered is None:
        # Formatted even without arguments ("100%%" → "100%"), as Jinja's newstyle gettext does.
        rendered = plain[string] = Markup(translations.ugettext(string)) % {}
    return rendered


@pass_eval_context
def _ngettext(__eval_ctx, __singular, __plural, __num, **variables):
    variables.setdefault("num", __num)
    rv = current_translations().ungettext(__singular, __plural, __num)
    return (Markup(rv) if __eval_ctx.autoescape else rv) % variables


@pass_eval_context
def _pgettext(__eval_ctx, __string_ctx, __string, **variables):
    variables.setdefault("context", __string_ctx)
    rv = current_translations().upgettext(__string_ctx, __string)
    return (Markup(rv) if __eval_ctx.autoescape else rv) % variables


@pass_eval_context
def _npgettext(__eval_ctx, __string_ctx, __singular, __plural, __num, **variables):
    variables.setdefault("context", __string_ctx)
    variables.setdefault("num", __num)
    rv = current_translations().unpgettext(__string_ctx, __singular, __plural, __num)
    return (Markup(rv) if __eval_ctx.autoescape else rv) % variables


def install_template_gettext(app: Flask) -> None:
    """Replace the callables Flask-Babel installed in Jinja, with the same semantics as Jinja's newstyle
    gettext (autoescaped, always `%`-formatted with the keyword arguments) in one call instead of three:
    `_` itself is the gettext, not an alias that resolves it from the context on every string. They take the
    evaluation context (all they need is whether to escape), not the context: Jinja gives a `pass_context`
    callable called in a loop or in a block with its own variables a derived copy of the whole context on
    every call — for every string of every row of a list."""
    callables = {"gettext": _gettext, "ngettext": _ngettext, "pgettext": _pgettext, "npgettext": _npgettext}
    app.jinja_env.globals.update(callables, _=_gettext)


def current_language() -> str | None:
    """`str(get_locale())` ("pl", "uk", "en"), kept per locale in the request's Flask-Babel state like the
    translations above: the date filters ask for it for every date of a page (~7 µs each through Flask-Babel,
    which finds its state through `flask.g`). None outside an application context."""
    app_context = _cv_app.get(None)
    if app_context is None:
        return None
    babel_state = app_context.g.__dict__.get("_flask_babel")
    locale = getattr(babel_state, "babel_locale", None)
    if locale is None:
        locale = get_locale()  # the request's first question: selects it and sets the state up
        if locale is None:
            return None
        babel_state = app_context.g.__dict__.get("_flask_babel")
    cached = getattr(babel_state, _LANGUAGE, None)
    if cached is not None and cached[0] is locale:
        return cached[1]
    language = str(locale)
    setattr(babel_state, _LANGUAGE, (locale, language))
    return language


_LANGUAGE = "oko_language"
