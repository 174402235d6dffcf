"""The office's small-grant pages, without JavaScript: the desk (what has arrived, "publish by" with a warning
when the 7 working days run out and an error once they have, art. 19a ust. 3), the small grant's page with the
publication form, the answer and hide forms, and the decision behind its confirmation page."""

from datetime import timedelta

import pytest

from grants.calls.forms import local_input
from grants.clock import as_utc, now_utc, warsaw_date
from tests.smallgrants.helpers_office import desk_world, make_small_grant, warsaw


@pytest.fixture
def desk(api, office, officer, make_org, login):
    world = desk_world(api, office, officer, make_org)
    world.web = login(officer)
    return world


def _receipt_where(today, predicate):
    """The latest day before `today` whose receipt (at 10:00, Warsaw) makes `predicate(received_at)` true."""
    day = today - timedelta(days=1)
    while not predicate(as_utc(warsaw(day.year, day.month, day.day))):
        day -= timedelta(days=1)
    return as_utc(warsaw(day.year, day.month, day.day))


def test_the_desk_warns_when_the_seven_working_days_run_out_and_errs_once_they_have(desk, other_office):
    from grants.clock import warsaw_date
    from grants.formatting import date_pl
    from grants.smallgrants import rules

    now = now_utc()
    warned_at = _receipt_where(warsaw_date(now), lambda received: rules.publish_warning(received, now))
    late_at = _receipt_where(warsaw_date(now), lambda received: rules.working_days_left_to_publish(received, now) == 0)
    warned = make_small_grant(desk.office, desk.organization, received_at=warned_at, title="Ciepło")
    late = make_small_grant(desk.office, desk.organization, received_at=late_at, title="Zimno")
    fresh = make_small_grant(desk.office, desk.organization, title="Świeża")
    theirs = make_small_grant(other_office, desk.organization, title="Gdańska")
    page = desk.web.get("/office/small-grants").get_data(as_text=True)
    row = lambda s: page[page.index(f'data-small-grant-id="{s.id}"') :].split("</tr>")[0]  # noqa: E731
    assert 'data-publish="warning"' in row(warned) and date_pl(rules.publish_by(warned_at)) in row(warned)
    assert 'data-publish="late"' in row(late)
    assert "data-publish" not in row(fresh)
    assert theirs.title not in page
    published_only = desk.web.get("/office/small-grants?status=published").get_data(as_text=True)
    assert warned.title not in published_only
    assert desk.web.get("/office/small-grants?status=nonsense").status_code == 200
    assert "/office/small-grants" in desk.web.get("/office/").get_data(as_text=True)


def test_publishing_through_the_form_and_a_refusal_keeps_what_was_typed(desk, db):
    from grants.smallgrants.models import SmallGrant

    small_grant = make_small_grant(desk.office, desk.organization, received_at=now_utc() - timedelta(hours=5))
    page = desk.web.get(f"/office/small-grants/{small_grant.id}").get_data(as_text=True)
    assert 'id="publish-form"' in page and page.count('type="datetime-local"') == 3
    url = f"/office/small-grants/{small_grant.id}/publish"
    moment = local_input(now_utc() - timedelta(hours=1))
    typed = {"publications-0-channel": "bip", "publications-0-published_at": moment}
    refused = desk.web.post(url, data=typed)
    assert refused.status_code == 422 and moment in refused.get_data(as_text=True)
    form = {
        f"publications-{i}-{k}": v
        for i, c in enumerate(("bip", "noticeboard", "website"))
        for k, v in (("channel", c), ("published_at", moment))
    }
    assert desk.web.post(url, data=form).status_code == 302
    assert db.session.get(SmallGrant, small_grant.id).status.value == "published"


