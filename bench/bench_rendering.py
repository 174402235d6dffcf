"""Rendering without the page cache: what a page costs in the process, and what the templates' gettext costs.

Run by hand from the project root:

    .venv/bin/python bench/bench_rendering.py [--runs 200]

A throwaway SQLite database with the demo (`flask demo load`) plus 40 published calls; the public cache off.
For each page: the median wall time of a request through the test client, the number of gettext calls the
templates made, and the same page with Flask-Babel's own template callables (what OKO had before
grants/i18n.py), so the difference is the gettext alone. In process, so gunicorn and the network are not in
the figures (bench_public.py measures those).
"""

import argparse
import os
import statistics
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))
sys.path.insert(0, str(ROOT / "bench"))

from harness import Summary, json_argument  # noqa: E402

PAGES = ("/", "/calls", "/calls?status=resolved", "/calls/{open_call}", "/calls?lang=uk")


def build(extra_calls: int):
    os.environ["DATABASE_URL"] = f"sqlite:///{tempfile.mkdtemp(prefix='oko-render-')}/oko.sqlite"
    os.environ.pop("REDIS_URL", None)
    from grants import create_app
    from grants.auth.queries import user_by_email
    from grants.calls.operations import create_call, publish_call
    from grants.demo import load_demo
    from grants.extensions import db
    from tests.helpers import call_payload, future

    app = create_app()
    app.config["PUBLIC_PAGE_CACHE"] = False
    with app.app_context():
        db.create_all()
        load_demo()
        officer = user_by_email("referat@opole.example")
        for n in range(extra_calls):
            call = create_call(actor=officer, raw=call_payload(title=f"Konkurs {n}", submission_deadline=future(30)))
            publish_call(actor=officer, call=call)
        db.session.commit()
        open_call = call.id
    return app, open_call


def flask_babel_callables(app):
    """Flask-Babel's template gettext as it installs it (the reference)."""
    import jinja2.ext
    from flask_babel import get_translations

    app.jinja_env.install_gettext_callables(
        gettext=lambda s: get_translations().ugettext(s),
        ngettext=lambda s, p, n: get_translations().ungettext(s, p, n),
        newstyle=True,
    )
    app.jinja_env.globals["_"] = jinja2.ext._gettext_alias


def counted_gettext(client, path: str) -> int:
    """The template strings a page translates: every one of them asks grants.i18n for the translations."""
    import grants.i18n

    original, calls = grants.i18n.current_translations, []

    def counting():
        calls.append(1)
        return original()

    grants.i18n.current_translations = counting
    try:
        client.get(path)
    finally:
        grants.i18n.current_translations = original
    return len(calls)


def paired_medians(app, client, path: str, runs: int) -> tuple[float, float]:
    """Median ms of the page with OKO's gettext and with Flask-Babel's, measured alternately request by
    request, so that the machine's load (other processes on the two cores) weighs on both alike."""
    from grants.i18n import install_template_gettext

    timings = {"ours": [], "reference": []}
    installers = {"ours": install_template_gettext, "reference": flask_babel_callables}
    for _ in range(5):
        client.get(path)
    for _ in range(runs):
        for name, install in installers.items():
            install(app)
            start = time.perf_counter()
            response = client.get(path)
            timings[name].append((time.perf_counter() - start) * 1000)
            assert response.status_code == 200, (path, response.status_code)
    install_template_gettext(app)
    return statistics.median(timings["ours"]), statistics.median(timings["reference"])


def main():
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--runs", type=int, default=200)
    parser.add_argument("--extra-calls", type=int, default=40)
    json_argument(parser)
    args = parser.parse_args()
    summary = Summary("rendering", args.json)
    app, open_call = build(args.extra_calls)
    pages = [page.format(open_call=open_call) for page in PAGES]
    client = app.test_client()

    table = summary.table(["page", "gettext calls", "ms, OKO's gettext", "ms, Flask-Babel's", "saved"])
    for page in pages:
        count = counted_gettext(client, page)
        ours, reference = paired_medians(app, client, page, args.runs)
        table.row(f"`{page}`", count, f"{ours:.2f}", f"{reference:.2f}", f"{reference - ours:.2f} ms")
    summary.note(
        f"median of {args.runs} requests per page and gettext, alternating, in process (test client), "
        "public cache off; load average before: " + summary.data["load_before"]
    )
    summary.write()


if __name__ == "__main__":
    main()
