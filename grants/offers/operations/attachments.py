"""An offer's attachments: adding a file to a draft (or to an offer in correction, when the office's
request named the attachments) and removing one."""

from datetime import datetime

from flask_babel import gettext as _

from grants.audit.log import record
from grants.errors import FieldErrors, NotFound, ValidationFailed
from grants.extensions import db
from grants.offers import schema, storage
from grants.offers.models import Attachment, Offer, OfferStatus
from grants.offers.operations.guards import not_draft, require_correction_open, require_member, touch
from grants.offers.receipt import receipt_time


def _require_attachments_open(offer: Offer, now: datetime) -> None:
    if offer.status != OfferStatus.correction:
        return
    require_correction_open(offer, now)
    if not any(field == "attachments" or field.startswith("attachments.") for field in offer.correction_fields or ()):
        raise ValidationFailed.one(
            "attachments",
            _(
                "Załączników nie wskazano w wezwaniu do uzupełnienia braków "
                "formalnych; w tej ofercie nie można ich teraz zmieniać."
            ),
        )


def _upload_limit(offer: Offer) -> tuple[int, str]:
    """How big the next file may be (10 MB, or what is left of the offer's 50 MB), and what a bigger one
    is told."""
    used = sum(a.size for a in offer.active_attachments)
    room = storage.MAX_OFFER_BYTES - used
    if room <= 0:
        raise storage.TooLarge(
            _("Załączniki tej oferty zajmują już 50 MB, najwięcej ile można. Usuń któryś, zanim dodasz kolejny.")
        )
    if room < storage.MAX_FILE_BYTES:
        return (
            room,
            _(
                "Ten plik nie zmieści się: wszystkie załączniki oferty mogą mieć razem najwyżej "
                "50 MB, zostało %(mb).1f MB. Zmniejsz plik albo usuń inny załącznik.",
                mb=room / 1024 / 1024,
            ),
        )
    return (
        storage.MAX_FILE_BYTES,
        _(
            "Plik może mieć najwyżej 10 MB. Zmniejsz go (np. zapisz skan "
            "w niższej rozdzielczości) albo podziel na części."
        ),
    )


def add_attachment(
    *, actor, offer: Offer, stream, filename: str | None, kind=None, now: datetime | None = None
) -> Attachment:
    """Store a file for the draft: PDF, PNG/JPEG, ODT/DOCX by content; ≤ 10 MB each, ≤ 50 MB per offer."""
    now = now or receipt_time()
    require_member(actor, offer)
    if not offer.is_editable:
        raise not_draft()
    _require_attachments_open(offer, now)
    errors = FieldErrors()
    kind = schema.parse_kind(errors, kind)
    if stream is None:
        errors.add("file", _("Wybierz plik do dodania."))
    errors.raise_if_any()
    touch(actor, offer, now)  # locks the row: a concurrent submission freezes with or without this file
    limit, message = _upload_limit(offer)
    stored = storage.store_upload(stream, max_bytes=limit, too_large_message=message)
    attachment = Attachment(
        offer_id=offer.id,
        kind=kind,
        original_filename=storage.clean_filename(filename),
        stored_name=stored.stored_name,
        size=stored.size,
        sha256=stored.sha256,
        content_type=stored.content_type,
        uploaded_at=now,
        uploaded_by_id=actor.id,
    )
    db.session.add(attachment)
    db.session.flush()
    db.session.refresh(offer, ["attachments"])
    record(
        "offer.attachment_add",
        "offer",
        offer.id,
        actor=actor,
        office_id=offer.call.office_id,
        summary=attachment.original_filename,
        after={
            "attachment_id": attachment.id,
            "kind": kind,
            "size": stored.size,
            "sha256": stored.sha256,
            "content_type": stored.content_type,
        },
    )
    return attachment


def remove_attachment(*, actor, offer: Offer, attachment: Attachment, now: datetime | None = None) -> None:
    now = now or receipt_time()
    require_member(actor, offer)
    if attachment.offer_id != offer.id or attachment.removed_at is not None:
        raise NotFound(_("Nie ma takiego załącznika."))
    _require_attachments_open(offer, now)
    touch(actor, offer, now)
    attachment.removed_at = now
    attachment.removed_by_id = actor.id
    db.session.flush()
    record(
        "offer.attachment_remove",
        "offer",
        offer.id,
        actor=actor,
        office_id=offer.call.office_id,
        summary=attachment.original_filename,
        before={"attachment_id": attachment.id},
    )
