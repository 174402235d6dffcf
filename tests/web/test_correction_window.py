"""Issue 11: the time to remove formal defects is one rule — working days after the day of the request
(review.rules.correction_deadline) — stated in the same words on the public call page, in the announcement's PDF
and on the formal check."""

from datetime import UTC, datetime

from grants.calls.labels import correction_window
from grants.review.rules import correction_deadline

SENTENCE = "7 dni roboczych od dnia wezwania (dnia wezwania nie liczy się; soboty, niedziele i święta pomija się)"


def test_the_sentence_says_what_the_deadline_counts():
    assert correction_window(7) == SENTENCE
    # Requested on Friday 18 December 2026: 21, 22, 23, (Wigilia, Christmas, the weekend) 28, 29, 30, 31 December.
    requested = datetime(2026, 12, 18, 10, tzinfo=UTC)
    assert correction_deadline(requested, 7) == datetime(2026, 12, 31, 23, tzinfo=UTC)  # midnight, Warsaw


def test_public_page_and_announcement_pdf_state_it_identically(client, make_call, app):
    from grants.documents.context import BUILDERS
    from grants.documents.render import html_for
    from grants.documents.samples import SAMPLES

    call = make_call(publish=True, correction_days=7)
    page = client.get(f"/calls/{call.id}").get_data(as_text=True)
    assert SENTENCE in page
    assert "dni od wezwania" not in page.replace("dni roboczych od dnia wezwania", "")
    with app.app_context():
        html = html_for("call_announcement", BUILDERS["call_announcement"](SAMPLES["call_announcement"]()), {})
    assert SENTENCE in html
