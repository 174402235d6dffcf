"""The yearly report as a PDF through the documents path (kind programme_report): the office's draft marked as
such, the same document for an unchanged report, and for anyone only once published."""

from datetime import datetime

from freezegun import freeze_time

from grants.clock import WARSAW
from tests.documents.pdf import flat, pdf_text
from tests.helpers import TASK_YEAR
from tests.programmes.report_helpers import hand_year  # noqa: F401  (a fixture)


def _text(client, job_id, run_jobs) -> str:
    run_jobs()
    status = client.get(f"/api/v1/documents/{job_id}").get_json()
    assert status["status"] == "finished", status
    pdf = client.get(status["url"])
    assert pdf.status_code == 200 and pdf.mimetype == "application/pdf"
    return flat(pdf_text(pdf.data))


def test_the_report_pdf_draft_then_published(hand_year, api, officer, other_officer, run_jobs, db):  # noqa: F811
    request = {"kind": "programme_report", "object_id": hand_year.programme.id}
    asked = api(officer).post("/api/v1/documents", json=request)
    assert asked.status_code == 202, asked.get_json()
    db.session.commit()
    again = api(officer).post("/api/v1/documents", json=request)
    assert again.get_json()["job_id"] == asked.get_json()["job_id"]  # unchanged: the same document
    text = _text(api(officer), asked.get_json()["job_id"], run_jobs)
    assert f"SPRAWOZDANIE Z REALIZACJI PROGRAMU WSPÓŁPRACY Z ORGANIZACJAMI POZARZĄDOWYMI ZA {TASK_YEAR} ROK" in text
    assert "PROJEKT" in text and "art. 5a ust. 3" in text
    assert "Dotacje przyznane w konkursach (liczba, kwota) 2 (29 020,00 zł)" in text
    assert "Zwroty dotacji (liczba, kwota) 1 (2 000,00 zł)" in text
    assert "P1 — Integracja cudzoziemców 50 000,00 29 020,00 22 000,00" in text
    assert api().post("/api/v1/documents", json=request).status_code == 404
    assert api(other_officer).post("/api/v1/documents", json=request).status_code == 404
    api(officer).put(
        f"/api/v1/programmes/{hand_year.programme.id}/report", json={"narrative": {"introduction": "Wstęp."}}
    )
    db.session.commit()
    changed = api(officer).post("/api/v1/documents", json=request)
    assert changed.get_json()["job_id"] != asked.get_json()["job_id"]  # the narrative changed: a new document
    with freeze_time(datetime(TASK_YEAR + 1, 3, 1, 12, tzinfo=WARSAW)):
        assert api(officer).post(f"/api/v1/programmes/{hand_year.programme.id}/report/publish").status_code == 201
        db.session.commit()
        public = api().post("/api/v1/documents", json=request)
        assert public.status_code == 202
        text = _text(api(), public.get_json()["job_id"], run_jobs)
        assert "Publikacja nr 1 z" in text and "PROJEKT" not in text and "Wstęp." in text
