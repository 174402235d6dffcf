"""Small grants (art. 19a) for the contract tests, written directly in the shape the small-grant rooms leave
behind (prompts' sg_shape: an `Offer` with no call, its frozen `OfferVersion` whose document is the
simplified offer of Dz.U. 2018 poz. 2055, and the `SmallGrant` row with the same id) — so these tests do not
depend on how the offer was drafted, published or decided."""

import copy
from datetime import date, timedelta
from decimal import Decimal

SMALL_GRANT = Decimal("8000.00")


def _line(name, unit, quantity, unit_cost, grant_part) -> dict:
    return {"name": name, "unit": unit, "quantity": quantity, "unit_cost": unit_cost, "grant_part": grant_part}


def small_grant_content(task_start: date, task_end: date | None = None) -> dict:
    """A normalised small-grant offer: three cost lines of 8 600,00 zł, 8 000,00 zł of them from the grant."""
    task_end = task_end or task_start + timedelta(days=59)
    return {
        "title": "Podwórkowe lato z sąsiadami",
        "task_type": "działalność na rzecz integracji społecznej",
        "task_start": task_start.isoformat(),
        "task_end": task_end.isoformat(),
        "place": "Opole, osiedle Malinka",
        "summary": "Sześć sobotnich spotkań na podwórku dla dzieci i rodziców z osiedla.",
        "target_group": "Dzieci 6–12 lat i ich rodzice (ok. 40 osób).",
        "actions": "Warsztaty plastyczne, gry podwórkowe, piknik na zakończenie.",
        "results": "Sąsiedzi się poznają; powstaje grupa, która zorganizuje kolejne spotkania.",
        "results_table": [
            {"result": "Liczba spotkań", "planned_level": "6", "verification": "listy obecności"},
            {"result": "Liczba uczestników", "planned_level": "40", "verification": "listy obecności"},
        ],
        "cost_items": [
            _line("Materiały plastyczne", "komplet", "6.00", "500.00", "3000.00"),
            _line("Animator", "godzina", "40.00", "100.00", "4000.00"),
            _line("Piknik", "usługa", "1.00", "1600.00", "1000.00"),
        ],
        "own_financial": "300.00",
        "own_non_financial": "500.00",
        "other_sources": "300.00",
        "contact": {"full_name": "Marta Zielińska", "phone": "+48 600 100 200", "email": "marta@geko.example"},
        "statements": {"accepted": True},
    }


def make_small_grant(db, office, organization, *, status="accepted", task_start: date | None = None, content=None):
    """An offer outside a competition (art. 19a) received, published and — by default — accepted after the
    7 days for comments; returns the `SmallGrant` (its id is the offer's)."""
    from grants.clock import now_utc, warsaw_date
    from grants.offers import control
    from grants.offers.models import Offer, OfferStatus, OfferVersion
    from grants.smallgrants.models import SmallGrant, SmallGrantStatus

    now = now_utc()
    task_start = task_start or warsaw_date(now) + timedelta(days=14)
    content = copy.deepcopy(content or small_grant_content(task_start))
    grant = sum((Decimal(i["grant_part"]) for i in content["cost_items"]), Decimal("0.00"))
    total = sum(
        ((Decimal(i["quantity"]) * Decimal(i["unit_cost"])).quantize(Decimal("0.01")) for i in content["cost_items"]),
        Decimal("0.00"),
    )
    status = SmallGrantStatus(status)
    offer = Offer(
        call_id=None,
        organization_id=organization.id,
        status=OfferStatus.draft if status == SmallGrantStatus.draft else OfferStatus.submitted,
        title=content["title"],
        content=content,
        lock_version=0,
    )
    db.session.add(offer)
    db.session.flush()
    received = now - timedelta(days=20)
    small_grant = SmallGrant(
        id=offer.id,
        office_id=office.id,
        organization_id=organization.id,
        status=status,
        budget_year=task_start.year,
        title=content["title"],
        requested_grant=grant,
        task_start=date.fromisoformat(content["task_start"]),
        task_end=date.fromisoformat(content["task_end"]),
    )
    db.session.add(small_grant)
    if status != SmallGrantStatus.draft:
        document = {
            "form": "small_grant_2055",
            "content": content,
            "figures": {
                "total_cost": str(total),
                "requested_grant": str(grant),
                "own_financial": content["own_financial"],
                "own_non_financial": content["own_non_financial"],
                "other_sources": content["other_sources"],
            },
            "organization": control.organization_snapshot(organization, representing=True),
            "office": {"id": office.id, "name": office.name},
            "received_at": received.isoformat(),
        }
        sum_hex = control.control_sum(document)
        version = OfferVersion(
            offer_id=offer.id,
            call_id=None,
            number=1,
            document=document,
            control_sum=sum_hex,
            control_code=control.control_code(sum_hex),
            total_cost=total,
            requested_grant=grant,
            submitted_at=received,
        )
        db.session.add(version)
        db.session.flush()
        offer.current_version_id = version.id
        small_grant.received_at = received
    if status in (SmallGrantStatus.published, SmallGrantStatus.accepted, SmallGrantStatus.refused):
        small_grant.published_at = received + timedelta(days=2)
        published = small_grant.published_at.isoformat()
        small_grant.publications = dict.fromkeys(("bip", "noticeboard", "website"), published)
        small_grant.comments_until = received + timedelta(days=10)
    if status in (SmallGrantStatus.accepted, SmallGrantStatus.refused):
        small_grant.decided_at = received + timedelta(days=11)
        if status == SmallGrantStatus.refused:
            small_grant.decision_reason = "Zadanie nie jest celowe."
    db.session.commit()
    return small_grant


def tranches_for(grant: Decimal = SMALL_GRANT, *, first: date | None = None) -> list[dict]:
    """One tranche of the whole grant (a small grant is usually paid at once), today."""
    from tests.contracts.helpers import today

    return [{"amount": str(grant), "due_date": (first or today()).isoformat()}]
