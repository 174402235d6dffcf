"""Where rendered PDFs live: STORAGE_DIR/documents/<kind>/<object_id>/, one file per Document row.

Files are written to a temporary name and renamed into place, so a reader (or a second worker
re-running the job after a crash) never sees half a file, and a re-run replaces it atomically.
"""

import hashlib
import os
from pathlib import Path

from flask import current_app


def storage_root() -> Path:
    return Path(current_app.config["STORAGE_DIR"]).resolve()


def relative_path(kind: str, object_id: int, version: str) -> str:
    return f"documents/{kind}/{object_id}/{kind}-{object_id}-{version[:16]}.pdf"


def absolute(relative: str) -> Path:
    path = (storage_root() / relative).resolve()
    if not path.is_relative_to(storage_root()):
        raise ValueError(f"outside the storage directory: {relative}")
    return path


def write_atomic(relative: str, data: bytes) -> str:
    """Write `data` at `relative` (replacing it); returns its SHA-256."""
    path = absolute(relative)
    path.parent.mkdir(parents=True, exist_ok=True)
    # Unique per process: two runs of one job (an orphaned work-horse and its replacement) must not
    # write into the same temporary file; each renames its own complete file into place.
    tmp = path.with_name(f".{path.name}.{os.getpid()}.tmp")
    try:
        with open(tmp, "wb") as handle:
            handle.write(data)
            handle.flush()
            os.fsync(handle.fileno())
        os.replace(tmp, path)
    finally:
        if tmp.exists():
            tmp.unlink()
    return hashlib.sha256(data).hexdigest()


def intact(relative: str | None, sha256: str | None) -> bool:
    """The file is there and its bytes are the ones recorded."""
    if not relative or not sha256:
        return False
    try:
        path = absolute(relative)
        return path.is_file() and hashlib.sha256(path.read_bytes()).hexdigest() == sha256
    except (OSError, ValueError):
        return False
