"""Contract numbers under contention, on real PostgreSQL: officers of one office draw up contracts for different
awarded offers at the same moment (each pair released by a barrier). The office's row is locked while the next
number is counted (SELECT … FOR UPDATE), so every contract gets its own sequence within the year — never a
duplicate number, never a 500 from the unique constraint."""

import threading
from datetime import UTC, datetime, timedelta

from tests.helpers import PASSWORD, POSTGRES_RACE, TASK_YEAR, call_payload
from tests.offers.helpers import offer_body

pytestmark = POSTGRES_RACE

N_OFFERS = 12


def _setup():
    """An office with results published (written directly: the decision's rows and the publication) for
    N_OFFERS offers, each funded with what it asked for."""
    from grants.auth.operations import create_staff_user, register_ngo_user
    from grants.calls.models import Call, CallStatus
    from grants.calls.operations import create_call, publish_call
    from grants.clock import now_utc
    from grants.extensions import db
    from grants.offers import operations
    from grants.offices.operations import create_office
    from grants.organizations.models import LegalForm, Membership, Organization
    from grants.review.models import Award, Decision, ResultsPublication
    from grants.review.serialize import results_items

    office = create_office(slug="opole", name="Urząd Miasta Opola")
    office.case_sign = "CDO-RIPS"
    officers = [
        create_staff_user(
            actor=None,
            email=f"officer{n}@opole.example",
            password=PASSWORD,
            full_name=f"O{n}",
            role="officer",
            office=office,
        )
        for n in (1, 2)
    ]
    call = create_call(
        actor=officers[0],
        raw=call_payload(
            budget_total="9999999.00", grant_max=None, task_start=f"{TASK_YEAR}-01-10", task_end=f"{TASK_YEAR}-12-15"
        ),
    )
    publish_call(actor=officers[0], call=call)
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
    offers = []
    for n in range(N_OFFERS):
        offer = operations.create_offer(actor=user, call=call, raw={"organization_id": org.id, "title": f"O{n}"})
        operations.update_offer(actor=user, offer=offer, raw=offer_body(title=f"Oferta {n}"))
        operations.submit_offer(actor=user, offer=offer)
        offers.append(offer)
    decision = Decision(call_id=call.id, version=1, total=sum(o.current_version.requested_grant for o in offers))
    db.session.add(decision)
    db.session.flush()
    for offer in offers:
        grant = offer.current_version.requested_grant
        db.session.add(
            Award(decision_id=decision.id, offer_id=offer.id, funded=True, amount=grant, requested=grant, score=80)
        )
    db.session.flush()
    db.session.refresh(decision)
    db.session.add(
        ResultsPublication(
            call_id=call.id,
            decision_id=decision.id,
            published_at=now_utc(),
            channels={},
            recorded_at=now_utc(),
            items=results_items(decision),
        )
    )
    db.session.execute(
        db.update(Call)
        .where(Call.id == call.id)
        .values(status=CallStatus.resolved, submission_deadline=now_utc() - timedelta(days=1))
    )
    db.session.commit()
    return [o.id for o in officers], [(o.id, str(o.current_version.requested_grant)) for o in offers]


def _attempt(app, barrier, officer_id, offer_id, grant, outcomes):
    from grants.auth.models import User
    from grants.contracts.operations.contracts import draw_up
    from grants.errors import DomainError
    from grants.extensions import db

    with app.app_context():
        try:
            actor = db.session.get(User, officer_id)
            barrier.wait(timeout=60)
            try:
                contract = draw_up(actor, offer_id, {"tranches": [{"amount": grant, "due_date": f"{TASK_YEAR}-02-01"}]})
                db.session.commit()
                outcomes[offer_id] = ("made", contract.number, contract.sequence)
            except DomainError as refusal:
                db.session.rollback()
                outcomes[offer_id] = ("refused", refusal.code, None)
        except Exception as error:  # anything else fails the test below
            db.session.rollback()
            outcomes[offer_id] = ("error", repr(error), None)
        finally:
            db.session.remove()


def test_two_officers_drawing_up_at_once_never_share_a_number(make_app):
    from grants.contracts.models import Contract
    from grants.extensions import db

    app = make_app(SQLALCHEMY_ENGINE_OPTIONS={"pool_size": 6, "max_overflow": 4, "pool_timeout": 60})
    with app.app_context():
        officer_ids, offers = _setup()
        db.session.remove()
    outcomes: dict = {}
    for start in range(0, N_OFFERS, 2):
        pair = offers[start : start + 2]
        barrier = threading.Barrier(len(pair))
        threads = [
            threading.Thread(target=_attempt, args=(app, barrier, officer_ids[n % 2], offer_id, grant, outcomes))
            for n, (offer_id, grant) in enumerate(pair)
        ]
        for thread in threads:
            thread.start()
        for thread in threads:
            thread.join(timeout=120)
    assert all(kind == "made" for kind, _n, _s in outcomes.values()), outcomes
    year = datetime.now(UTC).year  # the clock is real here (threads): the Warsaw year of drawing up
    sequences = sorted(s for _k, _n, s in outcomes.values())
    assert sequences == list(range(1, N_OFFERS + 1))
    with app.app_context():
        numbers = db.session.scalars(db.select(Contract.number)).all()
        assert len(numbers) == len(set(numbers)) == N_OFFERS
        assert all(
            n.startswith("CDO-RIPS.525.") and n.endswith(str(year)) or n.endswith(str(year + 1)) for n in numbers
        )
