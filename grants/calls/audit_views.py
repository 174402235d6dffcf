"""The office's audit log page (`/office/audit`): who changed what and when, across the office's objects.

Beside the office's call pages because it shows their entries the same way (`calls.pages`); the query is
`grants.audit.listing`'s."""

from flask import Blueprint, render_template, request
from flask_login import current_user

from grants.audit import listing
from grants.calls.pages import entry_priority_names
from grants.pages import officers_only

bp = Blueprint("office_audit", __name__)
bp.before_request(officers_only)


@bp.get("/office/audit")
def office_audit():
    filters = listing.parse_audit_filters(request.args)
    page = listing.audit_page(current_user, filters)
    return render_template(
        "audit/office_audit.html",
        page=page,
        filters=filters,
        entity_types=listing.ENTITY_TYPES,
        entity_type_label=listing.entity_type_label,
        priorities=entry_priority_names(page.items),
    )
