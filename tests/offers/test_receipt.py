"""The receipt time behind a front proxy: its X-Request-Start stamp is believed only from an address in
OKO_RECEIPT_PROXIES, only when it reads and could be true; otherwise the server's own clock, never a 500."""

import logging
from datetime import UTC, datetime, timedelta

import pytest
from freezegun import freeze_time

from grants.config import from_environment
from grants.formatting import iso_warsaw
from grants.offers.receipt import MAX_AGE, MAX_SKEW, parse_request_start, proxy_arrival

PROXY = "10.0.0.7"
NOW = datetime(2027, 3, 22, 14, 59, 58, 500_000, tzinfo=UTC)


def stamp(moment: datetime) -> str:
    """What nginx's `t=${msec}` sends for `moment`: epoch seconds with milliseconds."""
    return f"t={moment.timestamp():.3f}"


def environ(header: str | None, peer: str = PROXY, **extra) -> dict:
    env = {"REMOTE_ADDR": peer, **extra}
    if header is not None:
        env["HTTP_X_REQUEST_START"] = header
    return env


# ---------------------------------------------------------------- reading the stamp


@pytest.mark.parametrize(
    ("raw", "expected"),
    [
        ("t=1805727599.999", datetime(2027, 3, 22, 14, 59, 59, 999_000, tzinfo=UTC)),  # nginx's ${msec}
        ("1805727599.999", datetime(2027, 3, 22, 14, 59, 59, 999_000, tzinfo=UTC)),
        ("t=1805727599", datetime(2027, 3, 22, 14, 59, 59, tzinfo=UTC)),
        ("t=1805727599.123456789", datetime(2027, 3, 22, 14, 59, 59, 123_456, tzinfo=UTC)),
        ("t=1805727599999", datetime(2027, 3, 22, 14, 59, 59, 999_000, tzinfo=UTC)),  # milliseconds
        ("t=1805727599999999", datetime(2027, 3, 22, 14, 59, 59, 999_999, tzinfo=UTC)),  # microseconds (Apache %t)
        ("  t=1805727599.5 ", datetime(2027, 3, 22, 14, 59, 59, 500_000, tzinfo=UTC)),
    ],
)
def test_the_stamp_is_read_in_seconds_milliseconds_or_microseconds(raw, expected):
    assert parse_request_start(raw) == expected


@pytest.mark.parametrize(
    "raw",
    ["", "t=", "t", "abc", "t=-1805727599", "t=1e9", "t=nan", "t=inf", "t=1805727599.9.9", "t=1805727599999.5",
     "t=18057275999999999999", "1805727599,5", "t=1805727599 t=1805727500", "9" * 500, "t=١٨٠٥٧٢٧٥٩٩"],
)  # fmt: skip
def test_garbage_is_no_stamp(raw):
    assert parse_request_start(raw) is None


# ---------------------------------------------------------------- whom to believe


def test_without_trusted_proxies_the_header_is_never_read():
    assert proxy_arrival(environ(stamp(NOW - timedelta(seconds=3))), (), NOW) is None


def test_a_spoofed_header_from_an_untrusted_address_is_ignored():
    early = stamp(NOW - timedelta(seconds=3))
    assert proxy_arrival(environ(early, peer="203.0.113.9"), (PROXY,), NOW) is None
    assert proxy_arrival(environ(early, peer=""), (PROXY,), NOW) is None  # a Unix socket, not listed
    assert proxy_arrival(environ(early, peer="not an address"), (PROXY,), NOW) is None


