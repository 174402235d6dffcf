"""The member's work list's rows (grants.review.queue_rows, one f-string a row) are the markup the template's
loop printed, byte for byte: every declaration and sheet a row can show, with and without partners, the
people's texts escaped, in every language. A change to the table's markup fails here until the rows follow."""

import itertools
from pathlib import Path
from types import SimpleNamespace

import pytest
from flask import url_for

from grants.review import queue_rows
from grants.urls import id_url

# The table's body as templates/review/my_call.html printed it with a loop until the rows became Python, and now.
LOOP = (Path(__file__).parent / "queue_row_loop.jinja").read_text() + "      </tbody>"
ROWS = """        {{ rows }}
      </tbody>"""

TEXTS = ("Kursy języka polskiego", "Tytuł <b>pogrubiony</b> & \"cudzysłów\" 'apostrof'")
NAMES = ("Stowarzyszenie „Razem”", "Fundacja <Ä> & 'O'")
PARTNERS = ([], ["Koło Gospodyń Wiejskich"], ["Klub <i>Sportowy</i>", 'Partner "B" & syn'])


def _items():
    standings = itertools.product((None, "impartial", "conflict"), (None, "draft", "final"))
    for n, ((declaration, sheet), title, name, partners) in enumerate(
        itertools.product(standings, TEXTS, NAMES, PARTNERS), start=40
    ):
        yield {
            "offer_id": n,
            "title": title,
            "organization": name,
            "partners": partners,
            "declaration": declaration,
            "sheet": sheet,
        }


@pytest.mark.parametrize(("lang", "word"), [("pl", "Oświadczenie"), ("en", "Statement"), ("uk", "Заява")])
def test_the_python_rows_are_the_loops_rows(app, lang, word):
    items = list(_items())
    loop, python = app.jinja_env.from_string(LOOP), app.jinja_env.from_string(ROWS)
    call = SimpleNamespace(id=7)
    with app.test_request_context(f"/?lang={lang}"):
        wanted = loop.render(items=items, call=call)
        rows = queue_rows.rows(
            items,
            url_for("review_pages.call_declaration", call_id=call.id),
            id_url("review_pages.score", "offer_id", call_id=call.id),
        )
        assert python.render(rows=rows) == wanted
    assert wanted.count("<tr ") == len(items) == 108
    assert f'data-label="{word}' in wanted, wanted[:600]
    assert "&lt;b&gt;pogrubiony&lt;/b&gt; &amp; &#34;cudzysłów&#34; &#39;apostrof&#39;" in wanted


def test_no_rows_print_nothing(app):
    with app.test_request_context("/"):
        assert queue_rows.rows([], "/review/calls/7/declaration", str) == ""  # the page prints no table then
