"""The ranking of a national call (issue 13): computed whole every time, its rows shown in pages (100 by
default) with the ranks intact across pages, narrowed to the offers that reached the threshold or not and by a
search (words, NIP, control code); bad input named at its field; the decision form apart, with every offer of
the ranking at once; other offices, NGOs and plain members refused; the statements the same at two sizes."""

import pytest

from grants.offers.models import Offer
from grants.review import queries
from tests.helpers import counting_statements
from tests.review.helpers import full_sheet
from tests.web.pages import errors_at, form_data, parse, summary_links, text, value_of

QUALITY = [30, 28, 10, 26, 12, 24]  # totals 84, 82, 64, 80, 66, 78: the third and the fifth below 70


def rows(response) -> list[tuple[int, str]]:
    """(offer id, place) of the matrix's rows, in order."""
    found = []
    for tr in parse(response).xpath('//table[@id="ranking"]/tbody/tr'):
        found.append((int(tr.get("id").split("-")[1]), tr.xpath('td[@data-label="Miejsce"]')[0].text_content().strip()))
    return found


def next_href(response):
    links = parse(response).xpath('//nav[contains(@class, "pager")]//a[@rel="next"]/@href')
    return links[0] if links else None


def counts(response) -> dict:
    return {
        dd.get("data-count"): int(dd.text_content()) for dd in parse(response).xpath('//dl[@id="ranking-counts"]/dd')
    }


@pytest.fixture
def ranked(flow, committee, submit, db):
    """Six offers scored by the chair and a member alike, the threshold at 70 points: four pass, two do not."""
    flow.call.min_total_points = 70
    db.session.commit()
    offers = [
        submit(name=name)
        for name in (
            "Fundacja Dom",
            "Klub Odra",
            "Stowarzyszenie Tęcza",
            "Fundacja Most",
            "Stowarzyszenie Zdrój",
            "Fundacja Las",
        )
    ]
    flow.accept(*offers)
    flow.appoint([{"user_id": committee.chair.id, "role": "chair"}, {"user_id": committee.m1.id, "role": "member"}])
    flow.assign()
    for user in (committee.chair, committee.m1):
        for offer, quality in zip(offers, QUALITY, strict=True):
            flow.declare(user, offer.id)
            flow.score(user, offer.id, full_sheet(quality=quality))
    return offers


def expected(offers) -> list[tuple[int, str]]:
    by_total = sorted(zip(offers, QUALITY, strict=True), key=lambda pair: -pair[1])
    places = []
    for place, (offer, quality) in enumerate(by_total, start=1):
        places.append((offer.id, str(place) if quality > 20 else "—"))
    return places


def test_pages_keep_the_ranks_of_the_whole_ranking(web, officer, flow, ranked, monkeypatch):
    from grants.review import ranking_list

    monkeypatch.setattr(ranking_list, "PAGE_SIZE", 4)  # as 100 of a national call's 500
    client = web(officer)
    page = client.get(f"/review/calls/{flow.call.id}/ranking")
    assert page.status_code == 200
    seen = rows(page)
    assert len(seen) == 4 and counts(page) == {"all": 6, "yes": 4, "no": 2}
    assert "Wiersze 1–4 z 6" in text(page)
    second = client.get(next_href(page))
    assert "Wiersze 5–6 z 6" in text(second) and "Pierwsza strona" in text(second)
    assert next_href(second) is None
    seen += rows(second)
    assert seen == expected(ranked)
    # the API's ranking, whole, says the same
    api_items = flow.officer.get(f"/api/v1/calls/{flow.call.id}/ranking").get_json()["items"]
    assert [(i["offer_id"], str(i["rank"]) if i["rank"] else "—") for i in api_items] == seen


def test_a_limit_pages_and_the_figures_stay_the_whole_rankings(web, officer, flow, ranked):
    client = web(officer)
    page = client.get(f"/review/calls/{flow.call.id}/ranking?limit=2")
    budget = " ".join(parse(page).xpath('//dl[@id="budget"]')[0].text_content().split())
    whole = client.get(f"/review/calls/{flow.call.id}/ranking")
    assert budget == " ".join(parse(whole).xpath('//dl[@id="budget"]')[0].text_content().split())
    walked, url = [], f"/review/calls/{flow.call.id}/ranking?limit=2"
    while url:
        response = client.get(url)
        walked += rows(response)
        url = next_href(response)
    assert walked == expected(ranked)


@pytest.mark.parametrize("passing, positions", [("yes", [0, 1, 3, 5]), ("no", [2, 4])])
def test_the_threshold_filter_keeps_the_places(web, officer, flow, ranked, passing, positions):
    response = web(officer).get(f"/review/calls/{flow.call.id}/ranking", query_string={"passing": passing})
    assert response.status_code == 200
    whole = dict(expected(ranked))
    assert rows(response) == [(o, whole[o]) for o, _ in expected(ranked) if o in {ranked[i].id for i in positions}]
    assert value_of(response, "f-passing") == passing
    assert counts(response) == {"all": 6, "yes": 4, "no": 2}


