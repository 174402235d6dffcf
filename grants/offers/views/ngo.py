"""The NGO's offer pages: starting, cloning, the steps of the form (with offer.js's autosave and live
estimate), the partners of a joint offer, the summary, submission, withdrawal and a submitted version."""

from flask import flash, jsonify, redirect, render_template, request, url_for
from flask_babel import gettext as _
from flask_login import current_user

from grants.calls import queries as call_queries
from grants.clock import to_warsaw
from grants.errors import Conflict, NotFound, ValidationFailed
from grants.offers import operations, pages, queries
from grants.offers.form import lock_from, nothing_read, read_step, rebase_origins, stored_values, to_form_paths
from grants.offers.labels import labelled
from grants.offers.serialize import member_view
from grants.offers.steps import STEP_BY_KEY, Step, get_step, next_step
from grants.offers.views import back, bp, ngo_json, ngo_page
from grants.organizations import pages as organization_pages
from grants.organizations.queries import organizations_of
from grants.parsing import form_text


def _render_step(offer, step: Step, values: dict | None = None, *, status: int = 200, **options):
    # A form sent without some of its fields (not by a browser) shows the stored ones in their place;
    # without `values` the step shows the stored draft.
    stored = stored_values(offer, step.key)
    values = stored if values is None else {**stored, **values}
    context = pages.step_context(offer, step, values, viewer_id=current_user.id, **options)
    return render_template(f"offers/steps/{step.key}.html", **context), status


# ---------------------------------------------------------------- starting an offer, my offers


@bp.route("/ngo/offers/")
@ngo_page
def my_offers():
    return render_template("offers/my_offers.html", **organization_pages.my_offers(current_user, request.args))


def _render_start(call, values, *, errors=None, message=None, status: int = 200):
    organizations = organizations_of(current_user)
    return render_template(
        "offers/start.html",
        call=call,
        organizations=organizations,
        options=pages.organization_options(organizations),
        values=values,
        errors=errors or {},
        summary=labelled(errors or {}),
        message=message,
        call_open=call.is_open(),
    ), status


@bp.route("/ngo/calls/<int:call_id>/offers/new", methods=["GET", "POST"])
@ngo_page
def start(call_id: int):
    call = call_queries.get_public_call(call_id)
    if request.method == "GET":
        mine = organizations_of(current_user)
        chosen = str(mine[0].id) if len(mine) == 1 else ""  # the only organisation needs no choosing
        return _render_start(call, {"organization_id": chosen, "title": ""})
    values = {"organization_id": request.form.get("organization_id", ""), "title": form_text(request.form.get("title"))}
    try:
        offer = operations.create_offer(actor=current_user, call=call, raw=dict(values))
    except ValidationFailed as error:
        return _render_start(call, values, errors=error.fields, status=422)
    except Conflict as error:
        return _render_start(call, values, message=error.message, status=409)
    flash(
        _(
            "Utworzono wersję roboczą oferty. Wypełnij kolejne części formularza — zapisują się same w trakcie "
            "pisania; jeśli Twoja przeglądarka nie uruchamia skryptów, zapisz każdą część przyciskiem „Zapisz”. "
            "Ofertę złożysz w ostatnim kroku."
        ),
        "success",
    )
    return redirect(url_for(".step", offer_id=offer.id, step="call"))


def _render_clone(offer, values, *, errors=None, status: int = 200):
    calls = call_queries.public_calls("open")
    return render_template(
        "offers/clone.html",
        offer=offer,
        calls=calls,
        options=pages.clone_call_options(calls),
        values=values,
        errors=errors or {},
        summary=labelled(errors or {}),
    ), status


@bp.route("/ngo/offers/<int:offer_id>/clone", methods=["GET", "POST"])
@ngo_page
def clone(offer_id: int):
    offer = queries.get_offer_for_member(current_user, offer_id)
    if request.method == "GET":
        return _render_clone(offer, {"call_id": ""})
    values = {"call_id": request.form.get("call_id", "")}
    call = call_queries.get_call(values["call_id"])
    if call is None or not call.is_public:
        return _render_clone(
            offer,
            values,
            status=422,
            errors={"call_id": [_("Wybierz otwarty nabór, do którego chcesz skopiować ofertę.")]},
        )
    try:
        copy = operations.clone_offer(actor=current_user, offer=offer, call=call)
    except Conflict as error:
        return _render_clone(offer, values, errors={"call_id": [error.message]}, status=409)
    flash(
        _(
            "Skopiowano ofertę do naboru „%(call)s”. Uzupełnij termin realizacji zadania, podział kosztów "
            "(jeśli to oferta wspólna) i oświadczenia — nie są kopiowane. Załączniki dodaj ponownie.",
            call=call.title,
        ),
        "success",
    )
    return redirect(url_for(".step", offer_id=copy.id, step="call"))


