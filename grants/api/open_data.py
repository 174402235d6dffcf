"""The office's year as open data (../shared/API.md "The programme's year"): every grant of the year —
competitions and small grants — in the 360Giving standard, JSON and flat CSV. Public."""

from flask import Response, jsonify, request

from grants.api import bp
from grants.programmes.report import opendata


@bp.get("/offices/<int:office_id>/grants.360giving.json")
def office_grants_360giving(office_id):
    office = opendata.get_office(office_id)
    return jsonify(opendata.office_360giving(office, opendata.parse_year(request.args.get("year"))))


@bp.get("/offices/<int:office_id>/grants.360giving.csv")
def office_grants_360giving_csv(office_id):
    office = opendata.get_office(office_id)
    year = opendata.parse_year(request.args.get("year"))
    return Response(
        opendata.office_360giving_csv(opendata.office_360giving(office, year)),
        mimetype="text/csv",
        headers={"Content-Disposition": f'attachment; filename="dotacje-{office.slug}-{year}.360giving.csv"'},
    )
