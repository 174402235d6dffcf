"""The member's desk's cards (grants.review.seat_cards, a few f-strings a card) are the markup the desk's loop
printed through review/_progress.html and review/_next_step.html, byte for byte: every next step, a chair's
extra link, drafts and declarations owed or not, a selection deadline or none, the titles escaped, in every
language. A change to those templates (the call's own page still includes them) fails here until the cards
follow."""

import itertools
from datetime import date
from pathlib import Path
from types import SimpleNamespace

import pytest

from grants.review import seat_cards

# The desk's list as templates/review/my_calls.html printed it with a loop and two includes, and now.
LOOP = (Path(__file__).parent / "seat_card_loop.jinja").read_text() + "    </ul>"
CARDS = """      {% for card in cards %}
        {{ card }}
      {% endfor %}
    </ul>"""

TITLE = "Kursy <b>polskiego</b> & \"rozmowy\" 'przy kawie'"
STEPS = [
    {"kind": "declare"},
    {"kind": "finish", "offer_id": 12, "title": TITLE},
    {"kind": "score", "offer_id": 13, "title": "Punkt informacyjny"},
    {"kind": "ranking"},
    {"kind": "resolved"},
    {"kind": "waiting"},
    {"kind": "cancelled"},
    {"kind": "done"},
]
COUNTS = [
    {"undeclared": 0, "assigned": 0, "final": 0, "drafts": 0},
    {"undeclared": 3, "assigned": 450, "final": 12, "drafts": 2},
]


def _rows():
    cases = itertools.product(STEPS, (("chair", True), ("member", False), ("expert", False)), COUNTS)
    for n, (step, (role, is_chair), counts) in enumerate(cases, start=1):
        deadline = date(2027, 3, n % 28 + 1) if n % 3 else None
        call = SimpleNamespace(id=n, title=f"{TITLE} {n}", selection_deadline=deadline)
        yield {
            "call": call,
            "member": None,
            "role": role,
            "is_chair": is_chair,
            "counts": {**counts, "left": {}},
            "next": step,
        }


@pytest.mark.parametrize(("lang", "word"), [("pl", "Ranking ofert"), ("en", "ranking"), ("uk", "Рейтинг")])
def test_the_python_cards_are_the_loops_cards(app, lang, word):
    rows = list(_rows())
    loop, python = app.jinja_env.from_string(LOOP), app.jinja_env.from_string(CARDS)
    with app.test_request_context(f"/?lang={lang}"):
        wanted = loop.render(calls=rows)
        assert python.render(cards=seat_cards.cards(rows)) == wanted
    assert wanted.count('<li class="card"') == len(rows) == 48
    assert word in wanted
    assert "&lt;b&gt;polskiego&lt;/b&gt; &amp; &#34;rozmowy&#34; &#39;przy kawie&#39;" in wanted


def test_no_seats_print_no_cards(app):
    with app.test_request_context("/"):
        assert seat_cards.cards([]) == []
