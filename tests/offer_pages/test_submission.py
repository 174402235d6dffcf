"""Submitting from the summary page, the confirmation with its control code, withdrawing and submitting
again, the deadline (409, nothing saved), and the attachments page."""

import io
import zipfile
from datetime import timedelta

from freezegun import freeze_time
from werkzeug.datastructures import FileStorage
from werkzeug.test import encode_multipart

from grants.mail import OutboundMail
from grants.offers.models import Attachment, OfferStatus, OfferVersion
from tests.offer_pages.helpers import count, problem_links, step_url, stored
from tests.web.pages import element, errors_at, flashes, form_data, parse, text

PDF = b"%PDF-1.4\n1 0 obj<<>>endobj\ntrailer<<>>\n%%EOF\n"


def upload(client, offer_id, data: bytes, filename: str, kind="other"):
    # Encoded here, in memory: the test client would spool a large body to a temporary file that nobody
    # closes (a ResourceWarning, an error under filterwarnings=error).
    boundary, body = encode_multipart({"file": FileStorage(io.BytesIO(data), filename=filename), "kind": kind})
    return client.post(
        f"/ngo/offers/{offer_id}/attachments", data=body, content_type=f"multipart/form-data; boundary={boundary}"
    )


def submit(client, offer_id):
    """As a person does it: the summary's "Złóż ofertę" opens the confirmation page, whose button submits."""
    page = client.get(f"/ngo/offers/{offer_id}/summary")
    confirm = client.get(f"/ngo/offers/{offer_id}/submit", query_string=form_data(page, "/submit"))
    assert confirm.status_code == 200
    return client.post(f"/ngo/offers/{offer_id}/submit", data=form_data(confirm, "/submit"))


def withdraw(client, offer_id):
    page = client.get(f"/ngo/offers/{offer_id}/summary")
    confirm = client.get(f"/ngo/offers/{offer_id}/withdraw", query_string=form_data(page, "/withdraw"))
    assert confirm.status_code == 200
    return client.post(f"/ngo/offers/{offer_id}/withdraw", data=form_data(confirm, "/withdraw"))


def test_submitting_shows_the_confirmation_with_the_control_code(client, login, ngo_user, draft, db):
    offer = draft()
    login(ngo_user)
    summary = client.get(f"/ngo/offers/{offer['id']}/summary")
    assert "Oferta jest kompletna" in text(summary)
    response = submit(client, offer["id"])
    assert response.status_code == 302
    assert response.headers["Location"] == f"/ngo/offers/{offer['id']}/versions/1"
    page = client.get(response.headers["Location"])
    version = db.session.scalar(db.select(OfferVersion))
    assert element(page, "control-code").text_content().strip() == version.control_code
    assert element(page, "control-sum").text_content().strip() == version.control_sum
    assert "Czas złożenia (czas warszawski)" in text(page) and "Co dalej?" in text(page)
    assert "ePUAP" in text(page)
    # The confirmation PDF comes from the documents feature: its button names this offer.
    assert parse(page).xpath('//form[@action="/documents"]//input[@name="kind"][@value="offer_confirmation"]')
    assert stored(db, offer["id"]).status == OfferStatus.submitted
    assert count(db, OutboundMail) >= 1


def test_an_incomplete_offer_is_refused_with_the_list_of_what_to_fix(client, login, ngo_user, draft, db):
    offer = draft(
        summary="",
        statements={"tax_arrears": None, "social_insurance_arrears": False, "register": "krs", "confirmed": True},
    )
    login(ngo_user)
    response = client.post(f"/ngo/offers/{offer['id']}/submit", data={"lock_version": str(offer["lock_version"])})
    assert response.status_code == 422
    links = problem_links(response)
    assert links["summary"] == step_url(offer["id"], "task") + "?check=1#f-summary"
    assert links["statements.tax_arrears"] == step_url(offer["id"], "statements") + "?check=1#f-statements-tax_arrears"
    assert "Oferta jest niekompletna" in text(response)
    assert stored(db, offer["id"]).status == OfferStatus.draft and count(db, OfferVersion) == 0


