"""Small grants (art. 19a), the office's side and the comments: publish, comments, answers, the decision
(shared/API.md "Small grants")."""

from grants.api import bp  # noqa: F401
