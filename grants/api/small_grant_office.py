"""Small grants (art. 19a), the office's side and the comments: publish, comments, answers, the decision
(shared/API.md "Small grants")."""

from flask import jsonify, request

from grants.api import bp, json_body, require_officer_api
from grants.formatting import iso_warsaw
from grants.smallgrants import office_queries
from grants.smallgrants.operations import comments, decision, publication
from grants.smallgrants.throttle import comment_rate


def _optional_body() -> dict:
    # The publication's body may be left out (all three channels now); an empty one is the same.
    if not request.get_data():
        return {}
    return json_body()


def _answer_to_api(answer) -> dict:
    return {"id": answer.id, "text": answer.text, "created_at": iso_warsaw(answer.created_at)}


def comment_to_api(comment) -> dict:
    hidden = comment.hidden_at is not None
    return {
        "id": comment.id,
        "author": None if hidden else comment.author,
        "text": None if hidden else comment.text,
        "created_at": iso_warsaw(comment.created_at),
        "hidden": hidden,
        "hidden_reason": comment.hidden_reason if hidden else None,
        # `answer` is the one in force, as GET /small-grants/{id} gives it; `answers` all of them, oldest first.
        "answer": _answer_to_api(comment.answer) if comment.answer else None,
        "answers": [_answer_to_api(a) for a in comment.answers],
    }


def _decision_to_api(small_grant) -> dict:
    return {
        "id": small_grant.id,
        "status": small_grant.status.value,
        "decided_at": iso_warsaw(small_grant.decided_at),
        "reason": small_grant.decision_reason,
    }


@bp.post("/small-grants/<int:small_grant_id>/publish")
def publish_small_grant(small_grant_id):
    actor = require_officer_api()
    small_grant = office_queries.get_small_grant_for_officer(small_grant_id, actor)
    body = _optional_body()
    publication.publish_small_grant(actor=actor, small_grant=small_grant, publications_raw=body.get("publications"))
    return jsonify(
        {
            "id": small_grant.id,
            "status": small_grant.status.value,
            "published_at": iso_warsaw(small_grant.published_at),
            "publications": small_grant.publications,
            "comments_until": iso_warsaw(small_grant.comments_until),
        }
    )


@bp.post("/small-grants/<int:small_grant_id>/comments")
@comment_rate
def post_small_grant_comment(small_grant_id):
    """Public: anyone, without a token, while the comments are open (art. 19a ust. 4)."""
    small_grant = office_queries.get_public_small_grant(small_grant_id)
    comment = comments.add_comment(small_grant=small_grant, raw=json_body(), client_address=request.remote_addr)
    return jsonify(comment_to_api(comment)), 201


@bp.post("/small-grants/<int:small_grant_id>/comments/<int:comment_id>/answer")
def answer_small_grant_comment(small_grant_id, comment_id):
    actor = require_officer_api()
    small_grant = office_queries.get_small_grant_for_officer(small_grant_id, actor)
    comment = office_queries.get_comment(small_grant, comment_id)
    comments.answer_comment(actor=actor, small_grant=small_grant, comment=comment, raw=json_body())
    return jsonify(comment_to_api(comment)), 201


@bp.post("/small-grants/<int:small_grant_id>/comments/<int:comment_id>/hide")
def hide_small_grant_comment(small_grant_id, comment_id):
    actor = require_officer_api()
    small_grant = office_queries.get_small_grant_for_officer(small_grant_id, actor)
    comment = office_queries.get_comment(small_grant, comment_id)
    comments.hide_comment(actor=actor, small_grant=small_grant, comment=comment, raw=json_body())
    return jsonify(comment_to_api(comment))


@bp.post("/small-grants/<int:small_grant_id>/decision")
def decide_small_grant(small_grant_id):
    actor = require_officer_api()
    small_grant = office_queries.get_small_grant_for_officer(small_grant_id, actor)
    decision.decide_small_grant(actor=actor, small_grant=small_grant, raw=json_body())
    return jsonify(_decision_to_api(small_grant))