def test_a_stale_summary_page_does_not_submit_what_someone_changed_since(client, login, ngo_user, draft, api, db):
    offer = draft()
    login(ngo_user)
    page = client.get(f"/ngo/offers/{offer['id']}/summary")
    api(ngo_user).patch(f"/api/v1/offers/{offer['id']}", json={"summary": "Zmienione gdzie indziej"})
    response = client.post(f"/ngo/offers/{offer['id']}/submit", data=form_data(page, "/submit"))
    assert response.status_code == 409
    assert "Ktoś inny zapisał tę ofertę" in text(response)
    assert count(db, OfferVersion) == 0


def test_from_the_deadlines_second_on_submit_and_withdraw_are_409_and_nothing_changes(
    client, login, ngo_user, draft, open_call, db
):
    late, on_time = draft(), draft(title="Zdążyła")
    login(ngo_user)
    assert submit(client, on_time["id"]).status_code == 302
    with freeze_time(open_call.submission_deadline):
        login(ngo_user)
        page = client.get(f"/ngo/offers/{late['id']}/summary")
        assert "tej oferty nie można już złożyć" in text(page)
        refused = client.post(f"/ngo/offers/{late['id']}/submit", data={"lock_version": str(late["lock_version"])})
        assert refused.status_code == 409
        assert "Termin składania ofert minął" in element(refused, "refusal").text_content()
        withdrawn = client.post(f"/ngo/offers/{on_time['id']}/withdraw")
        assert withdrawn.status_code == 409
        assert "Termin składania ofert minął" in text(withdrawn)
    assert stored(db, late["id"]).status == OfferStatus.draft
    assert stored(db, on_time["id"]).status == OfferStatus.submitted
    assert count(db, OfferVersion) == 1


def test_withdraw_and_submit_again_makes_a_new_version_with_a_new_code(client, login, ngo_user, draft, db):
    offer = draft()
    login(ngo_user)
    submit(client, offer["id"])
    first = db.session.scalar(db.select(OfferVersion))
    response = withdraw(client, offer["id"])
    assert response.status_code == 302
    done = flashes(client.get(response.headers["Location"]), "success")
    assert "Wycofano ofertę (wersja 1)" in " ".join(done)
    # Edit after withdrawing, then submit again.
    task = form_data(client.get(step_url(offer["id"], "task")), "/steps/task")
    task["title"] = "Kursy języka polskiego — edycja poprawiona"
    assert client.post(step_url(offer["id"], "task"), data=task).status_code == 302
    again = submit(client, offer["id"])
    assert again.headers["Location"] == f"/ngo/offers/{offer['id']}/versions/2"
    versions = db.session.scalars(db.select(OfferVersion).order_by(OfferVersion.number)).all()
    assert [v.number for v in versions] == [1, 2] and versions[0].control_code != versions[1].control_code
    page = client.get(f"/ngo/offers/{offer['id']}/versions/2")
    listed = " ".join(element(page, "versions").text_content().split())
    assert first.control_code in listed and versions[1].control_code in listed and "wycofana" in listed
    old = client.get(f"/ngo/offers/{offer['id']}/versions/1")
    assert "Ta wersja została wycofana" in text(old)
    assert not parse(old).xpath('//form[@action="/documents"]')


