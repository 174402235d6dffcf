"""Plain helpers shared by the tests (no fixtures here: those are the plugins in tests/fixtures/).

The clock: every test runs with time frozen at `NOW` (the autouse `frozen_clock` fixture, see
tests/fixtures/core.py) unless it is marked `real_clock`. `NOW` is fixed, so a test gives the same result
whenever it runs; OKO_TEST_NOW=<ISO instant> moves it (e.g. to a DST change or a year's last evening).
Anything derived from "now" — `future()`, `call_payload()`, `TASK_YEAR` — is derived from that clock.
"""

import os
import re
from contextlib import contextmanager
from datetime import UTC, datetime, timedelta

import pytest
import sqlalchemy as sa

from grants.clock import WARSAW, now_utc, warsaw_date

TEST_DATABASE_URL = os.environ.get("OKO_TEST_DATABASE_URL")
# The marks of a race test on real PostgreSQL: threads with sessions and connections of their own, committing
# against each other, so a database of its own (real_db); skipped, saying why, where no server is set.
POSTGRES_RACE = [
    pytest.mark.postgres,
    pytest.mark.real_db,
    pytest.mark.skipif(
        not TEST_DATABASE_URL,
        reason="needs PostgreSQL: set OKO_TEST_DATABASE_URL (CI sets it), e.g. postgresql://postgres@127.0.0.1:5432/oko_test",
    ),
]
TEST_REDIS_URL = os.environ.get("OKO_TEST_REDIS_URL")
PASSWORD = "correct horse battery"

# 23:30 UTC is already the next day in Warsaw: a test that takes the UTC date of a Warsaw moment fails here.
NOW = datetime.fromisoformat(os.environ.get("OKO_TEST_NOW") or "2026-12-04T23:30:00+00:00").astimezone(UTC)

# The year of a task that starts after a call's deadline (used by the offers' and the review's tests).
TASK_YEAR = (NOW + timedelta(days=400)).astimezone(WARSAW).year


def future(days: int, hour: int = 16) -> str:
    """A Warsaw-time ISO datetime: the Warsaw day `days` after today, at `hour`:00."""
    moment = (now_utc() + timedelta(days=days)).astimezone(WARSAW)
    return moment.replace(hour=hour, minute=0, second=0, microsecond=0).isoformat()


def call_payload(**overrides) -> dict:
    """A complete, valid call as the API receives it, dated from today (the frozen clock's Warsaw date)."""
    today = warsaw_date(now_utc())
    payload = {
        "title": "Kursy języka polskiego dla cudzoziemców w 2027 r.",
        "task_type": "Działalność na rzecz integracji cudzoziemców",
        "form": "wspieranie",
        "description": "Organizacja bezpłatnych kursów języka polskiego dla cudzoziemców mieszkających w Opolu.",
        "budget_total": "120000.00",
        "grant_min": "5000.00",
        "grant_max": "60000.00",
        "own_contribution_min_percent": "10.00",
        "admin_costs_max_percent": "15.00",
        "task_start": (today + timedelta(days=60)).isoformat(),
        "task_end": (today + timedelta(days=300)).isoformat(),
        "submission_deadline": future(35),
        "selection_deadline": (today + timedelta(days=50)).isoformat(),
        "correction_days": 7,
        "cost_shift_tolerance_percent": "10.00",
        "min_total_points": 50,
    }
    payload.update(overrides)
    return payload


class Api:
    """A test client that speaks JSON with a bearer token."""

    def __init__(self, client, token=None):
        self.client = client
        self.token = token

    def _headers(self, headers=None):
        merged = dict(headers or {})
        if self.token:
            merged["Authorization"] = f"Bearer {self.token}"
        return merged

    def get(self, url, **kw):
        return self.client.get(url, headers=self._headers(kw.pop("headers", None)), **kw)

    def post(self, url, json=None, **kw):
        return self.client.post(url, json=json, headers=self._headers(kw.pop("headers", None)), **kw)

    def patch(self, url, json=None, **kw):
        return self.client.patch(url, json=json, headers=self._headers(kw.pop("headers", None)), **kw)

    def put(self, url, json=None, **kw):
        return self.client.put(url, json=json, headers=self._headers(kw.pop("headers", None)), **kw)

    def delete(self, url, **kw):
        return self.client.delete(url, headers=self._headers(kw.pop("headers", None)), **kw)


def make_staff(email: str, role: str, office, name: str = "Test Person"):
    """A staff account made through the operation, committed."""
    from grants.auth.operations import create_staff_user
    from grants.extensions import db

    user = create_staff_user(actor=None, email=email, password=PASSWORD, full_name=name, role=role, office=office)
    db.session.commit()
    return user


def make_user(email: str, full_name: str = "Członek Organizacji"):
    """An NGO account registered through the operation, its e-mail address verified (issue 10), committed."""
    from grants.auth.operations import register_ngo_user
    from grants.extensions import db

    user = register_ngo_user(email=email, password=PASSWORD, full_name=full_name, verified=True)
    db.session.commit()
    return user


def _main_table(statement: str) -> str | None:
    """The table a SELECT reads at its own level (`FROM x` outside any parentheses): a subquery in its columns
    — the sign-in's EXISTS over memberships — is part of the statement, not what it reads."""
    depth = 0
    words = re.findall(r"[()]|[^\s()]+", statement)
    for index, word in enumerate(words[:-1]):
        if word == "(":
            depth += 1
        elif word == ")":
            depth -= 1
        elif depth == 0 and word.upper() == "FROM":
            return words[index + 1]
    return None


@contextmanager
def tables_read(db):
    """The table each SELECT inside the block reads (`FROM x` at the statement's own level), in order:
    `with tables_read(db) as tables:` (a list, which the block may clear between requests)."""
    tables = []
    engine = db.session.connection().engine

    def before(conn, cursor, statement, *_args):
        if statement.lstrip()[:6].upper() == "SELECT" and (table := _main_table(statement)):
            tables.append(table)

    sa.event.listen(engine, "before_cursor_execute", before)
    try:
        yield tables
    finally:
        sa.event.remove(engine, "before_cursor_execute", before)


@contextmanager
def counting_statements(db):
    """Counts the SQL statements run inside the block: `with counting_statements(db) as count: ...; count()`.

    Used by the tests that render a page or list at two sizes of data and fail when the count grows with it.
    """

    statements = []
    engine = db.session.connection().engine

    def before(conn, cursor, statement, parameters, context, executemany):
        if not statement.lstrip().upper().startswith(("SAVEPOINT", "RELEASE", "ROLLBACK")):
            statements.append(statement)

    sa.event.listen(engine, "before_cursor_execute", before)
    try:
        yield lambda: len(statements)
    finally:
        sa.event.remove(engine, "before_cursor_execute", before)
