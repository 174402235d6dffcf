"""The public pages of published small grants, with their comments (art. 19a ust. 3–4): anyone reads them and,
while the 7 days last, comments without an account.

The offer's page carries the comment form with a CSRF token, so it is never served from the public-page cache
(`grants.public.cache`): a cached copy would hand the first visitor's token to everyone. The list carries no form
but shows what depends on the clock to the second (open or closed, days left) and the cache's revision knows
nothing of comments' deadlines, so it is drawn fresh too; both are a few indexed reads."""

from flask import flash, redirect, render_template, request, url_for
from flask_babel import gettext as _
from flask_limiter.errors import RateLimitExceeded

from grants.clock import now_utc
from grants.errors import Conflict, ValidationFailed
from grants.parsing import form_text
from grants.smallgrants import office_queries, pages_public
from grants.smallgrants.operations import comments
from grants.smallgrants.throttle import comment_rate
from grants.smallgrants.views import bp
from grants.web import http_error

# Pages of the earlier small grants beyond this are not asked for by any link (and would scan for nothing).
MAX_PAGE = 10_000


@bp.get("/small-grants")
def public_list():
    page = request.args.get("page", default=0, type=int)
    page = page if 0 <= page <= MAX_PAGE else 0  # a page that cannot be shows the first rather than an error
    return render_template("smallgrants/public_list.html", **pages_public.listing(now_utc(), page))


@bp.get("/small-grants/<int:small_grant_id>")
def public_small_grant(small_grant_id: int):
    small_grant, document = office_queries.get_public_small_grant_with_document(small_grant_id)
    context = pages_public.small_grant_page(small_grant, now_utc(), document=document)
    return render_template("smallgrants/public_small_grant.html", **context)


@bp.post("/small-grants/<int:small_grant_id>/comments")
@comment_rate
def public_comment(small_grant_id: int):
    small_grant = office_queries.get_public_small_grant(small_grant_id)
    values = {"author": form_text(request.form.get("author")), "text": form_text(request.form.get("text"))}
    thanks = _("Dziękujemy. Uwaga została dodana i jest widoczna poniżej.")
    if form_text(request.form.get(pages_public.HONEYPOT)).strip():
        flash(thanks, "success")  # a bot: answered as if taken, nothing stored
        return redirect(url_for(".public_small_grant", small_grant_id=small_grant.id))
    now = now_utc()
    try:
        comments.add_comment(small_grant=small_grant, raw=values, client_address=request.remote_addr, now=now)
    except ValidationFailed as error:
        context = pages_public.small_grant_page(small_grant, now, values=values, errors=error.fields)
        return render_template("smallgrants/public_small_grant.html", **context), 422
    except Conflict as error:
        context = pages_public.small_grant_page(small_grant, now, values=values, message=error.message)
        return render_template("smallgrants/public_small_grant.html", **context), 409
    flash(thanks, "success")
    return redirect(url_for(".public_small_grant", small_grant_id=small_grant.id, _anchor="comments"))


@bp.errorhandler(RateLimitExceeded)
def comment_flood(error):
    """A flood refused (429): the public form shows again with what was typed, the API's answer stays JSON."""
    if request.endpoint != "small_grants.public_comment":
        return http_error(error)  # not this form's limit: the app's own 429 answer
    small_grant, document = office_queries.get_public_small_grant_with_document(request.view_args["small_grant_id"])
    values = {"author": form_text(request.form.get("author")), "text": form_text(request.form.get("text"))}
    message = _("Z tego adresu wysłano ostatnio zbyt wiele uwag. Odczekaj kilka minut i wyślij ją ponownie.")
    context = pages_public.small_grant_page(small_grant, now_utc(), document=document, values=values, message=message)
    return render_template("smallgrants/public_small_grant.html", **context), 429, dict(error.get_headers())
