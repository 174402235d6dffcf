"""Everything templates may use, registered on the app in one place: filters, globals, the context.

Features define their labels and formats as plain functions (`grants.formatting`, each feature's
`labels` module); only this module makes them visible to Jinja, so no page depends on which
blueprint happened to register a filter.
"""

from flask import Flask


def install_templating(app: Flask) -> None:
    from grants import formatting
    from grants.clock import now_utc

    app.jinja_env.filters["money"] = formatting.money_pl
    app.jinja_env.filters["date_pl"] = formatting.date_pl
    app.jinja_env.filters["datetime_pl"] = formatting.datetime_pl
    app.jinja_env.filters["iso_warsaw"] = formatting.iso_warsaw
    app.jinja_env.filters["points"] = formatting.points_pl
    app.jinja_env.globals["now_utc"] = now_utc
    app.jinja_env.trim_blocks = True
    app.jinja_env.lstrip_blocks = True

    @app.context_processor
    def language_context():
        from flask_babel import get_locale

        from grants import LANGUAGES

        return {"current_lang": str(get_locale() or "pl"), "languages": LANGUAGES}

    @app.context_processor
    def staff_context():
        # Only the office sees the state of the background jobs (and pays its one query).
        from flask_login import current_user

        from grants.jobs.health import oldest_waiting_minutes

        if getattr(current_user, "is_officer", False):
            return {"jobs_behind_minutes": oldest_waiting_minutes()}
        return {}
