"""The button on the public call page, the self-refreshing progress page and the download."""

import re

from grants.documents.models import Document
from grants.extensions import db
from tests.documents.pdf import flat, pdf_text
from tests.web.pages import parse


def test_public_call_page_links_to_its_pdf_without_a_form(client, published_call, run_jobs):
    """The page is cached for every anonymous visitor: a CSRF token in it would be the first visitor's,
    refused for everyone else. It carries a plain link, and a visitor served the cached copy follows it."""
    page = parse(client.get(f"/calls/{published_call.id}"))
    assert not page.xpath('//main//form[@action="/documents"]') and not page.xpath('//input[@name="csrf_token"]')
    link = page.xpath('//main//a[normalize-space()="Pobierz PDF"]/@href')
    assert link == [f"/documents/calls/{published_call.id}/announcement"]

    stranger = client.application.test_client()
    cached = stranger.get(f"/calls/{published_call.id}")
    assert cached.headers["X-OKO-Cache"] == "hit"
    followed = stranger.get(link[0])
    assert followed.status_code == 303 and followed.headers["Location"].startswith("/documents/")
    again = client.get(link[0])
    assert again.headers["Location"] == followed.headers["Location"]  # one object, one version, one document
    run_jobs()
    status = parse(stranger.get(followed.headers["Location"]))
    assert status.xpath('//*[@role="status"]/@data-status') == ["finished"]


def test_button_leads_to_a_progress_page_that_refreshes_until_the_download_is_ready(client, published_call, run_jobs):
    response = client.post("/documents", data={"kind": "call_announcement", "object_id": published_call.id})
    assert response.status_code == 303
    location = response.headers["Location"]
    job_id = int(location.rstrip("/").split("/")[-1])
    waiting = client.get(location)
    assert waiting.status_code == 200
    page = parse(waiting)
    assert page.xpath('//meta[@http-equiv="refresh"]/@content') == ["2"]
    assert page.xpath('//*[@role="status"]/@data-status') == ["queued"]
    assert not page.xpath("//script[not(@src)]")  # the CSP allows no inline script
    assert "script-src 'self'" in waiting.headers["Content-Security-Policy"]

    run_jobs()
    ready = parse(client.get(location))
    assert not ready.xpath('//meta[@http-equiv="refresh"]')
    # The file's size in the reader's own decimal sign: "35,2 kB" in Polish, "35.2 kB" in English.
    size = " ".join(ready.xpath("//main//text()"))
    assert re.search(r"\d+,\d\xa0kB", size), size
    english = " ".join(parse(client.get(location + "?lang=en")).xpath("//main//text()"))
    assert re.search(r"\d+\.\d\xa0kB", english), english
    assert ready.xpath('//*[@role="status"]/@data-status') == ["finished"]
    link = ready.xpath('//a[@type="application/pdf"]/@href')
    assert link == [f"/documents/{job_id}/pdf"]
    pdf = client.get(link[0])
    assert pdf.status_code == 200 and pdf.mimetype == "application/pdf"
    assert published_call.title in flat(pdf_text(pdf.data))
    again = client.get(link[0], headers={"If-None-Match": f'"{pdf.headers["ETag"].strip(chr(34))}"'})
    assert again.status_code == 304


def test_a_failed_document_offers_to_try_again(client, published_call, run_jobs, monkeypatch):
    from grants.documents import render
    from grants.jobs.runner import run_job

    monkeypatch.setattr(render, "render_document", lambda *a, **k: (_ for _ in ()).throw(OSError("disk")))
    location = client.post("/documents", data={"kind": "call_announcement", "object_id": published_call.id}).headers[
        "Location"
    ]
    job_id = int(location.split("/")[-1])
    run_jobs()
    for _ in range(3):
        run_job(job_id)
    page = parse(client.get(location))
    assert page.xpath('//*[@role="status"]/@data-status') == ["failed"]
    assert not page.xpath('//meta[@http-equiv="refresh"]')
    retry = page.xpath('//form[@action="/documents"]')
    assert retry and dict(retry[0].form_values())["kind"] == "call_announcement"
    assert "OSError" in page.xpath('string(//*[@role="status"])')


def test_drafts_and_unknown_documents_are_not_found_on_the_web(client, login, officer, make_call, run_jobs):
    draft = make_call()
    assert client.post("/documents", data={"kind": "call_announcement", "object_id": draft.id}).status_code == 404
    login(officer)
    location = client.post("/documents", data={"kind": "call_announcement", "object_id": draft.id}).headers["Location"]
    run_jobs()
    assert client.get(location).status_code == 200
    client.post("/logout")
    assert client.get(location).status_code == 404
    assert client.get(location + "/pdf").status_code == 404
    assert client.get("/documents/987654").status_code == 404
    unknown = client.post("/documents", data={"kind": "contract", "object_id": 1})  # no such contract
    assert unknown.status_code == 404
    assert db.session.scalar(db.select(db.func.count(Document.id))) == 1
