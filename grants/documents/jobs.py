"""The job that renders a Document: idempotent, so at-least-once delivery gives exactly one file.

RQ (or the in-process runner) may run it again after a retry, after a worker died mid-render, or
after a sweeper took over a stale job. Every run renders the same frozen data to the same path
through an atomic rename; a run that finds the document finished with its file intact does nothing.
"""

import logging
import time

from flask import current_app

from grants.clock import now_utc
from grants.documents import storage
from grants.documents.models import Document, DocumentStatus
from grants.extensions import db
from grants.formatting import date_pl
from grants.jobs import task

log = logging.getLogger(__name__)


def meta_for(document: Document) -> dict:
    """What the template prints about the document itself; fixed per row, so a re-run is byte-identical."""
    created = document.created_at
    return {
        "kind": document.kind.value,
        "number": document.id,
        "version": document.object_version,
        "created_iso": created.strftime("%Y-%m-%dT%H:%M:%SZ"),
        "created_pl": date_pl(created),
        # The PDF's permanent identifier: the same for every version of one object's document.
        "identifier": f"oko-{document.kind.value}-{document.object_id}",
    }


@task("render_document")
def render_document(document_id: int) -> None:
    document = db.session.get(Document, document_id)
    if document is None:
        return
    if document.status == DocumentStatus.finished and storage.intact(document.path, document.sha256):
        return
    document.status = DocumentStatus.started
    document.started_at = now_utc()
    db.session.commit()
    try:
        from grants.documents.render import render_document as render  # WeasyPrint: jobs only

        rendered = render(document.kind.value, document.data, meta_for(document))
        # Test-only: makes the render slow enough for a test to kill the worker in the middle of it.
        delay = current_app.config.get("DOCUMENTS_RENDER_DELAY")
        if delay:
            time.sleep(float(delay))
        relative = storage.relative_path(document.kind.value, document.object_id, document.object_version)
        digest = storage.write_atomic(relative, rendered.pdf)
        document.status = DocumentStatus.finished
        document.path, document.sha256 = relative, digest
        document.size, document.pages = len(rendered.pdf), rendered.pages
        document.error = None
        document.finished_at = now_utc()
        db.session.commit()
    except Exception as exc:
        db.session.rollback()
        _record_failure(document_id, exc)
        raise  # the outbox records the attempt and schedules the retry (RQ: Retry with backoff)


def _record_failure(document_id: int, exc: Exception) -> None:
    document = db.session.get(Document, document_id)
    job = document.job
    # `attempts` already counts this run (claimed before the handler ran).
    final = job is None or job.attempts >= job.max_attempts
    document.status = DocumentStatus.failed if final else DocumentStatus.queued
    # People see this message; the traceback stays in the log and on the job row.
    document.error = f"Nie udało się utworzyć dokumentu ({type(exc).__name__}). " + (
        "Spróbuj ponownie później." if final else "Kolejna próba nastąpi automatycznie."
    )
    db.session.commit()
    log.warning("document %s: render failed (%s), %s", document_id, exc, "giving up" if final else "will retry")
