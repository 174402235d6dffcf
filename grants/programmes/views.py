"""The programme's year's pages: the officer's programme page and its forms (/office/programmes/<id>), the
NGO's consultation page (/ngo/programmes/<id>/consultation) and the public programme page (/programmes/<id>).

Views stay thin: load the programme (another office's is 404), read the form into the raw dict the API would
send, call one operation, then flash and redirect. A refused form is shown again on the programme page with
what was typed and the error at its field (422). A GET of a form's address (a reload, the language switch)
goes back to the page.
"""

from flask import Blueprint, flash, redirect, render_template, request, url_for
from flask_babel import gettext as _
from flask_login import current_user, login_required

from grants.clock import now_utc, warsaw_date
from grants.errors import FieldErrors, Forbidden, NotFound, ValidationFailed
from grants.pages import officers_only
from grants.programmes import forms, operations, pages, queries
from grants.programmes.schema import parse_resolution

office_bp = Blueprint("programme_office", __name__, url_prefix="/office/programmes")
office_bp.before_request(officers_only)
ngo_bp = Blueprint("programme_ngo", __name__, url_prefix="/ngo/programmes")
public_bp = Blueprint("programme_public", __name__, url_prefix="/programmes")


@ngo_bp.before_request
@login_required
def signed_in_only():
    # The consultation page is an organisation member's; staff do not comment on their own draft.
    if current_user.is_staff:
        raise Forbidden(_("Uwagi do projektu programu zgłaszają organizacje, nie pracownicy urzędu."))
    return None


def _today():
    return warsaw_date(now_utc())


def _year(programme_id: int) -> queries.ProgrammeYear:
    return queries.programme_year(queries.get_programme_for_officer(programme_id, current_user))


def _page(programme_id: int):
    lang = request.args.get("lang")
    return redirect(url_for(".page", programme_id=programme_id, **({"lang": lang} if lang else {})))


def _refused(year, prefix: str, values: dict, error: ValidationFailed, errors=None):
    context = pages.office_page(
        year, _today(), errors=errors or forms.prefixed_errors(error, prefix), values={prefix: values}
    )
    return render_template("programmes/office.html", **context), 422


# ---------------------------------------------------------------- the office


@office_bp.route("/<int:programme_id>")
def page(programme_id: int):
    return render_template("programmes/office.html", **pages.office_page(_year(programme_id), _today()))


@office_bp.route("/<int:programme_id>/consultation", methods=["GET", "POST"])
def consultation(programme_id: int):
    year = _year(programme_id)
    if request.method == "GET":
        return _page(programme_id)
    values, raw = forms.read_consultation_form(request.form)
    try:
        operations.open_consultation(actor=current_user, year=year, raw=raw, now=now_utc())
    except ValidationFailed as error:
        return _refused(year, forms.CONSULTATION, values, error)
    flash(_("Ogłoszono konsultacje projektu programu."), "success")
    return _page(programme_id)


@office_bp.route("/<int:programme_id>/comments/<int:comment_id>/answer", methods=["GET", "POST"])
def answer(programme_id: int, comment_id: int):
    year = _year(programme_id)
    if request.method == "GET":
        return _page(programme_id)
    comment = queries.get_comment(year, comment_id)
    values, raw = forms.read_answer_form(request.form, comment_id)
    try:
        operations.answer_comment(actor=current_user, year=year, comment=comment, raw=raw, now=now_utc())
    except ValidationFailed as error:
        prefix = forms.answer_prefix(comment_id)
        context = pages.office_page(
            year, _today(), errors=forms.prefixed_errors(error, prefix), values={"answers": {comment_id: values}}
        )
        return render_template("programmes/office.html", **context), 422
    flash(_("Zapisano odpowiedź na uwagę."), "success")
    return redirect(url_for(".page", programme_id=programme_id, _anchor=f"comment-{comment_id}"))


