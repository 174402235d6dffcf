"""Small grants (art. 19a), the NGO's side and the read: create, update the draft, submit, withdraw, GET one and
the list (shared/API.md "Small grants"). The office's routes are in `small_grant_office`."""

from grants.api import bp  # noqa: F401
