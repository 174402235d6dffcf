"""The offer (Annex 1) and its one-page confirmation, rendered from the submitted, frozen version:
what the control sum covers is what the PDF shows, to the organisation and the call's office only."""

import re

import pytest

from grants.extensions import db
from tests.documents.pdf import flat, pdf_text


@pytest.fixture
def submitted(api, ngo_user, draft):  # noqa: F811  (the fixture imported above)
    body = draft(correspondence_address="skr. poczt. 12, 45-001 Opole")
    response = api(ngo_user).post(f"/api/v1/offers/{body['id']}/submit")
    assert response.status_code == 200, response.get_json()
    return {**body, **response.get_json()}


def render(client, run_jobs, kind, offer_id):
    response = client.post("/api/v1/documents", json={"kind": kind, "object_id": offer_id})
    assert response.status_code == 202, response.get_json()
    job_id = response.get_json()["job_id"]
    run_jobs()
    status = client.get(f"/api/v1/documents/{job_id}").get_json()
    assert status["status"] == "finished", status
    pdf = client.get(status["url"])
    assert pdf.status_code == 200 and pdf.mimetype == "application/pdf"
    return job_id, pdf.data


def test_offer_pdf_shows_the_submitted_version_with_its_control_sum_on_every_page(
    api, ngo_user, officer, submitted, run_jobs
):
    job_id, data = render(api(ngo_user), run_jobs, "offer", submitted["id"])
    pages = pdf_text(data)
    text = flat(pages)
    for heading in (
        "OFERTA REALIZACJI ZADANIA PUBLICZNEGO",
        "II. Dane oferenta(-tów)",
        "V.A Zestawienie kosztów realizacji zadania",
        "VII. Oświadczenia",
    ):
        assert heading in text
    assert "Kursy języka polskiego dla dorosłych cudzoziemców" in text and "Fundacja GEKO" in text
    assert "19 520,00" in text and "17 020,00" in text  # V.B: total and planned grant
    assert "Wynagrodzenie lektora" in text and "Koordynacja i księgowość" in text
    assert "Dorośli cudzoziemcy mieszkający w Opolu" in text
    assert "Adres do korespondencji: skr. poczt. 12, 45-001 Opole" in text  # II.1, as submitted
    for page in pages:
        joined = re.sub(r"\s+", "", page)
        assert f"wersja{submitted['version']}" in joined and submitted["control_sum"] in joined
    # The office reads the same document: the same request lands on the same row.
    again = api(officer).post("/api/v1/documents", json={"kind": "offer", "object_id": submitted["id"]})
    assert again.get_json()["job_id"] == job_id and again.get_json()["status"] == "finished"


def test_confirmation_is_one_page_with_the_code_and_signature_lines(api, ngo_user, submitted, run_jobs):
    _, data = render(api(ngo_user), run_jobs, "offer_confirmation", submitted["id"])
    pages = pdf_text(data)
    assert len(pages) == 1
    text = flat(pages)
    assert "POTWIERDZENIE ZŁOŻENIA OFERTY" in text and submitted["control_code"] in text
    assert submitted["control_sum"] in re.sub(r"\s+", "", text)
    assert "Marta Zielińska" in text and "prezeska zarządu" in text  # the profile's representative
    assert "Fundacja GEKO" in text


def test_outsiders_do_not_learn_the_offer_exists(api, other_ngo_user, other_officer, ngo_user, submitted, run_jobs):
    job_id = (
        api(ngo_user)
        .post("/api/v1/documents", json={"kind": "offer", "object_id": submitted["id"]})
        .get_json()["job_id"]
    )
    run_jobs()
    for outsider in (api(), api(other_ngo_user), api(other_officer)):
        assert (
            outsider.post("/api/v1/documents", json={"kind": "offer", "object_id": submitted["id"]}).status_code == 404
        )
        assert outsider.get(f"/api/v1/documents/{job_id}").status_code == 404
        assert outsider.get(f"/api/v1/documents/{job_id}/pdf").status_code == 404


def test_a_draft_has_no_document_yet(api, ngo_user, officer, draft):
    body = draft()
    response = api(ngo_user).post("/api/v1/documents", json={"kind": "offer", "object_id": body["id"]})
    assert response.status_code == 409 and response.get_json()["error"] == "not_submitted"
    # The office does not even know a draft exists.
    assert api(officer).post("/api/v1/documents", json={"kind": "offer", "object_id": body["id"]}).status_code == 404


