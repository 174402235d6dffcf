"""The consultation in the browser, without JavaScript: the officer's programme page (announce, answer, report),
the NGO's consultation page (read the draft, comment) and the public programme page (comments and answers only
with the report). Refused forms keep what was typed and show the error at the field (422)."""

from datetime import timedelta

from grants.clock import warsaw_midnight
from grants.extensions import db
from grants.programmes.models import ConsultationComment, ProgrammeConsultation
from tests.programmes.year_helpers import day, today
from tests.web.pages import element, errors_at, flashes, form_data, parse, text, value_of


def _page(programme):
    return f"/office/programmes/{programme['id']}"


def test_the_dashboard_links_the_programme_page(client, login, officer, draft_programme):
    login(officer)
    dashboard = client.get("/office/")
    assert f'href="/office/programmes/{draft_programme["id"]}"' in dashboard.get_data(as_text=True)
    assert parse(dashboard).xpath('//span[@data-status="draft"]')  # where the programme's year stands
    page = client.get(_page(draft_programme))
    assert page.status_code == 200
    assert element(page, "f-consultation-starts_on") is not None
    assert 'aria-current="step"' in page.get_data(as_text=True)


def test_the_officer_announces_the_consultation_by_form(client, login, officer, draft_programme):
    login(officer)
    page = client.get(_page(draft_programme))
    data = form_data(page, "/consultation")
    data.update({"consultation-starts_on": day(0), "consultation-ends_on": day(-1)})
    data["consultation-channels"] = ["bip", "rdpp"]
    refused = client.post(f"{_page(draft_programme)}/consultation", data=data)
    assert refused.status_code == 422
    assert errors_at(refused, "f-consultation-ends_on")
    assert value_of(refused, "f-consultation-starts_on") == day(0)
    assert element(refused, "f-consultation-channel-rdpp").get("checked") is not None
    data["consultation-ends_on"] = day(10)
    done = client.post(f"{_page(draft_programme)}/consultation", data=data, follow_redirects=True)
    assert done.status_code == 200 and flashes(done, "success")
    consultation = db.session.scalars(db.select(ProgrammeConsultation)).one()
    assert consultation.channels == ["bip", "rdpp"] and consultation.ends_on.isoformat() == day(10)


def test_no_channel_is_named_on_the_field(client, login, officer, draft_programme):
    login(officer)
    data = form_data(client.get(_page(draft_programme)), "/consultation")
    data.update({"consultation-starts_on": day(0), "consultation-ends_on": day(3)})
    refused = client.post(f"{_page(draft_programme)}/consultation", data=data)
    assert refused.status_code == 422 and errors_at(refused, "f-consultation-channels")


def test_a_member_comments_on_the_ngo_page(client, login, ngo_user, org, consulting):
    login(ngo_user)
    dashboard = client.get("/ngo/")
    assert f"/ngo/programmes/{consulting['id']}/consultation" in dashboard.get_data(as_text=True)
    page = client.get(f"/ngo/programmes/{consulting['id']}/consultation")
    assert page.status_code == 200 and "P1" in text(page)
    data = form_data(page, "/consultation")
    refused = client.post(f"/ngo/programmes/{consulting['id']}/consultation", data=data)
    assert refused.status_code == 422 and errors_at(refused, "f-comment-text")
    data["comment-text"] = "Proszę dodać priorytet:\r\nsport dzieci."
    done = client.post(f"/ngo/programmes/{consulting['id']}/consultation", data=data, follow_redirects=True)
    assert done.status_code == 200 and flashes(done, "success")
    comment = db.session.scalars(db.select(ConsultationComment)).one()
    assert comment.organization_id == org.id and comment.text == "Proszę dodać priorytet:\nsport dzieci."
    assert "sport dzieci." in text(done)  # the member sees their organisation's comment


def test_staff_do_not_comment_and_a_closed_consultation_has_no_form(
    client, login, officer, ngo_user, org, consulting, frozen_clock
):
    login(officer)
    assert client.get(f"/ngo/programmes/{consulting['id']}/consultation").status_code == 403
    client.post("/logout")
    frozen_clock.move_to(warsaw_midnight(today() + timedelta(days=8)))
    login(ngo_user)
    page = client.get(f"/ngo/programmes/{consulting['id']}/consultation")
    assert page.status_code == 200 and not page.get_data(as_text=True).count('name="comment-text"')
    late = client.post(f"/ngo/programmes/{consulting['id']}/consultation", data={"comment-text": "Po terminie."})
    assert late.status_code == 409


def _comment(api, programme, text="Uwaga organizacji."):
    response = api.post(f"/api/v1/programmes/{programme['id']}/consultation/comments", json={"text": text})
    assert response.status_code == 201
    return response.get_json()


def test_answer_and_report_forms_and_the_public_page(client, login, officer, ngo_api_client, consulting, frozen_clock):
    comment = _comment(ngo_api_client, consulting)
    public = client.get(f"/programmes/{consulting['id']}")
    assert public.status_code == 200 and "Uwaga organizacji." not in text(public)
    login(officer)
    page = client.get(_page(consulting))
    action = f"/comments/{comment['id']}/answer"
    data = form_data(page, action)
    refused = client.post(f"{_page(consulting)}{action}", data={**data, f"comment-{comment['id']}-outcome": "partly"})
    assert refused.status_code == 422 and errors_at(refused, f"f-comment-{comment['id']}-answer")
    assert value_of(refused, f"f-comment-{comment['id']}-outcome") == "partly"
    data.update({f"comment-{comment['id']}-answer": "Uwzględniamy.", f"comment-{comment['id']}-outcome": "accepted"})
    assert client.post(f"{_page(consulting)}{action}", data=data).status_code == 302
    assert "report-text" not in client.get(_page(consulting)).get_data(as_text=True)  # not before the last day
    frozen_clock.move_to(warsaw_midnight(today() + timedelta(days=8)))
    login(officer)  # a week later: a new session
    page = client.get(_page(consulting))
    data = form_data(page, "/consultation/report")
    data["report-text"] = "Wpłynęła jedna uwaga, uwzględniona."
    assert client.post(f"{_page(consulting)}/consultation/report", data=data).status_code == 302
    client.post("/logout")
    public = client.get(f"/programmes/{consulting['id']}")
    body = text(public)
    assert "Wpłynęła jedna uwaga, uwzględniona." in body and "Uwaga organizacji." in body and "Uwzględniamy." in body
    assert "csrf_token" not in public.get_data(as_text=True)


def test_pages_of_another_office_are_404(client, login, other_officer, draft_programme):
    login(other_officer)
    assert client.get(_page(draft_programme)).status_code == 404


def test_the_public_list_of_programmes(client, consulting, officer_api_client):
    from tests.programmes.year_helpers import make_programme

    make_programme(officer_api_client, title="Program bez konsultacji")
    assert "/programmes/" in client.get("/").get_data(as_text=True)
    listing = client.get("/programmes/")
    assert listing.status_code == 200
    rows = {row.xpath("string(th)").strip(): row.xpath("string(td[3])") for row in parse(listing).xpath("//tbody/tr")}
    assert "uwagi do" in rows[consulting["title"]] and "projekt" in rows["Program bez konsultacji"]
