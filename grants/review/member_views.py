"""The committee member's own pages besides the score sheet (blueprint `review_pages`, issue 11): the desk
of what is left in each call, a call's work list, and the one declaration towards every offeror of a call
(art. 15 ust. 2f of the Act with KPA art. 24). Thin like the other review pages: load, read the form, call
one operation, flash and redirect; a refused form comes back with what was typed and each message at its
field."""

from flask import flash, redirect, render_template, request, url_for
from flask_babel import gettext as _
from flask_login import current_user

from grants.errors import Conflict, ValidationFailed
from grants.review import member_pages, member_queries, operations, pages
from grants.review.views import _committee_call, bp, evaluator_page


@bp.get("/review/")
@evaluator_page
def my_calls():
    """The member's desk: each call with what is left (declarations, sheets, drafts) and the next step."""
    return render_template("review/my_calls.html", **member_pages.desk(current_user, request.args))


@bp.get("/review/calls/<int:call_id>")
@evaluator_page
def my_call(call_id: int):
    call, member = _committee_call(call_id)
    context = member_pages.my_call(call, member, request.args)
    return render_template("review/my_call.html", call=call, member=member, **context)


def _render_call_declaration(call, member, rows, *, values=None, errors=None, message=None, status: int = 200):
    return render_template(
        "review/call_declaration.html",
        call=call,
        member=member,
        rows=rows,
        counts=member_pages.declaration_summary(rows),
        values=values or member_pages.declaration_values(rows),
        errors=errors or {},
        message=message,
    ), status


def _declaration_rows(call, member) -> list[dict]:
    return member_pages.declaration_rows(member_queries.passed_offers(call), member_queries.member_declarations(member))


@bp.route("/review/calls/<int:call_id>/declaration", methods=["GET", "POST"])
@evaluator_page
def call_declaration(call_id: int):
    call, member = _committee_call(call_id)
    rows = _declaration_rows(call, member)
    if request.method == "GET":
        return _render_call_declaration(call, member, rows)
    values, raw, form_errors = member_pages.read_declaration_form(request.form, rows)
    if form_errors:
        return _render_call_declaration(call, member, rows, values=values, errors=form_errors, status=422)
    try:
        done = operations.declare_for_call(actor=current_user, call=call, raw=raw)
    except ValidationFailed as error:
        errors = member_pages.declaration_errors(error.fields, rows)
        return _render_call_declaration(call, member, rows, values=values, errors=errors, status=422)
    except Conflict as error:
        return _render_call_declaration(call, member, rows, values=values, message=error.message, status=409)
    if done["impartial"] or done["conflicts"]:
        flash(
            _(
                "Złożono oświadczenie. Bezstronność — liczba ofert: %(i)d; okoliczność wyłączająca — liczba "
                "ofert: %(c)d.",
                i=len(done["impartial"]),
                c=len(done["conflicts"]),
            ),
            "success",
        )
    else:
        flash(_("Oświadczenia wobec wszystkich oferentów były już złożone; nic nie zmieniono."), "info")
    for warning in done["warnings"]:
        flash(pages.assignment_warning(warning), "warning")
    return redirect(url_for(".my_call", call_id=call.id))
