"""The programme's year (API.md "The programme's year"; art. 5 ust. 5 and art. 5a of the Act): the
programme with its consultation, comments and answers, adoption and amendments; the year's operations."""

from flask import jsonify

from grants.api import bp, current_api_user, json_body, require_officer_api
from grants.clock import now_utc, warsaw_date
from grants.programmes import operations, queries
from grants.programmes.serialize import comment_to_api, programme_year_to_api


def _office_year(programme_id: int, actor) -> queries.ProgrammeYear:
    return queries.programme_year(queries.get_programme_for_officer(programme_id, actor))


def _answer(year: queries.ProgrammeYear, user, **extra) -> dict:
    office_reader, own = queries.reader_of(user, year.programme)
    body = programme_year_to_api(year, warsaw_date(now_utc()), office_reader=office_reader, own_organization_ids=own)
    body.update(extra)
    return body


@bp.get("/programmes/<int:programme_id>")
def get_programme(programme_id):
    user = current_api_user(required=False)
    year = queries.programme_year(queries.get_public_programme(programme_id))
    return jsonify(_answer(year, user))


@bp.post("/programmes/<int:programme_id>/consultation")
def open_consultation(programme_id):
    actor = require_officer_api()
    year = _office_year(programme_id, actor)
    operations.open_consultation(actor=actor, year=year, raw=json_body(), now=now_utc())
    return jsonify(_answer(year, actor)), 201


@bp.post("/programmes/<int:programme_id>/consultation/comments")
def add_comment(programme_id):
    actor = current_api_user()
    year = queries.programme_year(queries.get_public_programme(programme_id))
    comment = operations.add_comment(actor=actor, year=year, raw=json_body(), now=now_utc())
    return jsonify(comment_to_api(comment)), 201


@bp.put("/programmes/<int:programme_id>/consultation/comments/<int:comment_id>")
def answer_comment(programme_id, comment_id):
    actor = require_officer_api()
    year = _office_year(programme_id, actor)
    comment = queries.get_comment(year, comment_id)
    operations.answer_comment(actor=actor, year=year, comment=comment, raw=json_body(), now=now_utc())
    return jsonify(comment_to_api(comment))


@bp.post("/programmes/<int:programme_id>/consultation/report")
def publish_consultation_report(programme_id):
    actor = require_officer_api()
    year = _office_year(programme_id, actor)
    operations.publish_consultation_report(actor=actor, year=year, raw=json_body(), now=now_utc())
    return jsonify(_answer(year, actor))


@bp.post("/programmes/<int:programme_id>/adopt")
def adopt(programme_id):
    actor = require_officer_api()
    year = _office_year(programme_id, actor)
    _adoption, warnings = operations.adopt(actor=actor, year=year, raw=json_body(), now=now_utc())
    return jsonify(_answer(year, actor, warnings=warnings))


@bp.post("/programmes/<int:programme_id>/amendments")
def amend(programme_id):
    actor = require_officer_api()
    year = _office_year(programme_id, actor)
    amendment = operations.amend(actor=actor, year=year, raw=json_body(), now=now_utc())
    body = _answer(year, actor)
    return jsonify({**body, "amendment": next(a for a in body["amendments"] if a["number"] == amendment.number)}), 201
