"""Fault drill: PostgreSQL goes away and comes back. While it is away every request gets a clean 503
with Retry-After (JSON for the API, a page for people) — never a traceback; when it is back, OKO serves
again without a restart (the pool's pre-ping replaces the connections the outage killed).

The outage is real: the app reaches the real PostgreSQL through a TCP relay of the test's own, which is
closed — listening socket and every open connection, as a server restart does — and opened again."""

import socket
import threading
from urllib.parse import urlsplit, urlunsplit

import pytest

from tests.fixtures.core import IsolatedClient, _config
from tests.helpers import PASSWORD, TEST_DATABASE_URL

pytestmark = [
    pytest.mark.postgres,
    pytest.mark.real_db,
    pytest.mark.skipif(not TEST_DATABASE_URL, reason="OKO_TEST_DATABASE_URL not set (CI sets it)"),
]


class Relay:
    """127.0.0.1:<port> → the real server; `down()` drops everything, `up()` listens again."""

    def __init__(self, target: tuple[str, int]):
        self.target = target
        with socket.socket() as probe:
            probe.bind(("127.0.0.1", 0))
            self.port = probe.getsockname()[1]
        self.listener = None
        self.connections: list[socket.socket] = []
        self.lock = threading.Lock()

    def up(self):
        if self.listener is not None:
            return
        self.listener = socket.socket()
        self.listener.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)
        self.listener.bind(("127.0.0.1", self.port))
        self.listener.listen(16)
        threading.Thread(target=self._accept, args=(self.listener,), daemon=True).start()

    def down(self):
        if self.listener is None:
            return
        # shutdown() first: close() alone leaves a socket that a thread is blocked in accept() on listening.
        self.listener.shutdown(socket.SHUT_RDWR)
        self.listener.close()
        self.listener = None
        with self.lock:
            for connection in self.connections:
                try:
                    connection.shutdown(socket.SHUT_RDWR)
                except OSError:
                    pass
                connection.close()
            self.connections.clear()

    def _accept(self, listener):
        while True:
            try:
                client, _ = listener.accept()
            except OSError:
                return  # closed by down()
            server = socket.create_connection(self.target)
            with self.lock:
                self.connections += [client, server]
            for source, sink in ((client, server), (server, client)):
                threading.Thread(target=self._pump, args=(source, sink), daemon=True).start()

    @staticmethod
    def _pump(source, sink):
        try:
            while data := source.recv(65536):
                sink.sendall(data)
        except OSError:
            pass
        finally:
            for end in (source, sink):
                try:
                    end.shutdown(socket.SHUT_RDWR)
                except OSError:
                    pass


@pytest.fixture
def relay():
    parts = urlsplit(TEST_DATABASE_URL)
    relay = Relay((parts.hostname or "127.0.0.1", parts.port or 5432))
    relay.up()
    yield relay
    relay.down()


@pytest.fixture
def app(relay, tmp_path, _databases):
    """Built here rather than with `make_app`: its schema must be emptied while the relay still runs."""
    from grants import create_app
    from grants.extensions import db

    real = _databases.real_url(tmp_path)  # the real_db schema of this worker
    parts = urlsplit(real)
    netloc = parts.netloc.rsplit("@", 1)
    host = f"127.0.0.1:{relay.port}"
    url = urlunsplit(parts._replace(netloc=f"{netloc[0]}@{host}" if len(netloc) == 2 else host))
    app = create_app(_config(url, tmp_path, TESTING=False))
    app.test_client_class = IsolatedClient
    with app.app_context():
        with db.engine.begin() as connection:
            _databases.empty(connection, real)
            db.metadata.create_all(connection)
        yield app
        relay.up()  # a failed test may have left the database "away"
        db.session.remove()
        with db.engine.begin() as connection:
            _databases.empty(connection, real)
        db.engine.dispose()


def test_an_outage_gives_clean_503s_and_oko_recovers_without_a_restart(app, relay, client, api, officer, make_call):
    make_call(publish=True)
    token, email = api(officer).token, officer.email
    bearer = {"Authorization": f"Bearer {token}"}  # signed in: never from the public-page cache
    assert client.get("/api/v1/programmes", headers=bearer).status_code == 200
    client.post("/login", data={"email": email, "password": PASSWORD})
    assert client.get("/office/").status_code == 200

    relay.down()
    from grants.extensions import db

    db.session().invalidate()  # the test's own session held a connection too; the requests are what matter
    response = client.get("/api/v1/programmes", headers=bearer)
    assert response.status_code == 503
    assert response.get_json()["error"] == "database_unavailable" and response.headers["Retry-After"] == "30"
    page = client.get("/office/")
    assert page.status_code == 503 and "Baza danych jest chwilowo niedostępna" in page.get_data(as_text=True)
    login = client.post("/api/v1/auth/token", json={"email": email, "password": PASSWORD})
    assert login.status_code == 503

    relay.up()
    assert client.get("/api/v1/programmes", headers=bearer).status_code == 200  # no restart: the same pool
    assert client.get("/office/").status_code == 200  # the signed-in session survived the outage
