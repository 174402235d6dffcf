"""The NGO's pages of a small grant (art. 19a): the list, the start (office, organisation, title), the form in the
sections of Dz.U. 2018 poz. 2055 (one page; "Zapisz" saves it, "Przelicz" only recomputes the sums, and
static/js/small_grant.js autosaves it and keeps the sums live), submission behind a confirmation page, the
submitted offer with its control code, and withdrawal behind a confirmation page. Every page works without
JavaScript; views load through one loader (404 for another organisation's) and call one operation."""

from functools import wraps

from flask import flash, jsonify, redirect, render_template, request, url_for
from flask_babel import gettext as _
from flask_login import current_user, login_required

from grants.boundary import MAX_ID
from grants.errors import Conflict, DomainError, ValidationFailed
from grants.formatting import datetime_pl
from grants.offers.operations import parse_lock_version, require_ngo_actor
from grants.parsing import form_text
from grants.smallgrants import forms, pages_ngo, queries, schema
from grants.smallgrants.models import SmallGrantStatus
from grants.smallgrants.operations import drafting
from grants.smallgrants.views import bp


def ngo_page(view):
    """An NGO member's page: anonymous → login, office staff and evaluators → 403 (a role matter)."""

    @wraps(view)
    @login_required
    def wrapped(*args, **kwargs):
        require_ngo_actor(current_user)
        return view(*args, **kwargs)

    return wrapped


def _member_small_grant(small_grant_id: int):
    return queries.get_small_grant_for_member(current_user, small_grant_id)


@bp.get("/ngo/small-grants/")
@ngo_page
def ngo_list():
    return render_template("smallgrants/ngo_list.html", **pages_ngo.list_context(current_user))


@bp.route("/ngo/small-grants/new", methods=["GET", "POST"])
@ngo_page
def ngo_start():
    if request.method == "GET":
        mine = pages_ngo.start_context(current_user, {})["organizations"]
        values = {
            "office_id": request.args.get("office_id", ""),
            "organization_id": mine[0]["value"] if len(mine) == 1 else "",
            "title": "",
        }
        return render_template("smallgrants/ngo_start.html", **pages_ngo.start_context(current_user, values))
    values = {name: form_text(request.form.get(name)) for name in ("office_id", "organization_id", "title")}
    errors: dict = {}
    office = None
    if values["office_id"].isdigit() and int(values["office_id"]) <= MAX_ID:
        try:
            office = queries.get_office(int(values["office_id"]))
        except DomainError:
            office = None
    if office is None:
        errors["office_id"] = [_("Wybierz urząd, do którego składasz ofertę.")]
    try:
        if errors:
            raise ValidationFailed(errors)
        small_grant = drafting.create_small_grant(
            actor=current_user,
            office=office,
            raw={"organization_id": values["organization_id"], "title": values["title"]},
        )
    except ValidationFailed as error:
        context = pages_ngo.start_context(current_user, values, {**errors, **error.fields})
        return render_template("smallgrants/ngo_start.html", **context), 422
    except Conflict as error:
        context = pages_ngo.start_context(current_user, values, message=error.message)
        return render_template("smallgrants/ngo_start.html", **context), 409
    flash(_("Utworzono wersję roboczą oferty małego grantu. Wypełnij formularz i zapisz go."), "success")
    return redirect(url_for(".ngo_form", small_grant_id=small_grant.id))


def _render_form(small_grant, status: int = 200, **options):
    return render_template("smallgrants/ngo_form.html", **pages_ngo.form_context(small_grant, **options)), status


def _recalculate(small_grant, raw: dict):
    """ "Przelicz" without JavaScript: the sums of what was typed, nothing written."""
    updates, errors = schema.parse_patch(raw)
    content = {**schema.normalised(small_grant.offer.content), **updates}
    status = 422 if errors else 200
    return _render_form(small_grant, status, values=raw, messages=errors.fields, content=content, recalculated=True)


