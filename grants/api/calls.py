from flask import jsonify, request, url_for
from flask_babel import gettext as _

from grants.api import bp, current_api_user, json_body, require_officer_api
from grants.audit.log import entries_for
from grants.calls import ending, operations, public_list, queries
from grants.calls.serialize import announcement_year, call_to_api, programme_to_api
from grants.clock import now_utc
from grants.errors import ValidationFailed
from grants.formatting import iso_warsaw
from grants.review import operations as review_operations

API_PAGE_SIZE = 50


@bp.post("/programmes")
def create_programme():
    actor = require_officer_api()
    programme = operations.create_programme(actor=actor, raw=json_body())
    return jsonify(programme_to_api(programme)), 201


@bp.get("/programmes")
def list_programmes():
    user = current_api_user(required=False)
    if user is not None and user.is_officer:
        programmes = queries.programmes_visible_to(user)
    else:
        office_id = request.args.get("office_id", type=int)
        programmes = queries.public_programmes(office_id)
    return jsonify([programme_to_api(p) for p in programmes])


@bp.patch("/programmes/<int:programme_id>")
def update_programme(programme_id):
    actor = require_officer_api()
    programme = queries.get_programme_for_officer(programme_id, actor)
    operations.update_programme(actor=actor, programme=programme, raw=json_body())
    return jsonify(programme_to_api(programme))


@bp.post("/calls")
def create_call():
    actor = require_officer_api()
    call = operations.create_call(actor=actor, raw=json_body())
    body = call_to_api(call)
    body["warnings"] = operations.deadline_warnings(call)
    return jsonify(body), 201


@bp.get("/calls")
def list_calls():
    status = request.args.get("status")
    user = current_api_user(required=False)
    if status == "draft":
        if user is None or not user.is_officer:
            raise ValidationFailed.one("status", _("Projekty naborów widzi tylko urząd."))
        calls = queries.drafts_for_office(user)
    else:
        return _public_list()
    return jsonify([call_to_api(c) for c in calls])


def _public_list():
    """The published calls, filtered (`status`, `office_id`, `year`, `task_type`, `q`). The whole list as
    before unless `limit` or `after` asks for keyset pages: then the next page's address is in the `Link`
    header (rel="next") and its token in `X-Next-After`; the body stays a list."""
    paged = "limit" in request.args or "after" in request.args
    filters = public_list.parse_filters(
        request.args, strict=True, default_phase=None, default_limit=API_PAGE_SIZE if paged else None
    )
    now = now_utc()
    page = public_list.calls_page(filters, now=now, whole_calls=True)
    same_type = queries.same_type_tasks_for([(c, announcement_year(c, now)) for c in page.items])
    response = jsonify([call_to_api(c, now, same_type=rows) for c, rows in zip(page.items, same_type, strict=True)])
    if page.next_after:
        args = request.args.to_dict() | {"after": page.next_after, "limit": str(page.limit)}
        response.headers["Link"] = f'<{url_for("api.list_calls", _external=False, **args)}>; rel="next"'
        response.headers["X-Next-After"] = page.next_after
    return response


@bp.get("/calls/<int:call_id>")
def get_call(call_id):
    user = current_api_user(required=False)
    return jsonify(call_to_api(queries.get_call_for(call_id, user)))


@bp.patch("/calls/<int:call_id>")
def update_call(call_id):
    actor = require_officer_api()
    call = queries.get_call_for_officer(call_id, actor)
    operations.update_call(actor=actor, call=call, raw=json_body())
    body = call_to_api(call)
    body["warnings"] = operations.deadline_warnings(call)
    return jsonify(body)


@bp.post("/calls/<int:call_id>/publish")
def publish_call(call_id):
    actor = require_officer_api()
    call = queries.get_call_for_officer(call_id, actor)
    body = request.get_json(silent=True) or {}
    publications = body.get("publications") if isinstance(body, dict) else None
    warnings = operations.publish_call(actor=actor, call=call, publications_raw=publications)
    result = call_to_api(call)
    result.update({"status": "published", "warnings": warnings})
    return jsonify(result)


@bp.post("/calls/<int:call_id>/cancel")
def cancel_call(call_id):
    actor = require_officer_api()
    call = queries.get_call_for_officer(call_id, actor)
    review_operations.cancel(actor=actor, call=call, raw=json_body())
    return jsonify(call_to_api(call))


@bp.delete("/calls/<int:call_id>")
def delete_call(call_id):
    """A draft never published is deleted (204); a published call is cancelled or withdrawn instead (409)."""
    actor = require_officer_api()
    call = queries.get_call_for_officer(call_id, actor)
    ending.delete_draft(actor=actor, call=call)
    return "", 204


@bp.get("/calls/<int:call_id>/audit")
def call_audit(call_id):
    actor = require_officer_api()
    call = queries.get_call_for_officer(call_id, actor)
    return jsonify(
        [
            {
                "id": e.id,
                "created_at": iso_warsaw(e.created_at),
                "action": e.action,
                "actor": e.actor.email if e.actor else None,
                "summary": e.summary,
                "before": e.before,
                "after": e.after,
            }
            for e in entries_for("call", call.id)
        ]
    )
