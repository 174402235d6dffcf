"""The programme's year's test helpers: a programme made through the API, dates around the frozen clock."""

from datetime import date, timedelta

from grants.clock import now_utc, warsaw_date

PRIORITIES = [
    {"code": "P1", "name": "Integracja cudzoziemców", "budget": "250000.00"},
    {"code": "P2", "name": "Kultura i sztuka", "budget": "100000.00"},
]


def today() -> date:
    """Warsaw's date: at the frozen 23:30 UTC it is already the next day."""
    return warsaw_date(now_utc())


def day(offset: int) -> str:
    return (today() + timedelta(days=offset)).isoformat()


def make_programme(officer_api, year: int | None = None, title: str = "Program współpracy Miasta Opola") -> dict:
    body = {"year": year or today().year + 1, "title": title, "priorities": PRIORITIES}
    response = officer_api.post("/api/v1/programmes", json=body)
    assert response.status_code == 201, response.get_json()
    return response.get_json()
