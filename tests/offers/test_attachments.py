"""Attachments: typed by their bytes (not their names), 10 MB each and 50 MB per offer, stored outside
static/ under random names, and served as downloads only to those who may see the offer."""

import hashlib
import io
import zipfile
from pathlib import Path

import pytest
from werkzeug.datastructures import FileStorage
from werkzeug.test import encode_multipart

from grants import ROOT
from grants.offers import storage
from grants.offers.models import Attachment

PDF = b"%PDF-1.7\n1 0 obj <<>> endobj\ntrailer <<>>\n%%EOF\n"
PNG = b"\x89PNG\r\n\x1a\n" + b"\x00\x00\x00\rIHDR" + b"\x00" * 40
JPEG = b"\xff\xd8\xff\xe0\x00\x10JFIF\x00" + b"\x00" * 40
EXE = b"MZ\x90\x00\x03\x00\x00\x00\x04\x00\x00\x00\xff\xff" + b"\x00" * 100


def _zip(entries: dict[str, bytes]) -> bytes:
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w") as archive:
        for name, data in entries.items():
            archive.writestr(
                name, data, compress_type=zipfile.ZIP_STORED if name == "mimetype" else zipfile.ZIP_DEFLATED
            )
    return buffer.getvalue()


ODT = _zip({"mimetype": b"application/vnd.oasis.opendocument.text", "content.xml": b"<office:document/>"})
ODS = _zip({"mimetype": b"application/vnd.oasis.opendocument.spreadsheet", "content.xml": b"<x/>"})
DOCX = _zip({"[Content_Types].xml": b"<Types/>", "word/document.xml": b"<w:document/>", "_rels/.rels": b"<x/>"})
XLSX = _zip({"[Content_Types].xml": b"<Types/>", "xl/workbook.xml": b"<workbook/>"})


def upload(client, offer_id, data: bytes, filename: str, kind="statut"):
    # The body is encoded here, in memory: the test client would spool a large one to a temporary
    # file that nobody closes (a ResourceWarning, an error under filterwarnings=error).
    boundary, body = encode_multipart({"file": FileStorage(io.BytesIO(data), filename=filename), "kind": kind})
    return client.post(
        f"/api/v1/offers/{offer_id}/attachments", data=body, content_type=f"multipart/form-data; boundary={boundary}"
    )


def stored_files(app) -> list[Path]:
    base = Path(app.config["STORAGE_DIR"]) / "attachments"
    return [p for p in base.rglob("*") if p.is_file()] if base.exists() else []


@pytest.mark.parametrize(
    "data, name, content_type",
    [
        (PDF, "Statut fundacji.pdf", "application/pdf"),
        (PNG, "skan.png", "image/png"),
        (JPEG, "zdjęcie.jpeg", "image/jpeg"),
        (ODT, "oświadczenie.odt", storage.ODT),
        (DOCX, "umowa partnerska.docx", storage.DOCX),
    ],
)
def test_allowed_types_by_content(api, ngo_user, draft, data, name, content_type):
    offer = draft()
    response = upload(api(ngo_user), offer["id"], data, name)
    assert response.status_code == 201, response.get_json()
    body = response.get_json()
    assert body["content_type"] == content_type and body["size"] == len(data)
    assert body["sha256"] == hashlib.sha256(data).hexdigest() and body["filename"] == name


@pytest.mark.parametrize(
    "data, name",
    [
        (EXE, "statut.pdf"),  # a program dressed as a PDF
        (b"Zwykly tekst, nie PDF", "a.pdf"),
        (XLSX, "arkusz.docx"),  # a ZIP, but not a Word document
        (ODS, "arkusz.odt"),  # OpenDocument, but a spreadsheet
        (_zip({"readme.txt": b"x"}), "x.odt"),
        (b"PK\x03\x04not really a zip", "y.docx"),
        (b"<svg xmlns='http://www.w3.org/2000/svg'/>", "z.png"),
    ],
)
def test_disguised_files_are_refused(api, ngo_user, draft, app, data, name):
    offer = draft()
    response = upload(api(ngo_user), offer["id"], data, name)
    assert response.status_code == 422 and "file" in response.get_json()["fields"]
    assert stored_files(app) == []


