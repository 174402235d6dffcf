"""Importing this module registers every job handler OKO has."""
from grants import mail  # noqa: F401
