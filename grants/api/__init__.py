"""The HTTP API v1 (shared/API.md): the same operations as the web pages, for machines."""

from flask import Blueprint, request
from flask_babel import gettext as _

from grants.auth.permissions import require_officer
from grants.auth.session import bearer_token, user_for_token
from grants.errors import DomainError, Forbidden, Unauthorized

bp = Blueprint("api", __name__, url_prefix="/api/v1")


class BadRequest(DomainError):
    status = 400
    code = "bad_request"


def json_body() -> dict:
    body = request.get_json(silent=True)
    if not isinstance(body, dict):
        raise BadRequest(_("Treść żądania musi być obiektem JSON."))
    return body


def current_api_user(required: bool = True):
    """The bearer token's user. The API never trusts the session cookie."""
    # Cached per request (not on `g`, which outlives a request when an app context is reused).
    if "oko.api_user" not in request.environ:
        token = bearer_token(request)
        request.environ["oko.api_user"] = user_for_token(token) if token else None
        request.environ["oko.api_token"] = token
    user = request.environ["oko.api_user"]
    if required and user is None:
        raise Unauthorized(_("Zaloguj się: brak lub nieważny token."), code="unauthorized")
    if user is not None and user.is_admin and not user.has_two_factor:  # a token older than the admin role
        raise Forbidden(
            _("Administrator musi najpierw włączyć logowanie dwuetapowe (strona „Moje konto”)."),
            code="two_factor_required",
        )
    return user


def current_api_token() -> str | None:
    current_api_user()
    return request.environ["oko.api_token"]


def require_officer_api():
    """The API's side of `permissions.require_officer` (the pages' is `grants.pages.officer_page`):
    the token's user, who must be office staff. Objects of another office are 404 in their loader."""
    user = current_api_user()
    require_officer(user)
    return user


from grants.api import accounts as accounts_api  # noqa: E402,F401  e-mail, passwords, invitations (issue 10)
from grants.api import auth, calls, contracts, docs, documents, offers, organizations, reports, review, settlement  # noqa: E402,F401  routes register on bp
from grants.api import inspections as inspections_api  # noqa: E402,F401  control of the task (art. 17)
from grants.api import offer_update as offer_update_api  # noqa: E402,F401  the update after the results, resignations, moved money
from grants.api import open_data as open_data_api  # noqa: E402,F401  the office's grants as 360Giving (issue 9)
from grants.api import programme_report as programme_report_api  # noqa: E402,F401  the yearly report (art. 5a ust. 3)
from grants.api import programmes_year as programmes_year_api  # noqa: E402,F401  the programme's year (issue 9)
from grants.api import small_grant_office as small_grant_office_api  # noqa: E402,F401  small grants: the office's side
from grants.api import small_grants as small_grants_api  # noqa: E402,F401  small grants (art. 19a): the NGO's side, the read
