"""The public lists' cards written in Python (grants.calls.public_list.card_html) are the markup the
`call_card` macro wrote (tests/web/call_card_macro.jinja), byte for byte, in every language and phase."""

import itertools
from datetime import UTC, datetime, timedelta
from decimal import Decimal
from pathlib import Path
from types import SimpleNamespace

import pytest

from grants.calls.models import CallStatus, CancelKind
from grants.calls.public_list import cards, cards_html

MACRO = (Path(__file__).parent / "call_card_macro.jinja").read_text()
NOW = datetime(2026, 12, 5, 9, 30, tzinfo=UTC)


def _rows():
    """Rows as the list reads them (CARD_COLUMNS): every status, open and past deadlines, both kinds of
    cancellation, and texts that need escaping."""
    statuses = [(s, None) for s in CallStatus if s != CallStatus.cancelled]
    statuses += [(CallStatus.cancelled, kind) for kind in (*CancelKind, None)]
    deadlines = (NOW + timedelta(days=12, hours=3), NOW + timedelta(hours=2), NOW - timedelta(days=1))
    titles = ("Kursy języka polskiego", "Zadanie <b>\"A & B\"</b> '1'")
    for n, ((status, kind), deadline, title) in enumerate(itertools.product(statuses, deadlines, titles), start=1):
        yield SimpleNamespace(
            id=n,
            status=status,
            title=title,
            task_type="Działalność na rzecz integracji cudzoziemców" if n % 2 else "Kultura <sztuka> & tradycja",
            budget_total=Decimal("1234567.89") if n % 3 else Decimal("0.00"),
            submission_deadline=deadline,
            published_at=NOW - timedelta(days=30),
            cancel_kind=kind,
            office_name="Urząd Miasta Opola" if n % 2 else 'Gmina <Ząbki> & "Okolice"',
        )


@pytest.mark.parametrize("lang", ["pl", "uk", "en"])
def test_the_python_cards_are_the_macros_cards(app, lang):
    macro = app.jinja_env.from_string(MACRO)
    with app.test_request_context(f"/calls?lang={lang}"):
        app.preprocess_request()
        listed = cards(list(_rows()), now=NOW)
        wanted = macro.render(cards=listed)
        assert "".join(cards_html(listed)) == wanted
        assert wanted.count('<li class="card"') == len(listed) and "&lt;b&gt;&#34;A &amp; B&#34;" in wanted
        assert 'class="days-left"' in wanted