def test_submitting_and_withdrawing_each_ask_first_and_say_what_will_happen(client, login, ngo_user, draft, db):
    offer = draft()
    login(ngo_user)
    summary = client.get(f"/ngo/offers/{offer['id']}/summary")
    # The summary's button only opens the confirmation page: a GET, nothing is submitted by it.
    assert parse(summary).xpath('//form[@method="get"][contains(@action, "/submit")]//button[.="Złóż ofertę"]')
    confirm = client.get(f"/ngo/offers/{offer['id']}/submit", query_string=form_data(summary, "/submit"))
    assert confirm.status_code == 200 and stored(db, offer["id"]).status == OfferStatus.draft
    said = " ".join(element(confirm, "what-happens").text_content().split())
    assert "sumą kontrolną" in said and "ePUAP" in said and "każdy w swoim języku" in said
    assert parse(confirm).xpath('//form[@method="post"]//button[.="Składam ofertę"]')
    assert client.post(f"/ngo/offers/{offer['id']}/submit", data=form_data(confirm, "/submit")).status_code == 302

    # A submitted offer has nothing left to confirm: the submit page leads back to its summary.
    assert client.get(f"/ngo/offers/{offer['id']}/submit").headers["Location"].endswith("/summary")
    summary = client.get(f"/ngo/offers/{offer['id']}/summary")
    assert parse(summary).xpath('//form[@method="get"][contains(@action, "/withdraw")]')
    confirm = client.get(f"/ngo/offers/{offer['id']}/withdraw")
    said = " ".join(element(confirm, "what-happens").text_content().split())
    assert "oznaczona jako wycofana" in said and "nowym kodem kontrolnym" in said and "e-mail" in said
    assert stored(db, offer["id"]).status == OfferStatus.submitted  # asking changed nothing
    assert client.post(f"/ngo/offers/{offer['id']}/withdraw", data=form_data(confirm, "/withdraw")).status_code == 302
    assert stored(db, offer["id"]).status == OfferStatus.withdrawn
    # Withdrawn: no confirmation page any more, back to the summary.
    assert client.get(f"/ngo/offers/{offer['id']}/withdraw").headers["Location"].endswith("/summary")


def test_the_confirmation_page_lists_what_to_fix_and_offers_no_button(client, login, ngo_user, draft):
    offer = draft(summary="")
    login(ngo_user)
    confirm = client.get(f"/ngo/offers/{offer['id']}/submit")
    assert confirm.status_code == 200
    assert "Oferty nie można jeszcze złożyć" in element(confirm, "problems").text_content()
    assert not parse(confirm).xpath('//form[@method="post"][contains(@action, "/submit")]')


def test_a_draft_changed_after_the_summary_is_not_submitted_from_the_confirmation(
    client, login, ngo_user, draft, api, db
):
    offer = draft()
    login(ngo_user)
    summary = client.get(f"/ngo/offers/{offer['id']}/summary")
    api(ngo_user).patch(f"/api/v1/offers/{offer['id']}", json={"summary": "Zmienione gdzie indziej"})
    confirm = client.get(f"/ngo/offers/{offer['id']}/submit", query_string=form_data(summary, "/submit"))
    response = client.post(f"/ngo/offers/{offer['id']}/submit", data=form_data(confirm, "/submit"))
    assert response.status_code == 409 and count(db, OfferVersion) == 0


def test_withdrawal_mails_every_member_in_their_language_after_the_commit(
    client, login, ngo_user, colleague, org, draft, db
):
    colleague.locale = "uk"
    db.session.commit()
    offer = draft()
    login(ngo_user)
    submit(client, offer["id"])
    before = {m.id for m in db.session.scalars(db.select(OutboundMail))}
    assert withdraw(client, offer["id"]).status_code == 302
    mails = {m.recipient: m for m in db.session.scalars(db.select(OutboundMail)) if m.id not in before}
    code = db.session.scalar(db.select(OfferVersion)).control_code
    assert set(mails) == {ngo_user.email, colleague.email, org.email}
    assert mails[ngo_user.email].subject.startswith("Wycofano ofertę") and code in mails[ngo_user.email].subject
    assert "Olena Kowalczuk" in mails[ngo_user.email].body  # who withdrew it
    assert mails[colleague.email].subject.startswith("Пропозицію") and code in mails[colleague.email].subject
    assert "відкликано" in mails[colleague.email].body
    assert mails[org.email].subject.startswith("Wycofano ofertę")  # the organisation's own address: Polish


# ---------------------------------------------------------------- attachments


