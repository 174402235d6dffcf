"""The yearly report on the programme (art. 5a ust. 3; ../shared/API.md "The programme's year"): its figures —
the office's draft with live figures for its officers, the latest publication for everyone else —, the
narrative, the publication, and the XLSX. The PDF goes through the documents path (kind programme_report)."""

from flask import Response, jsonify

from grants.api import bp, current_api_user, json_body, require_officer_api
from grants.clock import now_utc
from grants.programmes.report import operations, pages, queries, serialize, xlsx


@bp.get("/programmes/<int:programme_id>/report")
def programme_report(programme_id):
    return jsonify(pages.api_report(current_api_user(required=False), programme_id, now_utc()))


@bp.put("/programmes/<int:programme_id>/report")
def save_programme_report(programme_id):
    actor = require_officer_api()
    programme = queries.office_programme(actor, programme_id)
    operations.save_narrative(actor=actor, programme=programme, raw=json_body(), now=now_utc())
    return jsonify(pages.api_report(actor, programme_id, now_utc()))


@bp.post("/programmes/<int:programme_id>/report/publish")
def publish_programme_report(programme_id):
    actor = require_officer_api()
    programme = queries.office_programme(actor, programme_id)
    publication = operations.publish(actor=actor, programme=programme, now=now_utc())
    return jsonify(serialize.publication_to_api(programme, publication, queries.publications(programme.id))), 201


@bp.get("/programmes/<int:programme_id>/report.xlsx")
def programme_report_xlsx(programme_id):
    programme = queries.office_programme(require_officer_api(), programme_id)
    return Response(
        xlsx.report_xlsx(programme),
        mimetype="application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
        headers={"Content-Disposition": f'attachment; filename="sprawozdanie-programu-{programme.year}.xlsx"'},
    )
