"""The office's pages of a small grant (publication, comments and answers, the decision)."""

from grants.smallgrants.views import bp  # noqa: F401