@office_bp.route("/<int:programme_id>/consultation/report", methods=["GET", "POST"])
def report(programme_id: int):
    year = _year(programme_id)
    if request.method == "GET":
        return _page(programme_id)
    values, raw = forms.read_report_form(request.form)
    try:
        operations.publish_consultation_report(actor=current_user, year=year, raw=raw, now=now_utc())
    except ValidationFailed as error:
        return _refused(year, forms.REPORT, values, error)
    flash(_("Opublikowano sprawozdanie z konsultacji."), "success")
    return _page(programme_id)


@office_bp.route("/<int:programme_id>/adopt", methods=["GET", "POST"])
def adopt(programme_id: int):
    """Two steps: the form's values are checked and shown with the warnings; the second POST (confirm=yes)
    records the resolution, which cannot be undone."""
    year = _year(programme_id)
    if request.method == "GET":
        return _page(programme_id)
    values, raw = forms.read_adopt_form(request.form)
    if request.form.get("confirm") != "yes" and year.adoption is None:
        try:
            parsed = _checked_resolution(raw)
        except ValidationFailed as error:
            return _refused(year, forms.ADOPT, values, error)
        context = pages.adopt_confirmation(year, _today(), values, parsed["adopted_on"])
        return render_template("programmes/adopt_confirm.html", **context)
    try:
        _adoption, warnings = operations.adopt(actor=current_user, year=year, raw=raw, now=now_utc())
    except ValidationFailed as error:
        return _refused(year, forms.ADOPT, values, error)
    flash(_("Zapisano uchwałę w sprawie programu."), "success")
    for warning in warnings:
        flash(warning, "warning")
    return _page(programme_id)


def _checked_resolution(raw: dict) -> dict:
    errors = FieldErrors()
    parsed = parse_resolution(raw, errors)
    errors.raise_if_any()
    return parsed


@office_bp.route("/<int:programme_id>/amendments", methods=["GET", "POST"])
def amend(programme_id: int):
    year = _year(programme_id)
    if request.method == "GET":
        return _page(programme_id)
    values, raw = forms.read_amend_form(request.form)
    try:
        amendment = operations.amend(actor=current_user, year=year, raw=raw, now=now_utc())
    except ValidationFailed as error:
        return _refused(year, forms.AMEND, values, error)
    flash(_("Zapisano zmianę programu nr %(n)d.", n=amendment.number), "success")
    return _page(programme_id)


# ---------------------------------------------------------------- organisations


@ngo_bp.route("/<int:programme_id>/consultation", methods=["GET", "POST"])
def ngo_consultation(programme_id: int):
    year = queries.programme_year(queries.get_public_programme(programme_id))
    if year.consultation is None:
        raise NotFound(_("Ten program nie jest poddany konsultacjom."))
    if request.method == "GET":
        return render_template("programmes/ngo.html", **pages.ngo_page(year, current_user, _today()))
    values, raw = forms.read_comment_form(request.form)
    try:
        operations.add_comment(actor=current_user, year=year, raw=raw, now=now_utc())
    except ValidationFailed as error:
        context = pages.ngo_page(
            year, current_user, _today(), errors=forms.prefixed_errors(error, forms.COMMENT), values=values
        )
        return render_template("programmes/ngo.html", **context), 422
    flash(_("Dziękujemy: uwaga została przekazana do urzędu."), "success")
    return redirect(url_for(".ngo_consultation", programme_id=programme_id))


# ---------------------------------------------------------------- everyone


@public_bp.route("/")
def public_list():
    # Not cached, as the programme's page (a consultation opens and closes at Warsaw's midnight).
    return render_template("programmes/public_list.html", **pages.public_list(_today()))


@public_bp.route("/<int:programme_id>")
def public_page(programme_id: int):
    # Not from the public-page cache: whether comments are taken turns at Warsaw's midnight, which the cache's
    # revision (the audit log, the calls' deadlines) does not see.
    year = queries.programme_year(queries.get_public_programme(programme_id))
    return render_template("programmes/public.html", **pages.public_page(year, _today()))