def test_search_by_words_nip_and_control_code(web, officer, flow, ranked, db):
    client = web(officer)
    url = f"/review/calls/{flow.call.id}/ranking"
    assert [o for o, _ in rows(client.get(url, query_string={"q": "tęcza"}))] == [ranked[2].id]
    assert [o for o, _ in rows(client.get(url, query_string={"q": "Fundacja", "passing": "yes"}))] == [
        ranked[0].id,
        ranked[3].id,
        ranked[5].id,
    ]
    code = db.session.get(Offer, ranked[4].id).current_version.control_code
    assert [o for o, _ in rows(client.get(url, query_string={"q": code.replace("-", " ").lower()}))] == [ranked[4].id]
    nothing = client.get(url, query_string={"q": "nothing-like-this"})
    assert rows(nothing) == [] and "Żadna oferta nie spełnia warunków wyszukiwania" in text(nothing)
    assert value_of(nothing, "f-q") == "nothing-like-this"


def test_bad_filter_values_are_named_and_the_list_is_whole(web, officer, flow, ranked):
    client = web(officer)
    url = f"/review/calls/{flow.call.id}/ranking"
    response = client.get(url, query_string={"passing": "maybe"})
    assert response.status_code == 200
    assert (
        "Wybierz: oferty z progiem punktowym albo poniżej progu"
        in parse(response).xpath('//*[@id="f-passing-error"]')[0].text_content()
    )
    assert len(rows(response)) == 6
    for args in ({"after": "garbage"}, {"limit": "0"}, {"limit": "many"}):
        bad = client.get(url, query_string=args)
        assert bad.status_code == 200 and parse(bad).xpath('//p[@class="errors" and @role="alert"]')
        assert rows(bad)[0] == expected(ranked)[0]


def test_a_position_outside_the_filtered_list_is_the_first_page_with_a_message(web, officer, flow, ranked):
    client = web(officer)
    url = f"/review/calls/{flow.call.id}/ranking"
    first = client.get(url, query_string={"passing": "yes", "limit": "1"})
    token = next_href(first).split("after=")[1].split("&")[0]
    response = client.get(url, query_string={"passing": "no", "after": token})  # that offer is not below the threshold
    assert response.status_code == 200
    assert "Nieprawidłowa pozycja listy" in text(response)
    assert [o for o, _ in rows(response)] == [ranked[4].id, ranked[2].id]  # 66 points, then 64


def test_the_ranking_and_the_decision_page_refuse_others(web, flow, ranked, committee, other_officer):
    ranking = f"/review/calls/{flow.call.id}/ranking?passing=yes"
    decision = f"/office/calls/{flow.call.id}/decision"
    assert web(other_officer).get(ranking).status_code == 404
    assert web(other_officer).get(decision).status_code == 404
    assert web(ranked[0].user).get(ranking).status_code == 403
    assert web(ranked[0].user).get(decision).status_code == 403
    assert web(committee.m1).get(ranking).status_code == 403
    chair = web(committee.chair)
    assert chair.get(ranking).status_code == 200 and chair.get(decision).status_code == 403


def test_the_decision_form_has_every_offer_whatever_the_rankings_page(web, officer, flow, ranked, monkeypatch):
    from grants.review import ranking_list

    monkeypatch.setattr(ranking_list, "PAGE_SIZE", 2)
    client = web(officer)
    ranking = client.get(f"/review/calls/{flow.call.id}/ranking")
    assert len(rows(ranking)) == 2
    link = parse(ranking).xpath('//a[@id="decision-link"]/@href')[0]
    page = client.get(link)
    assert page.status_code == 200
    decided = [int(tr.get("id").split("-")[1]) for tr in parse(page).xpath('//table[@id="decision-form"]/tbody/tr')]
    assert decided == [o for o, _ in expected(ranked)]
    # prefilled with the ranking's proposal: 17 020,00 for each passing offer, as long as the 40 000,00 lasts
    assert value_of(page, f"f-amount-{ranked[0].id}") == "17020,00"
    assert value_of(page, f"f-amount-{ranked[2].id}") == ""  # below the threshold
    data = form_data(page, "/decision")
    data[f"amount-{ranked[2].id}"] = "1000,00"  # an offer below the threshold may not be funded
    refused = client.post(link, data=data)
    assert refused.status_code == 422
    assert errors_at(refused, f"f-amount-{ranked[2].id}") and f"#f-amount-{ranked[2].id}" in summary_links(refused)
    assert value_of(refused, f"f-amount-{ranked[2].id}") == "1000,00"  # what was typed stays
    data[f"amount-{ranked[2].id}"] = ""
    data[f"reason-{ranked[2].id}"] = "Poniżej progu punktowego."
    saved = client.post(link, data=data)
    assert saved.status_code == 302 and saved.headers["Location"].endswith("/ranking#decision-heading")
    decision = queries.latest_decision(flow.call)
    assert len(decision.awards) == 6
    assert "Zmień decyzję" in text(client.get(f"/review/calls/{flow.call.id}/ranking"))


