"""Who holds an award after the results: the published decision's awards as issued, with the changes kept
beside them (`AwardChange`: resignations and moved money), and the update (aktualizacja) each award asks for.

This is the one place that answers "what is this offer awarded now?": the contract is drawn up on
`standing_award(offer_id)` (None: not funded, resigned, or the results are not published), and the update
must bring the offer's requested grant to exactly `standing.amount`.

Time-derived states are never stored: whether the update window is open, closed or missed depends on
`now` (`update_state`).
"""

from dataclasses import dataclass
from datetime import datetime
from decimal import Decimal

import sqlalchemy as sa
from sqlalchemy.orm import lazyload

from grants.calls.models import Call, CallStatus
from grants.extensions import db
from grants.formatting import iso_date, iso_warsaw, money_str
from grants.offers.models import Offer, OfferVersion
from grants.review import rules
from grants.review.models import Award, AwardChange, AwardChangeKind, ResultsPublication


@dataclass(frozen=True)
class Standing:
    """An offer's award as it stands now."""

    offer_id: int
    amount: Decimal
    award: Award | None  # its line in the published decision (for moved money: the line that was not funded)
    change: AwardChange | None  # the reallocation that gave the money, if it came that way
    granted_at: datetime  # when the award reached the offer: the results, or the reallocation
    resignation: AwardChange | None  # set when the award was given up (then it stands no more)

    @property
    def resigned(self) -> bool:
        return self.resignation is not None


def publication_of(call_id: int) -> ResultsPublication | None:
    publication = db.session.scalar(db.select(ResultsPublication).where(ResultsPublication.call_id == call_id))
    call = db.session.get(Call, call_id)
    if publication is None or call is None or call.status != CallStatus.resolved:
        return None
    return publication


def changes_of_call(call_id: int) -> list[AwardChange]:
    return list(
        db.session.scalars(db.select(AwardChange).where(AwardChange.call_id == call_id).order_by(AwardChange.id))
    )


def changes_of_offer(offer_id: int) -> dict[AwardChangeKind, AwardChange]:
    # The offer is the caller's (`.offer` is then read from the session): joined again, it would load its
    # call's, versions' and partners' collections once more, a dozen statements for each offer asked about.
    rows = db.session.scalars(
        db.select(AwardChange).where(AwardChange.offer_id == offer_id).options(lazyload(AwardChange.offer))
    )
    return {row.kind: row for row in rows}


def _published_award(publication: ResultsPublication, offer_id: int) -> Award | None:
    """The offer's line of the published decision, without loading the decision's other lines (hundreds in a
    national call, and a contract is drawn up offer by offer) nor the offer again (see `changes_of_offer`)."""
    return db.session.scalar(
        db.select(Award)
        .where(Award.decision_id == publication.decision_id, Award.offer_id == offer_id)
        .options(lazyload(Award.offer))
    )


def award_record(offer: Offer) -> Standing | None:
    """The offer's award with its history (resigned ones too); None if it never had one."""
    publication = publication_of(offer.call_id)
    if publication is None:
        return None
    award = _published_award(publication, offer.id)
    changes = changes_of_offer(offer.id)
    moved = changes.get(AwardChangeKind.reallocation)
    if moved is not None:
        return Standing(
            offer.id, moved.amount, award, moved, moved.recorded_at, changes.get(AwardChangeKind.resignation)
        )
    if award is None or not award.funded:
        return None
    return Standing(
        offer.id, award.amount, award, None, publication.published_at, changes.get(AwardChangeKind.resignation)
    )


def standing_award(offer_id: int) -> Standing | None:
    """What the offer is awarded now: None when it was not funded, when it resigned, or before the results."""
    offer = db.session.get(Offer, offer_id)
    if offer is None:
        return None
    record = award_record(offer)
    return None if record is None or record.resigned else record


def standing_awards_select(call_ids):
    """`standing_award`'s rule for many calls in one statement: (offer_id, call_id, amount, granted_at) of every
    award standing now in the calls `call_ids` (a select of call ids) — the published decision's funded lines
    without a reallocation, then the reallocations, less every offer that resigned. For the yearly report and
    the office's open data, which must not ask offer by offer."""
    resigned = sa.select(AwardChange.offer_id).where(AwardChange.kind == AwardChangeKind.resignation)
    moved = sa.select(AwardChange.offer_id).where(AwardChange.kind == AwardChangeKind.reallocation)
    published = (
        sa.select(ResultsPublication.call_id, ResultsPublication.decision_id, ResultsPublication.published_at)
        .join(Call, Call.id == ResultsPublication.call_id)
        .where(Call.status == CallStatus.resolved, ResultsPublication.call_id.in_(call_ids))
        .subquery()
    )
    from_results = (
        sa.select(
            Award.offer_id.label("offer_id"),
            published.c.call_id.label("call_id"),
            Award.amount.label("amount"),
            published.c.published_at.label("granted_at"),
        )
        .join(published, Award.decision_id == published.c.decision_id)
        .where(Award.funded.is_(True), Award.offer_id.not_in(moved), Award.offer_id.not_in(resigned))
    )
    from_changes = (
        sa.select(AwardChange.offer_id, AwardChange.call_id, AwardChange.amount, AwardChange.recorded_at)
        .join(published, published.c.call_id == AwardChange.call_id)
        .where(AwardChange.kind == AwardChangeKind.reallocation, AwardChange.offer_id.not_in(resigned))
    )
    return sa.union_all(from_results, from_changes)


