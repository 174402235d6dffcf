"""GET /api/v1/offices/{id}/grants.360giving.json and .csv: every grant of the office's year — standing awards
of the year's calls and accepted small grants (art. 19a) — through the one 360Giving mapping of the results."""

import csv
import io

from grants.programmes.report.opendata import CSV_COLUMNS
from tests.helpers import TASK_YEAR
from tests.programmes.report_helpers import hand_year  # noqa: F401  (a fixture)

# 360Giving's required fields of a grant (schema 1.4).
REQUIRED = {
    "id",
    "title",
    "description",
    "currency",
    "amountAwarded",
    "awardDate",
    "recipientOrganization",
    "fundingOrganization",
}


def _url(office_id, suffix="json", year=TASK_YEAR):
    query = "" if year is None else f"?year={year}"
    return f"/api/v1/offices/{office_id}/grants.360giving.{suffix}{query}"


def test_the_years_grants_as_360giving(hand_year, api, office):  # noqa: F811
    response = api().get(_url(office.id))
    assert response.status_code == 200
    grants = response.get_json()["grants"]
    for grant in grants:
        assert set(grant) >= REQUIRED, grant
        assert grant["currency"] == "PLN" and grant["id"].startswith("360G-OKO-opole-cdo-")
        assert grant["recipientOrganization"][0]["id"] and grant["recipientOrganization"][0]["name"]
        assert grant["fundingOrganization"][0]["id"] == "360G-OKO-opole-cdo"
        assert len(grant["awardDate"]) == 10
    awarded = hand_year.awarded
    by_id = {g["id"]: g for g in grants}
    assert set(by_id) == {
        f"360G-OKO-opole-cdo-{awarded.call.id}-{awarded.full.id}",
        f"360G-OKO-opole-cdo-{awarded.call.id}-{awarded.lower.id}",  # its contract was terminated: still a grant
        f"360G-OKO-opole-cdo-19a-{hand_year.small_grant.id}",
    }
    small = by_id[f"360G-OKO-opole-cdo-19a-{hand_year.small_grant.id}"]
    assert small["fromOpenCall"] == "No" and small["amountAwarded"] == 8000.0
    assert small["recipientOrganization"][0]["id"] == f"PL-KRS-{hand_year.org_a.krs}"
    full = by_id[f"360G-OKO-opole-cdo-{awarded.call.id}-{awarded.full.id}"]
    assert full["fromOpenCall"] == "Yes" and full["amountAwarded"] == 17020.0
    # the per-call export maps the same grant the same way (one mapping)
    per_call = api().get(f"/api/v1/calls/{awarded.call.id}/results.360giving.json").get_json()["grants"]
    same = next(g for g in per_call if g["id"] == full["id"])
    assert {k: same[k] for k in REQUIRED} == {k: full[k] for k in REQUIRED}
    # the next year holds only A's small grant of that budget year; another office has nothing
    next_year = api().get(_url(office.id, year=TASK_YEAR + 1)).get_json()["grants"]
    assert [g["amountAwarded"] for g in next_year] == [3000.0]
    assert api().get(_url(hand_year.other_office_id)).get_json()["grants"] == []


def test_year_is_required_and_checked(hand_year, api, office):  # noqa: F811
    for suffix in ("json", "csv"):
        for year in (None, "", "abc", "1999", "20280"):
            response = api().get(_url(office.id, suffix, year))
            assert response.status_code == 422, (suffix, year)
            assert list(response.get_json()["fields"]) == ["year"]
        assert api().get(f"/api/v1/offices/999999/grants.360giving.{suffix}?year=2028").status_code == 404


def test_csv_has_360givings_flat_columns(hand_year, api, office):  # noqa: F811
    response = api().get(_url(office.id, "csv"))
    assert response.status_code == 200 and response.mimetype == "text/csv"
    rows = list(csv.reader(io.StringIO(response.data.decode("utf-8"))))
    assert rows[0] == [title for title, _path in CSV_COLUMNS]
    assert rows[0][:5] == ["Identifier", "Title", "Description", "Currency", "Amount Awarded"]
    assert len(rows) == 4
    amounts = sorted(row[4] for row in rows[1:])
    assert amounts == ["12000.00", "17020.00", "8000.00"]
    assert {row[15] for row in rows[1:]} == {"Yes", "No"}
