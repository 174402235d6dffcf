"""Everything templates may use, registered on the app in one place: filters, globals, the context.

Features define their labels and formats as plain functions (`grants.formatting`, each feature's
`labels` module, a few page helpers); only this module makes them visible to Jinja, so no page depends
on which blueprint happened to register a filter.
"""

from flask import Flask, has_request_context
from flask_login import current_user

from grants import LANGUAGES, formatting
from grants.auth import labels as auth_labels
from grants.auth.desks import desks_of
from grants.calls import audit_rows
from grants.calls import labels as call_labels
from grants.calls.announcement import announcement_html, publications_html
from grants.clock import now_utc, warsaw_date
from grants.contracts import contract_labels, contract_pages
from grants.i18n import current_language
from grants.jobs.health import oldest_waiting_minutes
from grants.offers import labels as offer_labels
from grants.offers import pages as offer_pages
from grants.organizations import labels as organization_labels
from grants.programmes import pages as programme_pages
from grants.programmes.report import queries as programme_report_queries
from grants.rendering import url_for
from grants.review import labels as review_labels
from grants.review import pages as review_pages
from grants.review import ranking as review_ranking
from grants.urls import id_url


def _reader_locale() -> str | None:
    """The language of the person reading the page; None outside a request (a PDF drawn by the worker is a
    Polish document whoever asked for it)."""
    return (current_language() or "pl") if has_request_context() else None


def _for_reader(format_pl):
    def format_for_reader(value):
        return format_pl(value, _reader_locale())

    format_for_reader.__name__ = format_pl.__name__
    return format_for_reader


FILTERS = {
    "money": formatting.money_pl,
    # Dates in the reader's language on pages (issue 11: "до 1 stycznia 2027 r." on a Ukrainian page).
    "date_pl": _for_reader(formatting.date_pl),
    "full_stop": formatting.full_stop,
    "datetime_pl": _for_reader(formatting.datetime_pl),
    "iso_warsaw": formatting.iso_warsaw,
    "points": formatting.points_pl,
    "filesize": _for_reader(formatting.filesize),
    "day_pl": _for_reader(formatting.day_pl),
    "percent_pl": formatting.percent_pl,
    "moment_pl": _for_reader(formatting.moment_pl),
    "nrb": organization_labels.format_nrb,
}

GLOBALS = {
    "url_for": url_for,  # Flask's, remembering the links that are the same on every page (grants.rendering)
    "now_utc": now_utc,
    "roles_label": auth_labels.roles_label,
    "desks_of": desks_of,  # the desks a person may open (templates/_desks.html)
    "id_url": id_url,  # a list's links that differ by an id, built once (grants.urls)
    # Contracts: their pages, lists and desks.
    "contract_status_label": contract_labels.contract_status_label,
    "due_label": contract_labels.due_label,
    "contract_form_label": contract_labels.contract_form_label,
    "offer_contract": contract_pages.offer_contract,
    # Calls: the office's and the public call pages, and the review pages that quote a call.
    "announcement_html": announcement_html,  # the announcement's items, written in Python
    "publications_html": publications_html,  # and where it was published
    "field_label": call_labels.field_label,
    "correction_window": call_labels.correction_window,
    "criterion_label": call_labels.criterion_label,
    "days_left": call_labels.days_left,
    "badge_label": call_labels.badge_label,
    "badge_css": call_labels.badge_css,
    "confirmation_rule": call_labels.confirmation_rule,
    "required_attachments": call_labels.required_attachments,
    "channel_label": call_labels.channel_label,
    "action_label": call_labels.action_label,
    "value_label": call_labels.value_label,
    "readable_value": call_labels.readable_value,
    "audit_tbody": audit_rows.audit_tbody,  # the audit log's rows (templates/office/_macros.html)
    "labelled_errors": call_labels.labelled_errors,
    # Offers: the offer pages, and the review pages that show an offer.
    "offer_field_label": offer_labels.field_label,
    "offer_status_label": offer_labels.status_label,
    "attachment_kind_label": offer_labels.attachment_kind_label,
    "content_type_label": offer_labels.content_type_label,
    "confirmation_channel_label": offer_labels.channel_label,
    "offer_cost_groups": offer_pages.cost_groups,
    # Organisations: their own pages and every page that shows an offeror.
    "legal_form_label": organization_labels.legal_form_label,
    # The programme's year: the NGO dashboard's open consultations.
    "open_programme_consultations": lambda: programme_pages.open_consultations(warsaw_date(now_utc())),
    # The yearly report's publications (art. 5a ust. 3), newest first: the programme's pages link the latest.
    "programme_report_publications": programme_report_queries.publications,
    # The review.
    "review_label": review_labels.review_label,
    "ngo_review_status": review_pages.ngo_review_status,
    # The selection rules beside the criteria, printed in the announcement's item 6 (art. 13 ust. 2 pkt 6).
    "call_selection_rules": review_ranking.selection_rules_of,
}


def install_templating(app: Flask) -> None:
    app.jinja_env.filters.update(FILTERS)
    app.jinja_env.globals.update(GLOBALS)
    app.jinja_env.trim_blocks = True
    app.jinja_env.lstrip_blocks = True
    app.context_processor(language_context)
    app.context_processor(staff_context)


def language_context() -> dict:
    return {"current_lang": current_language() or "pl", "languages": LANGUAGES}


def staff_context() -> dict:
    # Only the office sees the state of the background jobs (and pays its one query).
    if getattr(current_user, "is_officer", False):
        return {"jobs_behind_minutes": oldest_waiting_minutes()}
    return {}
