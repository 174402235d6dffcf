"""The offer pages (blueprint `offer_pages`): the NGO's multi-step offer form (Annex 1 of Dz.U. 2018
poz. 2057), submission and its confirmation, attachments, cloning (`ngo`, `attachments`); the office's
list of submitted offers, the frozen offer, recorded confirmations and the development outbox (`office`).

Views stay thin, like the organisation and call pages: load the object (404 for anyone who may not know
it), check the role, turn the HTML form into the raw dict the API would send (grants.offers.form), call
ONE operation, then flash and redirect; what a page shows is built in grants.offers.pages.

Every step works without JavaScript (a plain POST per step). static/js/offer.js adds the autosave and the
live estimate through two JSON endpoints that read the very same form: `.../autosave` (one
`update_offer`) and `.../preview` (`figures.preview`, nothing written).
"""

from functools import wraps

from flask import Blueprint, jsonify, redirect, request
from flask_babel import gettext as _
from flask_login import current_user, login_required

from grants.errors import DomainError
from grants.offers import operations

bp = Blueprint("offer_pages", __name__)


def ngo_page(view):
    """An NGO member's page: anonymous → login, office staff and evaluators → 403 (a role matter)."""

    @wraps(view)
    @login_required
    def wrapped(*args, **kwargs):
        operations.require_ngo_actor(current_user)
        return view(*args, **kwargs)

    return wrapped


def ngo_json(view):
    """The same, for the endpoints offer.js calls: every answer is JSON, an expired session a 401 (a
    fetch would otherwise follow the redirect to the login page and read HTML)."""

    @wraps(view)
    def wrapped(*args, **kwargs):
        if not current_user.is_authenticated:
            return jsonify(
                {
                    "error": "unauthorized",
                    "message": _(
                        "Sesja wygasła. Zaloguj się ponownie — to, co wpisałeś(-aś), jest "
                        "zapamiętane w tej przeglądarce."
                    ),
                }
            ), 401
        try:
            operations.require_ngo_actor(current_user)
            return view(*args, **kwargs)
        except DomainError as error:
            return jsonify({"error": error.code, "message": error.message}), error.status

    return wrapped


def back(url: str):
    # A refused form is drawn under its POST address; a GET there (a reload, the language switch, which
    # links to the current address) goes back to the page the form lives on.
    lang = request.args.get("lang")
    return redirect(url + (f"?lang={lang}" if lang in ("pl", "uk", "en") else ""))


@bp.after_request
def private_pages(response):
    # Drafts and submitted offers are private: no shared caches, and no back-button copy of a step page
    # whose lock_version would be stale (it would only end in an edit conflict).
    response.headers.setdefault("Cache-Control", "no-store")
    return response


from grants.offers.views import attachments, ngo, office, update  # noqa: E402,F401  routes register on bp
