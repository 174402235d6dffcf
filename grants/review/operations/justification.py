"""Anyone's demand for the justification of the choice or rejection of an offer (art. 15 ust. 2i), and the
office's answer."""

from datetime import datetime

from flask_babel import gettext as _

from grants.audit.log import record
from grants.auth.permissions import require_officer
from grants.calls.models import Call, CallStatus
from grants.clock import now_utc
from grants.errors import Conflict
from grants.extensions import db
from grants.formatting import datetime_pl
from grants.mail import queue_mail
from grants.review import queries, rules, schema
from grants.review.models import JustificationRequest, JustificationStatus


def request_justification(*, call: Call, raw: dict, now: datetime | None = None) -> JustificationRequest:
    """Anyone, within 30 days of the results (art. 15 ust. 2i), asks for the reasons of the choice or the
    rejection of an offer; later it is refused (409 `justification_closed`)."""
    now = now or now_utc()
    publication = queries.results_publication(call.id)
    if publication is None or call.status != CallStatus.resolved:
        raise Conflict(_("Wyniki tego naboru nie zostały jeszcze ogłoszone."), code="results_not_published")
    if not publication.justification_open(now):
        raise Conflict(
            _(
                "Termin 30 dni od ogłoszenia wyników na żądanie uzasadnienia minął %(deadline)s (art. 15 "
                "ust. 2i ustawy).",
                deadline=datetime_pl(rules.justification_deadline(publication.published_at)),
            ),
            code="justification_closed",
        )

    def offer_known(offer_id: int) -> bool:
        return offer_id in {item.get("offer_id") for item in publication.items} or offer_id in {
            o.id for o in queries.offers_in_competition(call)
        }

    given = schema.parse_justification_request(raw, offer_known=offer_known)
    request = JustificationRequest(
        call_id=call.id,
        offer_id=given.offer_id,
        requester=given.requester,
        email=given.email,
        text=given.text,
        received_at=now,
        status=JustificationStatus.open,
    )
    db.session.add(request)
    db.session.flush()
    record(
        "justification.request",
        "call",
        call.id,
        actor=None,
        office_id=call.office_id,
        summary=given.requester,
        after={"request_id": request.id, "offer_id": given.offer_id, "received_at": now},
    )
    queue_mail(
        given.email,
        _("Otrzymaliśmy żądanie uzasadnienia — nabór „%(call)s”", call=call.title[:150]),
        _(
            "Urząd otrzymał %(at)s Twoje żądanie uzasadnienia wyboru lub odrzucenia oferty w naborze "
            "„%(call)s” (art. 15 ust. 2i ustawy). Odpowiedź otrzymasz na ten adres.\n",
            at=datetime_pl(now),
            call=call.title,
        ),
        office_id=call.office_id,
    )
    return request


def answer_justification(
    *, actor, request: JustificationRequest, raw: dict, now: datetime | None = None
) -> JustificationRequest:
    now = now or now_utc()
    call = db.session.get(Call, request.call_id)
    require_officer(actor, call.office_id)
    answer = schema.parse_required_text(raw, "answer", limit=20000)
    if not request.can_move_to(JustificationStatus.answered):
        raise Conflict(_("Na ten wniosek już odpowiedziano."), code="already_answered")
    request.status, request.answer = JustificationStatus.answered, answer
    request.answered_at, request.answered_by_id = now, actor.id
    db.session.flush()
    queue_mail(
        request.email, _("Uzasadnienie — nabór „%(call)s”", call=call.title[:150]), answer, office_id=call.office_id
    )
    record(
        "justification.answer",
        "call",
        call.id,
        actor=actor,
        office_id=call.office_id,
        summary=request.requester,
        before={"request_id": request.id, "status": "open"},
        after={"request_id": request.id, "status": "answered"},
    )
    return request
