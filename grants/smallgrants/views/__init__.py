"""The small-grant pages (blueprint `small_grants`): the NGO's simplified offer (art. 19a; Dz.U. 2018 poz. 2055)
under /ngo/small-grants (`ngo`), the office's pages under /office/small-grants (`office`) and the public page of
a published offer with its comments (`public`). Views stay thin: load (404 for anyone who may not know the
object), check the role, call one operation, flash and redirect."""

from flask import Blueprint, request

bp = Blueprint("small_grants", __name__)


@bp.after_request
def private_pages(response):
    # Drafts, bank accounts and the office's desk are private; the public page decides its own caching.
    if request.path.startswith(("/ngo/", "/office/")):
        response.headers.setdefault("Cache-Control", "no-store")
    return response


from grants.smallgrants.views import ngo, office, public  # noqa: E402,F401  routes register on bp
