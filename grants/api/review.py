"""Review through /api/v1 (shared/API.md, "Review"): the formal check, the committee, scores, the ranking,
the decision and the results — the same operations as the pages (grants.review.operations)."""

from flask import Response, jsonify, request, url_for
from flask_babel import gettext as _

from grants.api import bp, current_api_user, json_body, require_officer_api
from grants.auth.permissions import require_evaluator
from grants.calls import queries as call_queries
from grants.clock import now_utc
from grants.errors import Forbidden, NotFound, ValidationFailed
from grants.extensions import limiter
from grants.formatting import iso_warsaw, money_str
from grants.offers import queries as offer_queries
from grants.review import awards, closing_queries, desk_list, exports, operations, queries, rules, serialize
from grants.review.ranking import call_ranking


def _officer_call(call_id: int):
    actor = require_officer_api()
    return actor, call_queries.get_call_for_officer(call_id, actor)


def _officer_offer(offer_id: int):
    """An officer of the offer's office and a submitted offer; drafts and other offices' offers are 404."""
    actor = require_officer_api()
    return actor, queries.get_submitted_offer(offer_id, officer=actor)


def _committee_actor():
    actor = current_api_user()
    require_evaluator(actor)
    return actor


# ---------------------------------------------------------------- settings and the formal check


@bp.get("/calls/<int:call_id>/review-settings")
def review_settings(call_id):
    _actor, call = _officer_call(call_id)
    return jsonify(serialize.settings_to_api(call))


@bp.put("/calls/<int:call_id>/review-settings")
def update_review_settings(call_id):
    actor, call = _officer_call(call_id)
    operations.update_review_settings(actor=actor, call=call, raw=json_body())
    return jsonify(serialize.settings_to_api(call))


@bp.get("/calls/<int:call_id>/formal-checklist")
def formal_checklist(call_id):
    _actor, call = _officer_call(call_id)
    return jsonify(
        {
            "items": serialize.checklist_to_api(queries.checklist_for(call)),
            "is_default": not queries.has_own_checklist(call),
        }
    )


@bp.put("/calls/<int:call_id>/formal-checklist")
def set_formal_checklist(call_id):
    actor, call = _officer_call(call_id)
    items = operations.set_formal_checklist(actor=actor, call=call, raw=json_body())
    return jsonify({"items": serialize.checklist_to_api(items)})


@bp.put("/offers/<int:offer_id>/formal-review")
def put_formal_review(offer_id):
    actor, offer = _officer_offer(offer_id)
    review = operations.record_formal_review(actor=actor, offer=offer, raw=json_body())
    return jsonify(serialize.formal_review_to_api(offer, review, now_utc()))


@bp.get("/offers/<int:offer_id>/formal-review")
def get_formal_review(offer_id):
    """The office, and the offering organisation's members (they read what to correct and until when)."""
    user = current_api_user()
    offer = queries.get_submitted_offer(offer_id)
    if not (offer_queries.is_office_reader(user, offer) or offer_queries.is_member(user, offer)):
        raise NotFound(_("Nie ma takiej oferty."))
    return jsonify(serialize.formal_review_to_api(offer, queries.formal_review_of(offer.id), now_utc()))


@bp.get("/calls/<int:call_id>/formal-reviews")
def formal_reviews(call_id):
    """Every offer's formal outcome, as the desk lists them (`status`, `q`), with the whole call's counts. The
    whole list unless `limit` or `after` asks for keyset pages: the next page's address is then in the `Link`
    header (rel="next") and its token in `X-Next-After`."""
    _actor, call = _officer_call(call_id)
    paged = "limit" in request.args or "after" in request.args
    filters = desk_list.parse_filters(request.args, whole=not paged)
    if filters.errors:
        raise ValidationFailed(filters.errors)
    page, items = desk_list.desk_page(call, filters, now_utc())
    response = jsonify(
        {
            "call_id": call.id,
            "items": items,
            "counts": desk_list.desk_figures(call),
            "published": serialize.formal_list_publication_to_api(p)
            if (p := queries.latest_formal_list(call.id))
            else None,
        }
    )
    if page.next_after:
        args = request.args.to_dict() | {"after": page.next_after, "limit": str(page.limit)}
        response.headers["Link"] = f'<{url_for("api.formal_reviews", call_id=call.id, **args)}>; rel="next"'
        response.headers["X-Next-After"] = page.next_after
    return response


@bp.post("/calls/<int:call_id>/formal-reviews/publish")
def publish_formal_list(call_id):
    actor, call = _officer_call(call_id)
    publication = operations.publish_formal_list(actor=actor, call=call)
    return jsonify(serialize.formal_list_publication_to_api(publication)), 201


@bp.get("/calls/<int:call_id>/formal-reviews/published")
def published_formal_list(call_id):
    return jsonify(serialize.formal_list_publication_to_api(queries.get_formal_list(call_id)))


# ---------------------------------------------------------------- committee


