"""The score page (issue 11): the offer and the sheet side by side (the sheet in its own column, a link down
to it on phones), the total with its maximum (live with JS, as saved without), every error at once, each
naming its criterion, nothing typed lost; half points where the call allows them."""

from grants.extensions import db
from tests.review_pages.helpers import CONTENT_MARKER, score_form
from tests.web.pages import element, errors_at, parse, summary_links, text, value_of


def url(flow, offer) -> str:
    return f"/review/calls/{flow.call.id}/offers/{offer.id}"


def names(flow) -> dict:
    return {c.code: c.name for c in flow.call.criteria}


def test_the_offer_and_the_sheet_side_by_side_with_the_total(web, flow, ready):
    flow.declare(flow.c.m1, ready[0].id)
    flow.score(flow.c.m1, ready[0].id, body={"scores": {"ability": 12, "costs": 9}, "final": False})
    response = web(flow.c.m1).get(url(flow, ready[0]))
    page = parse(response)
    (layout,) = page.xpath('//div[@class="score-layout"]')
    assert [s.get("id") for s in layout.xpath("./section")] == ["offer-content", "sheet"]
    assert CONTENT_MARKER in layout.xpath('./section[@id="offer-content"]')[0].text_content()
    assert page.xpath('//p[@class="jump-to-sheet"]/a/@href') == ["#sheet"]
    assert element(response, "sheet").xpath(".//form[@data-score-form]")
    # 21 of the counting criteria's 100 points, as saved; the script only follows the typing.
    assert "Razem: 21 / 100 pkt" in " ".join(element(response, "score-total").text_content().split())
    assert page.xpath('//script[contains(@src, "js/score.js")]')


def test_every_error_at_once_each_naming_its_criterion(web, flow, ready):
    flow.declare(flow.c.m1, ready[0].id)
    client = web(flow.c.m1)
    data = {**score_form(), "final": "1", "scores.costs": "99", "justifications.quality": "", "scores.ability": ""}
    data["justifications.ability"] = "Kadra z doświadczeniem."
    response = client.post(url(flow, ready[0]), data=data)
    assert response.status_code == 422
    criteria = names(flow)
    # The mistyped points and, at once, the criteria left empty for a final sheet.
    assert errors_at(response, "f-scores-costs") and errors_at(response, "f-scores-ability")
    assert errors_at(response, "f-justifications-quality")
    links = summary_links(response)
    assert {"#f-scores-costs", "#f-scores-ability", "#f-justifications-quality"} <= set(links)
    for anchor, code in (
        ("#f-scores-costs", "costs"),
        ("#f-scores-ability", "ability"),
        ("#f-justifications-quality", "quality"),
    ):
        assert f"„{criteria[code]}”" in links[anchor]
    # Nothing typed is lost.
    assert value_of(response, "f-scores-costs") == "99"
    assert value_of(response, "f-justifications-ability") == "Kadra z doświadczeniem."
    assert value_of(response, "f-scores-quality") == "25"


def test_a_text_too_long_names_its_criterion(web, flow, ready):
    flow.declare(flow.c.m1, ready[0].id)
    response = web(flow.c.m1).post(url(flow, ready[0]), data={"justifications.quality": "x" * 6000, "final": "0"})
    assert response.status_code == 422
    (message,) = errors_at(response, "f-justifications-quality")
    assert message.startswith(f"„{names(flow)['quality']}”: najwyżej")


def test_half_points_where_the_call_allows_them(web, flow, ready):
    flow.declare(flow.c.m1, ready[0].id)
    client = web(flow.c.m1)
    assert client.post(url(flow, ready[0]), data={**score_form(quality="22.5"), "final": "0"}).status_code == 422
    flow.call.allow_half_points = True
    db.session.commit()
    response = client.get(url(flow, ready[0]))
    assert "można połówki" in text(response)
    response = client.post(url(flow, ready[0]), data={**score_form(quality="22.5"), "final": "0"})
    assert response.status_code == 302
    assert value_of(client.get(url(flow, ready[0])), "f-scores-quality") == "22,5"
