"""What anyone may read without an account: open calls, the announcements, the Atom feed."""

from urllib.parse import urlsplit

from feedgen.feed import FeedGenerator
from flask import Blueprint, Response, current_app, render_template, request, url_for
from flask_babel import gettext as _

from grants.calls import pages, queries
from grants.clock import now_utc
from grants.formatting import datetime_pl, money_pl
from grants.public.cache import cached_public_page

bp = Blueprint("public", __name__)

FEED_SIZE = 50


@bp.route("/")
@cached_public_page
def index():
    return render_template("public/index.html", open_calls=queries.public_calls("open"))


def _tabs() -> list[tuple[str, str]]:
    return [
        ("open", _("Otwarte")),
        ("closed", _("Zamknięte — w ocenie")),
        ("resolved", _("Rozstrzygnięte")),
        ("cancelled", _("Unieważnione")),
    ]


@bp.route("/calls")
@cached_public_page
def calls():
    status = request.args.get("status", "open")
    if status not in queries.PUBLIC_PHASES:
        status = "open"  # an unknown tab shows the default one rather than an error page
    tabs = _tabs()
    return render_template(
        "public/calls.html", calls=queries.public_calls(status), status=status, tabs=tabs, tab_label=dict(tabs)[status]
    )


@bp.route("/calls/<int:call_id>")
@cached_public_page
def call(call_id: int):
    return render_template("public/call.html", **pages.public_call_page(queries.get_public_call(call_id)))


def _tag_authority() -> str:
    # Entry ids must not change with the host a reader happens to use, so they come from the
    # configured public address, not from the request.
    base = current_app.config.get("PUBLIC_BASE_URL") or request.host_url
    return urlsplit(base).hostname or "localhost"


def _last_change(call):
    moments = [call.published_at, call.cancelled_at, *(a.created_at for a in call.amendments)]
    return max(moment for moment in moments if moment is not None)


@bp.route("/feed.atom")
@cached_public_page
def feed():
    calls = queries.recent_announcements(limit=FEED_SIZE)
    authority = _tag_authority()
    generator = FeedGenerator()
    generator.id(f"tag:{authority},2025:oko:calls")
    generator.title(_("OKO — ogłoszenia o otwartych konkursach ofert"))
    generator.subtitle(_("Ogłoszenia, zmiany i unieważnienia otwartych konkursów ofert."))
    generator.link(href=url_for("public.feed", _external=True), rel="self")
    generator.link(href=url_for("public.calls", _external=True), rel="alternate")
    generator.language("pl")
    generator.updated(max((_last_change(c) for c in calls), default=now_utc()))
    for call in calls:
        entry = generator.add_entry(order="append")
        entry.id(f"tag:{authority},{call.created_at:%Y-%m-%d}:oko:call:{call.id}")
        entry.title(call.title)
        entry.link(href=url_for("public.call", call_id=call.id, _external=True), rel="alternate")
        entry.published(call.published_at)
        entry.updated(_last_change(call))
        entry.author(name=call.office.name)
        summary = _(
            "%(office)s. Rodzaj zadania: %(task)s. Środki: %(budget)s. Termin składania ofert: %(deadline)s.",
            office=call.office.name,
            task=call.task_type,
            budget=money_pl(call.budget_total),
            deadline=datetime_pl(call.submission_deadline),
        )
        if call.cancelled_at is not None:
            summary = _("Konkurs unieważniony: %(reason)s", reason=call.cancel_reason) + " " + summary
        elif call.amendments:
            summary = _("Ogłoszenie zmieniono: %(reason)s", reason=call.amendments[-1].reason) + " " + summary
        entry.summary(summary)
    return Response(generator.atom_str(pretty=True), mimetype="application/atom+xml")
