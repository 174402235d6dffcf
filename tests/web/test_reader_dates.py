"""Issue 11: a page read in Ukrainian or English writes its dates in that language; a statutory document
(the PDF) stays Polish whoever asked for it."""

from datetime import UTC, date, datetime

import pytest

from grants import formatting


@pytest.mark.parametrize(
    "locale, expected",
    [
        (None, "4 stycznia 2027 r."),
        ("pl", "4 stycznia 2027 r."),
        ("uk", "4 січня 2027\u202fр."),  # CLDR: a narrow no-break space before "р."
        ("en", "January 4, 2027"),
    ],
)
def test_a_date_in_the_readers_language(locale, expected):
    assert formatting.date_pl(date(2027, 1, 4), locale) == expected


def test_a_long_date_is_babels_once_and_then_remembered():
    from babel.dates import format_date

    formatting._long_date.cache_clear()
    day = date(2027, 5, 17)
    answers = [formatting.date_pl(day, locale) for locale in ("en", "uk", "en", "uk", "en")]
    assert answers == [format_date(day, "long", locale=locale) for locale in ("en", "uk", "en", "uk", "en")]
    assert formatting._long_date.cache_info().hits == 3 and formatting._long_date.cache_info().misses == 2
    assert formatting.date_pl(datetime(2027, 5, 16, 22, 30, tzinfo=UTC), "en") == "May 17, 2027"  # Warsaw's day


def test_a_moment_in_the_readers_language_is_warsaw_time():
    moment = datetime(2027, 3, 22, 15, 0, tzinfo=UTC)  # 16:00 in Warsaw (CET)
    assert formatting.datetime_pl(moment) == "22 marca 2027 r., godz. 16:00"
    assert formatting.datetime_pl(moment, "en") == "March 22, 2027, 16:00"
    assert formatting.moment_pl("2027-03-22T16:00:00+01:00", "uk") == "22 березня 2027\u202fр., 16:00"
    assert formatting.day_pl("2027-03-22", "en") == "March 22, 2027"


def test_the_public_call_page_in_ukrainian_has_no_polish_month(client, make_call):
    call = make_call(publish=True)
    polish = client.get(f"/calls/{call.id}?lang=pl").get_data(as_text=True)
    ukrainian = client.get(f"/calls/{call.id}?lang=uk").get_data(as_text=True)
    deadline_pl = formatting.date_pl(call.submission_deadline)
    assert deadline_pl in polish
    assert deadline_pl not in ukrainian
    assert formatting.date_pl(call.submission_deadline, "uk") in ukrainian


def test_a_document_drawn_in_a_ukrainian_request_stays_polish(app):
    from grants.documents.context import BUILDERS
    from grants.documents.render import html_for
    from grants.documents.samples import SAMPLES

    with app.test_request_context("/?lang=uk"):
        from flask_babel import get_locale

        assert str(get_locale()) == "uk"
        html = html_for("contract", BUILDERS["contract"](SAMPLES["contract"]()), {"kind": "contract"})
    assert "2027 r." in html  # the contract's dates, Polish
    assert "2027 р." not in html
