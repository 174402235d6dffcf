"""The end of the competition: the results published (art. 15 ust. 2h) with every offeror told its outcome.
A call cancelled when no offer is valid (art. 18a) ends in `review.operations.cancellation`."""

from datetime import datetime

from flask_babel import gettext as _

from grants.audit.log import record
from grants.auth.permissions import require_officer
from grants.calls.models import Call, CallStatus
from grants.clock import now_utc
from grants.errors import Conflict
from grants.extensions import db
from grants.formatting import iso_warsaw, money_pl
from grants.mail import queue_mails
from grants.offers.models import Offer
from grants.review import queries, schema, serialize
from grants.review.models import Award, Decision, ResultsPublication
from grants.review.operations.common import (
    deadline_text,
    move_call,
    not_under_review,
    recipients_of,
    require_under_review,
)
from grants.review.ranking import Ranking, call_ranking
from grants.review.rules import justification_deadline


def _results_published() -> Conflict:
    return Conflict(_("Wyniki tego naboru zostały już ogłoszone."), code="results_published")


def _refuse_stale(decision: Decision, ranking: Ranking) -> None:
    """The decision covers exactly the offers now in the ranking, with the scores they have now."""
    decided = {award.offer_id: award for award in decision.awards}
    if set(decided) != set(ranking.offers) or any(
        award.score != ranking.result.item(offer_id).score
        or (award.funded and not ranking.result.item(offer_id).passes_threshold)
        for offer_id, award in decided.items()
    ):
        raise Conflict(
            _("Od zapisania decyzji zmieniły się oferty przyjęte formalnie albo ich oceny; zapisz decyzję ponownie."),
            code="decision_stale",
        )


def publish_results(*, actor, call: Call, raw: dict, now: datetime | None = None) -> ResultsPublication:
    """Publish the latest decision's results in BIP, on the noticeboard and the website at once (art. 15
    ust. 2h: the organisation, the task, the amount — and the points), resolve the call and tell every
    offeror its outcome by e-mail."""
    now = now or now_utc()
    require_officer(actor, call.office_id)
    if queries.results_publication(call.id) is not None:
        raise _results_published()
    require_under_review(call)
    # The offers first: the decision's lines (loaded without them) find them loaded, and the messages use them.
    offers = queries.offers_for_results(call)
    decision = queries.latest_decision_lines(call)
    if decision is None:
        raise Conflict(_("Najpierw zapisz decyzję o wyborze ofert."), code="no_decision")
    channels = schema.parse_channels(raw.get("publications"), now)
    _refuse_stale(decision, call_ranking(call))
    if not call.can_move_to(CallStatus.resolved):
        raise not_under_review(call)
    publication = ResultsPublication(
        call_id=call.id,
        decision_id=decision.id,
        published_at=max(channels.values()),
        channels={c.value: iso_warsaw(m) for c, m in channels.items()},
        recorded_at=now,
        published_by_id=actor.id,
        items=serialize.results_items(decision),
    )
    db.session.add(publication)
    if not move_call(call, CallStatus.under_review, CallStatus.resolved):
        raise not_under_review(call)
    db.session.flush()
    db.session.refresh(call, ["status"])
    _mail_results(call, decision, publication, offers)
    record(
        "results.publish",
        "call",
        call.id,
        actor=actor,
        office_id=call.office_id,
        summary=call.title,
        before={"status": "under_review"},
        after={
            "status": "resolved",
            "decision_version": decision.version,
            "channels": publication.channels,
            "funded": sum(1 for a in decision.awards if a.funded),
            "total": decision.total,
        },
    )
    return publication


def _outcome(award: Award | None, formal_reason: str | None) -> str:
    if award is not None and award.funded:
        return _("Oferta została wybrana. Przyznano dotację w wysokości %(amount)s.", amount=money_pl(award.amount))
    if award is not None:
        outcome = _("Oferta nie otrzymała dotacji.")
        if award.reason:
            outcome += " " + _("Powód: %(reason)s", reason=award.reason)
        return outcome
    outcome = _("Oferta nie przeszła oceny formalnej.")
    if formal_reason:
        outcome += " " + _("Powód: %(reason)s", reason=formal_reason)
    return outcome


def _mail_results(call: Call, decision: Decision, publication: ResultsPublication, offers: list[Offer]) -> None:
    awards = {award.offer_id: award for award in decision.awards}
    formal_reasons = queries.formal_reasons_of_call(call)
    until = deadline_text(justification_deadline(publication.published_at))
    addresses = recipients_of(offers)
    subject = _("Wyniki naboru „%(call)s”", call=call.title[:150])
    messages = []
    for offer in offers:
        award = awards.get(offer.id)
        score = ""
        if award is not None and award.score is not None:
            score = _("Liczba punktów: %(score)s.", score=money_pl(award.score, currency=False)) + "\n"
        body = _(
            "Ogłoszono wyniki otwartego konkursu ofert „%(call)s” (art. 15 ust. 2h ustawy).\n\n"
            "Oferta: „%(title)s” (%(organization)s)\n%(outcome)s\n%(score)s\n"
            "Każdy może w terminie 30 dni od ogłoszenia wyników (%(until)s) zażądać uzasadnienia wyboru lub "
            "odrzucenia oferty (art. 15 ust. 2i ustawy).\n",
            call=call.title,
            title=offer.title,
            organization=offer.organization.name,
            outcome=_outcome(award, formal_reasons.get(offer.id)),
            score=score,
            until=until,
        )
        messages += [(recipient, subject, body) for recipient in addresses[offer.id]]
    queue_mails(messages, office_id=call.office_id)
