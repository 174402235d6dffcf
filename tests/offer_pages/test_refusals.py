"""Who may open the offer pages: another organisation's member gets 404 everywhere (the offer stays
unknown), office staff and evaluators 403 on the NGO's pages, anonymous people the login page."""

import pytest

from grants.offers.models import Attachment, OfferStatus, OfferVersion
from tests.offer_pages.helpers import STEPS, client_for, count, stored
from tests.offer_pages.test_submission import PDF, upload
from tests.web.pages import parse


def offer_urls(offer_id: int, attachment_id: int, organization_id: int) -> list[tuple[str, str]]:
    base = f"/ngo/offers/{offer_id}"
    urls = [
        ("get", base),
        ("get", f"{base}/summary"),
        ("get", f"{base}/attachments"),
        ("get", f"{base}/attachments/{attachment_id}"),
        ("get", f"{base}/versions/1"),
        ("get", f"{base}/clone"),
        ("post", f"{base}/submit"),
        ("post", f"{base}/withdraw"),
        ("post", f"{base}/clone"),
        ("post", f"{base}/attachments"),
        ("post", f"{base}/attachments/{attachment_id}/remove"),
        ("post", f"{base}/partners"),
        ("post", f"{base}/partners/{organization_id}/remove"),
    ]
    for step in STEPS:
        urls += [("get", f"{base}/steps/{step}"), ("post", f"{base}/steps/{step}")]
    return urls


@pytest.fixture
def submitted(client, login, ngo_user, draft, db):
    """A submitted offer with one attachment, and a draft of the same organisation."""
    offer = draft()
    login(ngo_user)
    assert upload(client, offer["id"], PDF, "statut.pdf", kind="statut").status_code == 302
    assert (
        client.post(
            f"/ngo/offers/{offer['id']}/submit", data={"lock_version": str(stored(db, offer["id"]).lock_version)}
        ).status_code
        == 302
    )
    client.post("/logout")
    attachment = db.session.scalar(db.select(Attachment))
    return offer, attachment


def test_another_organisations_member_gets_404_on_every_offer_page(
    app, submitted, other_ngo_user, other_org, db, open_call
):
    offer, attachment = submitted
    stranger = client_for(app, other_ngo_user)
    for method, url in offer_urls(offer["id"], attachment.id, other_org.id):
        data = {"title": "Przejęta", "lock_version": "0", "call_id": str(open_call.id), "partner": other_org.krs}
        response = getattr(stranger, method)(url, data=data if method == "post" else None)
        assert response.status_code == 404, (method, url)
        assert offer["title"] not in response.get_data(as_text=True), url
    for endpoint in ("autosave", "preview"):
        response = stranger.post(f"/ngo/offers/{offer['id']}/steps/task/{endpoint}", data={"title": "x"})
        assert response.status_code == 404 and response.get_json()["error"] == "not_found"
    saved = stored(db, offer["id"])
    assert saved.status == OfferStatus.submitted and saved.title == offer["title"] and saved.partners == []
    assert count(db, OfferVersion) == 1 and db.session.get(Attachment, attachment.id).removed_at is None


@pytest.mark.parametrize("who", ["officer", "evaluator", "admin"])
def test_office_staff_and_evaluators_get_403_on_the_ngo_pages(who, request, app, submitted, open_call, org, db):
    offer, attachment = submitted
    staff = client_for(app, request.getfixturevalue(who))
    urls = [
        ("get", "/ngo/offers/"),
        ("get", f"/ngo/calls/{open_call.id}/offers/new"),
        ("post", f"/ngo/calls/{open_call.id}/offers/new"),
    ]
    urls += offer_urls(offer["id"], attachment.id, org.id)
    for method, url in urls:
        response = getattr(staff, method)(
            url, data={"organization_id": str(org.id), "title": "x"} if method == "post" else None
        )
        assert response.status_code == 403, (method, url)
    assert stored(db, offer["id"]).status == OfferStatus.submitted


def test_anonymous_people_are_sent_to_login(client, submitted, open_call, org):
    offer, attachment = submitted
    urls = [("get", "/ngo/offers/"), ("get", f"/ngo/calls/{open_call.id}/offers/new")] + offer_urls(
        offer["id"], attachment.id, org.id
    )
    for method, url in urls:
        response = getattr(client, method)(url)
        assert response.status_code == 302, url
        assert response.headers["Location"].startswith("/login"), url


def test_a_partner_organisations_member_works_on_the_joint_offer(
    app, client, login, ngo_user, draft, other_org, other_ngo_user, db
):
    offer = draft()
    login(ngo_user)
    client.post(f"/ngo/offers/{offer['id']}/partners", data={"partner": other_org.krs})
    partner = client_for(app, other_ngo_user)
    assert partner.get(f"/ngo/offers/{offer['id']}/steps/task").status_code == 404  # until it confirms
    assert partner.post(f"/ngo/offers/{offer['id']}/partners/{other_org.id}/confirm").status_code == 302
    assert partner.get(f"/ngo/offers/{offer['id']}/steps/task").status_code == 200
    listed = partner.get("/ngo/offers/")
    body = listed.get_data(as_text=True)
    assert offer["title"] in body and "partner; ofertę składa" in body


def test_the_partner_request_on_the_desk_and_the_lead_sees_only_the_name(
    app, client, login, ngo_user, draft, other_org, other_ngo_user, db
):
    offer = draft()
    login(ngo_user)
    other_org.nip = "1234563218"
    db.session.commit()
    added = client.post(f"/ngo/offers/{offer['id']}/partners", data={"partner": other_org.krs})
    assert added.status_code == 302
    offerors = client.get(f"/ngo/offers/{offer['id']}/steps/offerors")
    body = offerors.get_data(as_text=True)
    assert parse(offerors).xpath(f'//*[@id="partner-pending-{other_org.id}"]')
    assert other_org.name in body and other_org.email not in body and "1234563218" not in body

    partner = client_for(app, other_ngo_user)
    desk = partner.get("/ngo/offers/")
    assert parse(desk).xpath(f'//*[@id="partner-request-{offer["id"]}-{other_org.id}"]')
    assert client.get("/ngo/offers/").status_code == 200
    assert not parse(client.get("/ngo/offers/")).xpath('//*[@id="partner-requests"]')  # the lead has none
    # The lead's own member cannot answer for the partner.
    assert client.post(f"/ngo/offers/{offer['id']}/partners/{other_org.id}/confirm").status_code == 404
    declined = partner.post(f"/ngo/offers/{offer['id']}/partners/{other_org.id}/decline")
    assert declined.status_code == 302
    assert not parse(partner.get("/ngo/offers/")).xpath('//*[@id="partner-requests"]')
    assert not parse(client.get(f"/ngo/offers/{offer['id']}/steps/offerors")).xpath(
        f'//*[@id="partner-pending-{other_org.id}"]'
    )
