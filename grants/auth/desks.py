"""Where each person works: the desk a role lands on after signing in (issue 11), and the others it may open.

A person lands where their next step is, not on the public home page: the officer on the office's calls
that need action (/office/), the committee member on what is left to declare and score (/review/), an NGO
person on its offers and deadlines (/ngo/). The admin lands on the office's desk too: it lists every office's
calls and links what only an admin runs (staff accounts, interest rates, each office's contract settings).

A person with several roles lands on the first desk of `DESK_ORDER` they have and finds the others linked on
it (templates/_desks.html). The staff role comes first because it is the person's job in the office; a seat on
a committee is an appointment for some calls; belonging to an organisation is open to anyone with an account.
"""

from dataclasses import dataclass

from flask import url_for

from grants.i18n import lazy_gettext as _l


@dataclass(frozen=True)
class Desk:
    key: str
    endpoint: str
    label: object  # a lazy string: the language is the request's


DESK_ORDER = (
    Desk("office", "office.dashboard", _l("Pulpit urzędu")),
    Desk("review", "review_pages.my_calls", _l("Ocena ofert (komisja)")),
    Desk("ngo", "organizations.dashboard", _l("Pulpit organizacji")),
)


def _has(user, key: str) -> bool:
    if key == "office":
        return user.is_officer  # officers and admins
    if key == "review":
        return user.is_evaluator
    # Anyone who is not staff works for an organisation (or is about to create or join one); staff see the NGO
    # desk only when they also belong to an organisation.
    return not user.roles or user.is_ngo_member


def desks_of(user) -> list[Desk]:
    """Every desk the person may open, the one they land on first; none for an anonymous visitor."""
    if user is None or not getattr(user, "is_authenticated", False):
        return []
    return [desk for desk in DESK_ORDER if _has(user, desk.key)]


def desk_url(user) -> str:
    """Where the person lands after signing in when no `next` address asks for another page."""
    desks = desks_of(user)
    return url_for(desks[0].endpoint) if desks else url_for("public.index")
