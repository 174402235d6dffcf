"""Reminders under contention, on real PostgreSQL: two workers run the same day's reminders at the same
moment (released by a barrier), each in its own session and connection, for 10 contracts whose final
report is due. Each reminder goes exactly once: one SentReminder row per contract and the messages of one
run — the second run's INSERT waits for the first's commit and inserts nothing."""

import threading
from datetime import date
from decimal import Decimal

from tests.helpers import PASSWORD, POSTGRES_RACE, TASK_YEAR, call_payload
from tests.offers.helpers import offer_body

pytestmark = POSTGRES_RACE

N_CONTRACTS = 10
TODAY = date(2026, 12, 5)


def _setup():
    from grants.auth.operations import create_staff_user, register_ngo_user
    from grants.calls.operations import create_call, publish_call
    from grants.contracts.models import Contract, ContractCostItem, ContractStatus, Tranche
    from grants.extensions import db
    from grants.offers import operations
    from grants.offices.operations import create_office
    from grants.organizations.models import LegalForm, Membership, Organization

    office = create_office(slug="opole", name="Urząd Miasta Opola")
    officer = create_staff_user(
        actor=None, email="officer@opole.example", password=PASSWORD, full_name="A", role="officer", office=office
    )
    call = create_call(
        actor=officer,
        raw=call_payload(
            budget_total="9999999.00", grant_max=None, task_start=f"{TASK_YEAR}-01-10", task_end=f"{TASK_YEAR}-12-15"
        ),
    )
    publish_call(actor=officer, call=call)
    user = register_ngo_user(email="ngo@geko.example", password=PASSWORD, full_name="Olena", verified=True)
    org = Organization(
        name="Fundacja GEKO",
        legal_form=LegalForm.fundacja,
        street="ul. A 1",
        postal_code="45-068",
        city="Opole",
        email="biuro@geko.example",
        bank_account="61109010140000071219812874",
        representatives=[],
        representation_rule="",
    )
    db.session.add(org)
    db.session.flush()
    db.session.add(Membership(organization_id=org.id, user_id=user.id))
    for n in range(N_CONTRACTS):
        offer = operations.create_offer(actor=user, call=call, raw={"organization_id": org.id, "title": f"O{n}"})
        operations.update_offer(actor=user, offer=offer, raw=offer_body(title=f"Oferta {n}"))
        operations.submit_offer(actor=user, offer=offer)
        contract = Contract(
            office_id=office.id,
            call_id=call.id,
            offer_id=offer.id,
            organization_id=org.id,
            status=ContractStatus.signed,
            number=f"CDO-RIPS.525.{n + 1}.2026",
            year=2026,
            sequence=n + 1,
            form=call.form,
            task_title=f"Oferta {n}",
            task_start=date(2026, 3, 1),
            task_end=date(2026, 11, 10),  # the final report is due Thu 10 Dec 2026 (art. 18 ust. 1)
            expenses_start=date(2026, 3, 1),
            expenses_end=date(2026, 11, 10),
            grant_amount=Decimal("1000.00"),
            cost_shift_tolerance_percent=Decimal("10.00"),
        )
        contract.cost_items.append(
            ContractCostItem(
                name="Lektor", quantity=Decimal("1"), unit_cost=Decimal("1000.00"), grant_part=Decimal("1000.00")
            )
        )
        contract.tranches.append(Tranche(number=1, amount=Decimal("1000.00"), due_date=date(2026, 3, 1)))
        db.session.add(contract)
    db.session.commit()


def _run(app, barrier, outcomes, key):
    from grants.contracts.operations.reminders import send_due_reminders
    from grants.extensions import db

    with app.app_context():
        try:
            barrier.wait(timeout=60)
            outcomes[key] = ("sent", send_due_reminders(TODAY))
        except Exception as error:  # anything else fails the test below
            db.session.rollback()
            outcomes[key] = ("error", repr(error))
        finally:
            db.session.remove()


def test_two_workers_remind_of_the_same_dues_at_once(make_app):
    from grants.contracts.models import SentReminder
    from grants.extensions import db
    from grants.mail import OutboundMail

    app = make_app(SQLALCHEMY_ENGINE_OPTIONS={"pool_size": 4, "max_overflow": 2, "pool_timeout": 60})
    with app.app_context():
        _setup()
        db.session.remove()
    barrier = threading.Barrier(2)
    outcomes: dict = {}
    threads = [threading.Thread(target=_run, args=(app, barrier, outcomes, k)) for k in ("a", "b")]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(120)
    assert all(kind == "sent" for kind, _n in outcomes.values()), outcomes
    assert sum(n for _kind, n in outcomes.values()) == N_CONTRACTS
    with app.app_context():
        rows = db.session.scalars(db.select(SentReminder)).all()
        assert len(rows) == N_CONTRACTS
        assert {(r.subject, r.stage, r.due_date) for r in rows} == {("final_report", "before", date(2026, 12, 10))}
        mails = db.session.scalars(db.select(OutboundMail)).all()
        reminders = [m for m in mails if m.subject.startswith("Przypomnienie")]
        # one member and the organisation's address per contract, once
        assert len(reminders) == 2 * N_CONTRACTS
        assert len({(m.recipient, m.subject) for m in reminders}) == 2 * N_CONTRACTS