def test_real_type_wins_over_the_name(api, ngo_user, draft, app):
    offer = draft()
    client = api(ngo_user)
    body = upload(client, offer["id"], PDF, "to nie jest word.docx").get_json()
    assert body["content_type"] == "application/pdf"
    download = client.get(body["url"])
    assert download.headers["Content-Type"] == "application/pdf"
    assert "to%20nie%20jest%20word.docx.pdf" in download.headers["Content-Disposition"]


def test_missing_file_and_bad_kind(api, ngo_user, draft):
    offer = draft()
    client = api(ngo_user)
    missing = client.post(
        f"/api/v1/offers/{offer['id']}/attachments", data={"kind": "statut"}, content_type="multipart/form-data"
    )
    assert missing.status_code == 422 and "file" in missing.get_json()["fields"]
    bad_kind = upload(client, offer["id"], PDF, "a.pdf", kind="Zły rodzaj!")
    assert bad_kind.status_code == 422 and "kind" in bad_kind.get_json()["fields"]


def test_file_over_10_mb_is_refused_and_not_kept(api, ngo_user, draft, app):
    offer = draft()
    too_big = PDF + b"0" * (storage.MAX_FILE_BYTES - len(PDF) + 1)
    response = upload(api(ngo_user), offer["id"], too_big, "duzy.pdf")
    assert response.status_code == 413 and response.get_json()["error"] == "too_large"
    assert "10 MB" in response.get_json()["message"]
    assert stored_files(app) == [] and not list(Path(app.config["STORAGE_DIR"]).rglob("*.tmp"))
    exactly = PDF + b"0" * (storage.MAX_FILE_BYTES - len(PDF))
    assert upload(api(ngo_user), offer["id"], exactly, "akurat.pdf").status_code == 201


def test_offer_total_over_50_mb_is_refused(api, ngo_user, draft, monkeypatch, app):
    # the same rule with small numbers: 3 files of 40 bytes may share 100 bytes only twice
    monkeypatch.setattr(storage, "MAX_FILE_BYTES", 60)
    monkeypatch.setattr(storage, "MAX_OFFER_BYTES", 100)
    offer = draft()
    client = api(ngo_user)
    file_40 = PDF[:5] + b"x" * 35
    assert upload(client, offer["id"], file_40, "1.pdf").status_code == 201
    assert upload(client, offer["id"], file_40, "2.pdf").status_code == 201
    third = upload(client, offer["id"], file_40, "3.pdf")
    assert third.status_code == 413 and "50 MB" in third.get_json()["message"]
    assert len(stored_files(app)) == 2
    first_id = client.get(f"/api/v1/offers/{offer['id']}").get_json()["attachments"][0]["id"]
    assert client.delete(f"/api/v1/offers/{offer['id']}/attachments/{first_id}").status_code == 204
    assert upload(client, offer["id"], file_40, "3.pdf").status_code == 201  # removing frees room


def test_stored_outside_static_under_a_random_name(api, ngo_user, draft, app, db):
    offer = draft()
    body = upload(api(ngo_user), offer["id"], PDF, "statut.pdf").get_json()
    row = db.session.get(Attachment, body["id"])
    path = storage.path_for(row.stored_name)
    assert path.read_bytes() == PDF
    assert Path(app.config["STORAGE_DIR"]) in path.parents
    assert ROOT / "static" not in path.parents and "statut" not in path.name
    assert len(row.stored_name) == 32
    with pytest.raises(ValueError):
        storage.path_for("../../etc/passwd")


