"""The office's 20 % (art. 19a ust. 7) under contention, on real PostgreSQL: two officers of one office publish two
small grants at the same moment (released by a barrier), each alone within the year's cap, both together over it.
Publication locks the office's row (SELECT … FOR UPDATE) before the year's sum is read, so exactly one is
published and the other refused with 409 `over_year_share` — never both."""

import threading
from datetime import date
from decimal import Decimal

from tests.helpers import PASSWORD, POSTGRES_RACE

pytestmark = POSTGRES_RACE

PAIRS = 4


def _setup():
    """Opole with two officers; for each pair a budget year of its own whose programme plans 50 000 zł (a cap of
    10 000 zł) and two submitted small grants of 6 000 zł in it."""
    from grants.auth.operations import create_staff_user
    from grants.extensions import db
    from grants.offices.operations import create_office
    from grants.organizations.models import LegalForm, Organization
    from tests.smallgrants.helpers_office import make_programme, make_small_grant

    office = create_office(slug="opole", name="Urząd Miasta Opola")
    officers = [
        create_staff_user(
            actor=None, email=f"o{n}@opole.example", password=PASSWORD, full_name=f"O{n}", role="officer", office=office
        )
        for n in (1, 2)
    ]
    organization = Organization(
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
    db.session.add(organization)
    db.session.commit()
    pairs = []
    for n in range(PAIRS):
        year = 2030 + n
        make_programme(office, year, budget="50000.00")
        pairs.append(
            [
                make_small_grant(
                    office, organization, grant="6000.00", task_start=date(year, 3, 1), title=f"{year}-{k}"
                ).id
                for k in (1, 2)
            ]
        )
    return [o.id for o in officers], pairs


def _attempt(app, barrier, officer_id, small_grant_id, outcomes):
    from grants.auth.models import User
    from grants.errors import DomainError
    from grants.extensions import db
    from grants.smallgrants.models import SmallGrant
    from grants.smallgrants.operations.publication import publish_small_grant

    with app.app_context():
        try:
            actor = db.session.get(User, officer_id)
            small_grant = db.session.get(SmallGrant, small_grant_id)
            barrier.wait(timeout=60)
            try:
                publish_small_grant(actor=actor, small_grant=small_grant)
                db.session.commit()
                outcomes[small_grant_id] = "published"
            except DomainError as refusal:
                db.session.rollback()
                outcomes[small_grant_id] = refusal.code
        except Exception as error:  # anything else fails the test below
            db.session.rollback()
            outcomes[small_grant_id] = repr(error)
        finally:
            db.session.remove()


def test_two_officers_publishing_at_once_never_pass_the_office_share_together(make_app):
    from grants.extensions import db
    from grants.smallgrants.models import SmallGrant, SmallGrantStatus

    app = make_app(SQLALCHEMY_ENGINE_OPTIONS={"pool_size": 6, "max_overflow": 4, "pool_timeout": 60})
    with app.app_context():
        officer_ids, pairs = _setup()
        db.session.remove()
    outcomes: dict = {}
    for pair in pairs:
        barrier = threading.Barrier(len(pair))
        threads = [
            threading.Thread(target=_attempt, args=(app, barrier, officer_ids[n], small_grant_id, outcomes))
            for n, small_grant_id in enumerate(pair)
        ]
        for thread in threads:
            thread.start()
        for thread in threads:
            thread.join(timeout=120)
    for pair in pairs:
        assert sorted(outcomes[i] for i in pair) == ["over_year_share", "published"], outcomes
    with app.app_context():
        for year in range(2030, 2030 + PAIRS):
            total = db.session.scalar(
                db.select(db.func.sum(SmallGrant.requested_grant)).where(
                    SmallGrant.budget_year == year, SmallGrant.status == SmallGrantStatus.published
                )
            )
            assert Decimal(total) <= Decimal("10000.00")
