"""What every page's render pays before its own content, made cheap: the template's globals and its fixed links.

The header, the footer and the language switch are the same on every page, and a page without a cache (the
public call page at national scale) pays for them on every request (docs/benchmarks.md)."""

from flask import url_for as flask_url_for
from flask.globals import _cv_request
from flask.templating import Environment as FlaskEnvironment


class Environment(FlaskEnvironment):
    """Flask's Jinja environment whose templates keep their globals in one dict.

    Jinja copies a template's globals into every context it makes (each render, each imported template's
    module) and compares their keys on each `{% from … import %}`; its ChainMap over the environment's ~60
    globals did that key by key in Python (~40 µs a render, ~100 µs on the call page), a dict does it in C.
    The dict is taken when the template loads: every global is registered by `create_app` before any
    template loads (Flask refuses a new global after the first request, Jinja asks not to change them after
    a template is loaded), and a template reloaded in development takes them again."""

    def make_globals(self, d):
        return {**self.globals, **(d or {})}


# The endpoints whose links a page asks for without values, and the static files: the same few dozen strings
# for every request of a process (per script root: the app may be mounted under a prefix).
_LINKS_KEY = "oko_fixed_links"


def url_for(endpoint: str, **values) -> str:
    """`flask.url_for` for templates, remembering the links that depend on nothing of the request: an
    endpoint without values (the header's and the footer's ~12 links) or a static file (≈ 10 µs each through
    the URL map; ≈ 1 µs here). Anything else — a link with an id, a query, an anchor, a relative endpoint, a
    link built outside a request — is asked of Flask."""
    request_context = _cv_request.get(None)
    if request_context is None or endpoint.startswith("."):
        return flask_url_for(endpoint, **values)
    if values:
        if endpoint != "static" or len(values) != 1 or "filename" not in values:
            return flask_url_for(endpoint, **values)
        key = (request_context.request.script_root, endpoint, values["filename"])
    else:
        key = (request_context.request.script_root, endpoint)
    links = request_context.app.extensions.setdefault(_LINKS_KEY, {})
    link = links.get(key)
    if link is None:
        link = links[key] = flask_url_for(endpoint, **values)
    return link
