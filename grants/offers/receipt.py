"""The receipt time of a request: when it reached OKO's front door, read once.

Submission is judged against the deadline at this instant (to the second), not at whatever later moment the
database write happens — a request that arrived at 15:59:59.9 is on time even if its transaction commits after
16:00.

Where the instant comes from (docs/deployment.md):

- Behind a front proxy listed in `OKO_RECEIPT_PROXIES` (addresses or networks; `unix` for a Unix socket), the
  proxy's own stamp of the arrival, `X-Request-Start: t=<epoch seconds>` (nginx: `proxy_set_header
  X-Request-Start "t=${msec}"`; milliseconds and microseconds are read too). A request that waited in the
  application server's queue is still judged by when it arrived, not by when a worker got to it.
- Otherwise — no trusted proxy configured, the request not from one, no header, an unreadable stamp or one that
  cannot be true (beyond `MAX_SKEW` in the future, older than `MAX_AGE`) — the server's own clock when the
  application first sees the request. A client's own header is never believed: it could stamp itself on time.
"""

import ipaddress
import logging
import re
from datetime import UTC, datetime, timedelta
from functools import lru_cache

from flask import Flask, current_app, has_request_context, request

from grants.clock import now_utc

RECEIPT_KEY = "oko.receipt_time"
STAMP_HEADER = "HTTP_X_REQUEST_START"
# The proxy's clock and ours may disagree a little (both NTP-synchronised): a stamp up to this far ahead is
# read as now; beyond it the proxy's clock is wrong and ours is used.
MAX_SKEW = timedelta(seconds=2)
# No request waits this long in a healthy queue (nginx's proxy_read_timeout in docs/deployment.md is the
# same): an older stamp is a replayed or stuck header, and a proxy stamp must never reach further back.
MAX_AGE = timedelta(minutes=5)
UNIX_SOCKET = "unix"

_STAMP = re.compile(r"(?:t=)?([0-9]{1,20})(?:\.([0-9]{1,9}))?")  # ASCII digits only: \d would take any script's
_EPOCH = datetime(1970, 1, 1, tzinfo=UTC)
log = logging.getLogger(__name__)


def parse_request_start(raw: str) -> datetime | None:
    """`t=1733349599.999` (seconds, nginx's `$msec`), or whole milliseconds or microseconds since the epoch
    (told apart by size, as the proxies that send them do) → a UTC datetime; None for anything else."""
    match = _STAMP.fullmatch(raw.strip())
    if match is None:
        return None
    whole, fraction = match.group(1), match.group(2) or ""
    value = int(whole)
    if fraction and value >= 10**11:
        return None  # a fraction of a millisecond count: no proxy sends that
    if value < 10**11:  # seconds (until the year 5138)
        micro = value * 10**6 + int((fraction + "000000")[:6])
    elif value < 10**14:
        micro = value * 10**3
    elif value < 10**17:
        micro = value
    else:
        return None
    return _EPOCH + timedelta(microseconds=micro)


@lru_cache(maxsize=8)
def trusted_networks(proxies: tuple[str, ...]) -> tuple[bool, tuple]:
    """OKO_RECEIPT_PROXIES's entries: (a Unix socket trusted, the trusted networks); a bad entry is a ValueError."""
    networks = tuple(ipaddress.ip_network(entry, strict=False) for entry in proxies if entry != UNIX_SOCKET)
    return UNIX_SOCKET in proxies, networks


def _peer(environ: dict) -> str:
    """The address of whoever opened the connection to us — before ProxyFix (OKO_PROXY_HOPS) replaced it with
    the client's address from X-Forwarded-For, which a client can write."""
    original = environ.get("werkzeug.proxy_fix.orig") or {}
    return original.get("REMOTE_ADDR", environ.get("REMOTE_ADDR")) or ""


def is_trusted_peer(peer: str, proxies: tuple[str, ...]) -> bool:
    if not proxies:
        return False
    unix, networks = trusted_networks(proxies)
    if not peer:  # a Unix socket: gunicorn gives no address
        return unix
    try:
        address = ipaddress.ip_address(peer)
    except ValueError:
        return False
    if address.version == 6 and address.ipv4_mapped is not None:
        address = address.ipv4_mapped
    return any(address.version == net.version and address in net for net in networks)


def proxy_arrival(environ: dict, proxies: tuple[str, ...], now: datetime) -> datetime | None:
    """The arrival a trusted front proxy stamped on this request, or None when there is none to believe."""
    raw = environ.get(STAMP_HEADER)
    if raw is None or not is_trusted_peer(_peer(environ), proxies):
        return None
    stamp = parse_request_start(raw)
    if stamp is None:
        log.warning(
            "X-Request-Start %r from the proxy %s unreadable: the receipt is the server's clock",
            raw[:64],
            _peer(environ) or UNIX_SOCKET,
        )
        return None
    if stamp > now + MAX_SKEW or stamp < now - MAX_AGE:
        log.warning(
            "X-Request-Start %s is %.3f s from the server's clock: the receipt is the server's clock",
            stamp.isoformat(),
            (stamp - now).total_seconds(),
        )
        return None
    return min(stamp, now)


def stamp_receipt() -> None:
    # On the WSGI environ, not on `g`: an app context (and its `g`) may outlive one request in tests.
    now = now_utc()
    arrival = proxy_arrival(request.environ, tuple(current_app.config.get("RECEIPT_PROXIES") or ()), now)
    request.environ[RECEIPT_KEY] = arrival or now


def receipt_time() -> datetime:
    """This request's receipt time; outside a request (shell, jobs) simply now."""
    if has_request_context():
        stamped = request.environ.get(RECEIPT_KEY)
        if stamped is not None:
            return stamped
    return now_utc()


def install_receipt_clock(app: Flask) -> None:
    """Runs before every other before_request hook (rate limiter, login), so the stamp is the arrival."""
    try:
        trusted_networks(tuple(app.config.get("RECEIPT_PROXIES") or ()))
    except ValueError as error:  # at start, not on the first request behind the proxy
        raise RuntimeError(f"OKO_RECEIPT_PROXIES: {error} (addresses, networks or `unix`)") from error
    app.before_request_funcs.setdefault(None, []).insert(0, stamp_receipt)
