"""The committee page sets the selection rules with selects (no typed mini-language; works without JS) until the
submission deadline, and from its second on shows them read-only with the reason (art. 13 ust. 2 pkt 6)."""

from datetime import timedelta

from freezegun import freeze_time

from tests.web.pages import errors_at, parse, text


def _quality(call) -> str:
    return next(c.name for c in call.criteria if c.code == "quality")


def test_committee_page_sets_them_with_selects_then_shows_them_frozen(web, officer, review_call, offers):
    url = f"/office/calls/{review_call.id}/committee"
    with freeze_time(review_call.submission_deadline - timedelta(days=1)):
        client = web(officer)  # signed in at that time: a session lives only so long
        doc = parse(client.get(url))
        labels = doc.xpath('//select[@id="f-tie_break-0"]/option/text()')
        assert f"wyższa liczba punktów w kryterium „{_quality(review_call)}”" in labels
        assert "niższa wnioskowana kwota dotacji" in labels and "losowanie" in labels
        assert not doc.xpath('//textarea[@name="tie_break"]') and "criterion:" not in text(client.get(url))
        data = {"tie_break-0": "lower_requested", "tie_break-1": "draw", "tie_break-2": "lower_requested"}
        twice = client.post(f"{url}/settings", data={**data, "reason": "Zmiana."})
        assert twice.status_code == 422 and errors_at(twice, "f-tie_break-2")
        assert parse(twice).xpath('//select[@id="f-tie_break-1"]/option[@selected]/@value') == ["draw"]
        data["tie_break-2"] = ""
        assert client.post(f"{url}/settings", data={**data, "reason": "Zmiana."}).status_code == 302
        assert review_call.tie_break == [["lower_requested"], ["draw", {}]]
    with freeze_time(review_call.submission_deadline):
        client = web(officer)
        page = client.get(url)
        doc = parse(page)
        assert doc.xpath('//*[@id="rules-frozen"]') and not doc.xpath('//select[starts-with(@id, "f-tie_break")]')
        assert "1) niższa wnioskowana kwota dotacji, 2) losowanie." in text(page)
        refused = client.post(f"{url}/settings", data={"tie_break-0": "lower_requested", "reason": "Za późno."})
        assert refused.status_code == 409 and "Termin składania ofert minął" in text(refused)


def test_a_tie_the_ladder_leaves_is_named_and_a_draw_settles_it(web, officer, flow, offers, review_call):
    from tests.review_pages.helpers import scored

    with freeze_time(review_call.submission_deadline - timedelta(days=1)):
        assert (
            web(officer)
            .post(
                f"/office/calls/{review_call.id}/committee/settings",
                data={"tie_break-0": "draw", "reason": "Remis rozstrzyga losowanie."},
            )
            .headers["Location"]
            .endswith("#settings-heading")
        )
    flow.ready(offers[:2])
    scored(flow, offers[:2], users=(flow.c.chair, flow.c.m1, flow.c.m2))  # the same sheets: a tie
    client = web(officer)
    ranking = f"/review/calls/{review_call.id}/ranking"
    assert "remis, którego nie rozstrzygają zasady z ogłoszenia" in text(client.get(ranking))
    first, second = offers[0].id, offers[1].id
    page = client.get(f"/office/calls/{review_call.id}/committee")
    assert parse(page).xpath(f'//input[@id="f-draw-{first}"]') and parse(page).xpath('//*[@id="rules-frozen"]')
    drawn = client.post(
        f"/office/calls/{review_call.id}/committee/settings",
        data={"tie_break-0": "draw", f"draw-{first}": "2", f"draw-{second}": "1", "reason": "Losowanie 3.03."},
    )
    assert drawn.status_code == 302, text(drawn)
    after = client.get(ranking)
    assert "remis, którego nie rozstrzygają" not in text(after)
    doc = parse(after)
    assert [row.get("id") for row in doc.xpath('//tr[starts-with(@id, "rank-")]')][:2] == [
        f"rank-{second}",
        f"rank-{first}",
    ]


def test_a_drafts_page_leads_to_its_rules_and_they_save_without_a_reason(web, officer, make_call):
    call = make_call()
    client = web(officer)
    link = parse(client.get(f"/office/calls/{call.id}")).xpath('//a[@id="selection-rules-link"]/@href')
    assert link == [f"/office/calls/{call.id}/committee#settings"]
    page = parse(client.get(f"/office/calls/{call.id}/committee"))
    assert page.xpath('//select[@id="f-tie_break-0"]') and not page.xpath('//textarea[@name="reason"]')
    saved = client.post(f"/office/calls/{call.id}/committee/settings", data={"tie_break-0": "lower_requested"})
    assert saved.status_code == 302 and call.tie_break == [["lower_requested"]] and call.amendments == []
