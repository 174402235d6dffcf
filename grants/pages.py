"""Access helpers shared by the office's page blueprints (calls, offers, review)."""

from functools import wraps

from flask_login import current_user, login_required

from grants.auth.permissions import require_officer


def officer_page(view):
    """An office page: anonymous → login, other roles → 403; objects of another office are 404 in the view."""

    @wraps(view)
    @login_required
    def wrapped(*args, **kwargs):

        require_officer(current_user)
        return view(*args, **kwargs)

    return wrapped


def office_call(call_id: int):
    """The officer's own office's call (drafts included); another office's is 404."""
    from grants.calls.queries import get_call_for_officer

    return get_call_for_officer(call_id, current_user)
