"""Score sheets under contention, on real PostgreSQL: one member finalises the same sheet twice at the same
moment, with different points, for 30 offers (each pair released by a barrier). Exactly one save wins per
sheet, the other is refused (409), and the sheet holds the winner's points only — never a mix, never a 500
from a duplicate sheet."""

import threading
from datetime import timedelta

from tests.helpers import PASSWORD, POSTGRES_RACE, TASK_YEAR, call_payload
from tests.offers.helpers import offer_body
from tests.review.helpers import CODES, full_sheet

pytestmark = POSTGRES_RACE

N_OFFERS = 30


def _setup():
    from grants.auth.operations import create_staff_user, register_ngo_user
    from grants.calls.models import Call
    from grants.calls.operations import create_call, publish_call
    from grants.clock import now_utc
    from grants.extensions import db
    from grants.offers import operations
    from grants.offices.operations import create_office
    from grants.organizations.models import LegalForm, Membership, Organization
    from grants.review import operations as review

    office = create_office(slug="opole", name="Urząd Miasta Opola")
    officer = create_staff_user(
        actor=None, email="officer@opole.example", password=PASSWORD, full_name="A", role="officer", office=office
    )
    chair = create_staff_user(
        actor=None, email="chair@opole.example", password=PASSWORD, full_name="C", role="evaluator", office=office
    )
    member = create_staff_user(
        actor=None, email="member@opole.example", password=PASSWORD, full_name="M", role="evaluator", office=office
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
    offer_ids = []
    for n in range(N_OFFERS):
        offer = operations.create_offer(actor=user, call=call, raw={"organization_id": org.id, "title": f"O{n}"})
        operations.update_offer(actor=user, offer=offer, raw=offer_body(title=f"Oferta {n}"))
        operations.submit_offer(actor=user, offer=offer)
        offer_ids.append(offer.id)
    db.session.commit()
    # The deadline passes: the database says so, as the clock would.
    db.session.execute(
        db.update(Call).where(Call.id == call.id).values(submission_deadline=now_utc() - timedelta(seconds=1))
    )
    db.session.commit()
    db.session.expire_all()
    from grants.offers.models import Offer

    for offer_id in offer_ids:
        review.record_formal_review(
            actor=officer,
            offer=db.session.get(Offer, offer_id),
            raw={"outcome": "accepted", "checklist": dict.fromkeys(CODES, True)},
        )
    call = db.session.get(Call, call.id)
    review.appoint_committee(
        actor=officer,
        call=call,
        raw={"members": [{"user_id": chair.id, "role": "chair"}, {"user_id": member.id, "role": "member"}]},
    )
    review.assign_offers(actor=officer, call=call, raw={"mode": "all"})
    for offer_id in offer_ids:
        review.declare(actor=member, call=call, raw={"offer_id": offer_id, "impartial": True})
    db.session.commit()
    return member.id, offer_ids


def _attempt(app, barrier, member_id, offer_id, quality, outcomes, key):
    from grants.auth.models import User
    from grants.errors import DomainError
    from grants.extensions import db
    from grants.offers.models import Offer
    from grants.review.operations import save_score

    with app.app_context():
        try:
            user = db.session.get(User, member_id)
            offer = db.session.get(Offer, offer_id)
            _ = offer.call.criteria  # loaded before the race starts
            barrier.wait(timeout=60)
            try:
                save_score(actor=user, offer=offer, raw=full_sheet(quality=quality))
                db.session.commit()
                outcomes[key] = ("saved", quality)
            except DomainError as refusal:
                db.session.rollback()
                outcomes[key] = ("refused", refusal.code)
        except Exception as error:  # anything else fails the test below
            db.session.rollback()
            outcomes[key] = ("error", repr(error))
        finally:
            db.session.remove()


def test_two_final_saves_of_one_sheet_at_once(make_app):
    from grants.extensions import db
    from grants.review.models import ScoreSheet, SheetStatus

    app = make_app(SQLALCHEMY_ENGINE_OPTIONS={"pool_size": 12, "max_overflow": 5, "pool_timeout": 60})
    with app.app_context():
        member_id, offer_ids = _setup()
        db.session.remove()
    outcomes: dict = {}
    for start in range(0, N_OFFERS, 5):
        wave = offer_ids[start : start + 5]
        barrier = threading.Barrier(2 * len(wave))
        threads = [
            threading.Thread(target=_attempt, args=(app, barrier, member_id, offer_id, 20 + n, outcomes, (offer_id, n)))
            for offer_id in wave
            for n in (0, 1)
        ]
        for thread in threads:
            thread.start()
        for thread in threads:
            thread.join(timeout=120)
    assert not [value for value in outcomes.values() if value[0] == "error"], outcomes
    with app.app_context():
        for offer_id in offer_ids:
            results = [outcomes[(offer_id, n)] for n in (0, 1)]
            winners = [r for r in results if r[0] == "saved"]
            assert len(winners) == 1, results
            refusal = next(r for r in results if r[0] == "refused")
            assert refusal[1] in ("already_final", "edit_conflict"), refusal
            sheets = db.session.scalars(db.select(ScoreSheet).where(ScoreSheet.offer_id == offer_id)).all()
            assert len(sheets) == 1 and sheets[0].status == SheetStatus.final
            points = {e.criterion_code: int(e.points) for e in sheets[0].entries}
            assert points == full_sheet(quality=winners[0][1])["scores"]
