"""What anyone may read without an account: open calls, the announcements, the Atom feed, the RODO information
clause and the accessibility statement."""

from flask import Blueprint, Response, render_template, request

from grants.calls import pages, public_list, queries
from grants.calls.labels import phase_tabs
from grants.offices.queries import all_offices
from grants.public import statements
from grants.public.cache import cached_public_page
from grants.public.feed import atom_feed

bp = Blueprint("public", __name__)

FEED_SIZE = 50
INDEX_SIZE = 10  # the nearest deadlines on the home page; the list has the rest


@bp.route("/")
@cached_public_page
def index():
    open_calls = public_list.calls_page(public_list.Filters(limit=INDEX_SIZE))
    return render_template(
        "public/index.html",
        open_calls=public_list.cards_html(public_list.cards(open_calls.items)),
        more=open_calls.next_after is not None,
    )


@bp.route("/calls")
@cached_public_page
def calls():
    # A filter that cannot be read is named beside its field and the rest still applies (an unknown tab shows
    # the open calls): a list page never answers bad input with an error page.
    filters = public_list.parse_filters(request.args)
    tabs = phase_tabs()
    page = public_list.calls_page(filters)
    choices = public_list.filter_choices()
    return render_template(
        "public/calls.html",
        page=page,
        cards=public_list.cards_html(public_list.cards(page.items)),
        filters=filters,
        choices=choices,
        office_options=pages.office_filter_options(choices["offices"], filters.office_id),
        status=filters.phase,
        tabs=tabs,
        tab_label=dict(tabs)[filters.phase],
    )


@bp.route("/calls/<int:call_id>")
@cached_public_page
def call(call_id: int):
    return render_template("public/call.html", **pages.public_call_page(call_id))


@bp.route("/feed.atom")
@cached_public_page
def feed():
    calls = queries.recent_announcements(limit=FEED_SIZE)
    ids = [call.id for call in calls]
    results = queries.results_published(ids)
    return Response(atom_feed(calls, results, queries.formal_lists_published(ids)), mimetype="application/atom+xml")


@bp.route("/privacy")
@cached_public_page
def privacy():
    """Art. 13 RODO: who processes the data given in OKO's forms, why, for how long, and the person's rights."""
    return render_template("public/privacy.html", offices=all_offices(), statements=statements)


@bp.route("/accessibility")
@cached_public_page
def accessibility():
    """The accessibility statement (deklaracja dostępności) of art. 10 of the Act of 4 April 2019."""
    return render_template("public/accessibility.html", offices=all_offices(), statements=statements)
