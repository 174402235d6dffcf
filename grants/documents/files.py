"""Sending a finished document's PDF (the API and the web page share it)."""

from flask import Response, request
from flask_babel import gettext as _

from grants.documents import storage
from grants.documents.kinds import KINDS
from grants.documents.models import Document, DocumentStatus
from grants.errors import Conflict, NotFound


def pdf_response(document: Document) -> Response:
    if document.status != DocumentStatus.finished:
        raise Conflict(_("Dokument nie jest jeszcze gotowy."), code="not_ready")
    try:
        path = storage.absolute(document.path)
    except ValueError:
        path = None
    if path is None or not path.is_file():
        raise NotFound(_("Plik dokumentu nie jest dostępny."))
    name = f"{KINDS[document.kind.value].file_stem}-{document.object_id}-{document.object_version[:8]}.pdf"
    # The bytes, not an open file: a PDF is a few hundred kB, and no handle outlives the request.
    response = Response(path.read_bytes(), mimetype="application/pdf")
    response.headers["Content-Disposition"] = f'inline; filename="{name}"'
    response.set_etag(document.sha256)
    # The bytes of a version never change, but who may read them depends on the person: no shared
    # cache keeps a copy, and a browser revalidates against the ETag (the file's SHA-256).
    response.headers["Cache-Control"] = "private, no-cache"
    return response.make_conditional(request)
