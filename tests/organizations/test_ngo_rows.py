"""The NGO's offers printed in Python (grants.organizations.ngo_rows) are the markup the templates printed, byte
for byte: the next step in each of its wordings (the macro templates/organizations/_offer_step.html, kept here
as offer_step_macro.jinja) and the offers' list's rows (templates/offers/my_offers.html's loop, kept as
offer_list_row.jinja) — every outcome, own and partner offers, with and without a version, open and closed
calls, escaped texts, in each language —, and the desk's rows (templates/organizations/dashboard.html's loop, kept
as desk_offer_row.jinja). A change to the markup fails here until the Python follows it."""

import itertools
from datetime import UTC, date, datetime, timedelta
from pathlib import Path
from types import SimpleNamespace

import pytest

from grants.calls.models import CallStatus
from grants.offers.models import OfferStatus
from grants.offers.ngo_list import CallRow, NameRow, OfferRow, VersionRow
from grants.organizations import desk, ngo_rows

HERE = Path(__file__).parent
STEP_MACRO = (HERE / "offer_step_macro.jinja").read_text()
OLD_ROWS = (HERE / "offer_list_row.jinja").read_text()
NEW_ROWS = """        {% for row in rows %}
          {{ row }}
        {% endfor %}
"""
OLD_DESK_ROWS = (HERE / "desk_offer_row.jinja").read_text()
NEW_DESK_ROWS = """      {% for row in desk_rows %}
        {{ row }}
      {% endfor %}
"""
TITLE = "Oferta \"<b>\" & 'ja'"
OWN, PARTNER = 7, 8
CONTRACT = SimpleNamespace(id=41, number="3/2027 <i>")

# A fixed instant, at which Warsaw's date is a day ahead of UTC's: both printers must agree there too.
NOW = datetime(2026, 12, 4, 23, 30, tzinfo=UTC)


def _steps(now):
    later, earlier = now + timedelta(days=9, hours=3), now - timedelta(days=40, hours=5)
    yield {"key": desk.EDIT_DRAFT, "when": later, "contract": None}
    yield {"key": desk.DEADLINE_MISSED, "when": earlier, "contract": None}
    for key in (desk.SEND_CONFIRMATION, desk.FORMALLY_REJECTED, desk.FORMALLY_ACCEPTED, desk.AWAITING_REVIEW):
        yield {"key": key, "when": None, "contract": None}
    yield {"key": desk.CORRECT, "when": later, "contract": None}
    yield {"key": desk.CORRECTION_LAPSED, "when": earlier, "contract": None}
    for key in (desk.NOT_FUNDED, desk.AWAITING_CONTRACT):
        yield {"key": key, "when": None, "contract": None}
    yield {"key": desk.SIGN_CONTRACT, "when": None, "contract": CONTRACT}
    for overdue, day in ((True, date(2027, 1, 4)), (False, date(2027, 3, 22))):
        yield {"key": desk.REPORT_DUE, "when": day, "contract": CONTRACT, "overdue": overdue}
    for key in (desk.IN_PROGRESS, desk.DONE):
        yield {"key": key, "when": None, "contract": CONTRACT}


def _rows(now):
    outcomes = (None, {"funded": True, "amount": "12345.50"}, {"funded": False, "amount": None})
    calls = (
        CallRow(3, "Nabór <kultura> & sport", CallStatus.published, now + timedelta(days=3)),
        CallRow(4, "Nabór zamknięty", CallStatus.published, now - timedelta(days=3)),
        CallRow(5, "Nabór odwołany", CallStatus.cancelled, now + timedelta(days=3)),
    )
    choices = (list(_steps(now)), outcomes, calls, (OWN, PARTNER), (None, VersionRow("AB12-CD34", 5)), OfferStatus)
    for number, (step, outcome, call, lead, version, status) in enumerate(itertools.product(*choices)):
        offer = OfferRow(
            id=100 + number,
            title=TITLE,
            status=status,
            organization_id=lead,
            call_id=call.id,
            correction_deadline=None,
            call=call,
            organization=NameRow("Fundacja <Razem> & Co"),
            current_version=version,
            formal=None,
            outcome=outcome,
        )
        links = {
            "offer_home": f"/ngo/offers/{offer.id}",
            "summary": f"/ngo/offers/{offer.id}/summary",
            "clone": f"/ngo/offers/{offer.id}/clone",
            "call": f"/calls/{call.id}",
            "results": f"/calls/{call.id}/results",
            "contract": f"/ngo/contracts/{CONTRACT.id}",
        }
        yield {"offer": offer, "outcome": outcome, "step": step, "links": links}


@pytest.mark.parametrize("lang", ["pl", "en", "uk"])
def test_every_next_step_is_the_macros(app, lang):
    now = NOW
    with app.test_request_context(f"/?lang={lang}"):
        macro = app.jinja_env.from_string(STEP_MACRO).module.offer_step
        printed = ngo_rows.step_printer()
        keys = set()
        for row in _rows(now):
            assert printed(row) == macro(row), row["step"]
            keys.add(row["step"]["key"])
    assert keys == {value for name, value in vars(desk).items() if name.isupper() and isinstance(value, str)}


@pytest.mark.parametrize(("lang", "word"), [("pl", "Następny krok"), ("en", "Next step"), ("uk", "Наступний крок")])
def test_the_python_rows_are_the_templates_rows(app, lang, word):
    now = NOW
    rows = list(_rows(now))
    with app.test_request_context(f"/?lang={lang}"):
        macro = app.jinja_env.from_string(STEP_MACRO).module.offer_step
        wanted = app.jinja_env.from_string(OLD_ROWS).render(rows=rows, own={OWN}, offer_step=macro)
        printed = ngo_rows.list_rows(rows, {OWN}, now)
        assert app.jinja_env.from_string(NEW_ROWS).render(rows=printed) == wanted
    assert f'data-label="{word}"' in wanted and "&lt;b&gt;" in wanted and "badge-funded" in wanted


@pytest.mark.parametrize(("lang", "word"), [("pl", "Następny krok"), ("en", "Next step"), ("uk", "Наступний крок")])
def test_the_desks_python_rows_are_its_templates_rows(app, lang, word):
    now = NOW
    rows = list(_rows(now))
    with app.test_request_context(f"/?lang={lang}"):
        wanted = app.jinja_env.from_string(OLD_DESK_ROWS).render(offer_rows=rows, step_cell=ngo_rows.step_printer())
        printed = ngo_rows.desk_rows(rows)
        assert app.jinja_env.from_string(NEW_DESK_ROWS).render(desk_rows=printed) == wanted
    assert f'data-label="{word}"' in wanted and "&lt;b&gt;" in wanted and "&lt;Razem&gt;" in wanted