# ---------------------------------------------------------------- the steps


@bp.route("/ngo/offers/<int:offer_id>")
@ngo_page
def offer_home(offer_id: int):
    offer = queries.get_offer_for_member(current_user, offer_id)
    # A draft opens at its first step; a submitted offer at its summary (status, versions, withdrawal).
    if offer.is_editable:
        return redirect(url_for(".step", offer_id=offer.id, step="call"))
    return redirect(url_for(".summary", offer_id=offer.id))


def _after_save(offer, spec: Step, check: bool):
    flash(_("Zapisano."), "success")
    target = request.form.get("go")
    if target == "next" and next_step(spec.key):
        return redirect(pages.step_url(offer, next_step(spec.key)))
    if target == "summary":
        return redirect(url_for(".summary", offer_id=offer.id))
    return redirect(pages.step_url(offer, spec.key, **({"check": "1"} if check else {})))


@bp.route("/ngo/offers/<int:offer_id>/steps/<step>", methods=["GET", "POST"])
@ngo_page
def step(offer_id: int, step: str):
    offer = queries.get_offer_for_member(current_user, offer_id, options=queries.draft_load_options(office=False))
    spec = get_step(step)
    check = request.values.get("check") == "1"
    if request.method == "GET" or not spec.editable:
        if request.method == "POST":
            return redirect(pages.step_url(offer, next_step(spec.key)))
        return _render_step(offer, spec, check=check)
    reading = read_step(offer, spec.key, request.form)
    if reading.refusals:
        return _render_step(
            offer, spec, reading.values, errors=reading.refusals, reading=reading, check=check, status=422
        )
    try:
        operations.update_offer(
            actor=current_user, offer=offer, raw={**reading.raw, "lock_version": lock_from(request.form, offer)}
        )
    except ValidationFailed as error:
        errors = to_form_paths(error.fields, reading.maps)
        return _render_step(offer, spec, reading.values, errors=errors, reading=reading, check=check, status=422)
    except Conflict as error:
        values = rebase_origins(offer, reading.values) if spec.key == "plan" else reading.values
        is_edit_conflict = error.code == "edit_conflict"
        return _render_step(
            offer,
            spec,
            values,
            conflict=error if is_edit_conflict else None,
            notice=None if is_edit_conflict else error.message,
            reading=reading,
            check=check,
            status=409,
        )
    return _after_save(offer, spec, check)


@bp.post("/ngo/offers/<int:offer_id>/steps/<step>/autosave")
@ngo_json
def autosave(offer_id: int, step: str):
    offer = queries.get_offer_for_member(current_user, offer_id, options=queries.draft_load_options(office=False))
    spec = get_step(step)
    if not spec.editable:
        raise NotFound(_("Nie ma takiej strony."))
    reading = read_step(offer, spec.key, request.form)
    if reading.refusals:
        return jsonify(
            {"error": "validation", "message": _("Popraw zaznaczone pola."), "fields": reading.refusals}
        ), 422
    try:
        operations.update_offer(
            actor=current_user, offer=offer, raw={**reading.raw, "lock_version": lock_from(request.form, offer)}
        )
    except ValidationFailed as error:
        return jsonify(
            {
                "error": "validation",
                "message": _("Nie zapisano: popraw zaznaczone pola."),
                "fields": to_form_paths(error.fields, reading.maps),
            }
        ), 422
    except Conflict as error:
        return jsonify(
            {
                "error": error.code,
                "message": error.message,
                "lock_version": offer.lock_version,
                "author": queries.user_name(offer.updated_by_id),
            }
        ), 409
    saved = to_warsaw(offer.updated_at)
    return jsonify(
        {
            "ok": True,
            "lock_version": offer.lock_version,
            "saved_at": saved.strftime("%H:%M:%S"),
            "updated_ms": int(offer.updated_at.timestamp() * 1000),
            # Where each row of the page now is in the draft (offer.js keeps the actions' origins right).
            "rows": {
                name: [[row, position] for position, row in enumerate(mapping)]
                for name, mapping in reading.maps.items()
            },
        }
    )


