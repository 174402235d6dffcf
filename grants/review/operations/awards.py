"""After the results: an organisation gives up its grant, the office records a resignation when no update came
in time, and the office moves the freed money to the next offer of the ranking that was not funded.

The published decision and results are never edited: each of these acts is a new `AwardChange` row (shown
under the public results), audited; `grants.review.awards` reads the standing awards from both.
"""

from datetime import datetime
from decimal import Decimal

from flask_babel import gettext as _

from grants.audit.log import record
from grants.auth.permissions import require_officer
from grants.calls.models import Call
from grants.clock import now_utc
from grants.contracts.queries import contract_for_offer
from grants.errors import Conflict, FieldErrors, ValidationFailed
from grants.extensions import db
from grants.formatting import money_pl
from grants.mail import queue_mail
from grants.offers.models import Offer
from grants.offers.operations.guards import require_member
from grants.parsing import is_blank, money
from grants.review import awards, rules
from grants.review.models import Award, AwardChange, AwardChangeKind, Decision
from grants.review.operations.common import deadline_text, recipients
from grants.review.ranking import call_ranking

NOTE_LIMIT = 5000


def _note(raw) -> str:
    note = raw.get("note") if isinstance(raw, dict) else None
    if note is None:
        return ""
    if not isinstance(note, str):
        raise ValidationFailed.one("note", _("Podaj tekst."))
    if len(note.strip()) > NOTE_LIMIT:
        raise ValidationFailed.one("note", _("Najwyżej %(n)d znaków.", n=NOTE_LIMIT))
    return note.strip()


def _standing_or_refuse(offer: Offer) -> awards.Standing:
    standing = awards.award_record(offer)
    if standing is None:
        raise Conflict(_("Ta oferta nie otrzymała dotacji."), code="no_award")
    if standing.resigned:
        raise Conflict(_("Rezygnację z tej dotacji już zapisano."), code="already_resigned")
    if contract_for_offer(offer.id) is not None:
        raise Conflict(
            _(
                "Umowa na to zadanie jest już sporządzona — rezygnacja nie jest już możliwa w OKO; umowę "
                "rozwiązuje się na jej zasadach."
            ),
            code="contract_exists",
        )
    return standing


def _decision_after(actor, call_id: int, offer_id: int, amount: Decimal | None, reason: str | None, now: datetime):
    """A new version of the office's decision with one offer's line changed (`amount` None: not funded), so
    that whoever reads "the latest decision" (the contract, GET /calls/{id}/decision) sees the award as it
    stands; the published results and their decision stay as issued."""
    latest = db.session.scalar(
        db.select(Decision).where(Decision.call_id == call_id).order_by(Decision.version.desc()).limit(1)
    )
    decision = Decision(call_id=call_id, version=latest.version + 1, created_at=now, created_by_id=actor.id)
    for old in latest.awards:
        line = Award(
            offer_id=old.offer_id,
            funded=old.funded,
            amount=old.amount,
            requested=old.requested,
            score=old.score,
            reason=old.reason,
        )
        if old.offer_id == offer_id:
            line.funded = amount is not None
            line.amount = amount if amount is not None else Decimal("0.00")
            line.reason = reason
        decision.awards.append(line)
    decision.total = sum((a.amount for a in decision.awards if a.funded), Decimal("0.00"))
    db.session.add(decision)
    db.session.flush()
    return decision


def _resign(actor, offer: Offer, standing: awards.Standing, note: str, now: datetime, *, lapsed: bool):
    change = AwardChange(
        call_id=offer.call_id,
        offer_id=offer.id,
        kind=AwardChangeKind.resignation,
        amount=standing.amount,
        lapsed=lapsed,
        note=note,
        recorded_at=now,
        recorded_by_id=actor.id,
    )
    db.session.add(change)
    db.session.flush()
    reason = _("Rezygnacja z dotacji (brak aktualizacji oferty w terminie).") if lapsed else _("Rezygnacja z dotacji.")
    decision = _decision_after(actor, offer.call_id, offer.id, None, reason, now)
    record(
        "award.resign",
        "offer",
        offer.id,
        actor=actor,
        office_id=offer.call.office_id,
        summary=offer.title,
        before={"award": standing.amount},
        after={
            "award": None,
            "resigned": standing.amount,
            "lapsed": lapsed,
            "note": note,
            "decision_version": decision.version,
        },
    )
    return change


def resign(*, actor, offer: Offer, raw: dict | None = None, now: datetime | None = None) -> AwardChange:
    """The organisation gives up its grant (before a contract exists; 409 `contract_exists` after)."""
    now = now or now_utc()
    require_member(actor, offer)
    note = _note(raw or {})
    standing = _standing_or_refuse(offer)
    return _resign(actor, offer, standing, note, now, lapsed=False)


def record_resignation(*, actor, offer: Offer, raw: dict | None = None, now: datetime | None = None) -> AwardChange:
    """The office records that no update came in the call's window: the award is treated as given up.
    Refused while the window is open (409 `update_window_open`) and when the update came or was not needed
    (409 `update_not_missed`)."""
    now = now or now_utc()
    require_officer(actor, offer.call.office_id)
    note = _note(raw or {})
    standing = _standing_or_refuse(offer)
    state = awards.update_state(standing, offer, now)
    if state == "due":
        raise Conflict(
            _(
                "Termin na aktualizację jeszcze trwa (do %(until)s).",
                until=deadline_text(awards.update_closes_at(standing, offer)),
            ),
            code="update_window_open",
        )
    if state != "missed":
        raise Conflict(
            _("Organizacja zaktualizowała ofertę albo aktualizacja nie była potrzebna."), code="update_not_missed"
        )
    return _resign(actor, offer, standing, note, now, lapsed=True)


