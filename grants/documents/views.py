"""The documents blueprint: a button posts here, the person waits on /documents/<job_id>, which
refreshes itself (a <meta http-equiv=refresh>, as the CSP allows no inline script) until the PDF is
ready, then offers the download."""

from flask import Blueprint, redirect, render_template, request, url_for
from flask_login import current_user

from grants.documents import (
    jobs,  # noqa: F401  registers the render job in every runner mode
    operations,
    queries,
)
from grants.documents.files import pdf_response
from grants.documents.kinds import KINDS
from grants.errors import ValidationFailed

bp = Blueprint("documents", __name__, url_prefix="/documents")

REFRESH_SECONDS = 2


def _person():
    return current_user if current_user.is_authenticated else None


@bp.post("")
def request_document():
    try:
        document = operations.request_document(
            actor=_person(), kind=request.form.get("kind"), object_id=request.form.get("object_id")
        )
    except ValidationFailed as error:
        # A button has no fields to mark: the error page says what is wrong in words.
        raise ValidationFailed(error.fields, " ".join(m for ms in error.fields.values() for m in ms)) from None
    return redirect(url_for("documents.status", job_id=document.job_id), code=303)


@bp.get("/<int:job_id>")
def status(job_id: int):
    document = queries.get_document_for(job_id, _person())
    state = queries.effective_status(document)
    return render_template(
        "documents/status.html",
        document=document,
        state=state,
        label=KINDS[document.kind.value].label,
        refresh=REFRESH_SECONDS if state in ("queued", "started") else None,
    )


@bp.get("/<int:job_id>/pdf")
def download(job_id: int):
    return pdf_response(queries.get_document_for(job_id, _person()))