@bp.put("/calls/<int:call_id>/committee")
def put_committee(call_id):
    actor, call = _officer_call(call_id)
    members = operations.appoint_committee(actor=actor, call=call, raw=json_body())
    return jsonify({"call_id": call.id, "members": [serialize.member_to_api(m) for m in members]})


@bp.get("/calls/<int:call_id>/committee")
def get_committee(call_id):
    """The office, and the committee's own members."""
    user = current_api_user()
    if user.is_officer:
        call = call_queries.get_call_for_officer(call_id, user)
    else:
        call = queries.get_call(call_id)
        if not user.is_evaluator or queries.active_member(call.id, user.id) is None:
            raise Forbidden(_("Skład komisji widzi urząd i członkowie komisji."), code="not_committee_member")
    return jsonify({"call_id": call.id, "members": [serialize.member_to_api(m) for m in queries.committee_of(call)]})


@bp.get("/calls/<int:call_id>/committee/record")
def get_committee_record(call_id):
    """The protocol's data of the committee: the appointing act, the sitting, the minute-taker (officer)."""
    _actor, call = _officer_call(call_id)
    return jsonify(serialize.committee_record_to_api(call, queries.committee_record(call)))


@bp.put("/calls/<int:call_id>/committee/record")
def put_committee_record(call_id):
    actor, call = _officer_call(call_id)
    row = operations.update_committee_record(actor=actor, call=call, raw=json_body())
    return jsonify(serialize.committee_record_to_api(call, row))


@bp.post("/calls/<int:call_id>/declarations")
def post_declaration(call_id):
    actor = _committee_actor()
    call = queries.get_call(call_id)
    declaration, created, effects = operations.declare(actor=actor, call=call, raw=json_body())
    body = {**serialize.declaration_to_api(declaration), **effects}
    return jsonify(body), 201 if created else 200


@bp.get("/calls/<int:call_id>/declarations")
def get_declarations(call_id):
    """The office sees every declaration; a member their own."""
    user = current_api_user()
    if user.is_officer:
        call = call_queries.get_call_for_officer(call_id, user)
        declarations = queries.declarations_of_call(call)
    else:
        call = queries.get_call(call_id)
        declarations = queries.declarations_of_call(call, queries.get_membership(call, user))
    return jsonify([serialize.declaration_to_api(d) for d in declarations])


@bp.post("/calls/<int:call_id>/assignments")
def post_assignments(call_id):
    actor, call = _officer_call(call_id)
    result = operations.assign_offers(actor=actor, call=call, raw=json_body())
    return jsonify(
        {
            **{k: v for k, v in result.items() if k != "assignments"},
            "assignments": [serialize.assignment_to_api(a) for a in result["assignments"]],
        }
    )


@bp.get("/calls/<int:call_id>/assignments")
def get_assignments(call_id):
    """The office: every active assignment; a member: their work list (who submitted, the title, where the
    declaration and the sheet stand)."""
    user = current_api_user()
    if user.is_officer:
        call = call_queries.get_call_for_officer(call_id, user)
        return jsonify(
            {
                "call_id": call.id,
                "mode": call.assignment_mode,
                "per_offer": call.assignment_per_offer,
                "assignments": [serialize.assignment_to_api(a) for a in queries.assignments_of_call(call)],
            }
        )
    call = queries.get_call(call_id)
    member = queries.get_membership(call, user)
    return jsonify({"call_id": call.id, "items": serialize.my_assignments_to_api(call, member)})


# ---------------------------------------------------------------- scores


@bp.put("/offers/<int:offer_id>/my-score")
def put_my_score(offer_id):
    actor = _committee_actor()
    offer = queries.get_submitted_offer(offer_id)
    sheet = operations.save_score(actor=actor, offer=offer, raw=json_body())
    return jsonify(serialize.sheet_to_api(sheet, offer.call))


@bp.get("/offers/<int:offer_id>/my-score")
def get_my_score(offer_id):
    actor = _committee_actor()
    offer = queries.get_submitted_offer(offer_id)
    member = operations.scoring_member(actor, offer)
    return jsonify(
        serialize.sheet_to_api(
            queries.sheet_for(member.id, offer.id), offer.call, offer_id=offer.id, member_id=actor.id
        )
    )


@bp.get("/offers/<int:offer_id>/scores")
def get_scores(offer_id):
    """Every member's sheet of an offer: the office and the committee chair."""
    user = current_api_user()
    offer = queries.get_submitted_offer(offer_id)
    queries.get_call_for_ranking(offer.call_id, user)
    refusal = queries.sheets_read_refusal(user, offer)  # KPA art. 24: no sheet before the declaration
    if refusal is not None:
        raise refusal
    return jsonify([serialize.sheet_to_api(s, offer.call) for s in queries.sheets_of_offer(offer)])


@bp.post("/offers/<int:offer_id>/scores/<int:member_id>/reopen")
def reopen_score(offer_id, member_id):
    actor = _committee_actor()
    offer = queries.get_submitted_offer(offer_id)
    sheet = operations.reopen_score(actor=actor, offer=offer, member_user_id=member_id, raw=json_body())
    return jsonify(serialize.sheet_to_api(sheet, offer.call))


