"""Helpers of the contract tests: tranche schedules, the offer's update (aktualizacja) written directly, a
counter of SQL statements."""

import copy
from datetime import date, timedelta
from decimal import Decimal

from tests.fixtures.contracts import FULL_GRANT


def today() -> date:
    from grants.clock import now_utc, warsaw_date

    return warsaw_date(now_utc())


def two_tranches(grant: Decimal = FULL_GRANT, *, first: date | None = None) -> list[dict]:
    """Two tranches adding up to `grant`: the first today, the second a month later."""
    first = first or today()
    half = (grant / 2).quantize(Decimal("0.01"))
    return [
        {"amount": str(half), "due_date": first.isoformat()},
        {"amount": str(grant - half), "due_date": (first + timedelta(days=30)).isoformat()},
    ]


def write_update(db, offer, grant: Decimal):
    """What the offer's update (another room's operation) leaves behind: a new current version whose grant
    is `grant` (the first cost line's grant part lowered by the difference)."""
    from grants.clock import now_utc
    from grants.offers.models import Offer, OfferVersion

    offer = db.session.get(Offer, getattr(offer, "id", offer))
    current = offer.current_version
    document = copy.deepcopy(current.document)
    lines = document["content"]["cost_items"]
    difference = current.requested_grant - grant
    lines[0]["grant_part"] = str(Decimal(lines[0]["grant_part"]) - difference)
    version = OfferVersion(
        offer_id=offer.id,
        call_id=offer.call_id,
        number=current.number + 1,
        document=document,
        control_sum="f" * 64,
        control_code=f"UPD{offer.id:09d}",
        total_cost=current.total_cost - difference,
        requested_grant=grant,
        submitted_at=now_utc(),
    )
    db.session.add(version)
    db.session.flush()
    offer.current_version_id = version.id
    db.session.flush()
    db.session.expire(offer)
    return version
