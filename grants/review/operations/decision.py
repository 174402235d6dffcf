"""The office's decision on the offers and the grants (art. 15 ust. 2g), kept in versions."""

from datetime import datetime
from decimal import Decimal

from flask_babel import gettext as _

from grants.audit.log import record
from grants.auth.permissions import require_officer
from grants.calls.models import Call
from grants.clock import now_utc
from grants.errors import Conflict
from grants.extensions import db
from grants.formatting import money_pl
from grants.review import queries, schema
from grants.review.models import Award, Decision
from grants.review.operations.common import require_under_review
from grants.review.ranking import call_ranking


def record_decision(*, actor, call: Call, raw: dict, now: datetime | None = None) -> Decision:
    """The office's choice (art. 15 ust. 2g): `{awards: [{offer_id, amount}], not_funded?: [{offer_id,
    reason}]}`. Each amount > 0 and ≤ the grant requested, only offers that passed the call's threshold, the
    sum within the budget (409 `over_budget`); offers not listed are not funded. Every decision is a new
    version; the latest counts."""
    now = now or now_utc()
    require_officer(actor, call.office_id)
    require_under_review(call)
    ranking = call_ranking(call)
    amounts, reasons = schema.parse_decision(raw, ranking=ranking)
    total = sum(amounts.values(), Decimal("0.00"))
    if total > call.budget_total:
        raise Conflict(
            _(
                "Suma dotacji (%(total)s) przekracza środki przeznaczone na zadanie (%(budget)s).",
                total=money_pl(total),
                budget=money_pl(call.budget_total),
            ),
            code="over_budget",
        )
    latest = queries.latest_decision_version(call)
    decision = Decision(
        call_id=call.id,
        version=(latest + 1) if latest else 1,
        created_at=now,
        created_by_id=actor.id,
        total=total,
    )
    for offer_id in sorted(ranking.offers):
        decision.awards.append(
            Award(
                offer_id=offer_id,
                funded=offer_id in amounts,
                amount=amounts.get(offer_id, Decimal("0.00")),
                requested=ranking.offers[offer_id].requested_grant,
                score=ranking.result.item(offer_id).score,
                reason=reasons.get(offer_id),
            )
        )
    db.session.add(decision)
    db.session.flush()
    record(
        "decision.create",
        "call",
        call.id,
        actor=actor,
        office_id=call.office_id,
        summary=_("Decyzja o wyborze ofert, wersja %(v)d", v=decision.version),
        before={"version": latest} if latest else None,
        after={
            "version": decision.version,
            "total": total,
            "awards": {str(offer_id): amount for offer_id, amount in amounts.items()},
            "not_funded": {str(offer_id): reason for offer_id, reason in reasons.items()},
        },
    )
    return decision
