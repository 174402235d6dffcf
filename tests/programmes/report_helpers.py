"""A small programme's year where every figure of the yearly report is known by hand (`hand_year`), and the
rows of small grants written directly (their operations are another room's)."""

from datetime import date, timedelta
from decimal import Decimal
from types import SimpleNamespace

import pytest

from tests.helpers import TASK_YEAR

PAID_FIRST = Decimal("10000.00")
RETURNED = Decimal("2000.00")


def make_small_grant(db, *, office, organization, status, amount, year=TASK_YEAR, decided_at=None, title=None):
    from grants.clock import now_utc
    from grants.offers.models import Offer, OfferStatus
    from grants.smallgrants.models import SmallGrant, SmallGrantStatus

    status = SmallGrantStatus(status)
    title = title or f"Mały grant: {organization.name}"
    offer = Offer(
        call_id=None,
        organization_id=organization.id,
        status=OfferStatus.draft if status == SmallGrantStatus.draft else OfferStatus.submitted,
        title=title,
        content={"title": title},
    )
    db.session.add(offer)
    db.session.flush()
    decided = status in (SmallGrantStatus.accepted, SmallGrantStatus.refused)
    grant = SmallGrant(
        id=offer.id,
        office_id=office.id,
        organization_id=organization.id,
        status=status,
        budget_year=year,
        title=title,
        requested_grant=Decimal(amount),
        task_start=date(year, 5, 1),
        task_end=date(year, 7, 15),
        received_at=None if status == SmallGrantStatus.draft else now_utc(),
        decided_at=(decided_at or now_utc()) if decided else None,
    )
    db.session.add(grant)
    db.session.flush()
    return grant


def small_grant_contract(db, grant, *, paid_on=None):
    """A signed contract on an accepted small grant, its one tranche paid on `paid_on` (None: unpaid)."""
    from grants.calls.models import CallForm
    from grants.contracts.models import Contract, ContractStatus, Tranche

    sequence = (db.session.scalar(db.select(db.func.max(Contract.sequence))) or 0) + 1
    contract = Contract(
        office_id=grant.office_id,
        call_id=None,
        offer_id=grant.id,
        organization_id=grant.organization_id,
        status=ContractStatus.signed,
        number=f"MG.{sequence}.{grant.budget_year}",
        year=grant.budget_year,
        sequence=sequence,
        form=CallForm.wspieranie,
        task_title=grant.title,
        task_start=grant.task_start,
        task_end=grant.task_end,
        expenses_start=grant.task_start,
        expenses_end=grant.task_end,
        grant_amount=grant.requested_grant,
        cost_shift_tolerance_percent=Decimal("10"),
        signed_on=grant.task_start - timedelta(days=5),
    )
    contract.tranches.append(
        Tranche(number=1, amount=grant.requested_grant, due_date=grant.task_start, paid_on=paid_on)
    )
    db.session.add(contract)
    db.session.flush()
    return contract


@pytest.fixture
def hand_year(awarded, db, make_contract, make_org, make_call, officer, office, other_office):
    """The programme of TASK_YEAR with priorities P1 (50 000 zł) and P2 (20 000 zł):
    - P1: the `awarded` call (3 offers received; `full` 17 020 zł, `lower` 12 000 zł awarded); `full`'s contract
      signed, 10 000 zł of it paid; `lower`'s contract terminated after its 12 000 zł were paid, 2 000 zł
      returned;
    - P2: a call cancelled after publication (no offers) and a draft call (not counted);
    - small grants: A's accepted 8 000 zł (contract, paid), B's refused 5 000 zł, B's draft (not received),
      A's accepted 3 000 zł of the next year (not counted).
    """
    from grants.calls.models import CallStatus
    from grants.calls.operations import create_programme
    from grants.clock import now_utc
    from grants.contracts.models import ContractStatus, GrantReturn

    programme = create_programme(
        actor=officer,
        raw={
            "year": TASK_YEAR,
            "title": f"Program współpracy na {TASK_YEAR} r.",
            "priorities": [
                {"code": "P1", "name": "Integracja cudzoziemców", "budget": "50000.00"},
                {"code": "P2", "name": "Kultura", "budget": "20000.00"},
            ],
        },
    )
    p1, p2 = programme.priorities
    awarded.call.programme_priority_id = p1.id
    cancelled = make_call()
    cancelled.programme_priority_id = p2.id
    cancelled.status = CallStatus.cancelled
    cancelled.published_at = now_utc() - timedelta(days=30)
    cancelled.cancelled_at = now_utc()
    cancelled.cancel_reason = "Zmiana zadań gminy."
    draft = make_call()
    draft.programme_priority_id = p2.id
    paid_day = date(TASK_YEAR, 1, 20)
    full = make_contract(
        awarded.full.id,
        tranches=[(PAID_FIRST, paid_day, paid_day), (Decimal("7020.00"), date(TASK_YEAR, 6, 1), None)],
    )
    lower = make_contract(
        awarded.lower.id, status=ContractStatus.terminated, tranches=[(Decimal("12000.00"), paid_day, paid_day)]
    )
    db.session.add(GrantReturn(contract_id=lower.id, amount=RETURNED, paid_on=date(TASK_YEAR, 3, 1)))
    org_a = make_org("Fundacja Mały Krok")
    org_b = make_org("Stowarzyszenie Sąsiedzi")
    accepted = make_small_grant(db, office=office, organization=org_a, status="accepted", amount="8000.00")
    small_grant_contract(db, accepted, paid_on=date(TASK_YEAR, 5, 2))
    refused = make_small_grant(db, office=office, organization=org_b, status="refused", amount="5000.00")
    make_small_grant(db, office=office, organization=org_b, status="draft", amount="4000.00")
    make_small_grant(db, office=office, organization=org_a, status="accepted", amount="3000.00", year=TASK_YEAR + 1)
    db.session.commit()
    return SimpleNamespace(
        programme=programme,
        awarded=awarded,
        full_contract=full,
        lower_contract=lower,
        small_grant=accepted,
        refused=refused,
        org_a=org_a,
        org_b=org_b,
        cancelled=cancelled,
        draft=draft,
        other_office_id=other_office.id,
    )
