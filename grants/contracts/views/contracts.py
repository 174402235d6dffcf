"""Contract pages of the after-award half (see grants.contracts.views)."""

from grants.contracts.views import bp  # noqa: F401
