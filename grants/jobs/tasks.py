"""Importing this module registers every job handler OKO has."""

from grants import mail  # noqa: F401
from grants.documents import jobs as document_jobs  # noqa: F401
