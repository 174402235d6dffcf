"""The after-award API: reports (../shared/API.md, "After the award")."""

from grants.api import bp  # noqa: F401
