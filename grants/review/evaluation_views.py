"""Closing the committee's evaluation from the ranking page (blueprint `review_pages`): the chair or the
office, once every voting member's assigned sheet is final. A refusal (409) names who is missing and is shown
at the closing section of the ranking; after closing, the ranking reads "ocena zamknięta" with who and when."""

from flask import flash, redirect, url_for
from flask_babel import gettext as _
from flask_login import current_user, login_required

from grants.errors import Conflict
from grants.review import operations, queries
from grants.review.views import _render_ranking, bp


@bp.post("/review/calls/<int:call_id>/evaluation/close")
@login_required
def close_evaluation(call_id: int):
    call = queries.get_call_for_ranking(call_id, current_user)
    try:
        operations.close_evaluation(actor=current_user, call=call)
    except Conflict as error:
        return _render_ranking(call, message=error.message, message_at="evaluation", status=409)
    flash(_("Zamknięto ocenę komisji. Kart oceny nie można już zapisywać ani otwierać ponownie."), "success")
    return redirect(url_for(".ranking", call_id=call.id) + "#evaluation-heading")
