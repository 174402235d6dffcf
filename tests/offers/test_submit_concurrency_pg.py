"""Submission under contention, on real PostgreSQL: 200 offers, each submitted twice at the same moment
by two threads (each with its own app context and session), with receipt times spread over the
deadline's second (deadline − 500 ms … deadline + 500 ms). Every offer received before the deadline is
accepted exactly once, every one after is refused, none is lost or duplicated."""

import threading
import time
from collections import Counter
from datetime import timedelta

import pytest

from tests.helpers import PASSWORD, POSTGRES_RACE, TASK_YEAR, call_payload
from tests.offers.helpers import offer_body

pytestmark = [*POSTGRES_RACE, pytest.mark.real_clock]  # real_clock: it reports how long the waves took

N_OFFERS = 200
WAVE = 10  # offers per wave: 2 × WAVE threads released together by a barrier
SPREAD = timedelta(milliseconds=500)


def _setup(app):
    from grants.auth.operations import create_staff_user, register_ngo_user
    from grants.calls.operations import create_call, publish_call
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
            budget_total="99999999.00", grant_max=None, task_start=f"{TASK_YEAR}-01-10", task_end=f"{TASK_YEAR}-12-15"
        ),
    )
    publish_call(actor=officer, call=call)
    user = register_ngo_user(email="ngo@geko.example", password=PASSWORD, full_name="Olena", verified=True)
    db.session.flush()
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
    db.session.flush()
    offer_ids = []
    for n in range(N_OFFERS):
        offer = operations.create_offer(actor=user, call=call, raw={"organization_id": org.id, "title": f"O{n}"})
        operations.update_offer(actor=user, offer=offer, raw=offer_body(title=f"Oferta {n}"))
        offer_ids.append(offer.id)
    db.session.commit()
    return user.id, call.id, call.submission_deadline, offer_ids


def _attempt(app, barrier, user_id, offer_id, receipt, outcomes, key):
    from grants.auth.models import User
    from grants.errors import DomainError
    from grants.extensions import db
    from grants.offers.models import Offer
    from grants.offers.operations import submit_offer

    with app.app_context():
        try:
            user = db.session.get(User, user_id)
            offer = db.session.get(Offer, offer_id)
            _ = (offer.call, offer.partners, offer.attachments)  # loaded before the race starts
            barrier.wait(timeout=60)
            try:
                version = submit_offer(actor=user, offer=offer, receipt=receipt)
                db.session.commit()
                outcomes[key] = ("accepted", version.number)
            except DomainError as refusal:
                db.session.rollback()
                outcomes[key] = ("refused", refusal.code)
        except Exception as error:  # anything else is a failure of the test, reported below
            db.session.rollback()
            outcomes[key] = ("error", repr(error))
        finally:
            db.session.remove()


def test_double_submission_across_the_deadline_second(make_app):
    from grants.extensions import db
    from grants.offers.models import Offer, OfferStatus, OfferVersion

    app = make_app(SQLALCHEMY_ENGINE_OPTIONS={"pool_size": 2 * WAVE + 2, "max_overflow": 5, "pool_timeout": 60})
    with app.app_context():
        user_id, call_id, deadline, offer_ids = _setup(app)
        db.session.remove()

    step = (2 * SPREAD) / N_OFFERS  # 5 ms apart
    receipts = {}
    for index, offer_id in enumerate(offer_ids):
        first = deadline - SPREAD + index * step
        # the second request of the pair arrives a few milliseconds apart, on either side of the first
        receipts[offer_id] = (first, first + timedelta(milliseconds=(index % 5) - 2))

    outcomes: dict = {}
    started = time.monotonic()
    for start in range(0, N_OFFERS, WAVE):
        wave = offer_ids[start : start + WAVE]
        barrier = threading.Barrier(2 * len(wave))
        threads = [
            threading.Thread(
                target=_attempt, args=(app, barrier, user_id, offer_id, receipts[offer_id][n], outcomes, (offer_id, n))
            )
            for offer_id in wave
            for n in (0, 1)
        ]
        for thread in threads:
            thread.start()
        for thread in threads:
            thread.join(timeout=120)
    elapsed = time.monotonic() - started

    errors = {key: value for key, value in outcomes.items() if value[0] == "error"}
    assert not errors, errors
    assert len(outcomes) == 2 * N_OFFERS

    with app.app_context():
        versions = {}
        for version in db.session.scalars(db.select(OfferVersion).where(OfferVersion.call_id == call_id)):
            versions.setdefault(version.offer_id, []).append(version)
        statuses = dict(db.session.execute(db.select(Offer.id, Offer.status).where(Offer.call_id == call_id)).all())

    on_time = [oid for oid in offer_ids if min(receipts[oid]) < deadline]
    late = [oid for oid in offer_ids if min(receipts[oid]) >= deadline]
    assert on_time and late  # the spread really straddles the deadline
    for offer_id in on_time:
        results = [outcomes[(offer_id, n)] for n in (0, 1)]
        assert sum(r[0] == "accepted" for r in results) == 1, (offer_id, results)
        assert len(versions.get(offer_id, [])) == 1, offer_id  # exactly one version
        version = versions[offer_id][0]
        assert version.number == 1 and version.submitted_at < deadline
        assert version.submitted_at in receipts[offer_id]
        assert statuses[offer_id] == OfferStatus.submitted
        refusal = next(r for r in results if r[0] == "refused")
        assert refusal[1] in ("not_draft", "deadline_passed"), refusal
    for offer_id in late:
        results = [outcomes[(offer_id, n)] for n in (0, 1)]
        assert results == [("refused", "deadline_passed")] * 2, (offer_id, results)
        assert offer_id not in versions and statuses[offer_id] == OfferStatus.draft
    codes = [v.control_code for vs in versions.values() for v in vs]
    assert len(codes) == len(set(codes)) == len(on_time)
    refusals = Counter(value[1] for value in outcomes.values() if value[0] == "refused")
    print(
        f"\n{N_OFFERS} offers × 2 concurrent submissions in {elapsed:.1f} s: {len(on_time)} offers accepted "
        f"once, {len(late)} refused; {len(codes)} versions; refusals {dict(refusals)}"
    )
