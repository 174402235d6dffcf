"""The ranking as a matrix (issue 11: the criteria were squeezed into one narrow column): a row per offer
(rank, organisation, title), a column per criterion headed by its name (abbreviated, the full name in
<abbr title> and in the legend), then the total, the spread and the amounts; a named focusable scroll region
on desktop, a card per offer on phones. Rendering asks the database the same number of times for 3 offers
as for 30."""

from grants.extensions import db as _db
from tests.helpers import counting_statements
from tests.review.helpers import full_sheet
from tests.web.pages import element, parse


def _ready_and_scored(flow, committee, offers):
    members = [{"user_id": committee.chair.id, "role": "chair"}, {"user_id": committee.m1.id, "role": "member"}]
    flow.accept(*offers)
    flow.appoint(members)
    flow.assign()
    for user in (committee.chair, committee.m1):
        for offer in offers:
            flow.declare(user, offer.id)
            flow.score(user, offer.id, full_sheet(quality=20 if user is committee.chair else 30))


def test_the_matrix_has_a_column_per_criterion_named_in_full(web, officer, flow, committee, offers):
    _ready_and_scored(flow, committee, offers[:2])
    page = web(officer).get(f"/review/calls/{flow.call.id}/ranking")
    assert page.status_code == 200
    doc = parse(page)
    region = element(page, "ranking").getparent()
    assert region.get("role") == "region" and region.get("tabindex") == "0"
    assert region.get("aria-labelledby") == "ranking-caption" and element(page, "ranking-caption").text_content()
    abbrs = doc.xpath('//table[@id="ranking"]/thead//abbr')
    names = [c.name for c in flow.call.criteria]
    assert [a.get("title").split(" (maks.")[0] for a in abbrs] == names
    assert all(len(a.text_content()) <= 23 for a in abbrs)
    assert "ability" not in " ".join(a.text_content() for a in abbrs)  # names, not codes
    legend = " ".join(element(page, "criteria-legend").text_content().split())
    assert all(name in legend for name in names)
    headers = [" ".join(th.text_content().split()) for th in doc.xpath('//table[@id="ranking"]/thead/tr/th')]
    assert headers[-5:] == ["Suma", "Rozrzut", "Uwagi", "Wnioskowana kwota", "Proponowana kwota"]
    row = doc.xpath('//table[@id="ranking"]/tbody/tr')[0]
    quality = row.xpath('td[@data-criterion="quality"]')[0]
    assert quality.text_content().strip() == "25"  # the mean of 20 and 30
    assert quality.get("data-label") == next(c.name for c in flow.call.criteria if c.code == "quality")
    spread = row.xpath('td[@data-label="Rozrzut"]')[0]
    assert spread.text_content().strip() == "10"


def test_the_ranking_asks_the_database_the_same_number_of_times_for_3_and_30_offers(
    web, officer, flow, committee, submit
):
    offers = [submit() for _ in range(30)]  # submitted before the deadline, reviewed in two batches
    client = web(officer)
    url = f"/review/calls/{flow.call.id}/ranking"

    def render() -> int:
        with counting_statements(_db) as count:
            response = client.get(url)
        assert response.status_code == 200
        return count(), len(parse(response).xpath('//table[@id="ranking"]/tbody/tr'))

    _ready_and_scored(flow, committee, offers[:3])
    few, rows = render()
    assert rows == 3
    flow.accept(*offers[3:])
    flow.assign()
    for user in (committee.chair, committee.m1):
        for offer in offers[3:]:
            flow.declare(user, offer.id)
            flow.score(user, offer.id)
    many, rows = render()
    assert rows == 30
    assert few == many, (few, many)
