"""The after-award API: contracts (../shared/API.md, "After the award")."""

from grants.api import bp  # noqa: F401