def next_offers(call: Call) -> list[int]:
    """Offers that may take freed money, best first: passing the call's threshold in the ranking, not funded
    in the published decision, and not given moved money yet."""
    publication = awards.publication_of(call.id)
    if publication is None:
        return []
    funded = {a.offer_id for a in publication.decision.awards if a.funded}
    decided = {a.offer_id for a in publication.decision.awards}
    moved = {c.offer_id for c in awards.changes_of_call(call.id) if c.kind == AwardChangeKind.reallocation}
    ranking = call_ranking(call)
    return [
        item.offer_id
        for item in ranking.result.items
        if item.passes_threshold and item.offer_id in decided and item.offer_id not in funded | moved
    ]


def move_money(*, actor, call: Call, raw: dict | None = None, now: datetime | None = None) -> AwardChange:
    """The office gives freed money (from resignations) to the next offer of the ranking that was not funded:
    `{offer_id?, amount?, note?}` — the offer defaults to the next one (another is refused, 422 `offer_id`),
    the amount to what it asked for or what is free, whichever is less. A new award, kept beside the
    published results; if it is lower than asked, that offer's update window runs from now."""
    now = now or now_utc()
    require_officer(actor, call.office_id)
    raw = raw if isinstance(raw, dict) else {}
    if awards.publication_of(call.id) is None:
        raise Conflict(_("Wyniki tego naboru nie zostały jeszcze ogłoszone."), code="results_not_published")
    free = awards.freed_money(call.id)
    if free <= 0:
        raise Conflict(
            _("Nie ma środków do przesunięcia: żadna organizacja nie zrezygnowała z dotacji."), code="no_money_to_move"
        )
    candidates = next_offers(call)
    if not candidates:
        raise Conflict(_("W rankingu nie ma kolejnej oferty, która nie otrzymała dotacji."), code="no_next_offer")
    errors = FieldErrors()
    target_id = candidates[0]
    if not is_blank(raw.get("offer_id")):
        try:
            asked_id = int(raw["offer_id"])
        except (TypeError, ValueError):
            asked_id = None
        if asked_id != target_id or isinstance(raw["offer_id"], bool):
            errors.add("offer_id", _("Środki przesuwa się na kolejną ofertę z rankingu, która nie otrzymała dotacji."))
    target = db.session.get(Offer, target_id)
    requested = awards.baseline_version(target).requested_grant
    amount = min(free, requested)
    if not is_blank(raw.get("amount")):
        amount = money(errors, "amount", raw["amount"], positive=True)
        if amount is not None and amount > free:
            errors.add("amount", _("Do przesunięcia jest %(free)s.", free=money_pl(free)))
        elif amount is not None and amount > requested:
            errors.add(
                "amount",
                _("Oferta wnioskowała o %(requested)s; nie można przyznać więcej.", requested=money_pl(requested)),
            )
    note = ""
    try:
        note = _note(raw)
    except ValidationFailed as error:
        for field, messages in error.fields.items():
            for message in messages:
                errors.add(field, message)
    errors.raise_if_any()
    source = next(
        (c.offer_id for c in reversed(awards.changes_of_call(call.id)) if c.kind == AwardChangeKind.resignation),
        None,
    )
    change = AwardChange(
        call_id=call.id,
        offer_id=target.id,
        kind=AwardChangeKind.reallocation,
        amount=amount,
        source_offer_id=source,
        note=note,
        recorded_at=now,
        recorded_by_id=actor.id,
    )
    db.session.add(change)
    db.session.flush()
    decision = _decision_after(actor, call.id, target.id, amount, None, now)
    record(
        "award.move",
        "call",
        call.id,
        actor=actor,
        office_id=call.office_id,
        summary=target.title,
        before={"free": free, "offer_id": target.id, "award": None},
        after={
            "free": free - amount,
            "offer_id": target.id,
            "award": amount,
            "from_offer_id": source,
            "note": note,
            "decision_version": decision.version,
        },
    )
    _mail_new_award(target, change, requested)
    return change


def _mail_new_award(offer: Offer, change: AwardChange, requested: Decimal) -> None:
    subject = _("Przyznano dotację — „%(title)s”", title=offer.title[:150])
    body = _(
        "Po rezygnacji innej organizacji urząd przyznał ofercie „%(title)s” (%(organization)s) w naborze "
        "„%(call)s” dotację w wysokości %(amount)s.\n",
        title=offer.title,
        organization=offer.organization.name,
        call=offer.call.title,
        amount=money_pl(change.amount),
    )
    if change.amount < requested:
        body += _(
            "Kwota jest niższa od wnioskowanej: zaktualizuj ofertę (harmonogram, działania i kosztorys) do %(until)s. "
            "Brak aktualizacji w terminie oznacza rezygnację z dotacji.\n",
            until=deadline_text(rules.update_closes_at(change.recorded_at, offer.call.update_days)),
        )
    for recipient in recipients(offer):
        queue_mail(recipient, subject, body, office_id=offer.call.office_id)