def test_a_new_version_gets_a_new_document(api, ngo_user, submitted, run_jobs):
    client = api(ngo_user)
    first, _ = render(client, run_jobs, "offer", submitted["id"])
    assert client.post(f"/api/v1/offers/{submitted['id']}/withdraw").status_code == 200
    withdrawn, data = render(client, run_jobs, "offer", submitted["id"])
    assert withdrawn != first and "Wersja wycofana" in flat(pdf_text(data))
    assert client.patch(f"/api/v1/offers/{submitted['id']}", json={"title": "Kursy — druga wersja"}).status_code == 200
    resubmitted = client.post(f"/api/v1/offers/{submitted['id']}/submit").get_json()
    assert resubmitted["version"] == submitted["version"] + 1
    second, data = render(client, run_jobs, "offer", submitted["id"])
    assert second not in (first, withdrawn)
    assert "Kursy — druga wersja" in flat(pdf_text(data)) and resubmitted["control_sum"] in re.sub(
        r"\s+", "", " ".join(pdf_text(data))
    )
    from grants.documents.models import Document

    assert db.session.scalar(db.select(db.func.count(Document.id))) == 3


def test_the_organisation_reads_its_draft_as_annex_1_marked_projekt_on_every_page(api, ngo_user, draft, run_jobs, org):
    body = draft()
    job_id, data = render(api(ngo_user), run_jobs, "offer_draft", body["id"])
    pages = pdf_text(data)
    text = flat(pages)
    assert "OFERTA REALIZACJI ZADANIA PUBLICZNEGO" in text and "VII. Oświadczenia" in text
    assert "PROJEKT — wersja robocza oferty, niezłożona" in text
    assert "Suma kontrolna" not in text and "Kod potwierdzenia" not in text  # nothing frozen yet
    for page in pages:
        assert "PROJEKT" in page and f"Oferta nr {body['id']} — projekt" in re.sub(r"\s+", " ", page)
    # Another save is another draft: the next request makes a new document, never hands out the old one.
    client = api(ngo_user)
    assert client.patch(f"/api/v1/offers/{body['id']}", json={"title": "Kursy — poprawione"}).status_code == 200
    second, data = render(client, run_jobs, "offer_draft", body["id"])
    assert second != job_id and "Kursy — poprawione" in flat(pdf_text(data))


def test_nobody_outside_the_organisation_gets_the_draft(
    api, ngo_user, other_ngo_user, officer, other_officer, draft, run_jobs
):
    body = draft()
    job_id = (
        api(ngo_user)
        .post("/api/v1/documents", json={"kind": "offer_draft", "object_id": body["id"]})
        .get_json()["job_id"]
    )
    run_jobs()
    for outsider in (api(), api(other_ngo_user), api(officer), api(other_officer)):
        refused = outsider.post("/api/v1/documents", json={"kind": "offer_draft", "object_id": body["id"]})
        assert refused.status_code == 404
        assert outsider.get(f"/api/v1/documents/{job_id}").status_code == 404
        assert outsider.get(f"/api/v1/documents/{job_id}/pdf").status_code == 404


def test_the_offer_page_offers_the_draft_then_the_submitted_version_as_pdf(
    app, ngo_user, other_ngo_user, api, draft, run_jobs
):
    from tests.offer_pages.helpers import client_for
    from tests.web.pages import parse

    body = draft()
    browser = client_for(app, ngo_user)
    summary = parse(browser.get(f"/ngo/offers/{body['id']}/summary"))
    kinds = summary.xpath('//section[@id="offer-pdf"]//form//input[@name="kind"]/@value')
    assert kinds == ["offer_draft"]
    response = browser.post("/documents", data={"kind": "offer_draft", "object_id": body["id"]})
    assert response.status_code == 303
    run_jobs()
    progress = parse(browser.get(response.headers["Location"]))
    link = progress.xpath('//a[contains(@href, "/pdf")]/@href')
    pdf = browser.get(link[0])
    assert pdf.status_code == 200 and "PROJEKT" in flat(pdf_text(pdf.data))
    # Another organisation's member: not found, on the button's path and on the progress page alike.
    stranger = client_for(app, other_ngo_user)
    assert stranger.post("/documents", data={"kind": "offer_draft", "object_id": body["id"]}).status_code == 404
    assert stranger.get(response.headers["Location"]).status_code == 404

    submitted = api(ngo_user).post(f"/api/v1/offers/{body['id']}/submit").get_json()
    summary = parse(browser.get(f"/ngo/offers/{body['id']}/summary"))
    assert summary.xpath('//section[@id="offer-pdf"]//form//input[@name="kind"]/@value') == ["offer"]
    assert submitted["control_code"] in " ".join(summary.xpath('//section[@id="offer-pdf"]//text()'))