@bp.post("/ngo/offers/<int:offer_id>/steps/<step>/preview")
@ngo_json
def preview(offer_id: int, step: str):
    offer = queries.get_offer_for_member(current_user, offer_id, options=queries.draft_load_options(office=False))
    spec = get_step(step)
    reading = read_step(offer, spec.key, request.form) if spec.editable else nothing_read()
    return jsonify(pages.live(offer, reading, check=request.form.get("check") == "1"))


# ---------------------------------------------------------------- partners of a joint offer


def _partner_refusal(offer, message: str, status: int, term: str = ""):
    """The offerors step again, with the refusal at the add-partner field and what was typed kept."""
    return _render_step(
        offer,
        STEP_BY_KEY["offerors"],
        errors={"partner": [message]},
        partner_term=term,
        status=status,
    )


@bp.route("/ngo/offers/<int:offer_id>/partners", methods=["GET", "POST"])
@ngo_page
def add_partner(offer_id: int):
    offer = queries.get_offer_for_member(current_user, offer_id)
    if request.method == "GET":
        return back(url_for(".step", offer_id=offer.id, step="offerors"))
    term = (request.form.get("partner") or "").strip()
    partner = queries.find_organization(term)
    if partner is None:
        message = _(
            "Nie znaleziono organizacji o tym numerze. Podaj 10-cyfrowy numer KRS (razem z zerami "
            "na początku) albo identyfikator organizacji w OKO. Partner musi mieć profil w OKO — "
            "poproś go, aby go założył."
        )
        return _partner_refusal(offer, message, 422, term)
    ids = [p.organization_id for p in offer.partners]
    try:
        operations.update_offer(
            actor=current_user,
            offer=offer,
            raw={"partners": ids + [partner.id], "lock_version": lock_from(request.form, offer)},
        )
    except ValidationFailed as error:
        messages = " ".join(m for items in error.fields.values() for m in items)
        return _partner_refusal(offer, messages, 422, term)
    except Conflict as error:
        return _partner_refusal(offer, error.message, 409, term)
    flash(
        _(
            "Wysłaliśmy prośbę o udział w ofercie wspólnej do organizacji %(name)s. Będzie partnerem, gdy jej "
            "członkowie to potwierdzą; do tego czasu oferty nie można złożyć.",
            name=partner.name,
        ),
        "success",
    )
    return redirect(url_for(".step", offer_id=offer.id, step="offerors"))


@bp.route("/ngo/offers/<int:offer_id>/partners/<int:organization_id>/remove", methods=["GET", "POST"])
@ngo_page
def remove_partner(offer_id: int, organization_id: int):
    offer = queries.get_offer_for_member(current_user, offer_id)
    if request.method == "GET":
        return back(url_for(".step", offer_id=offer.id, step="offerors"))
    ids = [p.organization_id for p in offer.partners]
    if organization_id not in ids:
        raise NotFound(_("Ta organizacja nie jest partnerem tej oferty."))
    try:
        operations.update_offer(
            actor=current_user,
            offer=offer,
            raw={"partners": [i for i in ids if i != organization_id], "lock_version": lock_from(request.form, offer)},
        )
    except Conflict as error:
        return _partner_refusal(offer, error.message, 409)
    flash(_("Usunięto partnera z oferty wspólnej."), "success")
    return redirect(url_for(".step", offer_id=offer.id, step="offerors"))


@bp.route("/ngo/offers/<int:offer_id>/partners/<int:organization_id>/confirm", methods=["GET", "POST"])
@ngo_page
def confirm_partner(offer_id: int, organization_id: int):
    """A partner organisation's member agrees that it is named in the joint offer."""
    partner = queries.get_partnership_for(current_user, offer_id, organization_id)
    if request.method == "GET":
        return back(url_for(".my_offers"))
    try:
        operations.confirm_partnership(actor=current_user, partner=partner)
    except Conflict as error:
        flash(error.message, "error")
        return redirect(url_for(".my_offers"))
    flash(
        _(
            "%(name)s bierze udział w ofercie wspólnej „%(title)s”.",
            name=partner.organization.name,
            title=partner.offer.title,
        ),
        "success",
    )
    return redirect(url_for(".offer_home", offer_id=offer_id))


