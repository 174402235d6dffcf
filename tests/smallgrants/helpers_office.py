"""Helpers of the office's and the public side of small grants: a small grant as the NGO's submission leaves it
(an `Offer` with `call_id` NULL, its frozen `OfferVersion`, the `SmallGrant` row), written directly so these
tests do not depend on the drafting room; a programme of the budget year (ust. 7's 20 % is counted from it)."""

from datetime import date, datetime, timedelta
from decimal import Decimal

from grants.clock import WARSAW, now_utc, warsaw_date

TITLE = "Warsztaty kulinarne dla sąsiadów z Ukrainy"


def content(grant: Decimal, task_start: date, title: str = TITLE) -> dict:
    """The simplified offer's content (sg_shape.md), one cost line carrying the whole grant."""
    amount = f"{grant:.2f}"
    return {
        "title": title,
        "task_type": "Działalność na rzecz integracji cudzoziemców",
        "task_start": task_start.isoformat(),
        "task_end": (task_start + timedelta(days=29)).isoformat(),
        "place": "Opole, Centrum Dialogu Obywatelskiego",
        "summary": "Cztery spotkania kulinarne sąsiadów z Opola i z Ukrainy.",
        "target_group": "Mieszkańcy dzielnicy Zaodrze, 40 osób.",
        "actions": "Zakup produktów, prowadzenie warsztatów, spotkanie podsumowujące.",
        "results": "40 uczestników, 4 warsztaty, zeszyt przepisów.",
        "results_table": [{"result": "Warsztaty", "planned_level": "4", "verification": "Listy obecności"}],
        "cost_items": [
            {
                "name": "Produkty spożywcze",
                "unit": "komplet",
                "quantity": "1.00",
                "unit_cost": amount,
                "grant_part": amount,
            }
        ],
        "own_financial": "0.00",
        "own_non_financial": "0.00",
        "other_sources": "0.00",
        "contact": {"full_name": "Olena Kowalczuk", "phone": "600 100 200", "email": "olena@geko.example"},
        "statements": {"accepted": True},
    }


def warsaw(year, month, day, hour=10, minute=0) -> datetime:
    return datetime(year, month, day, hour, minute, tzinfo=WARSAW)


def make_small_grant(
    office,
    organization,
    *,
    grant="5000.00",
    received_at: datetime | None = None,
    task_start: date | None = None,
    status: str = "submitted",
    published_at: datetime | None = None,
    title: str = TITLE,
):
    """A small grant handed in at `received_at` (default: now), as submission leaves it; `status`
    published/accepted/refused also fills what publication (and the decision) would have."""
    from grants.extensions import db
    from grants.offers.models import Offer, OfferStatus, OfferVersion
    from grants.smallgrants import rules
    from grants.smallgrants.models import SmallGrant, SmallGrantStatus

    grant = Decimal(grant)
    received_at = received_at or now_utc()
    task_start = task_start or warsaw_date(now_utc()) + timedelta(days=40)
    body = content(grant, task_start, title)
    offer = Offer(
        call_id=None,
        organization_id=organization.id,
        status=OfferStatus.submitted,
        title=title,
        content=body,
    )
    db.session.add(offer)
    db.session.flush()
    version = OfferVersion(
        offer_id=offer.id,
        call_id=None,
        number=1,
        document={
            "form": "small_grant_2055",
            "content": body,
            "figures": {"total_cost": str(grant), "requested_grant": str(grant)},
            "organization": {"name": organization.name},
            "office": {"id": office.id, "name": office.name},
            "received_at": received_at.isoformat(),
        },
        control_sum=f"{offer.id:064x}",
        control_code=f"SG{offer.id:010d}",
        total_cost=grant,
        requested_grant=grant,
        submitted_at=received_at,
    )
    db.session.add(version)
    db.session.flush()
    offer.current_version_id = version.id
    small_grant = SmallGrant(
        id=offer.id,
        office_id=office.id,
        organization_id=organization.id,
        status=SmallGrantStatus(status),
        budget_year=task_start.year,
        title=title,
        requested_grant=grant,
        task_start=task_start,
        task_end=task_start + timedelta(days=29),
        received_at=received_at,
    )
    if status in ("published", "accepted") or published_at is not None:
        moment = published_at or received_at
        small_grant.publications = {c: moment.isoformat() for c in ("bip", "noticeboard", "website")}
        small_grant.published_at = moment
        small_grant.comments_until = rules.comments_until(moment)
    if status in ("accepted", "refused"):
        small_grant.decided_at = received_at
        small_grant.decision_reason = None if status == "accepted" else "Nie."
    db.session.add(small_grant)
    db.session.commit()
    return small_grant


def make_programme(office, year: int, budget="100000.00"):
    """The office's cooperation programme for `year` with one priority of `budget` (the grants planned)."""
    from grants.calls.models import Programme, ProgrammePriority
    from grants.extensions import db

    programme = Programme(office_id=office.id, year=year, title=f"Program współpracy na {year} r.")
    programme.priorities = [ProgrammePriority(code="1", name="Integracja", budget=Decimal(budget), position=0)]
    db.session.add(programme)
    db.session.commit()
    return programme


def desk_world(api, office, officer, make_org):
    """The Opole office, its officer's API client, an organisation with one member, and the budget year's
    programme (100 000 zł planned: ust. 7's cap is 20 000 zł)."""
    from types import SimpleNamespace

    from tests.helpers import make_user

    member = make_user("olena@geko.example", "Olena Kowalczuk")
    organization = make_org("Fundacja GEKO", members=[member])
    year = (warsaw_date(now_utc()) + timedelta(days=40)).year
    make_programme(office, year)
    return SimpleNamespace(
        office=office,
        officer=officer,
        api=api(officer),
        anonymous=api(),
        organization=organization,
        member=member,
        year=year,
    )
