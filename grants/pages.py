"""The office's pages and the access rules: adapters of `grants.auth.permissions` for page views.

The API has its own adapter (`grants.api.require_officer_api`); both ask the same rule, so a page
and an API call refuse the same person in the same words.
"""

from functools import wraps

from flask_login import current_user, login_required

from grants.auth.permissions import require_officer
from grants.calls.models import Call
from grants.calls.queries import get_call_for_officer


def officer_page(view):
    """An office page: anonymous → login, other roles → 403; objects of another office are 404 in the view."""

    @wraps(view)
    @login_required
    def wrapped(*args, **kwargs):
        require_officer(current_user)
        return view(*args, **kwargs)

    return wrapped


@officer_page
def officers_only() -> None:
    """A blueprint's `before_request` that makes every one of its pages an office page."""
    return None


def office_call(call_id: int) -> Call:
    """The officer's own office's call (drafts included); another office's is 404."""
    return get_call_for_officer(call_id, current_user)
