"""Attachment files: streamed to disk with a size limit, typed from their bytes, renamed into place.

Files live under `STORAGE_DIR/attachments/` (never under static/, so nothing serves them but the
permission-checked download), each under a random name. A file is written to a temporary name, synced,
and `os.replace`d into place, so a reader never sees half a file; if the request's transaction rolls
back, the files it wrote are removed again.
"""

import hashlib
import os
import re
import secrets
import unicodedata
import zipfile
from dataclasses import dataclass
from pathlib import Path
from urllib.parse import quote

from flask import current_app
from flask_babel import gettext as _
from sqlalchemy import event
from sqlalchemy.orm import Session

from grants.errors import DomainError, StorageUnavailable, ValidationFailed
from grants.extensions import db

MAX_FILE_BYTES = 10 * 1024 * 1024  # per file
MAX_OFFER_BYTES = 50 * 1024 * 1024  # all of an offer's files together
CHUNK = 64 * 1024
NEW_FILES_KEY = "oko_new_attachment_files"
STORED_NAME_RE = re.compile(r"^[0-9a-f]{32}$")

PDF, PNG, JPEG = "application/pdf", "image/png", "image/jpeg"
ODT = "application/vnd.oasis.opendocument.text"
DOCX = "application/vnd.openxmlformats-officedocument.wordprocessingml.document"
EXTENSIONS = {PDF: ".pdf", PNG: ".png", JPEG: ".jpg", ODT: ".odt", DOCX: ".docx"}
ALSO_ACCEPTED_EXTENSIONS = {JPEG: (".jpeg",)}


class TooLarge(DomainError):
    status = 413
    code = "too_large"


@dataclass(frozen=True)
class StoredFile:
    stored_name: str
    size: int
    sha256: str
    content_type: str


def attachments_dir() -> Path:
    return Path(current_app.config["STORAGE_DIR"]) / "attachments"


def path_for(stored_name: str) -> Path:
    if not STORED_NAME_RE.match(stored_name):  # never let a stored value walk out of the directory
        raise ValueError(f"bad stored name {stored_name!r}")
    return attachments_dir() / stored_name[:2] / stored_name


def detect_type(path: Path) -> str | None:
    """The file's type from its content — magic bytes, and for ZIP-based documents what the ZIP holds.

    ODT: the `mimetype` entry (ISO/IEC 26300, OpenDocument packages) names the type; DOCX (ECMA-376):
    the package has `word/document.xml`. The name the uploader gave is never consulted.
    """
    with open(path, "rb") as handle:
        head = handle.read(8)
    if head.startswith(b"%PDF-"):
        return PDF
    if head.startswith(b"\x89PNG\r\n\x1a\n"):
        return PNG
    if head.startswith(b"\xff\xd8\xff"):
        return JPEG
    if head.startswith(b"PK\x03\x04"):
        return _zip_document_type(path)
    return None


def _zip_document_type(path: Path) -> str | None:
    try:
        with zipfile.ZipFile(path) as archive:
            names = set(archive.namelist())
            if "mimetype" in names:
                info = archive.getinfo("mimetype")
                if info.file_size > 200:  # a real one is ~40 bytes; do not inflate anything large
                    return None
                if archive.read("mimetype").strip() == ODT.encode():
                    return ODT
                return None
            if "word/document.xml" in names and "[Content_Types].xml" in names:
                return DOCX
    except (zipfile.BadZipFile, OSError, KeyError, RuntimeError, ValueError, NotImplementedError):
        return None
    return None


def store_upload(stream, *, max_bytes: int, too_large_message: str) -> StoredFile:
    """Copy `stream` to a new random name; refuse past `max_bytes` or when the content is not allowed."""
    directory = attachments_dir()
    directory.mkdir(parents=True, exist_ok=True)
    tmp = directory / f".upload-{secrets.token_hex(8)}.tmp"
    digest = hashlib.sha256()
    size = 0
    try:
        with open(tmp, "xb") as out:
            while True:
                chunk = stream.read(CHUNK)
                if not chunk:
                    break
                size += len(chunk)
                if size > max_bytes:
                    raise TooLarge(too_large_message)
                digest.update(chunk)
                out.write(chunk)
            out.flush()
            os.fsync(out.fileno())
        if size == 0:
            raise ValidationFailed.one("file", _("Plik jest pusty."))
        content_type = detect_type(tmp)
        if content_type is None:
            raise ValidationFailed.one(
                "file",
                _(
                    "Ten plik nie jest dokumentem PDF, obrazem PNG/JPEG ani dokumentem ODT/DOCX (sprawdzamy jego "
                    "zawartość, nie nazwę). Zapisz go w jednym z tych formatów i dodaj ponownie."
                ),
            )
        stored_name = secrets.token_hex(16)
        final = path_for(stored_name)
        final.parent.mkdir(parents=True, exist_ok=True)
        os.replace(tmp, final)
    except OSError as error:
        # A full disk must not look like the person's mistake, nor leave half a file behind.
        raise StorageUnavailable(
            _("Serwer nie może teraz zapisać pliku (brak miejsca na dysku). Nic nie zostało zapisane; spróbuj później.")
        ) from error
    finally:
        tmp.unlink(missing_ok=True)
    db.session.info.setdefault(NEW_FILES_KEY, []).append(str(final))
    return StoredFile(stored_name=stored_name, size=size, sha256=digest.hexdigest(), content_type=content_type)


def download_name(original: str, content_type: str) -> str:
    """The uploader's name, with the extension of what the file really is."""
    extension = EXTENSIONS.get(content_type, "")
    accepted = (extension,) + ALSO_ACCEPTED_EXTENSIONS.get(content_type, ())
    if extension and not original.lower().endswith(accepted):
        return original + extension
    return original


def clean_filename(raw: str | None) -> str:
    """The base name only, without control characters or path parts; a default when nothing is left."""
    name = (raw or "").replace("\\", "/").rsplit("/", 1)[-1]
    name = "".join(ch for ch in name if ch.isprintable() and ch not in '"<>|:*?').strip().strip(".")
    return name[-255:] or _("załącznik")


@event.listens_for(Session, "after_commit")
def _keep_files(session):
    session.info.pop(NEW_FILES_KEY, None)


@event.listens_for(Session, "after_rollback")
def _remove_files(session):
    # The rows that named these files are gone with the transaction; so go the files.
    for name in session.info.pop(NEW_FILES_KEY, None) or []:
        try:
            os.unlink(name)
        except OSError:
            pass


def content_disposition(filename: str) -> str:
    """RFC 6266: an ASCII `filename` for old clients and the exact UTF-8 name in `filename*` (RFC 8187)."""
    fallback = unicodedata.normalize("NFKD", filename).encode("ascii", "ignore").decode("ascii")
    fallback = "".join(ch for ch in fallback if ch.isprintable() and ch not in '"\\;') or "zalacznik"
    return f"attachment; filename=\"{fallback}\"; filename*=UTF-8''{quote(filename, safe='')}"