@bp.route("/ngo/offers/<int:offer_id>/partners/<int:organization_id>/decline", methods=["GET", "POST"])
@ngo_page
def decline_partner(offer_id: int, organization_id: int):
    """A partner organisation's member refuses (or, before submission, withdraws) its part in the joint offer."""
    partner = queries.get_partnership_for(current_user, offer_id, organization_id)
    if request.method == "GET":
        return back(url_for(".my_offers"))
    name, title = partner.organization.name, partner.offer.title
    try:
        operations.decline_partnership(actor=current_user, partner=partner)
    except Conflict as error:
        flash(error.message, "error")
        return redirect(url_for(".my_offers"))
    flash(_("%(name)s nie bierze udziału w ofercie wspólnej „%(title)s”.", name=name, title=title), "success")
    return redirect(url_for(".my_offers"))


# ---------------------------------------------------------------- summary, submission, withdrawal


def _render_summary(offer, *, errors=None, message=None, status: int = 200):
    data = member_view(offer)
    fields = errors if errors is not None else data["problems"]
    return render_template(
        "offers/summary.html",
        offer=offer,
        call=offer.call,
        data=data,
        nav=pages.nav(offer, "summary"),
        problems=pages.problem_links(offer, fields),
        message=message,
        refused=errors is not None,
        call_open=offer.call.is_open(),
        offerors=pages.offerors(offer),
    ), status


@bp.get("/ngo/offers/<int:offer_id>/summary")
@ngo_page
def summary(offer_id: int):
    return _render_summary(queries.get_offer_for_member(current_user, offer_id))


@bp.route("/ngo/offers/<int:offer_id>/submit", methods=["GET", "POST"])
@ngo_page
def submit(offer_id: int):
    # A POST reads the offer as the API's submit does (grants.api.offers.submit_offer).
    offer = queries.get_offer_for_member(
        current_user, offer_id, options=queries.draft_load_options() if request.method == "POST" else None
    )
    if request.method == "GET":
        # The confirmation page: what submitting does, then the one button (a refused POST's reload lands
        # here too). An offer that is no longer a draft has nothing to confirm: back to its summary.
        if not offer.is_editable:
            return back(url_for(".summary", offer_id=offer.id))
        return render_template("offers/submit_confirm.html", **pages.submit_confirmation(offer, request.args))
    try:
        lock_version = operations.parse_lock_version(request.form.get("lock_version") or None)
        version = operations.submit_offer(actor=current_user, offer=offer, lock_version=lock_version)
    except ValidationFailed as error:
        return _render_summary(offer, errors=error.fields, message=error.message, status=422)
    except Conflict as error:
        return _render_summary(offer, message=error.message, status=409)
    flash(_("Oferta została złożona. Zapisz lub wydrukuj potwierdzenie z kodem kontrolnym."), "success")
    return redirect(url_for(".version", offer_id=offer.id, number=version.number))


@bp.route("/ngo/offers/<int:offer_id>/withdraw", methods=["GET", "POST"])
@ngo_page
def withdraw(offer_id: int):
    offer = queries.get_offer_for_member(current_user, offer_id)
    if request.method == "GET":
        # The confirmation page says what withdrawing does; only a submitted offer in an open call has one.
        if offer.status.value != "submitted" or not offer.call.is_open():
            return back(url_for(".summary", offer_id=offer.id))
        return render_template(
            "offers/withdraw_confirm.html", offer=offer, call=offer.call, nav=pages.nav(offer, "summary")
        )
    try:
        version = operations.withdraw_offer(actor=current_user, offer=offer)
    except Conflict as error:
        return _render_summary(offer, message=error.message, status=409)
    flash(
        _(
            "Wycofano ofertę (wersja %(n)d). Możesz ją poprawić i złożyć ponownie przed terminem — powstanie "
            "nowa wersja z nowym kodem kontrolnym.",
            n=version.number,
        ),
        "success",
    )
    return redirect(url_for(".summary", offer_id=offer.id))


@bp.get("/ngo/offers/<int:offer_id>/versions/<int:number>")
@ngo_page
def version(offer_id: int, number: int):
    offer = queries.get_offer_for_member(current_user, offer_id)
    found = next((v for v in offer.versions if v.number == number), None)
    if found is None:
        raise NotFound(_("Nie ma takiej wersji oferty."))
    return render_template(
        "offers/version.html",
        offer=offer,
        call=offer.call,
        version=found,
        nav=pages.nav(offer, "summary"),
        pdf_available=pages.pdf_available("offer_confirmation"),
        is_current=offer.current_version_id == found.id,
    )
