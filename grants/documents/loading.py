"""What every loader of grants.documents.kinds returns, and the letterhead each document prints."""

from dataclasses import dataclass

from flask import current_app


@dataclass(frozen=True)
class Source:
    data: dict  # plain data, the builder's input
    office_id: int | None  # whose office the document belongs to (officers see drafts of their own)


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
