"""Importing this module registers every job handler OKO has."""

from grants import mail  # noqa: F401
from grants.contracts.operations import reminders  # noqa: F401  the daily reminders (grants.jobs.schedule)
from grants.documents import jobs as document_jobs  # noqa: F401
