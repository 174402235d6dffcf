"""Everything templates may use, registered on the app in one place: filters, globals, the context.

Features define their labels and formats as plain functions (`grants.formatting`, each feature's
`labels` module); only this module makes them visible to Jinja, so no page depends on which
blueprint happened to register a filter.
"""

from flask import Flask

from grants.calls import labels as call_labels
from grants.organizations import labels as organization_labels


def install_templating(app: Flask) -> None:
    from grants import formatting
    from grants.clock import now_utc
    from grants.review import labels as review_labels
    from grants.review import pages as review_pages

    app.jinja_env.filters["money"] = formatting.money_pl
    app.jinja_env.filters["date_pl"] = formatting.date_pl
    app.jinja_env.filters["datetime_pl"] = formatting.datetime_pl
    app.jinja_env.filters["iso_warsaw"] = formatting.iso_warsaw
    app.jinja_env.filters["points"] = formatting.points_pl
    app.jinja_env.globals["now_utc"] = now_utc
    _install_offers(app)
    app.jinja_env.globals["review_label"] = review_labels.review_label
    app.jinja_env.globals["ngo_review_status"] = review_pages.ngo_review_status
    # Calls: the office's and the public call pages, and the review pages that quote a call.
    app.jinja_env.globals["field_label"] = call_labels.field_label
    app.jinja_env.globals["channel_label"] = call_labels.channel_label
    app.jinja_env.globals["action_label"] = call_labels.action_label
    app.jinja_env.globals["value_label"] = call_labels.value_label
    app.jinja_env.globals["readable_value"] = call_labels.readable_value
    app.jinja_env.globals["labelled_errors"] = call_labels.labelled_errors
    # Organisations: their own pages and every page that shows an offeror.
    app.jinja_env.globals["legal_form_label"] = organization_labels.legal_form_label
    app.jinja_env.filters["nrb"] = organization_labels.format_nrb
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


def _install_offers(app: Flask) -> None:
    """The offer pages' labels and formats (also used by the review pages that show an offer)."""
    from grants import formatting
    from grants.offers import labels, pages

    app.jinja_env.filters["filesize"] = formatting.filesize
    app.jinja_env.filters["day_pl"] = formatting.day_pl
    app.jinja_env.filters["moment_pl"] = formatting.moment_pl
    app.jinja_env.globals["offer_field_label"] = labels.field_label
    app.jinja_env.globals["offer_status_label"] = labels.status_label
    app.jinja_env.globals["attachment_kind_label"] = labels.attachment_kind_label
    app.jinja_env.globals["content_type_label"] = labels.content_type_label
    app.jinja_env.globals["confirmation_channel_label"] = labels.channel_label
    app.jinja_env.globals["offer_cost_groups"] = pages.cost_groups
