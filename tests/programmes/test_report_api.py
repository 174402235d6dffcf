"""GET/PUT /api/v1/programmes/{id}/report, its publication and XLSX (art. 5a ust. 3): the office reads the
draft with live figures, everyone else only what was published; a correction is the next publication."""

import io
from datetime import datetime

from freezegun import freeze_time
from openpyxl import load_workbook

from grants.audit.models import AuditEntry
from grants.clock import WARSAW
from grants.programmes.report import figures
from tests.helpers import TASK_YEAR
from tests.programmes.report_helpers import hand_year  # noqa: F401  (a fixture)


def _url(year, suffix=""):
    return f"/api/v1/programmes/{year.programme.id}/report{suffix}"


def test_the_office_reads_the_draft_others_nothing_before_publication(hand_year, api, officer, other_officer, ngo_user):  # noqa: F811
    body = api(officer).get(_url(hand_year)).get_json()
    assert body["status"] == "draft" and body["publications"] == []
    assert {k: body[k] for k in figures.compute(hand_year.programme)} == figures.compute(hand_year.programme)
    assert body["due_date"] == f"{TASK_YEAR + 1}-05-31" and body["late"] is False
    assert set(body["narrative"]) == {"introduction", "non_financial", "consultations", "evaluation", "conclusions"}
    for caller in (api(), api(other_officer), api(ngo_user)):
        response = caller.get(_url(hand_year))
        assert response.status_code == 404, response.get_json()


def test_narrative_is_saved_checked_and_guarded_against_lost_updates(hand_year, api, officer, other_officer, ngo_user):  # noqa: F811
    client = api(officer)
    response = client.put(_url(hand_year), json={"narrative": {"introduction": "Program realizowano w 2028 r."}})
    assert response.status_code == 200, response.get_json()
    assert response.get_json()["narrative"]["introduction"] == "Program realizowano w 2028 r."
    assert response.get_json()["lock_version"] == 1
    stale = client.put(_url(hand_year), json={"narrative": {"introduction": "Inaczej"}, "lock_version": 0})
    assert stale.status_code == 409 and stale.get_json()["error"] == "stale"
    bad = client.put(_url(hand_year), json={"narrative": {"intro": "x", "conclusions": "y" * 20001}})
    assert bad.status_code == 422
    assert set(bad.get_json()["fields"]) == {"narrative.intro", "narrative.conclusions"}
    assert client.put(_url(hand_year), json={"narrative": "tekst"}).get_json()["fields"].keys() == {"narrative"}
    assert api(other_officer).put(_url(hand_year), json={"narrative": {}}).status_code == 404
    assert api(ngo_user).put(_url(hand_year), json={"narrative": {}}).status_code == 403
    assert api().put(_url(hand_year), json={"narrative": {}}).status_code == 401
    entries = AuditEntry.query.filter_by(action="programme_report.narrative").all()
    assert len(entries) == 1 and entries[0].after["narrative"]["introduction"].startswith("Program")


def _at_warsaw(day: str, hour: int = 12):
    return freeze_time(datetime.fromisoformat(f"{day}T{hour:02d}:00").replace(tzinfo=WARSAW))


def test_publication_freezes_figures_and_a_correction_is_the_next_number(hand_year, api, officer, db):  # noqa: F811
    """Art. 5a ust. 3: the report is due by 31 May of the year after — on the day it is on time, the next day
    late; nothing may be published before the programme's year is over."""
    with _at_warsaw(f"{TASK_YEAR}-12-31", 23):
        early = api(officer).post(_url(hand_year, "/publish"))
        assert early.status_code == 409 and early.get_json()["error"] == "year_not_over"
    api(officer).put(_url(hand_year), json={"narrative": {"conclusions": "Współpraca była owocna."}})
    with _at_warsaw(f"{TASK_YEAR + 1}-05-31", 23):
        first = api(officer).post(_url(hand_year, "/publish"))
        assert first.status_code == 201, first.get_json()
        assert first.get_json()["number"] == 1 and first.get_json()["late"] is False
    frozen = first.get_json()["grants_awarded"]
    hand_year.full_contract.tranches[1].paid_on = hand_year.full_contract.tranches[0].paid_on
    db.session.commit()
    public = api().get(_url(hand_year)).get_json()
    assert public["status"] == "published" and public["grants_paid"] == {"amount": "22000.00"}  # frozen
    assert public["narrative"]["conclusions"] == "Współpraca była owocna."
    with _at_warsaw(f"{TASK_YEAR + 1}-06-01", 0):
        officer_view = api(officer).get(_url(hand_year)).get_json()
        assert officer_view["grants_paid"] == {"amount": "29020.00"} and officer_view["late"] is False
        second = api(officer).post(_url(hand_year, "/publish")).get_json()
        assert second["number"] == 2 and second["late"] is True and second["grants_awarded"] == frozen
    public = api().get(_url(hand_year)).get_json()
    assert public["number"] == 2 and [p["number"] for p in public["publications"]] == [2, 1]
    assert public["grants_paid"] == {"amount": "29020.00"}
    entries = AuditEntry.query.filter_by(action="programme_report.publish").order_by(AuditEntry.id).all()
    assert [(e.after["number"], e.after["correction"], e.after["late"]) for e in entries] == [
        (1, False, False),
        (2, True, True),
    ]


def test_late_warning_on_the_draft_after_31_may(hand_year, api, officer):  # noqa: F811
    with _at_warsaw(f"{TASK_YEAR + 1}-05-31", 23):
        assert api(officer).get(_url(hand_year)).get_json()["late"] is False
    with _at_warsaw(f"{TASK_YEAR + 1}-06-01", 0):
        assert api(officer).get(_url(hand_year)).get_json()["late"] is True


def test_xlsx_has_the_figures_calls_small_grants_and_organisations(hand_year, api, officer, other_officer):  # noqa: F811
    response = api(officer).get(_url(hand_year, ".xlsx"))
    assert response.status_code == 200
    book = load_workbook(io.BytesIO(response.data))
    assert book.sheetnames == ["Podsumowanie", "Priorytety", "Nabory", "Małe granty", "Organizacje"]
    summary = {row[0].value: row[1].value for row in book["Podsumowanie"].iter_rows()}
    assert summary["Dotacje przyznane w konkursach (zł)"] == 29020 and summary["Zwroty dotacji (zł)"] == 2000
    priorities = [[c.value for c in row] for row in book["Priorytety"].iter_rows(min_row=2)]
    assert priorities == [
        ["P1", "Integracja cudzoziemców", 50000, 1, 3, 29020, 22000],
        ["P2", "Kultura", 20000, 1, 0, 0, 0],
    ]
    calls = [[c.value for c in row] for row in book["Nabory"].iter_rows(min_row=2)]
    assert sorted(row[3] for row in calls) == ["projekt", "rozstrzygnięty", "unieważniony"]
    small = [[c.value for c in row] for row in book["Małe granty"].iter_rows(min_row=2)]
    assert sorted((row[1], row[3], row[4]) for row in small) == [
        ("Fundacja Mały Krok", "przyjęta", 8000),
        ("Stowarzyszenie Sąsiedzi", "odrzucona", 5000),
    ]
    organisations = [row[0].value for row in book["Organizacje"].iter_rows(min_row=2)]
    assert len(organisations) == 5 and "Fundacja Mały Krok" in organisations
    assert api(other_officer).get(_url(hand_year, ".xlsx")).status_code == 404
    assert api().get(_url(hand_year, ".xlsx")).status_code == 401