def docx_bytes() -> bytes:
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w") as archive:
        # A fixed date: zip entries carry the time (2 s resolution), and the test compares two builds' bytes.
        for name, text in (("[Content_Types].xml", "<Types/>"), ("word/document.xml", "<w:document/>")):
            archive.writestr(zipfile.ZipInfo(name, date_time=(2026, 1, 1, 0, 0, 0)), text)
    return buffer.getvalue()


def test_attachments_are_uploaded_listed_downloaded_and_removed(client, login, ngo_user, draft, db):
    offer = draft()
    login(ngo_user)
    page = client.get(f"/ngo/offers/{offer['id']}/attachments")
    assert page.status_code == 200 and "Nie dodano jeszcze żadnych załączników." in text(page)
    response = upload(client, offer["id"], docx_bytes(), "Statut fundacji.docx", kind="statut")
    assert response.status_code == 302
    attachment = db.session.scalar(db.select(Attachment))
    listing = client.get(f"/ngo/offers/{offer['id']}/attachments")
    row = " ".join(element(listing, f"attachment-{attachment.id}").text_content().split())
    assert "Statut fundacji.docx" in row and "Statut organizacji" in row and "DOCX" in row and "kB" in row
    download = client.get(f"/ngo/offers/{offer['id']}/attachments/{attachment.id}")
    assert download.status_code == 200 and download.data == docx_bytes()
    assert download.headers["Content-Disposition"].startswith("attachment;")
    removed = client.post(f"/ngo/offers/{offer['id']}/attachments/{attachment.id}/remove")
    assert removed.status_code == 302
    assert db.session.get(Attachment, attachment.id).removed_at is not None
    after = client.get(f"/ngo/offers/{offer['id']}/attachments")
    assert not parse(after).xpath('//table[@id="attachments"]') and "Nie dodano jeszcze" in text(after)


def test_a_file_that_is_not_an_allowed_type_is_refused_at_the_file_field(client, login, ngo_user, draft, db):
    offer = draft()
    login(ngo_user)
    response = upload(client, offer["id"], b"MZ\x90\x00 not a document", "pelnomocnictwo.pdf", kind="pelnomocnictwo")
    assert response.status_code == 422
    assert "nie jest dokumentem PDF" in errors_at(response, "f-file")[0]
    assert parse(response).xpath('//select[@id="f-kind"]/option[@value="pelnomocnictwo"][@selected]')
    assert count(db, Attachment) == 0
    missing = client.post(f"/ngo/offers/{offer['id']}/attachments", data={"kind": "statut"})
    assert missing.status_code == 422 and errors_at(missing, "f-file") == ["Wybierz plik do dodania."]


def test_a_file_over_10_mb_is_refused_with_the_operations_message(client, login, ngo_user, draft, db):
    offer = draft()
    login(ngo_user)
    big = PDF + b"0" * (10 * 1024 * 1024)
    response = upload(client, offer["id"], big, "skan.pdf")
    assert response.status_code == 413
    assert "Plik może mieć najwyżej 10 MB" in errors_at(response, "f-file")[0]
    assert count(db, Attachment) == 0


def test_attachments_cannot_change_after_submission(client, login, ngo_user, draft, db):
    offer = draft()
    login(ngo_user)
    submit(client, offer["id"])
    page = client.get(f"/ngo/offers/{offer['id']}/attachments")
    assert not parse(page).xpath('//input[@type="file"]')
    response = upload(client, offer["id"], PDF, "po.pdf")
    assert response.status_code == 409 and "najpierw wycofaj" in errors_at(response, "f-file")[0]
    assert count(db, Attachment) == 0


def test_confirmation_after_a_second_before_the_deadline(client, login, ngo_user, draft, open_call, db):
    offer = draft()
    with freeze_time(open_call.submission_deadline - timedelta(seconds=1)):
        login(ngo_user)
        response = submit(client, offer["id"])
        assert response.status_code == 302
        page = client.get(response.headers["Location"])
    version = db.session.scalar(db.select(OfferVersion))
    assert element(page, "control-code").text_content().strip() == version.control_code
    assert element(page, "submitted-at").text_content().strip().endswith(":59")
