"""bench/bench_desks.py's checks that a logged-in page measured is the page: the person's name in the header,
and wrk's script counting redirects (wrk alone counts only statuses above 399, so a redirect to /login would
pass for a very fast page)."""

import http.server
import subprocess
import sys
import threading
from pathlib import Path

BENCH = Path(__file__).resolve().parent.parent / "bench"
sys.path.insert(0, str(BENCH))

import bench_desks  # noqa: E402
import harness  # noqa: E402


def test_a_page_is_the_persons_own_only_with_their_name_in_the_header():
    page = b'<ul><li class="nav-user"><a href="/account">Cz\xc5\x82onek komisji 1 (jst-001)</a></li></ul>'
    assert bench_desks.logged_in_as(page, "Członek komisji 1 (jst-001)")
    assert not bench_desks.logged_in_as(page, "Urzędnik jst-001")
    assert not bench_desks.logged_in_as(b"<form action=/login>", "Urzędnik jst-001")  # the login page
    quoted = b'<li class="nav-user"><a href="/account">Fundacja &#34;Most&#34; &amp; s-ka</a>'
    assert bench_desks.logged_in_as(quoted, 'Fundacja "Most" & s-ka')


def _result(**figures):
    return {
        "rps": "6.5",
        "p50": "90.00",
        "p95": "149.99",
        "p99": "160.00",
        "requests": "33",
        "non2xx": "0",
        "errors": "0",
    } | figures


def test_a_row_says_whether_the_target_was_met_and_only_for_a_run_with_every_answer():
    row = bench_desks.row("officer: the ranking", "/review/calls/3/ranking", 5, 150, _result(), 50, 310, "6.0 7.0 6.5")
    assert row == [
        "officer: the ranking",
        "`/review/calls/3/ranking`",
        5,
        "33",
        "6.5",
        "90.00",
        "149.99",
        "< 150 ms",
        "yes",
        50,
        310,
        "0 / 0",
        "6.0 7.0 6.5",
    ]
    assert len(row) == len(bench_desks.COLUMNS)
    assert bench_desks.row("x", "/x", 5, 150, _result(p95="150.00"), 1, 1, "")[8] == "**no**"
    # A fast p95 is no figure when answers were redirected, lost to the timeout, or none came at all.
    for lost in (_result(non2xx="3"), _result(errors="1"), _result(requests="0", p95="0.00")):
        assert not bench_desks.answered(lost)
        assert bench_desks.row("x", "/x", 5, 150, lost, 1, 1, "")[8] == "**no answer**"


def test_every_page_has_a_target_and_a_reader_who_logs_in():
    assert {who for _key, who, _path, _target, _label in bench_desks.PAGES} == {"officer", "member", "ngo"}
    assert len({key for key, *_rest in bench_desks.PAGES}) == len(bench_desks.PAGES)


class _Server(http.server.BaseHTTPRequestHandler):
    protocol_version = "HTTP/1.1"

    def do_GET(self):
        self.send_response(302 if self.path == "/redirect" else 200)
        self.send_header("Location", "/login")
        self.send_header("Content-Length", "2")
        self.end_headers()
        self.wfile.write(b"ok")

    def log_message(self, *args):
        """Quiet: the test reads wrk's counts, not the server's log."""


def test_the_desks_wrk_script_counts_a_redirect_as_not_2xx():
    server = http.server.ThreadingHTTPServer(("127.0.0.1", 0), _Server)
    threading.Thread(target=server.serve_forever, daemon=True).start()
    base = f"http://127.0.0.1:{server.server_address[1]}"

    def figures(path, script):
        out = subprocess.run(
            ["wrk", "-t1", "-c1", "-d1s", "-s", script, base + path],
            cwd=harness.ROOT,
            capture_output=True,
            text=True,
            check=True,
        ).stdout
        return harness.parse_wrk(out)

    try:
        redirected = figures("/redirect", "bench/p95_2xx.lua")
        assert int(redirected["requests"]) > 0 and redirected["non2xx"] == redirected["requests"]
        assert figures("/page", "bench/p95_2xx.lua")["non2xx"] == "0"
        assert figures("/redirect", "bench/p95.lua")["non2xx"] == "0"  # why the desks need their own script
    finally:
        server.shutdown()
        server.server_close()


def test_a_slow_page_runs_longer_up_to_a_limit():
    assert bench_desks.run_seconds(5, 0.02, 2) == 5  # 30 answers take 0.3 s: the run's own length
    assert bench_desks.run_seconds(5, 0.5, 2) == 8  # 30 answers at 2 per 0.5 s: 7.5 s
    assert bench_desks.run_seconds(5, 3.0, 2) == bench_desks.LONGEST_RUN


def test_only_names_the_pages_measured():
    assert bench_desks.chosen(None) == bench_desks.PAGES
    assert [page[0] for page in bench_desks.chosen("ranking, audit")] == ["ranking", "audit"]  # in PAGES' order
    assert bench_desks.chosen("ranking,nonesuch") is None
    assert bench_desks.chosen(",") is None
