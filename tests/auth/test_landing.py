"""After signing in each role lands on its own desk (issue 11), unless a safe `next` address asks for another
page; the second factor's path lands the same way. A person with several roles lands on the first desk of
`grants.auth.desks.DESK_ORDER` and finds the others linked there."""

from datetime import UTC, datetime, timedelta

import lxml.html
import pytest
from freezegun import freeze_time

from tests.auth.helpers import current_code, give_two_factor, otp_for
from tests.helpers import PASSWORD, make_staff

MOMENT = datetime(2027, 3, 1, 9, 0, 10, tzinfo=UTC)
SECRET = "KRSXG5CTMVRXEZLUKRSXG5CTMVRXEZLU"


def sign_in(client, user, next_=None):
    """The password step, and the code step when the account has a second factor; the last redirect."""
    address = "/login" + (f"?next={next_}" if next_ else "")
    response = client.post(address, data={"email": user.email, "password": PASSWORD})
    code = otp_for(user)
    if code:
        assert response.headers["Location"] == "/login/two-factor"
        response = client.post("/login/two-factor", data={"code": code})
    assert response.status_code == 302
    return response.headers["Location"]


@pytest.mark.parametrize(
    "role, desk",
    [("officer", "/office/"), ("evaluator", "/review/"), ("ngo_user", "/ngo/"), ("admin", "/office/")],
)
def test_each_role_lands_on_its_desk(client, request, role, desk):
    user = request.getfixturevalue(role)
    assert sign_in(client, user) == desk
    assert client.get(desk).status_code == 200


def test_a_fresh_account_without_an_organisation_lands_on_the_ngo_desk(client, db):
    client.post(
        "/register",
        data={"email": "nowa@osoba.example", "password": PASSWORD, "full_name": "Nowa Osoba"},
    )
    client.post("/logout")
    response = client.post("/login", data={"email": "nowa@osoba.example", "password": PASSWORD})
    assert response.status_code == 302 and response.headers["Location"] == "/ngo/"


def test_a_safe_next_address_comes_first_an_unsafe_one_falls_back_to_the_desk(client, evaluator):
    assert sign_in(client, evaluator, "/calls?status=open") == "/calls?status=open"
    client.post("/logout")
    assert sign_in(client, evaluator, "//evil.example") == "/review/"


def test_the_second_factor_path_lands_on_the_desk_and_keeps_a_next_address(app, officer):
    with freeze_time(MOMENT) as clock:
        give_two_factor(officer, SECRET)
        clock.tick(timedelta(seconds=30))
        browser = app.test_client()
        browser.post("/login", data={"email": officer.email, "password": PASSWORD})
        assert browser.post("/login/two-factor", data={"code": current_code(SECRET)}).headers["Location"] == "/office/"

        clock.tick(timedelta(seconds=30))
        other = app.test_client()
        other.post("/login?next=/calls", data={"email": officer.email, "password": PASSWORD})
        assert other.post("/login/two-factor", data={"code": current_code(SECRET)}).headers["Location"] == "/calls"

        clock.tick(timedelta(seconds=30))
        third = app.test_client()  # an unsafe address is dropped before the code step, not after
        third.post("/login?next=https://evil.example/", data={"email": officer.email, "password": PASSWORD})
        assert third.post("/login/two-factor", data={"code": current_code(SECRET)}).headers["Location"] == "/office/"


def test_several_roles_land_on_the_first_desk_and_link_the_others(client, office, make_org, db):
    both = make_staff("komisja@opole.example", "evaluator", office, "Ewa Komisja")
    make_org("Fundacja Ewy", members=[both])
    db.session.commit()
    assert sign_in(client, both) == "/review/"
    desk = lxml.html.fromstring(client.get("/ngo/").get_data(as_text=True))
    links = desk.xpath('//nav[contains(@class, "other-desks")]//a/@href')
    assert links == ["/review/"]
    assert desk.xpath('//nav[contains(@class, "other-desks")]//strong[@aria-current="page"]')
    review = lxml.html.fromstring(client.get("/review/").get_data(as_text=True))
    assert review.xpath('//nav[contains(@class, "other-desks")]//a/@href') == ["/ngo/"]


def test_one_role_shows_no_list_of_desks(client, login, officer):
    login(officer)
    page = lxml.html.fromstring(client.get("/office/").get_data(as_text=True))
    assert not page.xpath('//nav[contains(@class, "other-desks")]')
