"""OKO — Otwarte Konkursy Ofert. `create_app` builds the Flask application."""

from pathlib import Path

from flask import Flask

from grants.boundary import install_boundary
from grants.languages import LANGUAGES
from grants.rendering import Environment

ROOT = Path(__file__).resolve().parent.parent


def create_app(config: dict | None = None) -> Flask:
    from grants.config import from_environment

    app = Flask(
        "grants", template_folder=str(ROOT / "templates"), static_folder=str(ROOT / "static"), static_url_path="/static"
    )
    app.jinja_environment = Environment  # before anything asks for app.jinja_env (grants.rendering)
    settings = from_environment()
    settings.update(config or {})
    app.config.update(settings)
    app.instance_path = app.config["INSTANCE_DIR"]

    install_boundary(app)
    if app.config.get("PROXY_HOPS"):
        from werkzeug.middleware.proxy_fix import ProxyFix

        hops = app.config["PROXY_HOPS"]
        app.wsgi_app = ProxyFix(app.wsgi_app, x_for=hops, x_proto=hops, x_host=hops)
    register_extensions(app)
    register_blueprints(app)
    register_request_cycle(app)
    register_templating(app)
    register_cli(app)
    return app


def register_extensions(app: Flask) -> None:
    from grants import models  # noqa: F401  every table is known before anything queries
    from grants.extensions import babel, csrf, db, limiter, login_manager, migrate
    from grants.jobs.dispatch import make_dispatcher, start_in_process_worker

    db.init_app(app)
    migrate.init_app(app, db, directory=str(ROOT / "migrations"), render_as_batch=True, compare_type=True)
    csrf.init_app(app)
    limiter.init_app(app)
    babel.init_app(
        app,
        locale_selector=select_locale,
        default_translation_directories=str(ROOT / "translations"),
        default_timezone="Europe/Warsaw",
    )
    from grants.i18n import install_template_gettext

    install_template_gettext(app)  # after Flask-Babel's own, which it replaces
    login_manager.init_app(app)
    login_manager.login_view = "auth.login"
    login_manager.login_message_category = "info"

    from grants.auth.session import load_user

    login_manager.user_loader(load_user)
    app.extensions["oko_jobs"] = make_dispatcher(app)
    app.before_request(start_in_process_worker)  # the embedded default's worker also runs the daily jobs


def select_locale():
    from flask import has_request_context, request, session
    from flask_login import current_user
    from sqlalchemy.exc import SQLAlchemyError

    if not has_request_context():
        return "pl"  # shell commands and jobs speak Polish, the office's language
    chosen = request.args.get("lang")
    if chosen in LANGUAGES:
        if session.get("lang") != chosen:
            session["lang"] = chosen  # a preference, kept for the next pages
        return chosen
    if session.get("lang") in LANGUAGES:
        return session["lang"]
    try:
        user_locale = current_user.locale if getattr(current_user, "is_authenticated", False) else None
    except SQLAlchemyError:  # the database is away; the page that says so speaks the default
        user_locale = None
    if user_locale in LANGUAGES:
        return user_locale
    return request.accept_languages.best_match(LANGUAGES, default="pl")


def register_blueprints(app: Flask) -> None:
    from grants.api import bp as api_bp
    from grants.auth.account_views import bp as account_bp
    from grants.auth.views import bp as auth_bp
    from grants.calls.audit_views import bp as office_audit_bp
    from grants.calls.views import bp as office_bp
    from grants.contracts.views import bp as contracts_bp
    from grants.documents.views import bp as documents_bp
    from grants.extensions import csrf
    from grants.offers.views import bp as offer_pages_bp
    from grants.organizations.invitation_views import bp as invitations_bp
    from grants.organizations.views import bp as organizations_bp
    from grants.organizations.views import office_bp as office_organizations_bp
    from grants.programmes import views as programme_views
    from grants.programmes.report.views import bp as programme_report_bp
    from grants.public.views import bp as public_bp
    from grants.review.views import bp as review_pages_bp
    from grants.smallgrants.views import bp as small_grants_bp

    app.register_blueprint(public_bp)
    app.register_blueprint(auth_bp)
    app.register_blueprint(account_bp)
    app.register_blueprint(invitations_bp)
    app.register_blueprint(office_bp)
    app.register_blueprint(office_audit_bp)
    app.register_blueprint(organizations_bp)
    app.register_blueprint(office_organizations_bp)
    app.register_blueprint(documents_bp)
    app.register_blueprint(offer_pages_bp)
    app.register_blueprint(review_pages_bp)
    app.register_blueprint(contracts_bp)
    app.register_blueprint(small_grants_bp)
    for programme_bp in (programme_views.office_bp, programme_views.ngo_bp, programme_views.public_bp):
        app.register_blueprint(programme_bp)  # the programme's year (issue 9)
    app.register_blueprint(programme_report_bp)
    # The API authenticates every call with a bearer token, never with the session cookie,
    # so a forged cross-site request carries no credentials and CSRF tokens are not needed.
    csrf.exempt(api_bp)
    app.register_blueprint(api_bp)


def register_request_cycle(app: Flask) -> None:
    from grants.offers.receipt import install_receipt_clock
    from grants.web import install_request_cycle

    install_receipt_clock(app)
    install_request_cycle(app)


def register_templating(app: Flask) -> None:
    from grants.templating import install_templating

    install_templating(app)


def register_cli(app: Flask) -> None:
    from grants.cli import register

    register(app)
