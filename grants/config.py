"""Configuration, read from the environment when the app is created (never at import)."""

import os
import re
import secrets
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent


def from_environment(env: dict | None = None) -> dict:
    env = os.environ if env is None else env
    instance = Path(env.get("OKO_INSTANCE_DIR", ROOT / "instance"))
    database_url = env.get("DATABASE_URL") or f"sqlite:///{instance / 'oko.sqlite'}"
    production = env.get("OKO_ENV", "development") == "production"
    secret = env.get("SECRET_KEY")
    if not secret:
        if production:
            raise RuntimeError("SECRET_KEY must be set in production")
        secret = _development_secret(instance)
    redis_url = env.get("REDIS_URL") or None
    return {
        "ENV_NAME": "production" if production else "development",
        "SECRET_KEY": secret,
        "SQLALCHEMY_DATABASE_URI": normalise_database_url(database_url),
        "SQLALCHEMY_ENGINE_OPTIONS": engine_options(database_url),
        "REDIS_URL": redis_url,
        "JOBS_MODE": env.get("OKO_JOBS", "rq" if redis_url else "inprocess"),
        "STORAGE_DIR": env.get("OKO_STORAGE_DIR", str(instance / "storage")),
        "INSTANCE_DIR": str(instance),
        "MAIL_SERVER": env.get("MAIL_SERVER") or None,
        "MAIL_PORT": int(env.get("MAIL_PORT", "25")),
        "MAIL_USERNAME": env.get("MAIL_USERNAME") or None,
        "MAIL_PASSWORD": env.get("MAIL_PASSWORD") or None,
        "MAIL_USE_TLS": env.get("MAIL_USE_TLS", "") in ("1", "true", "yes"),
        "MAIL_DEFAULT_SENDER": env.get("MAIL_DEFAULT_SENDER", "oko@localhost"),
        "SESSION_COOKIE_SECURE": production,
        "SESSION_COOKIE_HTTPONLY": True,
        "SESSION_COOKIE_SAMESITE": "Lax",
        "REMEMBER_COOKIE_HTTPONLY": True,
        "REMEMBER_COOKIE_SAMESITE": "Lax",
        "REMEMBER_COOKIE_SECURE": production,
        "PERMANENT_SESSION_LIFETIME": 8 * 3600,
        "MAX_CONTENT_LENGTH": 60 * 1024 * 1024,
        "RATELIMIT_STORAGE_URI": redis_url or "memory://",
        "RATELIMIT_LOGIN": env.get("OKO_LOGIN_RATE", "10 per minute"),
        "RATELIMIT_LOGIN_ACCOUNT": env.get("OKO_LOGIN_ACCOUNT_RATE", "5 per minute; 20 per hour"),
        # Reverse proxies in front of OKO that set X-Forwarded-For/-Proto/-Host (0: none, trust nothing).
        "PROXY_HOPS": int(env.get("OKO_PROXY_HOPS", "0") or 0),
        # Front proxies whose X-Request-Start stamp is the receipt time of a request (grants/offers/receipt.py,
        # docs/deployment.md): addresses or networks, `unix` for a Unix socket; none by default, trust nothing.
        "RECEIPT_PROXIES": word_list(env.get("OKO_RECEIPT_PROXIES", "")),
        "PUBLIC_BASE_URL": env.get("OKO_PUBLIC_URL", "http://127.0.0.1:5000"),
        # The anonymous pages' per-process cache (grants/public/cache.py); 0 turns it off (the benchmarks measure
        # the pages themselves with it off).
        "PUBLIC_PAGE_CACHE": env.get("OKO_PUBLIC_PAGE_CACHE", "1") != "0",
        # How many days before a report or a return is due the organisation is reminded (and once when late).
        "REMINDER_DAYS_BEFORE": int(env.get("OKO_REMINDER_DAYS", "7") or 7),
    }


def word_list(value: str) -> tuple[str, ...]:
    """`a, b c` → ("a", "b", "c"): a list in one environment variable, commas or spaces between."""
    return tuple(word for word in re.split(r"[\s,]+", value) if word)


def normalise_database_url(url: str) -> str:
    # psycopg 3 is the driver we ship; plain postgresql:// URLs would ask for psycopg2.
    if url.startswith("postgres://"):
        url = "postgresql://" + url[len("postgres://") :]
    if url.startswith("postgresql://"):
        url = "postgresql+psycopg://" + url[len("postgresql://") :]
    return url


def engine_options(url: str) -> dict:
    if url.startswith("sqlite"):
        return {"connect_args": {"timeout": 30}}
    return {"pool_pre_ping": True, "pool_size": 5, "max_overflow": 10}


def _development_secret(instance: Path) -> str:
    """A per-checkout secret so development sessions survive restarts without a shared default."""
    instance.mkdir(parents=True, exist_ok=True)
    path = instance / "secret_key"
    if not path.exists():
        path.write_text(secrets.token_hex(32))
    return path.read_text().strip()