def test_download_is_an_attachment_for_members_only(
    api, ngo_user, colleague, draft, other_ngo_user, other_org, officer, other_officer, evaluator
):
    offer = draft()
    client = api(ngo_user)
    body = upload(client, offer["id"], PDF, "Statut „Żółć” 2027.pdf").get_json()
    url = body["url"]
    response = api(colleague).get(url)
    assert response.status_code == 200 and response.data == PDF
    disposition = response.headers["Content-Disposition"]
    assert disposition.startswith("attachment;")
    assert "filename*=UTF-8''Statut%20%E2%80%9E%C5%BB%C3%B3%C5%82%C4%87%E2%80%9D%202027.pdf" in disposition
    assert 'filename="Statut Zoc 2027.pdf"' in disposition
    assert response.headers["X-Content-Type-Options"] == "nosniff"
    assert api(other_ngo_user).get(url).status_code == 404
    assert api(officer).get(url).status_code == 404  # a draft's file is not the office's
    assert api(evaluator).get(url).status_code == 404
    assert api().get(url).status_code == 401
    assert client.get(f"/api/v1/offers/{offer['id']}/attachments/99999").status_code == 404


def test_office_gets_the_files_of_the_submitted_version_only(api, ngo_user, draft, officer, other_officer):
    offer = draft()
    client = api(ngo_user)
    submitted_file = upload(client, offer["id"], PDF, "statut.pdf").get_json()
    client.post(f"/api/v1/offers/{offer['id']}/submit")
    assert api(officer).get(submitted_file["url"]).status_code == 200
    assert api(other_officer).get(submitted_file["url"]).status_code == 404
    refused = upload(client, offer["id"], PNG, "po.png")
    assert refused.status_code == 409 and refused.get_json()["error"] == "not_draft"
    assert client.delete(submitted_file["url"]).status_code == 409
    # withdraw, remove the old file and add a new one: the office still has the old version's file only
    client.post(f"/api/v1/offers/{offer['id']}/withdraw")
    assert client.delete(submitted_file["url"]).status_code == 204
    later_file = upload(client, offer["id"], PNG, "nowy.png").get_json()
    assert api(officer).get(later_file["url"]).status_code == 404
    assert api(officer).get(submitted_file["url"]).status_code == 200
    listed = api(officer).get(f"/api/v1/offers/{offer['id']}").get_json()["attachments"]
    assert [a["id"] for a in listed] == [submitted_file["id"]]


def test_attachments_are_part_of_the_control_sum(api, ngo_user, draft):
    client = api(ngo_user)
    plain, with_file = draft(), draft()
    upload(client, with_file["id"], PDF, "statut.pdf")
    first = client.post(f"/api/v1/offers/{with_file['id']}/submit").get_json()
    client.post(f"/api/v1/offers/{with_file['id']}/withdraw")
    attachment_id = client.get(f"/api/v1/offers/{with_file['id']}").get_json()["attachments"][0]["id"]
    client.delete(f"/api/v1/offers/{with_file['id']}/attachments/{attachment_id}")
    upload(client, with_file["id"], PDF + b"%changed\n", "statut.pdf")
    second = client.post(f"/api/v1/offers/{with_file['id']}/submit").get_json()
    assert first["control_sum"] != second["control_sum"]
    assert client.post(f"/api/v1/offers/{plain['id']}/submit").status_code == 200


def test_files_written_by_a_rolled_back_request_are_removed(app, db):
    stored = storage.store_upload(io.BytesIO(PDF), max_bytes=1000, too_large_message="x")
    path = storage.path_for(stored.stored_name)
    assert path.exists()
    db.session.execute(db.text("SELECT 1"))
    db.session.rollback()
    assert not path.exists()
    kept = storage.store_upload(io.BytesIO(PNG), max_bytes=1000, too_large_message="x")
    db.session.execute(db.text("SELECT 1"))
    db.session.commit()
    assert storage.path_for(kept.stored_name).exists()
