"""A published call ended before its results: the unieważnienie of art. 18a ust. 1 — pkt 1, no offer was
submitted; pkt 2, no offer met the announcement's requirements — or the odwołanie of a call stopped for another
reason. The facts (the offers, their formal check, the committee's scores) are judged here, where they are known;
`calls.ending.cancel_call` is the one writer. Everyone who started an offer in the call is told by e-mail."""

from datetime import datetime

from flask_babel import gettext as _

from grants.calls.ending import cancel_call, check_act, require_cancellable
from grants.calls.models import Call, CallStatus, CancelGround, CancelKind
from grants.clock import now_utc
from grants.errors import Conflict, FieldErrors, ValidationFailed
from grants.formatting import datetime_pl
from grants.mail import queue_mails
from grants.review import queries
from grants.review.operations.common import recipients_of
from grants.review.ranking import call_ranking

# Art. 18a ust. 1: the point of each ground.
GROUND_POINT = {CancelGround.no_offers: 1, CancelGround.no_valid_offers: 2}
# What the office's form sends for "odwołanie, no ground of art. 18a" (the API's `ground: null` says the same).
WITHDRAWAL = "withdrawal"


def plan_cancel(*, actor, call: Call, raw: dict, now: datetime | None = None) -> tuple[CancelKind, CancelGround | None]:
    """`{reason, ground?, publications?}` judged without a change: the act it would be (kind, ground), or the
    refusal. The office's confirmation page asks this before the officer confirms.

    `ground` left out: what the facts say (after the deadline, no offer: pkt 1; none valid: pkt 2), otherwise an
    odwołanie. `ground` null, "" or "withdrawal": an odwołanie. A ground the facts contradict: 422 on `ground`."""
    now = now or now_utc()
    require_cancellable(actor, call)
    _refuse_after_results(call)
    errors = FieldErrors()
    given, ground = _parse_ground(raw, errors)
    errors.raise_if_any()
    offers = queries.offers_in_competition(call)
    if not given:
        ground = _ground_from_facts(call, offers, now)
    elif ground is not None:
        problem = _contradiction(call, ground, offers, now)
        if problem is not None:
            raise ValidationFailed.one("ground", problem)
    kind = CancelKind.cancellation if ground is not None else CancelKind.withdrawal
    check_act(reason=raw.get("reason"), kind=kind, publications_raw=raw.get("publications"), now=now)
    return kind, ground


def cancel(*, actor, call: Call, raw: dict, now: datetime | None = None) -> Call:
    """The API's POST /calls/{id}/cancel and the office's confirmed form: the act `plan_cancel` judges, done."""
    now = now or now_utc()
    kind, ground = plan_cancel(actor=actor, call=call, raw=raw, now=now)
    cancel_call(
        actor=actor,
        call=call,
        reason=raw.get("reason"),
        kind=kind,
        ground=ground,
        publications_raw=raw.get("publications"),
        now=now,
    )
    _tell_offerors(call)
    return call


def cancel_for_no_valid_offers(
    *, actor, call: Call, reason, publications_raw=None, now: datetime | None = None
) -> Call:
    """Art. 18a from the ranking's page: refused (409 `call_open`) before the deadline and (409
    `valid_offers_exist`) while an offer is valid or still waits for the formal check or the committee's scores."""
    now = now or now_utc()
    require_cancellable(actor, call)
    _refuse_after_results(call)
    if call.status == CallStatus.published and not call.deadline_passed(now):
        raise Conflict(_("Termin składania ofert jeszcze trwa."), code="call_open")
    offers = queries.offers_in_competition(call)
    problem = _valid_offers_problem(call, offers, now)
    if problem is not None:
        raise Conflict(problem, code="valid_offers_exist")
    ground = CancelGround.no_valid_offers if offers else CancelGround.no_offers
    cancel_call(
        actor=actor,
        call=call,
        reason=reason,
        kind=CancelKind.cancellation,
        ground=ground,
        publications_raw=publications_raw,
        now=now,
    )
    _tell_offerors(call)
    return call


