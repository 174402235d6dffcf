"""The office publishes a small-grant offer (art. 19a ust. 3): in the three places — BIP, its noticeboard,
its website — within 7 working days of the offer's receipt, for 7 days of comments (ust. 4), and only while
the office's small grants of the budget year stay within 20 % of the grants it planned for NGOs (ust. 7)."""

from datetime import datetime

from flask_babel import gettext as _

from grants.audit.log import record
from grants.auth.permissions import require_officer
from grants.calls.models import Channel
from grants.calls.schema import parse_publications
from grants.clock import now_utc
from grants.errors import Conflict, FieldErrors
from grants.extensions import db
from grants.formatting import date_pl, money_pl
from grants.offices.models import Office
from grants.smallgrants import office_queries, rules
from grants.smallgrants.models import SmallGrant, SmallGrantStatus
from grants.smallgrants.operations.notices import tell_published


def lock_office(office_id: int) -> None:
    """Take the office's row (SELECT … FOR UPDATE) before a yearly sum is read and a small grant added to it:
    two officers publishing (or accepting) at the same moment are counted one after the other, so together
    they cannot pass a limit that each alone would not."""
    db.session.scalar(
        db.select(Office.id).where(Office.id == office_id).with_for_update().execution_options(populate_existing=True)
    )


def _publications(raw, small_grant: SmallGrant, now: datetime) -> dict[Channel, datetime]:
    errors = FieldErrors()
    if raw is None:
        return dict.fromkeys(Channel, now)
    publications = parse_publications(raw, errors) or {}
    for moment in publications.values():
        if moment is None:
            continue
        if moment > now:
            errors.add("publications", _("Publikacja nie może mieć daty z przyszłości."))
        elif small_grant.received_at is not None and moment < small_grant.received_at:
            errors.add("publications", _("Publikacja nie może być wcześniejsza niż wpływ oferty."))
    errors.raise_if_any()
    return publications


def year_share_check(small_grant: SmallGrant) -> None:
    """Ust. 7: the office's small grants of the budget year (published, accepted and this one) may not pass
    20 % of the grants planned for NGOs' tasks that year — the budgets of the office's programmes."""
    year = small_grant.budget_year
    planned = office_queries.planned_grants(small_grant.office_id, year)
    if planned is None:
        raise Conflict(
            _(
                "Urząd nie ma programu współpracy na rok %(year)d: nie wiadomo, ile wynosi 20%% dotacji "
                "planowanych na ten rok (art. 19a ust. 7 ustawy). Dodaj program z budżetem, zanim opublikujesz "
                "ofertę.",
                year=year,
            ),
            code="over_year_share",
        )
    already = office_queries.office_year_total(small_grant.office_id, year, excluding=small_grant.id)
    if rules.over_office_share(planned, already, small_grant.requested_grant):
        raise Conflict(
            _(
                "Dotacje w trybie art. 19a przekroczyłyby 20%% dotacji planowanych na rok %(year)d "
                "(art. 19a ust. 7 ustawy): limit %(cap)s, już opublikowane i przyjęte %(already)s, ta oferta "
                "%(grant)s.",
                year=year,
                cap=money_pl(rules.office_year_cap(planned)),
                already=money_pl(already),
                grant=money_pl(small_grant.requested_grant),
            ),
            code="over_year_share",
        )


def publish_small_grant(*, actor, small_grant: SmallGrant, publications_raw=None, now: datetime | None = None):
    """Record the three publications and open the 7 days of comments. `publications_raw` is
    [{channel, published_at}] for all three channels, or None for "all three now"."""
    require_officer(actor, small_grant.office_id)
    now = now or now_utc()
    if not small_grant.can_move_to(SmallGrantStatus.published):
        raise Conflict(_("Opublikować można tylko ofertę złożoną, jeszcze nieopublikowaną."), code="not_submitted")
    publications = _publications(publications_raw, small_grant, now)
    last = max(publications.values())
    if rules.publication_late(small_grant.received_at, last):
        raise Conflict(
            _(
                "Ofertę trzeba było opublikować najpóźniej %(day)s — w ciągu 7 dni roboczych od jej wpływu "
                "(art. 19a ust. 3 ustawy).",
                day=date_pl(rules.publish_by(small_grant.received_at)),
            ),
            code="publication_late",
        )
    lock_office(small_grant.office_id)
    year_share_check(small_grant)
    small_grant.publications = {channel.value: moment.isoformat() for channel, moment in publications.items()}
    small_grant.published_at = last
    small_grant.published_by_id = actor.id
    small_grant.comments_until = rules.comments_until(last)
    small_grant.status = SmallGrantStatus.published
    small_grant.lock_version += 1
    small_grant.updated_at = now
    db.session.flush()
    record(
        "small_grant.publish",
        "small_grant",
        small_grant.id,
        actor=actor,
        office_id=small_grant.office_id,
        summary=small_grant.title,
        before={"status": "submitted"},
        after={
            "status": "published",
            "publications": small_grant.publications,
            "comments_until": small_grant.comments_until,
        },
    )
    tell_published(small_grant)
    return small_grant
