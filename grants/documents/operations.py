"""The only writer of Document rows (the job handler records its own progress).

`request_document` turns "this kind, this object" into one row per version of what the PDF would
show — found, or inserted with ON CONFLICT DO NOTHING, so concurrent requests agree on one row —
and into one outbox job with a deterministic dedupe key. It never commits: the request does, and
the job is handed to a runner after the commit.
"""

import hashlib
import json

from flask_babel import gettext as _
from sqlalchemy.dialects import postgresql, sqlite

from grants.documents.context import BUILDERS
from grants.documents.kinds import KINDS
from grants.documents.models import Document, DocumentKind, DocumentStatus
from grants.documents.queries import effective_status
from grants.errors import ValidationFailed
from grants.extensions import db
from grants.jobs import enqueue

TASK = "render_document"


def parse_request(kind, object_id) -> tuple[str, int]:
    if not isinstance(kind, str) or kind not in KINDS:
        raise ValidationFailed.one(
            "kind", _("Nieznany rodzaj dokumentu. Dozwolone: %(kinds)s.", kinds=", ".join(KINDS))
        )
    if isinstance(object_id, bool):
        object_id = None
    try:
        number = int(str(object_id).strip()) if object_id is not None else None
    except ValueError:
        number = None
    if number is None or number < 1 or number > 2**31 - 1:
        raise ValidationFailed.one("object_id", _("Podaj numer obiektu (liczbę całkowitą dodatnią)."))
    return kind, number


def version_of(kind: str, layout_revision: int, data: dict) -> str:
    """SHA-256 of what the PDF shows: the same object, unchanged, always gives the same version."""
    canonical = json.dumps(
        {"kind": kind, "layout": layout_revision, "data": data},
        sort_keys=True,
        ensure_ascii=False,
        separators=(",", ":"),
    )
    return hashlib.sha256(canonical.encode()).hexdigest()


def dedupe_key(kind: str, object_id: int, version: str) -> str:
    return f"document-{kind}-{object_id}-{version}"


def request_document(*, actor, kind, object_id, retry: bool = True) -> Document:
    """The document of `kind` for `object_id` as it is now: found, or made and queued. Without `retry`
    (a plain link anyone may follow), a document that failed for good is handed back as it is, so
    following the link again never renders again: only the retry button (a POST) does."""
    kind, object_id = parse_request(kind, object_id)
    spec = KINDS[kind]
    if spec.load is None:
        raise ValidationFailed.one(
            "kind",
            _(
                "Ten dokument („%(label)s”) nie jest jeszcze dostępny: OKO nie prowadzi "
                "jeszcze danych, z których powstaje.",
                label=spec.label,
            ),
        )
    source = spec.load(object_id, actor)  # NotFound for those who may not see the object
    data = BUILDERS[kind](source.data)
    version = version_of(kind, spec.layout_revision, data)
    document = _find(kind, object_id, version)
    if document is None:
        _insert_if_absent(
            kind=DocumentKind(kind),
            object_id=object_id,
            object_version=version,
            data=data,
            title=data.get("title", "")[:300],
            office_id=source.office_id,
            requested_by_id=getattr(actor, "id", None),
        )
        document = _find(kind, object_id, version)
    if document.job_id is None or (retry and effective_status(document) == "failed"):
        # New, or failed for good: (re)queue. The outbox returns the existing job for the same key
        # and re-queues it when it had given up, so the job id a client polls never changes.
        job = enqueue(TASK, dedupe_key=dedupe_key(kind, object_id, version), document_id=document.id)
        document.job_id = job.id
        document.status = DocumentStatus.queued
        document.error = None
        db.session.flush()
    return document


def _find(kind: str, object_id: int, version: str) -> Document | None:
    return db.session.scalar(
        db.select(Document).where(
            Document.kind == DocumentKind(kind), Document.object_id == object_id, Document.object_version == version
        )
    )


def _insert_if_absent(**values) -> None:
    # Two people asking at the same moment must land on one row. A plain INSERT would make the
    # slower request fail on the unique constraint; ON CONFLICT DO NOTHING makes it wait for the
    # faster one (PostgreSQL) or run after it (SQLite serialises writers), then read its row.
    dialect = db.session.get_bind().dialect.name
    insert = postgresql.insert if dialect == "postgresql" else sqlite.insert
    db.session.execute(
        insert(Document).values(**values).on_conflict_do_nothing(index_elements=["kind", "object_id", "object_version"])
    )