@bp.get("/calls/<int:call_id>/ranking")
def ranking(call_id):
    user = current_api_user()
    call = queries.get_call_for_ranking(call_id, user)
    data = serialize.ranking_to_api(call_ranking(call))
    data["evaluation"] = serialize.evaluation_to_api(closing_queries.evaluation_closure(call))
    return jsonify(serialize.withhold_undeclared(data, queries.impartial_offer_ids(user, call)))


@bp.post("/calls/<int:call_id>/evaluation/close")
def close_evaluation(call_id):
    """The committee chair or the office closes the evaluation once every assigned sheet is final (409
    `sheets_not_final` naming who is missing); afterwards no score is saved or reopened (409
    `evaluation_closed`)."""
    user = current_api_user()
    call = queries.get_call_for_ranking(call_id, user)
    closure = operations.close_evaluation(actor=user, call=call)
    return jsonify({"call_id": call.id, **serialize.evaluation_to_api(closure)})


# ---------------------------------------------------------------- decision and results


@bp.post("/calls/<int:call_id>/decision")
def post_decision(call_id):
    actor, call = _officer_call(call_id)
    decision = operations.record_decision(actor=actor, call=call, raw=json_body())
    return jsonify(serialize.decision_to_api(decision, call)), 201


@bp.get("/calls/<int:call_id>/decision")
def get_decision(call_id):
    _actor, call = _officer_call(call_id)
    decision = queries.latest_decision(call)
    if decision is None:
        raise NotFound(_("Nie zapisano jeszcze decyzji o wyborze ofert."))
    return jsonify(
        {
            **serialize.decision_to_api(decision, call),
            "versions": [
                {"version": d.version, "created_at": iso_warsaw(d.created_at), "total": money_str(d.total)}
                for d in queries.decisions_of(call)
            ],
        }
    )


@bp.post("/calls/<int:call_id>/results/publish")
def publish_results(call_id):
    """Publish the latest decision's results; or, with `{cancel: true, reason}`, cancel a call without a
    valid offer (art. 18a)."""
    actor, call = _officer_call(call_id)
    raw = request.get_json(silent=True)
    body = raw if isinstance(raw, dict) else {}
    if body.get("cancel") is True:
        operations.cancel_for_no_valid_offers(actor=actor, call=call, reason=body.get("reason"))
        return jsonify({"call_id": call.id, "status": call.status.value, "cancel_reason": call.cancel_reason})
    publication = operations.publish_results(actor=actor, call=call, raw=body)
    return jsonify({**serialize.results_to_api(publication, call), "status": call.status.value})


@bp.get("/calls/<int:call_id>/results")
def results(call_id):
    publication = queries.get_published_results(call_id)
    data = serialize.results_to_api(publication, queries.get_call(call_id))
    # The results stay as issued; resignations and moved money since then are listed beside them.
    data["changes"] = [awards.change_to_api(change) for change in awards.changes_of_call(call_id)]
    return jsonify(data)


@bp.get("/calls/<int:call_id>/results.csv")
def results_csv(call_id):
    publication = queries.get_published_results(call_id)
    response = Response(exports.results_csv(publication), mimetype="text/csv")
    response.headers["Content-Type"] = "text/csv; charset=utf-8"
    response.headers["Content-Disposition"] = f'attachment; filename="wyniki-naboru-{call_id}.csv"'
    return response


@bp.get("/calls/<int:call_id>/results.xlsx")
def results_xlsx(call_id):
    publication = queries.get_published_results(call_id)
    response = Response(
        exports.results_xlsx(publication, queries.get_call(call_id)),
        mimetype="application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
    )
    response.headers["Content-Disposition"] = f'attachment; filename="wyniki-naboru-{call_id}.xlsx"'
    return response


@bp.get("/calls/<int:call_id>/results.360giving.json")
def results_360giving(call_id):
    publication = queries.get_published_results(call_id)
    return jsonify(exports.results_360giving(publication, queries.get_call(call_id)))


@bp.post("/calls/<int:call_id>/justification-requests")
@limiter.limit(rules.public_write_limit)
def post_justification_request(call_id):
    """Public: anyone, within 30 days of the results (art. 15 ust. 2i)."""
    call = call_queries.get_public_call(call_id)
    request_ = operations.request_justification(call=call, raw=json_body())
    return jsonify(
        {
            "id": request_.id,
            "call_id": call.id,
            "status": request_.status.value,
            "received_at": iso_warsaw(request_.received_at),
        }
    ), 201


@bp.get("/calls/<int:call_id>/justification-requests")
def get_justification_requests(call_id):
    _actor, call = _officer_call(call_id)
    return jsonify([serialize.justification_to_api(r) for r in queries.justification_requests_of(call)])


@bp.post("/calls/<int:call_id>/justification-requests/<int:request_id>/answer")
def answer_justification_request(call_id, request_id):
    actor, call = _officer_call(call_id)
    request_ = queries.get_justification_request(call, request_id)
    operations.answer_justification(actor=actor, request=request_, raw=json_body())
    return jsonify(serialize.justification_to_api(request_))