@bp.route("/ngo/small-grants/<int:small_grant_id>", methods=["GET", "POST"])
@ngo_page
def ngo_form(small_grant_id: int):
    small_grant = _member_small_grant(small_grant_id)
    if small_grant.status != SmallGrantStatus.draft:
        if request.method == "POST":
            flash(_("Oferta jest już złożona; złożonej oferty się nie zmienia."), "error")
            return redirect(url_for(".ngo_form", small_grant_id=small_grant.id))
        return render_template("smallgrants/ngo_view.html", **pages_ngo.view_context(small_grant))
    if request.method == "GET":
        return _render_form(small_grant)
    raw = forms.raw_from_form(request.form)
    if request.form.get("go") == "recalculate":
        return _recalculate(small_grant, raw)
    try:
        drafting.update_small_grant(
            actor=current_user, small_grant=small_grant, raw={**raw, "lock_version": request.form.get("lock_version")}
        )
    except ValidationFailed as error:
        return _render_form(small_grant, 422, values=raw, messages=error.fields)
    except Conflict as error:
        if error.code != "edit_conflict":
            flash(error.message, "error")
            return redirect(url_for(".ngo_form", small_grant_id=small_grant.id))
        return _render_form(small_grant, 409, values=raw, conflict=error.message)
    if request.form.get("go") == "submit":
        return redirect(url_for(".ngo_submit", small_grant_id=small_grant.id))
    problems = schema.limit_problems(small_grant.offer.content)
    if problems:
        # Saved all the same: nothing typed is lost; the limits are named on their fields.
        flash(_("Zapisano wersję roboczą. Przed złożeniem popraw pola zaznaczone poniżej."), "warning")
    else:
        flash(_("Zapisano wersję roboczą."), "success")
    return redirect(url_for(".ngo_form", small_grant_id=small_grant.id))


@bp.post("/ngo/small-grants/<int:small_grant_id>/autosave")
def ngo_autosave(small_grant_id: int):
    """small_grant.js: the same form saved in the background; JSON answers (errors as the API's)."""
    if not current_user.is_authenticated:
        message = _("Sesja wygasła. Zaloguj się ponownie — to, co wpisałeś(-aś), zostaje na tej stronie.")
        return jsonify({"error": "unauthorized", "message": message}), 401
    try:
        require_ngo_actor(current_user)
        small_grant = _member_small_grant(small_grant_id)
        raw = forms.raw_from_form(request.form)
        drafting.update_small_grant(
            actor=current_user, small_grant=small_grant, raw={**raw, "lock_version": request.form.get("lock_version")}
        )
    except ValidationFailed as error:
        return jsonify({"error": error.code, "message": error.message, "fields": error.fields}), 422
    except DomainError as error:
        return jsonify({"error": error.code, "message": error.message}), error.status
    content = schema.normalised(small_grant.offer.content)
    return jsonify(
        {
            "lock_version": small_grant.offer.lock_version,
            "saved_at": datetime_pl(small_grant.offer.updated_at).split(", ")[-1].replace("godz. ", ""),
            "figures": schema.figures_as_strings(content),
            "problems": schema.limit_problems(content).fields,
        }
    )


@bp.route("/ngo/small-grants/<int:small_grant_id>/submit", methods=["GET", "POST"])
@ngo_page
def ngo_submit(small_grant_id: int):
    small_grant = _member_small_grant(small_grant_id)
    if small_grant.status != SmallGrantStatus.draft:
        return redirect(url_for(".ngo_form", small_grant_id=small_grant.id))
    if request.method == "GET":
        return render_template("smallgrants/ngo_submit.html", **pages_ngo.submit_context(small_grant))
    try:
        lock_version = parse_lock_version(request.form.get("lock_version") or None)
        version, warnings = drafting.submit_small_grant(
            actor=current_user, small_grant=small_grant, lock_version=lock_version
        )
    except ValidationFailed as error:
        context = pages_ngo.submit_context(small_grant, problems=error.fields)
        return render_template("smallgrants/ngo_submit.html", **context), 422
    except Conflict as error:
        flash(error.message, "error")
        return redirect(url_for(".ngo_form", small_grant_id=small_grant.id))
    flash(
        _(
            "Złożono ofertę małego grantu (kod kontrolny %(code)s). Urząd ma %(days)d dni roboczych na jej "
            "opublikowanie.",
            code=version.control_code,
            days=pages_ngo.limits()["publish_days"],
        ),
        "success",
    )
    for warning in warnings:
        flash(warning["message"], "warning")
    return redirect(url_for(".ngo_form", small_grant_id=small_grant.id))


@bp.route("/ngo/small-grants/<int:small_grant_id>/withdraw", methods=["GET", "POST"])
@ngo_page
def ngo_withdraw(small_grant_id: int):
    small_grant = _member_small_grant(small_grant_id)
    if request.method == "GET":
        if small_grant.status not in drafting.WITHDRAWABLE:
            return redirect(url_for(".ngo_form", small_grant_id=small_grant.id))
        return render_template("smallgrants/ngo_withdraw.html", small_grant=small_grant)
    try:
        drafting.withdraw_small_grant(actor=current_user, small_grant=small_grant)
    except Conflict as error:
        flash(error.message, "error")
        return redirect(url_for(".ngo_form", small_grant_id=small_grant.id))
    flash(_("Wycofano ofertę małego grantu."), "success")
    return redirect(url_for(".ngo_form", small_grant_id=small_grant.id))