def baseline_version(offer: Offer) -> OfferVersion | None:
    """The version the award was given on: the latest one that is not an update."""
    for version in reversed(offer.versions):
        if not (version.document or {}).get("update"):
            return version
    return None


def update_version(offer: Offer) -> OfferVersion | None:
    """The latest update, if the offer was updated (and the update is its current version)."""
    current = offer.current_version
    if current is not None and (current.document or {}).get("update"):
        return current
    return None


def update_required(record: Standing, offer: Offer) -> bool:
    """An update is due when the award is lower than what the offer asked for in the version it was given on."""
    baseline = baseline_version(offer)
    return baseline is not None and record.amount < baseline.requested_grant


def update_closes_at(record: Standing, offer: Offer) -> datetime:
    return rules.update_closes_at(record.granted_at, offer.call.update_days)


def update_last_day(record: Standing, offer: Offer):
    return rules.update_last_day(record.granted_at, offer.call.update_days)


# The states an award is in after the results (shown to the officer and the organisation):
#   not_required — awarded what it asked for, nothing to update;
#   due — the window is open and no update came yet;        updated — the update came (current version);
#   missed — the window closed without an update: a resignation to be recorded;
#   resigned — given up (by the organisation, or recorded by the office).
UPDATE_STATES = ("not_required", "due", "updated", "missed", "resigned")


def update_state(record: Standing, offer: Offer, now: datetime) -> str:
    if record.resigned:
        return "resigned"
    if not update_required(record, offer):
        return "not_required"
    current = offer.current_version
    if current is not None and current.requested_grant == record.amount and update_version(offer) is not None:
        return "updated"
    if now < update_closes_at(record, offer):
        return "due"
    return "missed"


def freed_money(call_id: int) -> Decimal:
    """The money given up by resignations and not yet moved to another offer."""
    changes = changes_of_call(call_id)
    given_up = sum((c.amount for c in changes if c.kind == AwardChangeKind.resignation), Decimal("0.00"))
    moved = sum((c.amount for c in changes if c.kind == AwardChangeKind.reallocation), Decimal("0.00"))
    return given_up - moved


def update_view(offer: Offer, standing: Standing | None, now: datetime) -> dict:
    """What the pages and the API say about an offer's update: the award, the window, the state."""
    if standing is None:
        return {"state": None}
    baseline = baseline_version(offer)
    return {
        "state": update_state(standing, offer, now),
        "award": standing.amount,
        "requested_in_offer": baseline.requested_grant if baseline else None,
        "last_day": update_last_day(standing, offer),
        "closes_at": update_closes_at(standing, offer),
        "granted_at": standing.granted_at,
        "resignation": standing.resignation,
        "update_version": update_version(offer),
        "baseline_version": baseline,
    }


def awarded_offers(call_id: int) -> list[Offer]:
    """Every offer that held an award after the results: funded in the published decision, or given moved
    money — in the order of the results, moved money last."""
    publication = publication_of(call_id)
    if publication is None:
        return []
    ids = [item["offer_id"] for item in publication.items if item["funded"]]
    ids += [c.offer_id for c in changes_of_call(call_id) if c.kind == AwardChangeKind.reallocation]
    offers = {o.id: o for o in db.session.scalars(db.select(Offer).where(Offer.id.in_(ids)))}
    return [offers[i] for i in ids if i in offers]


def overview(call_id: int, now: datetime) -> list[dict]:
    """The officer's table: each awarded offer with its update's state."""
    rows = []
    for offer in awarded_offers(call_id):
        record = award_record(offer)
        if record is not None:
            rows.append({"offer": offer, "standing": record, **update_view(offer, record, now)})
    return rows


def update_to_api(offer: Offer, view: dict) -> dict:
    if view.get("state") is None:
        return {"offer_id": offer.id, "state": None}
    update = view["update_version"]
    resignation = view["resignation"]
    return {
        "offer_id": offer.id,
        "state": view["state"],
        "award": money_str(view["award"]),
        "requested_in_offer": money_str(view["requested_in_offer"]),
        "last_day": iso_date(view["last_day"]),
        "closes_at": iso_warsaw(view["closes_at"]),
        "granted_at": iso_warsaw(view["granted_at"]),
        "version": update.number if update else None,
        "control_sum": update.control_sum if update else None,
        "control_code": update.control_code if update else None,
        "resigned_at": iso_warsaw(resignation.recorded_at) if resignation else None,
        "lapsed": resignation.lapsed if resignation else None,
    }


def change_to_api(change: AwardChange) -> dict:
    return {
        "id": change.id,
        "kind": change.kind.value,
        "offer_id": change.offer_id,
        "organization": change.offer.organization.name,
        "task_title": change.offer.title,
        "amount": money_str(change.amount),
        "from_offer_id": change.source_offer_id,
        "lapsed": change.lapsed,
        "note": change.note,
        "recorded_at": iso_warsaw(change.recorded_at),
    }
