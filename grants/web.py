"""The request cycle shared by pages and the API: one commit per request, security headers,
errors turned into pages or JSON."""

import logging

from flask import Flask, current_app, jsonify, render_template, request
from flask_babel import gettext as _
from flask_wtf.csrf import CSRFError
from sqlalchemy import exc as sa_exc
from werkzeug.exceptions import HTTPException

from grants.errors import DomainError, ValidationFailed
from grants.extensions import db
from grants.i18n import lazy_gettext as _l

log = logging.getLogger(__name__)

CSP = (
    "default-src 'self'; script-src 'self'; style-src 'self'; img-src 'self' data:; font-src 'self'; "
    "object-src 'none'; base-uri 'none'; frame-ancestors 'none'; form-action 'self'"
)


# Pages and answers that show one person's or one organisation's data (bank accounts, drafts, scores):
# never kept by a browser's or a proxy's cache.
PRIVATE_PREFIXES = ("/api/", "/office", "/account", "/ngo/")


HTTP_MESSAGES = {
    404: _l("Nie ma takiej strony."),
    403: _l("Nie masz dostępu do tej strony."),
    405: _l("Ta metoda nie jest tu obsługiwana."),
    413: _l("Plik lub formularz jest za duży."),
    429: _l("Za dużo prób. Odczekaj chwilę i spróbuj ponownie."),
    400: _l("Nieprawidłowe żądanie."),
}
HTTP_CODES = {
    404: "not_found",
    403: "forbidden",
    405: "method_not_allowed",
    413: "too_large",
    429: "rate_limited",
    400: "bad_request",
    401: "unauthorized",
}


def wants_json() -> bool:
    return request.path.startswith("/api/")


def install_request_cycle(app: Flask) -> None:
    app.after_request(commit_or_roll_back)
    app.after_request(security_headers)
    app.register_error_handler(DomainError, domain_error)
    app.register_error_handler(CSRFError, csrf_error)
    app.register_error_handler(HTTPException, http_error)
    app.register_error_handler(sa_exc.OperationalError, database_unavailable)
    app.register_error_handler(sa_exc.InterfaceError, database_unavailable)
    app.register_error_handler(Exception, unexpected)


def commit_or_roll_back(response):
    # The request is the transaction: its changes land together or not at all. A refusal
    # may still need its audit entry kept (a failed login), which the operation asks for.
    if response.status_code < 400 or db.session.info.pop("commit_on_error", False):
        try:
            db.session.commit()
        except DomainError as error:  # the boundary's flush check: a field too long for its column
            db.session.rollback()
            return domain_error(error)
        except Exception:
            db.session.rollback()
            raise
    else:
        db.session.rollback()
    return response


SECURITY_HEADERS = (
    ("Content-Security-Policy", CSP),
    ("X-Content-Type-Options", "nosniff"),
    ("Referrer-Policy", "same-origin"),
    ("X-Frame-Options", "DENY"),
    ("Permissions-Policy", "camera=(), microphone=(), geolocation=()"),
)
HSTS = ("Strict-Transport-Security", "max-age=31536000; includeSubDomains")
NO_STORE = ("Cache-Control", "no-store")


def security_headers(response):
    # What a view set itself stays; the rest is added in this order. The names present are read once: each
    # `Headers.setdefault` walked every header again (~20 µs a response, every request's).
    headers = response.headers
    present = {name.lower() for name, _value in headers.items()}
    wanted = list(SECURITY_HEADERS)
    if current_app.config.get("SESSION_COOKIE_SECURE"):
        wanted.append(HSTS)
    if request.path.startswith(PRIVATE_PREFIXES) or request.path == "/ngo":
        wanted.append(NO_STORE)
    for name, value in wanted:
        if name.lower() not in present:
            headers.add(name, value)
    return response


def domain_error(error: DomainError):
    # No rollback here: `commit_or_roll_back` decides, so a refusal that must leave its
    # audit entry (a failed login) keeps it.
    headers = {"Retry-After": str(error.retry_after)} if getattr(error, "retry_after", None) else {}
    if wants_json():
        body = {"error": error.code, "message": error.message}
        if isinstance(error, ValidationFailed):
            body["fields"] = error.fields
        return jsonify(body), error.status, headers
    return render_template("error.html", status=error.status, message=error.message), error.status, headers


def csrf_error(error):
    message = _("Formularz wygasł lub został wysłany z innej strony. Wróć, odśwież stronę i spróbuj ponownie.")
    if wants_json():
        return jsonify({"error": "csrf", "message": message}), 400
    return render_template("error.html", status=400, message=message), 400


def http_error(error: HTTPException):
    message = str(HTTP_MESSAGES[error.code]) if error.code in HTTP_MESSAGES else (error.description or error.name)
    # The exception's own headers carry the protocol's promises: Allow on a 405, Retry-After on a 429.
    headers = {k: v for k, v in error.get_headers() if k.lower() != "content-type"}
    if wants_json():
        return jsonify({"error": HTTP_CODES.get(error.code, "http_error"), "message": message}), error.code, headers
    return render_template("error.html", status=error.code, message=message), error.code, headers


def database_unavailable(error):
    # PostgreSQL restarting or unreachable: a clean 503 with a hint to retry; the pool's pre-ping
    # replaces dead connections, so OKO recovers by itself when the database is back.
    try:
        db.session.rollback()
    except sa_exc.SQLAlchemyError:
        db.session().invalidate()
    log.warning("database unavailable: %s", getattr(error, "orig", error))
    message = _("Baza danych jest chwilowo niedostępna. Nic nie zostało zapisane; spróbuj za chwilę.")
    headers = {"Retry-After": "30"}
    if wants_json():
        return jsonify({"error": "database_unavailable", "message": message}), 503, headers
    # Rendered without the context processors: they would load the signed-in person from the
    # database that is away (and the person's language with it: Polish then, the office's).
    page = current_app.jinja_env.get_template("unavailable.html")
    return page.render(message=message, request=request, current_lang="pl"), 503, headers


def unexpected(error):
    db.session.rollback()
    log.exception("unhandled error")
    if current_app.testing:  # tests see the real traceback instead of the friendly page
        raise error
    message = _("Wystąpił błąd po stronie systemu. Nic nie zostało zapisane; spróbuj ponownie.")
    if wants_json():
        return jsonify({"error": "server_error", "message": message}), 500
    return render_template("error.html", status=500, message=message), 500
