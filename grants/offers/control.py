"""The control sum of a submitted offer: SHA-256 of one canonical serialisation of what was submitted.

The document holds the offer's content (sections I–VII), the computed figures, the organisations' data
as they were at submission (section II) and the SHA-256 of every attachment, plus the offer's id and
version number — so the sum names exactly one version of one offer, and a change to anything in it
(one grosz, one letter of the statute file) gives a different sum.

Canonical form: JSON, keys sorted, no insignificant whitespace, UTF-8 without escaping, every amount
already a string with two decimals (no floats anywhere). Anyone holding the stored document can
re-compute the sum with `hashlib.sha256(canonical_json(document)).hexdigest()`.
"""

import hashlib
import json

FORMAT = "oko-offer/1"
CODE_LENGTH = 12  # hex digits printed for people: 48 bits, "A1B2-C3D4-E5F6"


def canonical_json(document: dict) -> bytes:
    return json.dumps(document, sort_keys=True, separators=(",", ":"), ensure_ascii=False, allow_nan=False).encode(
        "utf-8"
    )


def control_sum(document: dict) -> str:
    return hashlib.sha256(canonical_json(document)).hexdigest()


def control_code(sum_hex: str) -> str:
    """The short form people compare on paper: the first 12 hex digits, upper case, in groups of 4."""
    head = sum_hex[:CODE_LENGTH].upper()
    return "-".join(head[i : i + 4] for i in range(0, CODE_LENGTH, 4))


def normalise_code(raw) -> str | None:
    """What a person typed ("a1b2 c3d4-e5f6", "A1B2C3D4E5F6") → "A1B2-C3D4-E5F6", or None if it is not one."""
    if not isinstance(raw, str):
        return None
    digits = "".join(ch for ch in raw.upper() if ch not in " -\u00a0\t")
    if len(digits) != CODE_LENGTH or any(ch not in "0123456789ABCDEF" for ch in digits):
        return None
    return control_code(digits)


def organization_snapshot(org, *, representing: bool, cost_share=None) -> dict:
    """Section II.1 of Annex 1 as the organisation's profile stood at submission."""
    return {
        "id": org.id,
        "representing": representing,
        "name": org.name,
        "legal_form": getattr(org.legal_form, "value", org.legal_form),
        "krs": org.krs,
        "registry_name": org.registry_name,
        "registry_number": org.registry_number,
        "nip": org.nip,
        "regon": org.regon,
        "address": {"street": org.street, "postal_code": org.postal_code, "city": org.city},
        "website": org.website,
        "email": org.email,
        "phone": org.phone,
        "bank_account": org.bank_account,
        "representatives": list(org.representatives or []),
        "representation_rule": org.representation_rule or "",
        "cost_share": cost_share,
    }


def attachment_entry(attachment) -> dict:
    return {
        "id": attachment.id,
        "kind": attachment.kind,
        "filename": attachment.original_filename,
        "size": attachment.size,
        "sha256": attachment.sha256,
        "content_type": attachment.content_type,
    }
