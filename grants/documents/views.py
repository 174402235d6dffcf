"""The documents blueprint: a button posts here, the person waits on /documents/<job_id>, which
refreshes itself (a <meta http-equiv=refresh>, as the CSP allows no inline script) until the PDF is
ready, then offers the download.

Public pages served from the page cache (grants.public.cache) carry no form: a CSRF token rendered for
one visitor would be handed to every later one, whose session has no token to match. They link to the
GET routes below instead, which find (or make) the document of the object as it is now and lead to its
progress page. Following such a link again gives the same document — an unchanged object has one
version, one row and one job — and never retries a failed render (the POST button on the progress page
does), so a link cannot be used to start work beyond one job per version of a public object.
"""

from flask import Blueprint, current_app, redirect, render_template, request, url_for
from flask_login import current_user

from grants.documents import (
    jobs,  # noqa: F401  registers the render job in every runner mode
    operations,
    queries,
)
from grants.documents.files import pdf_response
from grants.documents.kinds import KINDS
from grants.errors import ValidationFailed
from grants.extensions import limiter

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


def link_limit() -> str:
    """How often one client may follow the public documents' links (flask-limiter's syntax)."""
    return current_app.config.get("RATELIMIT_DOCUMENT_LINK", "30 per minute")


def _follow(kind: str, object_id: int):
    document = operations.request_document(actor=_person(), kind=kind, object_id=object_id, retry=False)
    return redirect(url_for("documents.status", job_id=document.job_id), code=303)


@bp.get("/calls/<int:call_id>/announcement")
@limiter.limit(link_limit)
def announcement_link(call_id: int):
    return _follow("call_announcement", call_id)


@bp.get("/calls/<int:call_id>/results")
@limiter.limit(link_limit)
def results_link(call_id: int):
    return _follow("results", call_id)


@bp.get("/programmes/<int:programme_id>/report")
@limiter.limit(link_limit)
def programme_report_link(programme_id: int):
    """The published yearly report's PDF for anyone (its office gets the draft as it is now)."""
    return _follow("programme_report", programme_id)


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