def _refuse_after_results(call: Call) -> None:
    if queries.results_publication(call.id) is not None:
        raise Conflict(_("Wyniki tego naboru zostały już ogłoszone."), code="results_published")


def _parse_ground(raw: dict, errors: FieldErrors) -> tuple[bool, CancelGround | None]:
    """(given, ground): left out → (False, None); null, "" or "withdrawal" → (True, None)."""
    if "ground" not in raw:
        return False, None
    value = raw["ground"]
    if value is None or value in ("", WITHDRAWAL):
        return True, None
    try:
        return True, CancelGround(value)
    except (ValueError, TypeError):
        errors.add("ground", _("Podstawa: no_offers (art. 18a ust. 1 pkt 1) albo no_valid_offers (pkt 2)."))
        return True, None


def _ground_from_facts(call: Call, offers: list, now: datetime) -> CancelGround | None:
    if call.status == CallStatus.published and not call.deadline_passed(now):
        return None
    if not offers:
        return CancelGround.no_offers
    if _valid_offers_problem(call, offers, now) is None:
        return CancelGround.no_valid_offers
    return None


def _contradiction(call: Call, ground: CancelGround, offers: list, now: datetime) -> str | None:
    """Why the facts do not bear the ground out, or None."""
    if call.status == CallStatus.published and not call.deadline_passed(now):
        return _(
            "Termin składania ofert trwa do %(deadline)s: przed nim nie można unieważnić konkursu na podstawie "
            "art. 18a ust. 1 ustawy. Konkurs można odwołać.",
            deadline=datetime_pl(call.submission_deadline),
        )
    if ground == CancelGround.no_offers and offers:
        return _(
            "W konkursie złożono oferty (%(n)d), więc podstawą nie może być brak ofert (art. 18a ust. 1 pkt 1).",
            n=len(offers),
        )
    if ground == CancelGround.no_valid_offers:
        if not offers:
            return _("Nie złożono żadnej oferty: podstawą jest art. 18a ust. 1 pkt 1, nie pkt 2.")
        return _valid_offers_problem(call, offers, now)
    return None


def _valid_offers_problem(call: Call, offers: list, now: datetime) -> str | None:
    """Why an offer may still be valid (art. 18a ust. 1 pkt 2), or None when none is."""
    reviews = queries.formal_reviews_of_call(call)
    if any(
        o.id not in reviews or reviews[o.id].state(now) in ("pending", "correction_open", "corrected") for o in offers
    ):
        return _("Nie zakończono oceny formalnej wszystkich ofert.")
    if offers and any(item.passes_threshold or item.n_scores == 0 for item in call_ranking(call).result.items):
        return _(
            "W naborze są oferty spełniające wymogi ogłoszenia albo czekające na ocenę komisji; "
            "unieważnienie (art. 18a ustawy) nie jest możliwe."
        )
    return None


def _tell_offerors(call: Call) -> None:
    """Everyone who started an offer in the call (submitted, in correction, withdrawn or still a draft)."""
    if call.cancel_kind == CancelKind.cancellation:
        subject = _("Unieważnienie naboru „%(call)s”", call=call.title[:150])
        body = _(
            "Otwarty konkurs ofert „%(call)s” został unieważniony na podstawie art. 18a ust. 1 pkt %(point)d "
            "ustawy.\nUzasadnienie: %(reason)s\n",
            call=call.title,
            point=GROUND_POINT[call.cancel_ground],
            reason=call.cancel_reason,
        )
    else:
        subject = _("Odwołanie konkursu „%(call)s”", call=call.title[:150])
        body = _(
            "Otwarty konkurs ofert „%(call)s” został odwołany. Oferty w nim złożone nie będą rozpatrywane.\n"
            "Powód: %(reason)s\n",
            call=call.title,
            reason=call.cancel_reason,
        )
    offers = queries.offers_of_call(call)
    addresses = recipients_of(offers)
    queue_mails(
        [(recipient, subject, body) for offer in offers for recipient in addresses[offer.id]], office_id=call.office_id
    )
