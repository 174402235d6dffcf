"""What anyone may read without an account: open calls, the announcements, the Atom feed."""

from flask import Blueprint, Response, render_template, request

from grants.calls import pages, queries
from grants.calls.labels import phase_tabs
from grants.public.cache import cached_public_page
from grants.public.feed import atom_feed

bp = Blueprint("public", __name__)

FEED_SIZE = 50


@bp.route("/")
@cached_public_page
def index():
    return render_template("public/index.html", open_calls=queries.public_calls("open"))


@bp.route("/calls")
@cached_public_page
def calls():
    status = request.args.get("status", "open")
    if status not in queries.PUBLIC_PHASES:
        status = "open"  # an unknown tab shows the default one rather than an error page
    tabs = phase_tabs()
    return render_template(
        "public/calls.html", calls=queries.public_calls(status), status=status, tabs=tabs, tab_label=dict(tabs)[status]
    )


@bp.route("/calls/<int:call_id>")
@cached_public_page
def call(call_id: int):
    return render_template("public/call.html", **pages.public_call_page(queries.get_public_call(call_id)))


@bp.route("/feed.atom")
@cached_public_page
def feed():
    calls = queries.recent_announcements(limit=FEED_SIZE)
    ids = [call.id for call in calls]
    results = queries.results_published(ids)
    return Response(atom_feed(calls, results, queries.formal_lists_published(ids)), mimetype="application/atom+xml")
