"""POST /api/v1/documents, GET /api/v1/documents/{job_id} and its PDF (shared/API.md, "Documents")."""

from flask import jsonify, url_for

from grants.api import bp, current_api_user, json_body
from grants.documents import (
    jobs,  # noqa: F401  registers the render job in every runner mode
    operations,
    queries,
)
from grants.documents.files import pdf_response


@bp.post("/documents")
def request_document():
    user = current_api_user(required=False)  # a published call's announcement is anyone's
    body = json_body()
    document = operations.request_document(actor=user, kind=body.get("kind"), object_id=body.get("object_id"))
    return jsonify(queries.document_to_api(document, _file_url(document))), 202


@bp.get("/documents/<int:job_id>")
def document_status(job_id):
    document = queries.get_document_for(job_id, current_api_user(required=False))
    return jsonify(queries.document_to_api(document, _file_url(document)))


@bp.get("/documents/<int:job_id>/pdf")
def document_file(job_id):
    return pdf_response(queries.get_document_for(job_id, current_api_user(required=False)))


def _file_url(document) -> str:
    return url_for("api.document_file", job_id=document.job_id)
