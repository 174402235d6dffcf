"""Reading documents: by the job id clients poll, with the object's own visibility rules."""

from flask_babel import gettext as _

from grants.documents.kinds import KINDS
from grants.documents.models import Document, DocumentStatus
from grants.errors import NotFound
from grants.extensions import db
from grants.formatting import iso_warsaw
from grants.jobs.models import JobStatus


def get_document_for(job_id: int, user) -> Document:
    """The document of job `job_id` if `user` may see its object now; otherwise "not found"
    (never "forbidden": another organisation's offer must stay unknown)."""
    document = db.session.scalar(db.select(Document).where(Document.job_id == job_id))
    missing = NotFound(_("Nie ma takiego dokumentu."))
    if document is None:
        raise missing
    spec = KINDS.get(document.kind.value)
    if spec is None or spec.load is None:
        raise missing
    try:
        (spec.access or spec.load)(document.object_id, user)
    except NotFound:
        raise missing from None
    if document.data.get("draft") and not _is_office_staff(user, document.office_id):
        # Rendered from a draft: its office's, even after the object has been published since.
        raise missing
    return document


def _is_office_staff(user, office_id) -> bool:
    if user is None or not getattr(user, "is_authenticated", False) or not user.is_officer:
        return False
    return user.is_admin or user.office_id == office_id


def effective_status(document: Document) -> str:
    """The status a client sees. The Document row is the record; the job row settles the one case the
    handler cannot record itself — a run that died with its worker and was given up on."""
    if document.status == DocumentStatus.finished:
        return "finished"
    job = document.job
    if document.status == DocumentStatus.failed or (
        job is not None and job.status == JobStatus.failed and not job.retryable
    ):
        return "failed"
    if document.status == DocumentStatus.started or (job is not None and job.status == JobStatus.started):
        return "started"
    return "queued"


def document_to_api(document: Document, url: str | None) -> dict:
    status = effective_status(document)
    body = {
        "job_id": document.job_id,
        "status": status,
        "kind": document.kind.value,
        "object_id": document.object_id,
        "object_version": document.object_version,
        "title": document.title,
        "created_at": iso_warsaw(document.created_at),
    }
    if status == "finished":
        body.update(
            {
                "url": url,
                "sha256": document.sha256,
                "size": document.size,
                "pages": document.pages,
                "finished_at": iso_warsaw(document.finished_at),
            }
        )
    elif status == "failed":
        body["error"] = document.error or _("Nie udało się utworzyć dokumentu.")
    return body
