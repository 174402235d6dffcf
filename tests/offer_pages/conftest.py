"""The offer pages reuse the offers' fixtures: organisations and their members, an open call, a complete
offer body (tests/offers/conftest.py)."""

from tests.offers.conftest import (  # noqa: F401  (fixtures, found by pytest by name)
    TASK_YEAR,
    colleague,
    draft,
    make_org,
    offer_body,
    open_call,
    org,
    other_ngo_user,
    other_org,
)
