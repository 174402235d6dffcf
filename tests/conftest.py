"""The suite's root: the fixtures are plugins (tests/fixtures/), plain helpers live in tests/helpers.py.

The suite runs on SQLite by default and on PostgreSQL when OKO_TEST_DATABASE_URL names a server
(OKO_TEST_REDIS_URL for Redis); see the Makefile's `test` target and tests/fixtures/core.py for how the
database, the apps and the clock are set up for each test."""

pytest_plugins = [
    "tests.fixtures.core",
    "tests.fixtures.people",
    "tests.fixtures.calls",
    "tests.fixtures.offers",
    "tests.fixtures.review",
    "tests.fixtures.world",
    "tests.fixtures.contracts",
    "tests.fixtures.programme_year",
]
