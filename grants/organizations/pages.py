"""What the NGO's organisation templates are given, read through the queries."""

from grants.organizations import forms, queries
from grants.organizations.labels import legal_form_options
from grants.organizations.models import Organization


def dashboard(user) -> dict:
    organizations = queries.organizations_of(user)
    return {
        "organizations": organizations,
        "invitations": {o.id: queries.pending_invitations(o) for o in organizations},
    }


def awaiting() -> list[dict]:
    """The profiles awaiting an officer, each beside the profile that already has its NIP or KRS."""
    return [{"organization": o, "other": queries.get_plain(o.duplicate_of_id)} for o in queries.awaiting_confirmation()]


def profile_form(values: dict, *, organization: Organization | None = None, errors=None) -> dict:
    return {
        "values": forms.with_blank_rows(values),
        "errors": forms.in_form_order(errors or {}),
        "organization": organization,
        "legal_forms": legal_form_options(),
    }


def profile(user, organization: Organization) -> dict:
    return {"organization": organization, "is_member": queries.is_member(user, organization)}


def members_page(user, organization: Organization, *, values=None, errors=None) -> dict:
    member = queries.is_member(user, organization)
    return {
        "organization": organization,
        "members": queries.members(organization),
        "is_member": member,
        "invitations": queries.pending_invitations(organization) if member else [],
        "values": values or {"email": ""},
        "errors": errors or {},
    }
