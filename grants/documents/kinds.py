"""The document kinds: what each is called, who may see it and how its object becomes plain data.

A loader takes the object's id and the person asking, answers "not found" when that person may
not see the object (its rules, not ours: a draft call is its office's, an offer its organisation's),
and returns plain source data for `grants.documents.context.BUILDERS`. A kind whose objects OKO does
not have yet has no loader: asking for it is a 422 on `kind`, never a 500.
"""

from collections.abc import Callable
from dataclasses import dataclass

from flask import current_app
from flask_babel import gettext as _

from grants.calls.queries import get_call_for
from grants.calls.serialize import call_to_api
from grants.errors import Conflict
from grants.formatting import iso_warsaw
from grants.offers.queries import get_offer_for


@dataclass(frozen=True)
class Source:
    data: dict  # plain data, the builder's input
    office_id: int | None  # whose office the document belongs to (officers see drafts of their own)


@dataclass(frozen=True)
class Kind:
    name: str
    label: str  # for pages and messages
    file_stem: str  # the downloaded file's name
    # Part of the version hash: bump it when a template changes what the document says, so the next
    # request renders a new document instead of handing out the old wording.
    layout_revision: int
    load: Callable[[int, object], Source] | None = None


def header_for(office) -> dict:
    """The letterhead: the office's own name and address, overridable (and a logo added) through
    DOCUMENT_HEADER (every office) and DOCUMENT_HEADER_BY_OFFICE (by office slug); `logo` is a path
    under static/, the only place the PDF renderer reads files from."""
    header = {
        "name": office.name if office else "",
        "parent_body": office.parent_body if office else "",
        "address": office.address if office else "",
        "logo": None,
        "logo_alt": None,
    }
    config = current_app.config
    for overrides in (
        config.get("DOCUMENT_HEADER") or {},
        (config.get("DOCUMENT_HEADER_BY_OFFICE") or {}).get(getattr(office, "slug", None), {}),
    ):
        header.update({key: value for key, value in overrides.items() if key in header and value is not None})
    return header


# ---------------------------------------------------------------- loaders


def load_call_announcement(object_id: int, user) -> Source:
    call = get_call_for(object_id, user)  # a draft only for its office; published calls for everyone
    return Source(
        data={"call": call_to_api(call), "header": header_for(call.office), "draft": not call.is_public},
        office_id=call.office_id,
    )


def offer_source(
    document: dict,
    *,
    control_sum: str,
    control_code: str,
    submitted_at: str | None,
    withdrawn_at: str | None,
    header: dict,
) -> dict:
    """A submitted version's frozen document (grants.offers.operations.build_document, format
    oko-offer/1) as the offer builders' input: the PDF shows exactly what the control sum covers."""
    organizations = document.get("organizations") or []
    lead = next((o for o in organizations if o.get("representing")), organizations[0] if organizations else {})
    partners = [o for o in organizations if o is not lead]
    return {
        "offer_id": document.get("offer_id"),
        "content": document.get("content") or {},
        "figures": document.get("computed") or {},
        "call": document.get("call") or {},
        "organization": lead,
        "partners": partners,
        "cost_split": [{"name": o.get("name"), "amount": o.get("cost_share")} for o in organizations]
        if partners
        else [],
        "attachments": document.get("attachments") or [],
        "version": {
            "number": document.get("version"),
            "control_sum": control_sum,
            "control_code": control_code,
            "submitted_at": submitted_at,
            "withdrawn_at": withdrawn_at,
        },
        "header": header,
    }


def load_offer_version(object_id: int, user) -> Source:
    """Offer `object_id`'s latest submitted version: its organisation's members and, once submitted,
    the call's office see it (grants.offers.queries); a draft has no document yet."""
    offer = get_offer_for(user, object_id)
    version = offer.current_version
    if version is None:
        raise Conflict(
            _("Oferta nie została jeszcze złożona: jej dokument powstaje ze złożonej wersji."), code="not_submitted"
        )
    return Source(
        data=offer_source(
            version.document,
            control_sum=version.control_sum,
            control_code=version.control_code,
            submitted_at=iso_warsaw(version.submitted_at),
            withdrawn_at=iso_warsaw(version.withdrawn_at),
            header=header_for(offer.call.office),
        ),
        office_id=offer.call.office_id,
    )


KINDS: dict[str, Kind] = {
    kind.name: kind
    for kind in (
        Kind(
            "call_announcement", "Ogłoszenie otwartego konkursu ofert", "ogloszenie-konkursu", 1, load_call_announcement
        ),
        Kind("offer", "Oferta realizacji zadania publicznego", "oferta", 1, load_offer_version),
        Kind("offer_confirmation", "Potwierdzenie złożenia oferty", "potwierdzenie-oferty", 1, load_offer_version),
        Kind("evaluation_card", "Karta oceny oferty", "karta-oceny", 1),
        Kind("committee_protocol", "Protokół z prac komisji konkursowej", "protokol-komisji", 1),
        Kind("results", "Wyniki otwartego konkursu ofert", "wyniki-konkursu", 1),
        Kind("contract", "Umowa o realizację zadania publicznego", "umowa", 1),
        Kind("report", "Sprawozdanie z wykonania zadania publicznego", "sprawozdanie", 1),
    )
}
