"""The office's decision on a small-grant offer (art. 19a ust. 5–6): after the 7 days of comments it accepts
the offer (a contract follows) or refuses it with a reason; an offer not worth publishing may be refused
before publication. Accepting keeps the organisation within 20 000 zł of small grants from this office in
the budget year."""

from datetime import datetime

from flask_babel import gettext as _

from grants.audit.log import record
from grants.auth.permissions import require_officer
from grants.clock import now_utc
from grants.errors import Conflict, FieldErrors
from grants.extensions import db
from grants.formatting import datetime_pl, money_pl
from grants.parsing import is_blank, text
from grants.smallgrants import office_queries, rules
from grants.smallgrants.models import SmallGrant, SmallGrantStatus
from grants.smallgrants.operations.notices import tell_decided
from grants.smallgrants.operations.publication import lock_office

OUTCOMES = {"accepted": SmallGrantStatus.accepted, "refused": SmallGrantStatus.refused}
REASON_MAX = 4000


def parse_decision(raw: dict) -> tuple[SmallGrantStatus, str | None]:
    errors = FieldErrors()
    outcome = OUTCOMES.get(raw.get("outcome")) if isinstance(raw.get("outcome"), str) else None
    if outcome is None:
        errors.add("outcome", _("Wybierz: accepted (przyjęcie oferty) albo refused (odmowa)."))
    reason = text(errors, "reason", raw.get("reason"), limit=REASON_MAX)
    if outcome == SmallGrantStatus.refused and is_blank(raw.get("reason")):
        errors.add("reason", _("Podaj uzasadnienie odmowy."))
    errors.raise_if_any()
    return outcome, reason


def organization_limit_check(small_grant: SmallGrant) -> None:
    """Ust. 6: the grants this office gives the organisation in this mode in the year stay within 20 000 zł."""
    already = office_queries.organization_year_total(
        small_grant.organization_id, small_grant.office_id, small_grant.budget_year, excluding=small_grant.id
    )
    if rules.over_organization_limit(already, small_grant.requested_grant):
        raise Conflict(
            _(
                "Organizacja otrzymałaby od urzędu w trybie art. 19a w roku %(year)d więcej niż %(limit)s "
                "(art. 19a ust. 6 ustawy): już przyjęte %(already)s, ta oferta %(grant)s.",
                year=small_grant.budget_year,
                limit=money_pl(rules.ORGANIZATION_YEAR_LIMIT),
                already=money_pl(already),
                grant=money_pl(small_grant.requested_grant),
            ),
            code="organization_year_limit",
        )


def decide_small_grant(*, actor, small_grant: SmallGrant, raw: dict, now: datetime | None = None) -> SmallGrant:
    require_officer(actor, small_grant.office_id)
    now = now or now_utc()
    outcome, reason = parse_decision(raw)
    if not small_grant.can_move_to(outcome):
        raise Conflict(_("O tej ofercie nie można już zdecydować."), code="not_decidable")
    if small_grant.status == SmallGrantStatus.published and small_grant.comments_open(now):
        # The comments are heard before the office decides, whichever way (art. 19a ust. 4–5).
        raise Conflict(
            _(
                "Uwagi do oferty można zgłaszać do %(until)s; decyzję podejmuje się po tym terminie "
                "(art. 19a ust. 4–5 ustawy).",
                until=datetime_pl(small_grant.comments_until),
            ),
            code="comments_open",
        )
    if outcome == SmallGrantStatus.accepted:
        lock_office(small_grant.office_id)
        organization_limit_check(small_grant)
    before = small_grant.status.value
    small_grant.status = outcome
    small_grant.decided_at = now
    small_grant.decided_by_id = actor.id
    small_grant.decision_reason = reason
    small_grant.lock_version += 1
    small_grant.updated_at = now
    db.session.flush()
    record(
        "small_grant.decision",
        "small_grant",
        small_grant.id,
        actor=actor,
        office_id=small_grant.office_id,
        summary=small_grant.title,
        before={"status": before},
        after={"status": outcome.value, "reason": reason},
    )
    tell_decided(small_grant)
    return small_grant
