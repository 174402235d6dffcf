"""The after-award API: settlement (../shared/API.md, "After the award")."""

from grants.api import bp  # noqa: F401