def test_over_budget_is_said_at_the_total_of_the_decision_page(web, officer, flow, ranked):
    client = web(officer)
    page = client.get(f"/office/calls/{flow.call.id}/decision")
    data = form_data(page, "/decision")
    for offer, quality in zip(ranked, QUALITY, strict=True):
        if quality > 20:
            data[f"amount-{offer.id}"] = "17020,00"
    response = client.post(f"/office/calls/{flow.call.id}/decision", data=data)
    assert response.status_code == 409
    assert "przekracza" in " ".join(errors_at(response, "f-total")) and "#f-total" in summary_links(response)
    assert queries.latest_decision(flow.call) is None


def test_the_pages_ask_the_database_the_same_number_of_times_at_two_sizes(web, officer, flow, committee, submit, db):
    from grants.calls.models import CallStatus

    offers = [submit() for _ in range(3)]
    members = [{"user_id": committee.chair.id, "role": "chair"}, {"user_id": committee.m1.id, "role": "member"}]

    def review(batch):
        flow.assign()
        for user in (committee.chair, committee.m1):
            for offer in batch:
                flow.declare(user, offer.id)
        for offer in batch[:-1]:  # one sheet left as a draft: the page names the missing sheets
            for user in (committee.chair, committee.m1):
                flow.score(user, offer.id)

    flow.accept(*offers)
    flow.appoint(members)
    review(offers)
    client = web(officer)
    urls = [
        f"/review/calls/{flow.call.id}/ranking?limit=2",
        f"/review/calls/{flow.call.id}/ranking?passing=yes&q=Stowarzyszenie",
        f"/office/calls/{flow.call.id}/decision",
    ]

    def cost(url) -> int:
        client.get(url)
        with counting_statements(db) as count:
            response = client.get(url)
        assert response.status_code == 200
        return count()

    few = [cost(url) for url in urls]
    status, flow.call.status = flow.call.status, CallStatus.published
    db.session.commit()
    more = [submit() for _ in range(8)]
    flow.call.status = status
    db.session.commit()
    flow.accept(*more)
    review(more)
    many = [cost(url) for url in urls]
    assert few == many, (few, many)


# ---------------------------------------------------------------- the ranking computed again when anything changes


def place_of(response, offer_id) -> str:
    return dict(rows(response))[offer_id]


def test_a_changed_point_a_conflict_or_a_rejection_shows_at_once(web, officer, flow, ranked, committee):
    """The pages reuse a ranking computed from the same criteria, rules, offers and points (grants.review.ranking
    `reuse`); whatever changes any of them is on the next page read."""
    client = web(officer)
    url = f"/review/calls/{flow.call.id}/ranking"
    assert place_of(client.get(url), ranked[5].id) == "4"  # 78 points
    assert place_of(client.get(url), ranked[5].id) == "4"  # read again: the same
    # the chair reopens the member's sheet, the member gives the sixth offer the most points
    reopen = f"/api/v1/offers/{ranked[5].id}/scores/{committee.m1.id}/reopen"
    assert flow.as_(committee.chair).post(reopen, json={"reason": "Pomyłka w kryterium."}).status_code == 200
    top = full_sheet(quality=30, costs=20, ability=20, own_funds=10, non_financial=10, track_record=10)
    flow.score(committee.m1, ranked[5].id, top)
    assert place_of(client.get(url), ranked[5].id) == "1"  # (78 + 100) / 2 = 89 points
    # the member declares a conflict on it: only the chair's 78 points count
    flow.declare(committee.m1, ranked[5].id, impartial=False, reason="Członek zarządu oferenta.")
    page = client.get(url)
    assert page.status_code == 200 and place_of(page, ranked[5].id) == "4"
    # the office rejects an accepted offer: it leaves the ranking
    flow.formal(
        ranked[1].id, "rejected", checklist=flow.checklist(eligible_entity=False), reason="Podmiot nieuprawniony."
    )
    assert ranked[1].id not in dict(rows(client.get(url)))


def test_reuse_gives_what_computing_gives(flow, ranked, db):
    from grants.review import ranking

    fresh = ranking.call_ranking(flow.call)
    first = ranking.call_ranking(flow.call, reuse=True)
    again = ranking.call_ranking(flow.call, reuse=True)
    assert first.result == fresh.result and again.result is first.result  # kept, and equal to a computation
    flow.call.budget_total = flow.call.budget_total + 1
    db.session.flush()
    assert ranking.call_ranking(flow.call, reuse=True).result is not first.result  # the budget is in the key
