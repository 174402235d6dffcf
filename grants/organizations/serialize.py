"""Organisations as plain dicts: the API's JSON (address nested, as in the request body)."""

from grants.formatting import iso_warsaw
from grants.organizations import queries
from grants.organizations.labels import format_nrb
from grants.organizations.models import Organization


def organization_to_api(organization: Organization, viewer=None) -> dict:
    data = {
        "id": organization.id,
        "name": organization.name,
        "legal_form": organization.legal_form.value,
        "krs": organization.krs,
        "registry_name": organization.registry_name,
        "registry_number": organization.registry_number,
        "nip": organization.nip,
        "regon": organization.regon,
        "address": {"street": organization.street, "postal_code": organization.postal_code, "city": organization.city},
        "email": organization.email,
        "phone": organization.phone,
        "website": organization.website,
        # Formatted for people; the bare digits and the IBAN for machines that pay the grant.
        "bank_account": format_nrb(organization.bank_account),
        "bank_account_nrb": organization.bank_account,
        "bank_account_iban": f"PL{organization.bank_account}",
        "representatives": [
            {"full_name": p.get("full_name", ""), "function": p.get("function", "")}
            for p in organization.representatives or []
        ],
        "representation_rule": organization.representation_rule or "",
        "created_at": iso_warsaw(organization.created_at),
        # awaiting_confirmation: another profile has its NIP or KRS; an officer confirms or refuses it
        "status": organization.status.value,
        "duplicate_of_id": organization.duplicate_of_id,
        "review_note": organization.review_note,
        "members": [
            {"id": m.user_id, "email": m.user.email, "full_name": m.user.full_name, "since": iso_warsaw(m.created_at)}
            for m in queries.members(organization)
        ],
    }
    if viewer is not None and queries.is_member(viewer, organization):
        # Who was invited is the organisation's own business, not the office's.
        data["pending_invitations"] = [
            {
                "id": i.id,
                "email": i.email,
                "invited_at": iso_warsaw(i.created_at),
                "expires_at": iso_warsaw(i.expires_at),
            }
            for i in queries.pending_invitations(organization)
        ]
    return data


def invitation_to_api(invitation) -> dict:
    """The answer to an invitation: the same shape whether or not the address has an account."""
    return {
        "status": "invited",
        "invitation_id": invitation.id,
        "email": invitation.email,
        "expires_at": iso_warsaw(invitation.expires_at),
    }
