"""The public page of a published small grant, with its comments (art. 19a ust. 3–4)."""

from grants.smallgrants.views import bp  # noqa: F401
