"""The office publishes a small-grant offer (art. 19a ust. 3, 7) through POST /api/v1/small-grants/{id}/publish:
the three places, within 7 working days of its receipt (Saturdays, Sundays and holidays — Wigilia included —
skipped), and within 20 % of the grants the office planned for the budget year."""

from datetime import date, datetime, timedelta

import pytest

from grants.clock import WARSAW, as_utc, now_utc, warsaw_date
from grants.formatting import iso_warsaw
from grants.smallgrants import rules
from tests.helpers import make_staff
from tests.smallgrants.helpers_office import desk_world, make_small_grant, warsaw


@pytest.fixture
def desk(api, office, officer, make_org):
    return desk_world(api, office, officer, make_org)


def _publish(desk, small_grant, expect=200, **body):
    response = desk.api.post(f"/api/v1/small-grants/{small_grant.id}/publish", json=body or None)
    assert response.status_code == expect, response.get_json()
    return response.get_json()


def _three(moment) -> list[dict]:
    return [{"channel": c, "published_at": moment.isoformat()} for c in ("bip", "noticeboard", "website")]


def test_publish_now_in_the_three_places_opens_seven_days_of_comments(desk, db):
    from grants.audit.models import AuditEntry
    from grants.mail import OutboundMail
    from grants.smallgrants.models import SmallGrant

    small_grant = make_small_grant(desk.office, desk.organization)
    body = _publish(desk, small_grant)
    assert body["status"] == "published"
    stored = db.session.get(SmallGrant, small_grant.id)
    assert set(stored.publications) == {"bip", "noticeboard", "website"}
    assert stored.comments_until == rules.comments_until(stored.published_at)
    assert body["comments_until"] == iso_warsaw(stored.comments_until)
    entry = db.session.scalar(db.select(AuditEntry).where(AuditEntry.action == "small_grant.publish"))
    assert entry.entity_id == small_grant.id and entry.after["status"] == "published"
    mails = db.session.scalars(db.select(OutboundMail).where(OutboundMail.recipient == desk.member.email)).all()
    assert len(mails) == 1 and small_grant.title in mails[0].subject and mails[0].office_id == desk.office.id
    again = _publish(desk, small_grant, expect=409)
    assert again["error"] == "not_submitted"


def test_publications_need_all_three_channels_none_in_the_future_none_before_receipt(desk, frozen_clock):
    received = now_utc() - timedelta(days=2)
    small_grant = make_small_grant(desk.office, desk.organization, received_at=received)
    two = _three(received + timedelta(hours=1))[:2]
    assert "publications" in _publish(desk, small_grant, 422, publications=two)["fields"]
    future = _publish(desk, small_grant, 422, publications=_three(received + timedelta(days=5)))
    assert "publications" in future["fields"]
    early = _publish(desk, small_grant, 422, publications=_three(received - timedelta(minutes=1)))
    assert "publications" in early["fields"]
    bad = _publish(desk, small_grant, 422, publications=[{"channel": "radio", "published_at": "x"}])
    assert {"publications.0.channel", "publications.0.published_at"} <= set(bad["fields"])
    last = received + timedelta(hours=2)
    body = _publish(desk, small_grant, publications=_three(last))
    # ust. 4: the 7 days run from the day after the last publication → until midnight after the 7th of them
    day = warsaw_date(last) + timedelta(days=8)
    assert body["comments_until"] == datetime(day.year, day.month, day.day, tzinfo=WARSAW).isoformat()


def test_publish_by_counts_seven_working_days_across_christmas_art_19a_ust_3(desk, frozen_clock):
    """Received on Monday 21 Dec 2026: 22, 23 Dec (Wigilia, Christmas, the weekend, New Year skipped),
    28–31 Dec, 4 Jan — the 7th working day is Monday 4 January 2027."""
    received = as_utc(warsaw(2026, 12, 21, 9))
    assert rules.publish_by(received).isoformat() == "2027-01-04"
    in_time = make_small_grant(desk.office, desk.organization, received_at=received, title="W terminie")
    late = make_small_grant(desk.office, desk.organization, received_at=received, title="Po terminie")
    frozen_clock.move_to(warsaw(2027, 1, 5, 9))
    _publish(desk, in_time, publications=_three(warsaw(2027, 1, 4, 23, 59)))
    refused = _publish(desk, late, 409, publications=_three(warsaw(2027, 1, 5, 0, 0)))
    assert refused["error"] == "publication_late" and "4 stycznia 2027" in refused["message"]


def test_office_share_at_exactly_twenty_percent_and_one_grosz_over_art_19a_ust_7(desk):
    """Planned for the year: 100 000 zł → at most 20 000 zł in small grants (published + accepted + this)."""
    make_small_grant(desk.office, desk.organization, grant="10000.00", status="published")
    make_small_grant(desk.office, desk.organization, grant="5000.00", status="accepted")
    make_small_grant(desk.office, desk.organization, grant="9000.00", status="refused")  # does not count
    over = make_small_grant(desk.office, desk.organization, grant="5000.01")
    exact = make_small_grant(desk.office, desk.organization, grant="5000.00")
    refused = _publish(desk, over, 409)
    assert refused["error"] == "over_year_share" and "20\xa0000,00" in refused["message"]
    _publish(desk, exact)
    # Now the year is full: even the smallest offer would pass the cap.
    assert _publish(desk, make_small_grant(desk.office, desk.organization, grant="0.01"), 409)["error"] == (
        "over_year_share"
    )


def test_another_offices_small_grants_do_not_count_towards_the_share(desk, other_office):
    make_small_grant(other_office, desk.organization, grant="10000.00", status="accepted")
    make_small_grant(other_office, desk.organization, grant="10000.00", status="published")
    make_small_grant(desk.office, desk.organization, grant="10000.00", status="accepted")
    _publish(desk, make_small_grant(desk.office, desk.organization, grant="10000.00"))


def test_no_programme_for_the_budget_year_is_refused_with_a_reason(desk):
    later = make_small_grant(desk.office, desk.organization, task_start=date(desk.year + 3, 3, 1))
    refused = _publish(desk, later, 409)
    assert refused["error"] == "over_year_share" and str(desk.year + 3) in refused["message"]
    assert "program" in refused["message"].lower()


def test_who_may_publish(desk, api, other_officer, ngo_user, db):
    small_grant = make_small_grant(desk.office, desk.organization)
    url = f"/api/v1/small-grants/{small_grant.id}/publish"
    assert api(other_officer).post(url).status_code == 404  # another office's: not known
    assert api(desk.member).post(url).status_code == 403
    assert api().post(url).status_code == 401
    draft = make_small_grant(desk.office, desk.organization, status="draft")
    assert desk.api.post(f"/api/v1/small-grants/{draft.id}/publish").status_code == 404  # the NGO's own
    assert desk.api.post("/api/v1/small-grants/999999/publish").status_code == 404
    evaluator = make_staff("ewa@opole.example", "evaluator", desk.office)
    assert api(evaluator).post(url).status_code == 403
