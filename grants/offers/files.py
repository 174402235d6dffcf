"""Sending an attachment's file (the offer pages and the API share it)."""

from flask import Response

from grants.offers import storage


def attachment_response(attachment) -> Response:
    # Files are at most 10 MB: read whole, so no open file handle outlives the request.
    response = Response(storage.path_for(attachment.stored_name).read_bytes(), mimetype=attachment.content_type)
    response.headers["Content-Disposition"] = storage.content_disposition(
        storage.download_name(attachment.original_filename, attachment.content_type)
    )
    return response
