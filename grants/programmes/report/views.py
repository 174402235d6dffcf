"""The yearly report's pages (art. 5a ust. 3): the officer's page (figures, charts, the narrative form, the
PDF and XLSX buttons, the due date), the confirmation before publishing, and the public page of what was
published (the latest publication, the earlier ones listed). Thin: one loader, one operation, one answer."""

from flask import Blueprint, Response, flash, redirect, render_template, request, url_for
from flask_babel import gettext as _
from flask_login import current_user

from grants.clock import now_utc
from grants.errors import Conflict, ValidationFailed
from grants.pages import officer_page
from grants.programmes.report import operations, pages, queries, xlsx
from grants.programmes.report.operations import NARRATIVE_PARTS
from grants.public.cache import cached_public_page

bp = Blueprint("programme_report", __name__)


def _render_office(programme_id: int, *, values=None, errors=None, status: int = 200):
    context = pages.office_page(current_user, programme_id, now_utc(), values=values, errors=errors)
    return render_template("programmes/report.html", **context), status


@bp.route("/office/programmes/<int:programme_id>/report", methods=["GET", "POST"])
@officer_page
def office_report(programme_id: int):
    if request.method == "GET":
        return _render_office(programme_id)
    programme = queries.office_programme(current_user, programme_id)
    narrative = {part: request.form.get(f"narrative.{part}", "") for part in NARRATIVE_PARTS}
    raw = {"narrative": narrative, "lock_version": request.form.get("lock_version")}
    try:
        operations.save_narrative(actor=current_user, programme=programme, raw=raw, now=now_utc())
    except ValidationFailed as error:
        return _render_office(programme_id, values=narrative, errors=error.fields, status=422)
    except Conflict as error:
        return _render_office(programme_id, values=narrative, errors={"narrative": [error.message]}, status=409)
    flash(_("Zapisano części opisowe sprawozdania."), "success")
    return redirect(url_for(".office_report", programme_id=programme.id))


@bp.route("/office/programmes/<int:programme_id>/report/publish", methods=["GET", "POST"])
@officer_page
def publish(programme_id: int):
    if request.method == "GET":
        context = pages.publish_page(current_user, programme_id, now_utc())
        return render_template("programmes/report_publish.html", **context)
    programme = queries.office_programme(current_user, programme_id)
    publication = operations.publish(actor=current_user, programme=programme, now=now_utc())
    flash(_("Opublikowano sprawozdanie (publikacja nr %(number)d).", number=publication.number), "success")
    return redirect(url_for(".public_report", programme_id=programme.id))


@bp.get("/office/programmes/<int:programme_id>/report.xlsx")
@officer_page
def office_xlsx(programme_id: int):
    programme = queries.office_programme(current_user, programme_id)
    return Response(
        xlsx.report_xlsx(programme),
        mimetype="application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
        headers={"Content-Disposition": f'attachment; filename="sprawozdanie-programu-{programme.year}.xlsx"'},
    )


@bp.get("/programmes/<int:programme_id>/report")
@cached_public_page
def public_report(programme_id: int):
    return render_template("programmes/report_public.html", **pages.public_page(programme_id))


@bp.get("/programmes/<int:programme_id>/report/<int:number>")
@cached_public_page
def public_publication(programme_id: int, number: int):
    return render_template("programmes/report_public.html", **pages.public_page(programme_id, number))