def test_addresses_networks_ipv6_and_a_unix_socket_can_be_trusted():
    early = NOW - timedelta(seconds=3)
    assert proxy_arrival(environ(stamp(early)), (PROXY,), NOW) == early
    assert proxy_arrival(environ(stamp(early), peer="10.0.3.1"), ("10.0.0.0/16",), NOW) == early
    assert proxy_arrival(environ(stamp(early), peer="::ffff:10.0.0.7"), (PROXY,), NOW) == early
    assert proxy_arrival(environ(stamp(early), peer="fd00::5"), ("fd00::/64",), NOW) == early
    assert proxy_arrival(environ(stamp(early), peer=""), ("unix",), NOW) == early
    assert proxy_arrival(environ(stamp(early), peer="10.1.0.1"), ("10.0.0.0/16", "unix"), NOW) is None


def test_the_peer_is_the_connection_not_what_x_forwarded_for_claims():
    """With OKO_PROXY_HOPS, ProxyFix puts the forwarded client's address in REMOTE_ADDR: a client naming the
    proxy in X-Forwarded-For must not make its own stamp believed."""
    early = stamp(NOW - timedelta(seconds=3))
    spoofed = environ(early, peer=PROXY, **{"werkzeug.proxy_fix.orig": {"REMOTE_ADDR": "203.0.113.9"}})
    assert proxy_arrival(spoofed, (PROXY,), NOW) is None
    through = environ(early, peer="203.0.113.9", **{"werkzeug.proxy_fix.orig": {"REMOTE_ADDR": PROXY}})
    assert proxy_arrival(through, (PROXY,), NOW) == NOW - timedelta(seconds=3)


# ---------------------------------------------------------------- a stamp that cannot be true


def test_a_stamp_slightly_ahead_is_now_and_far_ahead_or_too_old_is_the_servers_clock(caplog):
    with caplog.at_level(logging.WARNING, logger="grants.offers.receipt"):
        assert proxy_arrival(environ(stamp(NOW + timedelta(seconds=1))), (PROXY,), NOW) == NOW
        assert proxy_arrival(environ(stamp(NOW + MAX_SKEW)), (PROXY,), NOW) == NOW
        assert caplog.records == []
        assert proxy_arrival(environ(stamp(NOW + MAX_SKEW + timedelta(seconds=1))), (PROXY,), NOW) is None
        assert proxy_arrival(environ(stamp(NOW - MAX_AGE)), (PROXY,), NOW) == NOW - MAX_AGE
        assert proxy_arrival(environ(stamp(NOW - MAX_AGE - timedelta(seconds=1))), (PROXY,), NOW) is None
        assert proxy_arrival(environ("t=yesterday"), (PROXY,), NOW) is None
    assert len(caplog.records) == 3 and all("server's clock" in r.getMessage() for r in caplog.records)


# ---------------------------------------------------------------- configuration


def test_oko_receipt_proxies_is_a_list_and_none_by_default():
    assert from_environment({"SECRET_KEY": "x"})["RECEIPT_PROXIES"] == ()
    config = from_environment({"SECRET_KEY": "x", "OKO_RECEIPT_PROXIES": " 127.0.0.1, 10.0.0.0/8  unix,"})
    assert config["RECEIPT_PROXIES"] == ("127.0.0.1", "10.0.0.0/8", "unix")


def test_a_bad_oko_receipt_proxies_stops_the_app_at_start(tmp_path):
    from grants import create_app

    with pytest.raises(RuntimeError, match="OKO_RECEIPT_PROXIES"):
        create_app({"RECEIPT_PROXIES": ("nginx.local",), "INSTANCE_DIR": str(tmp_path), "SECRET_KEY": "x"})


# ---------------------------------------------------------------- end to end: the deadline


def _submit(client, offer_id, header=None, peer=PROXY):
    headers = {"X-Request-Start": header} if header is not None else {}
    return client.post(
        f"/api/v1/offers/{offer_id}/submit", json=None, headers=headers, environ_base={"REMOTE_ADDR": peer}
    )


@pytest.fixture
def behind_proxy(app):
    app.config["RECEIPT_PROXIES"] = (PROXY,)


