"""Everything templates may use, registered on the app in one place: filters, globals, the context.

Features define their labels and formats as plain functions (`grants.formatting`, each feature's
`labels` module); only this module makes them visible to Jinja, so no page depends on which
blueprint happened to register a filter.
"""

from flask import Flask


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
    app.jinja_env.trim_blocks = True
    app.jinja_env.lstrip_blocks = True

    @app.context_processor
    def language_context():
        from flask_babel import get_locale

        from grants import LANGUAGES

        return {"current_lang": str(get_locale() or "pl"), "languages": LANGUAGES}


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