def test_answering_and_hiding_through_the_forms(desk, db):
    from grants.smallgrants.models import SmallGrantComment

    small_grant = make_small_grant(desk.office, desk.organization, status="published", published_at=now_utc())
    comment = SmallGrantComment(small_grant_id=small_grant.id, author="Jan", text="Pytanie o budżet.")
    db.session.add(comment)
    db.session.commit()
    base = f"/office/small-grants/{small_grant.id}/comments/{comment.id}"
    empty = desk.web.post(f"{base}/answer", data={"text": " "})
    assert empty.status_code == 422 and f'id="f-answer-{comment.id}-error"' in empty.get_data(as_text=True)
    assert desk.web.post(f"{base}/answer", data={"text": "Budżet obejmuje produkty."}).status_code == 302
    assert desk.web.post(f"{base}/hide", data={"reason": ""}).status_code == 422
    assert desk.web.post(f"{base}/hide", data={"reason": "Pomyłka autora."}).status_code == 302
    stored = db.session.get(SmallGrantComment, comment.id)
    assert stored.hidden_reason == "Pomyłka autora." and stored.answer.text == "Budżet obejmuje produkty."
    history = desk.web.get(f"/office/small-grants/{small_grant.id}").get_data(as_text=True).split('id="history"')[1]
    assert "Odpowiedź urzędu na uwagę" in history and "Ukrycie uwagi" in history and desk.officer.full_name in history


def test_the_decision_goes_through_its_confirmation_page(desk, db, frozen_clock, login):
    from grants.smallgrants.models import SmallGrant

    small_grant = make_small_grant(desk.office, desk.organization, status="published", published_at=now_utc())
    page = desk.web.get(f"/office/small-grants/{small_grant.id}").get_data(as_text=True)
    assert "outcome=accepted" not in page  # not before the end of the comments
    frozen_clock.move_to(small_grant.comments_until)
    desk.web = login(desk.officer)  # a week later: a new sign-in
    page = desk.web.get(f"/office/small-grants/{small_grant.id}").get_data(as_text=True)
    assert "outcome=accepted" in page and "outcome=refused" in page
    url = f"/office/small-grants/{small_grant.id}/decision"
    confirm = desk.web.get(f"{url}?outcome=refused")
    assert confirm.status_code == 200 and 'id="decision-form"' in confirm.get_data(as_text=True)
    assert desk.web.post(url, data={"outcome": "refused", "reason": ""}).status_code == 422
    assert desk.web.post(url, data={"outcome": "accepted", "reason": ""}).status_code == 302
    assert db.session.get(SmallGrant, small_grant.id).status.value == "accepted"
    page = desk.web.get(f"/office/small-grants/{small_grant.id}").get_data(as_text=True)
    assert "outcome=" not in page
    assert f'href="/office/small-grants/{small_grant.id}/contract"' in page  # "Przygotuj umowę"
    # Once drawn up, the page names the contract and links it instead of the form.
    due = (warsaw_date(now_utc()) + timedelta(days=3)).isoformat()
    drawn = desk.api.post(
        f"/api/v1/offers/{small_grant.id}/contract", json={"tranches": [{"amount": "5000.00", "due_date": due}]}
    )
    assert drawn.status_code == 201, drawn.get_json()
    page = desk.web.get(f"/office/small-grants/{small_grant.id}").get_data(as_text=True)
    assert f'href="/office/contracts/{drawn.get_json()["id"]}">Umowa nr {drawn.get_json()["number"]}' in page
    assert f'href="/office/small-grants/{small_grant.id}/contract"' not in page


def test_another_office_and_other_roles_are_kept_out(desk, other_officer, login, app, ngo_user):
    small_grant = make_small_grant(desk.office, desk.organization)
    other = app.test_client()
    from tests.helpers import PASSWORD

    other.post("/login", data={"email": other_officer.email, "password": PASSWORD})
    assert other.get(f"/office/small-grants/{small_grant.id}").status_code == 404
    assert app.test_client().get("/office/small-grants").status_code == 302  # to the login page


def test_the_prefilled_publish_form_is_accepted_as_it_is_even_in_the_minute_of_receipt(desk, db, frozen_clock):
    import re

    from grants.smallgrants.models import SmallGrant

    frozen_clock.move_to(now_utc().replace(second=20, microsecond=250000))
    small_grant = make_small_grant(desk.office, desk.organization)  # received now, within this minute
    frozen_clock.tick(timedelta(seconds=10))
    page = desk.web.get(f"/office/small-grants/{small_grant.id}").get_data(as_text=True)
    form = page[page.index('id="publish-form"') : page.index("</form>", page.index('id="publish-form"'))]
    fields = dict(re.findall(r'name="(publications-\d-\w+)"[^>]*value="([^"]*)"', form))
    assert len(fields) == 6 and fields["publications-0-published_at"].endswith(":21")
    assert desk.web.post(f"/office/small-grants/{small_grant.id}/publish", data=fields).status_code == 302
    assert db.session.get(SmallGrant, small_grant.id).status.value == "published"
