"""The office's decision on a small-grant offer (art. 19a ust. 4–6) through POST /api/v1/small-grants/{id}/decision:
accepted only after the 7 days of comments (409 `comments_open` before), refused with a reason (also before
publication: "not worth it"), and never more than 20 000 zł for one organisation from this office in the year."""

from datetime import date, timedelta

import pytest

from grants.clock import now_utc
from tests.smallgrants.helpers_office import desk_world, make_small_grant


@pytest.fixture
def desk(api, office, officer, make_org):
    return desk_world(api, office, officer, make_org)


def _decide(desk, small_grant, expect=200, **body):
    response = desk.api.post(f"/api/v1/small-grants/{small_grant.id}/decision", json=body)
    assert response.status_code == expect, response.get_json()
    return response.get_json()


def _after_comments(desk, grant="5000.00", organization=None, **kw):
    """Published more than 7 days ago: the comments are closed, the office may decide."""
    return make_small_grant(
        desk.office,
        organization or desk.organization,
        grant=grant,
        status="published",
        published_at=now_utc() - timedelta(days=9),
        **kw,
    )


def test_accepting_waits_for_the_end_of_the_comments_art_19a_ust_4(desk, frozen_clock, db):
    from grants.audit.models import AuditEntry
    from grants.mail import OutboundMail

    small_grant = make_small_grant(desk.office, desk.organization, status="published", published_at=now_utc())
    frozen_clock.move_to(small_grant.comments_until - timedelta(seconds=1))
    early = _decide(desk, small_grant, 409, outcome="accepted")
    assert early["error"] == "comments_open"
    assert _decide(desk, small_grant, 409, outcome="refused", reason="Za drogo.")["error"] == "comments_open"
    frozen_clock.move_to(small_grant.comments_until)
    body = _decide(desk, small_grant, outcome="accepted")
    assert body["status"] == "accepted" and body["reason"] is None
    entry = db.session.scalar(db.select(AuditEntry).where(AuditEntry.action == "small_grant.decision"))
    assert entry.before == {"status": "published"} and entry.after["status"] == "accepted"
    mail = db.session.scalar(db.select(OutboundMail).where(OutboundMail.recipient == desk.member.email))
    assert "przyjęta" in mail.subject
    assert _decide(desk, small_grant, 409, outcome="refused", reason="Jednak nie.")["error"] == "not_decidable"


def test_refusing_needs_a_reason_and_may_come_before_publication(desk, db):
    from grants.smallgrants.models import SmallGrant

    submitted = make_small_grant(desk.office, desk.organization)
    assert set(_decide(desk, submitted, 422, outcome="refused")["fields"]) == {"reason"}
    assert set(_decide(desk, submitted, 422, outcome="refused", reason="  ")["fields"]) == {"reason"}
    assert set(_decide(desk, submitted, 422, outcome="maybe")["fields"]) == {"outcome"}
    assert set(_decide(desk, submitted, 422)["fields"]) == {"outcome"}
    # Accepting what was never published (and commented on) is not possible.
    assert _decide(desk, submitted, 409, outcome="accepted")["error"] == "not_decidable"
    body = _decide(desk, submitted, outcome="refused", reason="Zadanie nie służy mieszkańcom gminy.")
    assert body["status"] == "refused" and body["reason"] == "Zadanie nie służy mieszkańcom gminy."
    assert db.session.get(SmallGrant, submitted.id).decided_by_id == desk.officer.id


def test_the_organisations_year_at_exactly_20000_and_one_grosz_over_art_19a_ust_6(desk, other_office):
    make_small_grant(desk.office, desk.organization, grant="10000.00", status="accepted")
    make_small_grant(desk.office, desk.organization, grant="5000.00", status="accepted")
    # What is not counted: another office's grants, a published one not yet accepted, another year's.
    make_small_grant(other_office, desk.organization, grant="10000.00", status="accepted")
    _after_comments(desk, grant="9000.00")
    make_small_grant(
        desk.office, desk.organization, grant="10000.00", status="accepted", task_start=date(desk.year + 1, 2, 1)
    )
    over = _after_comments(desk, grant="5000.01")
    exact = _after_comments(desk, grant="5000.00")
    refused = _decide(desk, over, 409, outcome="accepted")
    assert refused["error"] == "organization_year_limit" and "20\xa0000,00" in refused["message"]
    _decide(desk, exact, outcome="accepted")
    # A refusal is never held back by the limit.
    _decide(desk, over, outcome="refused", reason="Limit art. 19a ust. 6 wyczerpany.")


def test_another_organisation_has_its_own_limit(desk, make_org):
    other = make_org("Stowarzyszenie Sąsiedzi")
    make_small_grant(desk.office, desk.organization, grant="10000.00", status="accepted")
    make_small_grant(desk.office, desk.organization, grant="10000.00", status="accepted")
    _decide(desk, _after_comments(desk, grant="10000.00", organization=other), outcome="accepted")


def test_who_may_decide(desk, api, other_officer):
    small_grant = _after_comments(desk)
    url = f"/api/v1/small-grants/{small_grant.id}/decision"
    assert api(other_officer).post(url, json={"outcome": "accepted"}).status_code == 404
    assert api(desk.member).post(url, json={"outcome": "accepted"}).status_code == 403
    assert api().post(url, json={"outcome": "accepted"}).status_code == 401


def test_the_decision_is_mailed_in_each_members_language(desk, db, make_org):
    from grants.extensions import db as database
    from grants.mail import OutboundMail

    desk.member.locale = "uk"
    database.session.commit()
    small_grant = _after_comments(desk)
    _decide(desk, small_grant, outcome="refused", reason="Brak środków.")
    mails = {m.recipient: m for m in db.session.scalars(db.select(OutboundMail))}
    member_mail, office_mail = mails[desk.member.email], mails[desk.organization.email]
    assert "Brak środków." in member_mail.body and "Brak środków." in office_mail.body
    assert member_mail.subject != office_mail.subject  # Ukrainian for the member, Polish for the organisation
