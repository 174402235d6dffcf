"""The office's pages of a small grant (publication, comments and answers, the decision): the desk
/office/small-grants and one small grant's page. Every form works without JavaScript; a refused form is shown
again with what was typed and the error on its field."""

from flask import flash, redirect, render_template, request, url_for
from flask_babel import gettext as _
from flask_login import current_user

from grants.calls.forms import form_errors, read_publication_form
from grants.clock import now_utc
from grants.errors import Conflict, ValidationFailed
from grants.formatting import datetime_pl
from grants.pages import officer_page
from grants.parsing import form_text
from grants.smallgrants import office_list, office_queries, pages_office
from grants.smallgrants.operations import comments, decision, publication
from grants.smallgrants.views import bp


def _page(small_grant, status: int = 200, **kwargs):
    context = pages_office.small_grant_page(small_grant, now_utc(), **kwargs)
    return render_template("smallgrants/office_small_grant.html", **context), status


def _back(small_grant, anchor: str | None = None):
    return redirect(url_for(".office_small_grant", small_grant_id=small_grant.id, _anchor=anchor))


@bp.get("/office/small-grants")
@officer_page
def office_desk():
    # Unreadable filters are named beside their fields and the rest still applies (never an error page).
    context = pages_office.desk(current_user, now_utc(), office_list.parse_filters(request.args))
    return render_template("smallgrants/office_desk.html", **context)


@bp.get("/office/small-grants/<int:small_grant_id>")
@officer_page
def office_small_grant(small_grant_id: int):
    return _page(office_queries.get_small_grant_for_officer(small_grant_id, current_user))


@bp.route("/office/small-grants/<int:small_grant_id>/publish", methods=["GET", "POST"])
@officer_page
def office_publish(small_grant_id: int):
    small_grant = office_queries.get_small_grant_for_officer(small_grant_id, current_user)
    if request.method == "GET":
        return _back(small_grant)
    rows = read_publication_form(request.form)
    try:
        publication.publish_small_grant(actor=current_user, small_grant=small_grant, publications_raw=rows)
    except ValidationFailed as error:
        return _page(small_grant, 422, errors=form_errors(error), publish_values=rows)
    except Conflict as error:
        if error.code == "not_submitted":
            raise
        return _page(small_grant, 409, errors={"publications": [error.message]}, publish_values=rows)
    flash(
        _(
            "Oferta została opublikowana. Uwagi można zgłaszać do %(until)s.",
            until=datetime_pl(small_grant.comments_until),
        ),
        "success",
    )
    return _back(small_grant)


@bp.route("/office/small-grants/<int:small_grant_id>/comments/<int:comment_id>/answer", methods=["GET", "POST"])
@officer_page
def office_answer(small_grant_id: int, comment_id: int):
    small_grant = office_queries.get_small_grant_for_officer(small_grant_id, current_user)
    comment = office_queries.get_comment(small_grant, comment_id)
    if request.method == "GET":
        return _back(small_grant, f"comment-{comment.id}")
    values = {"text": form_text(request.form.get("text"))}
    try:
        comments.answer_comment(actor=current_user, small_grant=small_grant, comment=comment, raw=values)
    except ValidationFailed as error:
        errors = {f"answer-{comment.id}": error.fields.get("text", [])}
        return _page(small_grant, 422, errors=errors, answer_values={comment.id: values["text"]})
    flash(_("Zapisano odpowiedź urzędu. Jest widoczna na stronie publicznej oferty."), "success")
    return _back(small_grant, f"comment-{comment.id}")


@bp.route("/office/small-grants/<int:small_grant_id>/comments/<int:comment_id>/hide", methods=["GET", "POST"])
@officer_page
def office_hide(small_grant_id: int, comment_id: int):
    small_grant = office_queries.get_small_grant_for_officer(small_grant_id, current_user)
    comment = office_queries.get_comment(small_grant, comment_id)
    if request.method == "GET":
        return _back(small_grant, f"comment-{comment.id}")
    values = {"reason": form_text(request.form.get("reason"))}
    try:
        comments.hide_comment(actor=current_user, small_grant=small_grant, comment=comment, raw=values)
    except ValidationFailed as error:
        errors = {f"hide-{comment.id}": error.fields.get("reason", [])}
        return _page(small_grant, 422, errors=errors, hide_values={comment.id: values["reason"]})
    flash(_("Komentarz został ukryty. Na stronie publicznej widać, że ukrył go urząd, i powód."), "success")
    return _back(small_grant, f"comment-{comment.id}")


@bp.route("/office/small-grants/<int:small_grant_id>/decision", methods=["GET", "POST"])
@officer_page
def office_decision(small_grant_id: int):
    """The confirmation page of the decision (GET), and the decision itself (POST): it cannot be undone."""
    small_grant = office_queries.get_small_grant_for_officer(small_grant_id, current_user)
    outcome = request.values.get("outcome", "")
    if request.method == "GET":
        return render_template("smallgrants/office_decision.html", **pages_office.decision_page(small_grant, outcome))
    values = {"outcome": outcome, "reason": form_text(request.form.get("reason"))}
    try:
        decision.decide_small_grant(actor=current_user, small_grant=small_grant, raw=values)
    except ValidationFailed as error:
        context = pages_office.decision_page(small_grant, outcome, values=values, errors=error.fields)
        return render_template("smallgrants/office_decision.html", **context), 422
    except Conflict as error:
        context = pages_office.decision_page(small_grant, outcome, values=values, message=error.message)
        return render_template("smallgrants/office_decision.html", **context), 409
    flash(_("Zapisano decyzję urzędu. Organizacja dostała wiadomość e-mail."), "success")
    return _back(small_grant)
