"""Shared fixtures. The suite runs on SQLite by default and on PostgreSQL when
OKO_TEST_DATABASE_URL names a server (OKO_TEST_REDIS_URL for Redis); see the Makefile's `test` target."""

import os
from datetime import UTC, datetime, timedelta

import pytest
from flask import has_app_context
from flask.testing import FlaskClient

TEST_DATABASE_URL = os.environ.get("OKO_TEST_DATABASE_URL")
TEST_REDIS_URL = os.environ.get("OKO_TEST_REDIS_URL")
PASSWORD = "correct horse battery"


def pytest_configure(config):
    config.addinivalue_line("markers", "slow: takes more than a few seconds")


def _config(tmp_path, **overrides):
    database_url = TEST_DATABASE_URL or f"sqlite:///{tmp_path / 'test.sqlite'}"
    from grants.config import engine_options, normalise_database_url

    config = {
        "TESTING": True,
        "SECRET_KEY": "test-secret",
        "SQLALCHEMY_DATABASE_URI": normalise_database_url(database_url),
        "SQLALCHEMY_ENGINE_OPTIONS": engine_options(database_url),
        "JOBS_MODE": "manual",
        "REDIS_URL": None,
        "WTF_CSRF_ENABLED": False,
        "RATELIMIT_ENABLED": False,
        "RATELIMIT_STORAGE_URI": "memory://",
        "STORAGE_DIR": str(tmp_path / "storage"),
        "INSTANCE_DIR": str(tmp_path / "instance"),
        "MAIL_SERVER": None,
        # Cheap argon2 in tests only: the suite creates hundreds of accounts.
        "ARGON2_PARAMS": {"time_cost": 1, "memory_cost": 1024, "parallelism": 1},
    }
    config.update(overrides)
    return config


def _reset_schema(db):
    """An empty database: on PostgreSQL the whole schema goes (whatever an earlier run left)."""
    if db.engine.dialect.name == "postgresql":
        with db.engine.begin() as connection:
            connection.execute(db.text("DROP SCHEMA public CASCADE; CREATE SCHEMA public"))
    else:
        db.drop_all()


class IsolatedClient(FlaskClient):
    """Each request runs in its own app context, as in production: its own `g`, its own session.

    The test's own session (the fixture's app context) is expired afterwards so that it reads what
    the request committed instead of stale objects from its identity map.
    """

    def open(self, *args, **kwargs):
        from grants.extensions import db

        with self.application.app_context():
            response = super().open(*args, **kwargs)
        if has_app_context():
            db.session.expire_all()
        return response


@pytest.fixture
def make_app(tmp_path):
    """Build an app with extra config; the schema is created fresh and dropped afterwards."""
    from grants import create_app
    from grants.extensions import db

    apps = []

    def factory(**overrides):
        app = create_app(_config(tmp_path, **overrides))
        app.test_client_class = IsolatedClient
        with app.app_context():
            _reset_schema(db)
            db.create_all()
        apps.append(app)
        return app

    yield factory
    for app in apps:
        stop = getattr(app.extensions["oko_jobs"], "stop", None)
        if stop:
            stop()
        with app.app_context():
            db.session.remove()
            _reset_schema(db)
            db.engine.dispose()


@pytest.fixture
def app(make_app):
    app = make_app()
    with app.app_context():
        yield app


@pytest.fixture
def client(app):
    return app.test_client()


@pytest.fixture
def db(app):
    from grants.extensions import db

    return db


@pytest.fixture
def run_jobs(app):
    """Run what was committed to the outbox, through the same `run_job` the workers use."""
    return app.extensions["oko_jobs"].run_pending


# ---------------------------------------------------------------- people and offices


@pytest.fixture
def office(app):
    from grants.extensions import db
    from grants.offices.operations import create_office

    office = create_office(slug="opole-cdo", name="Urząd Miasta Opola — Referat ds. Integracji Społecznej")
    db.session.commit()
    return office


@pytest.fixture
def other_office(app):
    from grants.extensions import db
    from grants.offices.operations import create_office

    office = create_office(slug="gdansk", name="Urząd Miejski w Gdańsku")
    db.session.commit()
    return office


def _staff(email, role, office, name="Test Person"):
    from grants.auth.operations import create_staff_user
    from grants.extensions import db

    user = create_staff_user(actor=None, email=email, password=PASSWORD, full_name=name, role=role, office=office)
    db.session.commit()
    return user


@pytest.fixture
def officer(office):
    return _staff("officer@opole.example", "officer", office, "Anna Urzędniczka")


@pytest.fixture
def other_officer(other_office):
    return _staff("officer@gdansk.example", "officer", other_office, "Jan Gdański")


@pytest.fixture
def evaluator(office):
    return _staff("evaluator@opole.example", "evaluator", office, "Ewa Oceniająca")


@pytest.fixture
def admin(app):
    from tests.auth.helpers import give_two_factor

    return give_two_factor(_staff("admin@oko.example", "admin", None, "Admin"))  # admins must have TOTP


@pytest.fixture
def ngo_user(app):
    from grants.auth.operations import register_ngo_user
    from grants.extensions import db

    user = register_ngo_user(email="ngo@geko.example", password=PASSWORD, full_name="Olena Kowalczuk", verified=True)
    db.session.commit()
    return user


# ---------------------------------------------------------------- API helpers


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


@pytest.fixture
def api(client):
    """`api(user)` → a JSON client logged in as that user through POST /auth/token; `api()` is anonymous."""

    def login(user=None):
        if user is None:
            return Api(client)
        from tests.auth.helpers import otp_for

        code = otp_for(user)  # accounts with a second factor send its code as `otp`
        credentials = {"email": user.email, "password": PASSWORD, **({"otp": code} if code else {})}
        response = client.post("/api/v1/auth/token", json=credentials)
        assert response.status_code == 200, response.get_json()
        return Api(client, response.get_json()["token"])

    return login


@pytest.fixture
def login(client):
    """Log a person into the web UI (session cookie)."""

    def do(user):
        from tests.auth.helpers import otp_for

        response = client.post("/login", data={"email": user.email, "password": PASSWORD})
        code = otp_for(user)  # with a second factor, the code page follows the password
        if code:
            assert response.headers["Location"] == "/login/two-factor", response.status_code
            response = client.post("/login/two-factor", data={"code": code})
        assert response.status_code == 302, response.get_data(as_text=True)[:500]
        return client

    return do


# ---------------------------------------------------------------- calls


def future(days: int, hour: int = 16) -> str:
    """A Warsaw-time ISO datetime `days` from now at `hour`:00."""
    from grants.clock import WARSAW

    moment = (datetime.now(UTC) + timedelta(days=days)).astimezone(WARSAW)
    return moment.replace(hour=hour, minute=0, second=0, microsecond=0).isoformat()


def call_payload(**overrides) -> dict:
    today = datetime.now(UTC).date()
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


@pytest.fixture
def make_call(officer):
    """Create (and optionally publish) a call through the operations, as the officer."""

    def create(publish=False, actor=None, **overrides):
        from grants.calls.operations import create_call, publish_call
        from grants.extensions import db

        actor = actor or officer
        call = create_call(actor=actor, raw=call_payload(**overrides))
        if publish:
            publish_call(actor=actor, call=call)
        db.session.commit()
        return call

    return create
