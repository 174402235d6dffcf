"""The lists behind the yearly report's figures, for its XLSX: the programme's calls, the year's small grants
and the organisations that took part — each one statement (`figures` says what counts)."""

from decimal import Decimal

import sqlalchemy as sa

from grants.calls.models import Call, Programme, ProgrammePriority
from grants.extensions import db
from grants.formatting import iso_date, money_str
from grants.offers.models import Offer
from grants.organizations.models import Organization
from grants.programmes.report.figures import RECEIVED_SMALL_GRANT, programme_calls, year_small_grants
from grants.review.awards import standing_awards_select
from grants.smallgrants.models import SmallGrant, SmallGrantStatus

CENT = Decimal("0.01")


def _money(value) -> str:
    return money_str(Decimal(value or 0).quantize(CENT))


def calls(programme: Programme) -> list[dict]:
    """The programme's calls (drafts too, marked by their status): priority, dates, budget, offers received,
    awarded now."""
    ids = programme_calls(programme)
    standing = standing_awards_select(ids).subquery()
    offers = (
        sa.select(Offer.call_id, sa.func.count(Offer.id).label("n"))
        .where(Offer.call_id.in_(ids), Offer.current_version_id.is_not(None))
        .group_by(Offer.call_id)
        .subquery()
    )
    awarded = (
        sa.select(
            standing.c.call_id,
            sa.func.count(standing.c.offer_id).label("n"),
            sa.func.sum(standing.c.amount).label("amount"),
        )
        .group_by(standing.c.call_id)
        .subquery()
    )
    rows = db.session.execute(
        sa.select(
            Call.id,
            Call.title,
            ProgrammePriority.code,
            Call.status,
            Call.published_at,
            Call.submission_deadline,
            Call.budget_total,
            offers.c.n,
            awarded.c.n,
            awarded.c.amount,
        )
        .outerjoin(ProgrammePriority, ProgrammePriority.id == Call.programme_priority_id)
        .outerjoin(offers, offers.c.call_id == Call.id)
        .outerjoin(awarded, awarded.c.call_id == Call.id)
        .where(Call.id.in_(ids))
        .order_by(Call.id)
    ).all()
    return [
        {
            "id": row[0],
            "title": row[1],
            "priority": row[2] or "",
            "status": row[3].value,
            "published_at": row[4],
            "deadline": row[5],
            "budget": money_str(row[6]),
            "offers": row[7] or 0,
            "funded": row[8] or 0,
            "awarded": _money(row[9]),
        }
        for row in rows
    ]


def small_grants(programme: Programme) -> list[dict]:
    """The year's small grants received by the office (drafts are the NGOs' own and not listed)."""
    rows = db.session.execute(
        sa.select(
            SmallGrant.id,
            Organization.name,
            SmallGrant.title,
            SmallGrant.status,
            SmallGrant.requested_grant,
            SmallGrant.task_start,
            SmallGrant.task_end,
            SmallGrant.received_at,
        )
        .join(Organization, Organization.id == SmallGrant.organization_id)
        .where(SmallGrant.id.in_(year_small_grants(programme.office_id, programme.year)))
        .where(SmallGrant.status.in_(RECEIVED_SMALL_GRANT))
        .order_by(SmallGrant.id)
    ).all()
    return [
        {
            "id": row[0],
            "organization": row[1],
            "title": row[2],
            "status": row[3].value,
            "amount": money_str(row[4]),
            "task_start": iso_date(row[5]),
            "task_end": iso_date(row[6]),
            "received_at": row[7],
        }
        for row in rows
    ]


def organizations(programme: Programme) -> list[dict]:
    """The organisations that took part, by name: KRS, offers received, awarded now (competitions), small
    grants accepted (count, amount) — the XLSX's sheet of organisations."""
    call_ids = programme_calls(programme)
    standing = standing_awards_select(call_ids).subquery()
    offers = (
        sa.select(Offer.organization_id, sa.func.count(Offer.id).label("n"))
        .where(Offer.call_id.in_(call_ids), Offer.current_version_id.is_not(None))
        .group_by(Offer.organization_id)
        .subquery()
    )
    awarded = (
        sa.select(Offer.organization_id, sa.func.sum(standing.c.amount).label("amount"))
        .join(standing, standing.c.offer_id == Offer.id)
        .group_by(Offer.organization_id)
        .subquery()
    )
    small = (
        sa.select(
            SmallGrant.organization_id,
            sa.func.count(SmallGrant.id).filter(SmallGrant.status.in_(RECEIVED_SMALL_GRANT)).label("received"),
            sa.func.count(SmallGrant.id).filter(SmallGrant.status == SmallGrantStatus.accepted).label("n"),
            sa.func.sum(SmallGrant.requested_grant)
            .filter(SmallGrant.status == SmallGrantStatus.accepted)
            .label("amount"),
        )
        .where(SmallGrant.id.in_(year_small_grants(programme.office_id, programme.year)))
        .group_by(SmallGrant.organization_id)
        .subquery()
    )
    rows = db.session.execute(
        sa.select(
            Organization.id,
            Organization.name,
            Organization.krs,
            offers.c.n,
            awarded.c.amount,
            small.c.received,
            small.c.n,
            small.c.amount,
        )
        .outerjoin(offers, offers.c.organization_id == Organization.id)
        .outerjoin(awarded, awarded.c.organization_id == Organization.id)
        .outerjoin(small, small.c.organization_id == Organization.id)
        .where(sa.or_(offers.c.n.is_not(None), small.c.received > 0))
        .order_by(Organization.name, Organization.id)
    ).all()
    return [
        {
            "id": row[0],
            "name": row[1],
            "krs": row[2] or "",
            "offers": row[3] or 0,
            "awarded": _money(row[4]),
            "small_grants": row[6] or 0,
            "small_grants_amount": _money(row[7]),
        }
        for row in rows
    ]