def test_stamped_1_ms_before_the_deadline_but_handled_after_is_on_time(api, ngo_user, draft, open_call, behind_proxy):
    deadline = open_call.submission_deadline
    offer = draft()
    client = api(ngo_user)
    arrived = deadline - timedelta(milliseconds=1)
    with freeze_time(deadline + timedelta(seconds=40)):  # 40 s in the application server's queue
        response = _submit(client, offer["id"], stamp(arrived))
    assert response.status_code == 200, response.get_json()
    assert response.get_json()["submitted_at"] == iso_warsaw(arrived)


def test_stamped_at_the_deadline_is_late_though_handled_at_once(api, ngo_user, draft, open_call, behind_proxy):
    deadline = open_call.submission_deadline
    offer = draft()
    client = api(ngo_user)
    with freeze_time(deadline + timedelta(milliseconds=5)):
        late = _submit(client, offer["id"], stamp(deadline))
    assert late.status_code == 409 and late.get_json()["error"] == "deadline_passed"
    with freeze_time(deadline + timedelta(milliseconds=5)):
        later = _submit(client, offer["id"], stamp(deadline + timedelta(milliseconds=1)))
    assert later.get_json()["error"] == "deadline_passed"
    assert client.get(f"/api/v1/offers/{offer['id']}").get_json()["status"] == "draft"


def test_a_client_stamping_itself_on_time_is_judged_by_the_server(api, ngo_user, draft, open_call, behind_proxy):
    deadline = open_call.submission_deadline
    offer = draft()
    client = api(ngo_user)
    with freeze_time(deadline + timedelta(seconds=1)):
        refused = _submit(client, offer["id"], stamp(deadline - timedelta(seconds=10)), peer="203.0.113.9")
    assert refused.status_code == 409 and refused.get_json()["error"] == "deadline_passed"


def test_without_oko_receipt_proxies_even_the_proxys_address_is_not_believed(api, ngo_user, draft, open_call):
    deadline = open_call.submission_deadline
    offer = draft()
    with freeze_time(deadline + timedelta(seconds=1)):
        refused = _submit(api(ngo_user), offer["id"], stamp(deadline - timedelta(seconds=10)))
    assert refused.get_json()["error"] == "deadline_passed"


@pytest.mark.parametrize("header", ["garbage", "t=", "t=99999999999999999999", "t=1.2.3", "\u0000t=1"])
def test_a_garbage_stamp_falls_back_to_the_servers_clock_never_a_500(
    api, ngo_user, draft, open_call, behind_proxy, header
):
    deadline = open_call.submission_deadline
    offer = draft()
    client = api(ngo_user)
    with freeze_time(deadline - timedelta(seconds=2)):
        response = _submit(client, offer["id"], header)
    assert response.status_code == 200, response.get_json()
    assert response.get_json()["submitted_at"] == iso_warsaw(deadline - timedelta(seconds=2))


def test_a_stamp_from_too_long_ago_is_not_believed(api, ngo_user, draft, open_call, behind_proxy):
    """A replayed or stuck header cannot carry a request back into the submission window."""
    deadline = open_call.submission_deadline
    offer = draft()
    with freeze_time(deadline + MAX_AGE):
        refused = _submit(api(ngo_user), offer["id"], stamp(deadline - timedelta(seconds=1)))
    assert refused.get_json()["error"] == "deadline_passed"


def test_the_form_is_judged_by_the_proxys_stamp_too(client, login, ngo_user, draft, open_call, behind_proxy):
    deadline = open_call.submission_deadline
    offer = draft()
    with freeze_time(deadline + timedelta(seconds=30)):
        login(ngo_user)  # inside the freeze: the session's age is read on this clock
        response = client.post(
            f"/ngo/offers/{offer['id']}/submit",
            data={"lock_version": str(offer["lock_version"])},
            headers={"X-Request-Start": stamp(deadline - timedelta(milliseconds=1))},
            environ_base={"REMOTE_ADDR": PROXY},
        )
    assert response.status_code == 302, response.get_data(as_text=True)[:500]
