"""The committee member's queue at national scale (issue 13): /review/calls/<id> lists the member's offers in
keyset pages, narrowed by what is left (to declare, to score, a draft sheet, a final one) and by words of the
title or an offeror's name, with what is left counted for the whole call; /review/ pages the member's calls
the same way. A wrong filter is named at its field; nobody sees a call or an offer they are not on."""

import pytest

from grants.extensions import db
from tests.helpers import counting_statements
from tests.review.helpers import full_sheet
from tests.web.pages import element, parse, text


def row_ids(response) -> list[int]:
    return [int(i) for i in parse(response).xpath('//table[@id="my-offers"]/tbody/tr/@data-offer-id')]


def call_ids(response) -> list[int]:
    return [int(i.split("-")[1]) for i in parse(response).xpath('//ul[@id="my-calls"]/li/@id')]


def next_link(response) -> str | None:
    found = parse(response).xpath('//nav[@class="pager"]//a[@rel="next"]/@href')
    return found[0] if found else None


def option_text(response, value: str) -> str:
    (option,) = parse(response).xpath(f'//select[@name="left"]/option[@value="{value}"]')
    return " ".join(option.text_content().split())


def _passed(flow, submit, names, *, held=()):
    """Offers submitted (before the committee, as the deadline requires), those named passed to it, the
    committee appointed and every passed offer assigned to everyone; the `held` ones stay unchecked."""
    offers = [submit(name=name) for name in names]
    waiting = [submit(name=name) for name in held]
    flow.accept(*offers)
    flow.appoint()
    flow.assign()
    return [offer.id for offer in offers], [offer.id for offer in waiting]


@pytest.fixture
def queue(flow, submit):
    """Five offers passed to the committee; m1 has declared on four of them — on the fourth a conflict,
    which ends that assignment — finished the first sheet and left the second as a draft. m1's queue is
    the other four; a sixth offer waits for the formal check."""
    names = [f"Stowarzyszenie nr {n}" for n in range(4)] + ["Fundacja Szukana"]
    passed, _held = _passed(flow, submit, names, held=["Fundacja Niesprawdzona"])
    m1 = flow.c.m1
    for offer_id in passed[:3]:
        flow.declare(m1, offer_id)
    flow.declare(m1, passed[3], impartial=False, reason="Jestem członkiem zarządu tej organizacji.")
    flow.score(m1, passed[0])
    flow.score(m1, passed[1], body={**full_sheet(), "final": False})
    return [offer_id for n, offer_id in enumerate(passed) if n != 3] + _held


def test_what_is_left_narrows_the_list_and_is_counted_for_the_whole_call(web, flow, queue):
    client = web(flow.c.m1)
    url = f"/review/calls/{flow.call.id}"
    page = client.get(url)
    assert row_ids(page) == queue[:4]  # neither the offer with the conflict nor the one not passed
    assert option_text(page, "declare") == "do oświadczenia (1)"
    assert option_text(page, "score") == "do oceny (1)"
    assert option_text(page, "draft") == "karta robocza (1)"
    assert option_text(page, "final") == "karta zatwierdzona (1)"
    assert "wszystkie przydzielone (4)" in text(page)
    assert row_ids(client.get(f"{url}?left=declare")) == [queue[3]]
    assert row_ids(client.get(f"{url}?left=score")) == [queue[2]]
    assert row_ids(client.get(f"{url}?left=draft")) == [queue[1]]
    assert row_ids(client.get(f"{url}?left=final")) == [queue[0]]
    # The next step is the declaration still owed, whatever the page shows.
    chosen = client.get(f"{url}?left=final")
    assert parse(chosen).xpath('//p[@id="next-step"]//a/@href') == [f"/review/calls/{flow.call.id}/declaration"]
    assert parse(chosen).xpath('//select[@name="left"]/option[@selected]/@value') == ["final"]


def test_the_next_step_names_an_offer_that_may_be_off_the_page(web, flow, queue):
    flow.declare(flow.c.m1, queue[3])
    client = web(flow.c.m1)
    page = client.get(f"/review/calls/{flow.call.id}?left=final")
    [button] = parse(page).xpath('//p[@id="next-step"]//a')
    assert button.get("href") == f"/review/calls/{flow.call.id}/offers/{queue[1]}"  # the draft first
    assert button.text_content().startswith("Dokończ ocenę")


def test_the_pages_walk_through_the_queue_once_and_keep_the_filters(web, flow, queue):
    client = web(flow.c.m1)
    seen, url = [], f"/review/calls/{flow.call.id}?limit=2"
    while url:
        page = client.get(url)
        assert page.status_code == 200
        seen += row_ids(page)
        following = next_link(page)
        url = following and following + "&limit=2"
    assert seen == queue[:4]
    first = client.get(f"/review/calls/{flow.call.id}?left=declare&limit=1")
    assert next_link(first) is None  # one offer to declare on: one page
    narrowed = client.get(f"/review/calls/{flow.call.id}?q=stowarzyszenie&limit=2")
    assert "q=stowarzyszenie" in next_link(narrowed)


def test_words_find_the_offeror_or_the_title(web, flow, queue):
    client = web(flow.c.m1)
    url = f"/review/calls/{flow.call.id}"
    assert row_ids(client.get(f"{url}?q=szukana")) == [queue[3]]
    assert row_ids(client.get(f"{url}?q=KURSY")) == queue[:4]  # every test offer's title
    empty = client.get(f"{url}?q=nic+takiego")
    assert row_ids(empty) == [] and "Żadna oferta nie spełnia warunków wyszukiwania." in text(empty)
    assert element(empty, "f-q").get("value") == "nic takiego"


def test_a_wrong_filter_is_named_at_its_field(web, flow, queue):
    client = web(flow.c.m1)
    for url in (f"/review/calls/{flow.call.id}?left=wszystko", "/review/?left=wszystko"):
        page = client.get(url)
        assert page.status_code == 200, url
        assert "Wybierz z listy" in element(page, "f-left-error").text_content(), url
    page = client.get(f"/review/calls/{flow.call.id}?after=%25%25")
    assert page.status_code == 200 and "Nieprawidłowa pozycja listy" in text(page)
    assert row_ids(page) == queue[:4]


def test_only_the_committee_sees_the_call_and_only_its_offers_passed(web, flow, queue, ngo_user, login, client):
    outsider = flow.c.m3  # an evaluator of the office, not on this committee
    assert web(outsider).get(f"/review/calls/{flow.call.id}").status_code == 403
    assert call_ids(web(outsider).get("/review/")) == []
    assert web(flow.c.foreign).get(f"/review/calls/{flow.call.id}?left=score").status_code == 403
    # An offer submitted but not passed by the formal check is nobody's work yet.
    assert queue[4] not in row_ids(web(flow.c.m1).get(f"/review/calls/{flow.call.id}?q=niesprawdzona"))
    login(ngo_user)
    assert client.get("/review/").status_code == 403
    assert client.get(f"/review/calls/{flow.call.id}?left=declare").status_code == 403


def _second_seat(user, make_call, title):
    """A seat for `user` on the committee of another call with nothing passed to it yet (made directly: the
    appointment's rules are another test's)."""
    from grants.review.models import CommitteeMember, CommitteeRole

    call = make_call(publish=True, title=title)
    db.session.add(CommitteeMember(call_id=call.id, user_id=user.id, role=CommitteeRole.member))
    db.session.commit()
    return call.id


def test_the_desk_pages_and_narrows_the_members_calls(web, flow, queue, make_call):
    m1 = flow.c.m1
    other = _second_seat(m1, make_call, "Warsztaty teatralne dla seniorów")
    client = web(m1)
    assert call_ids(client.get("/review/")) == [other, flow.call.id]  # the newest call first
    first = client.get("/review/?limit=1")
    assert call_ids(first) == [other]
    assert call_ids(client.get(next_link(first) + "&limit=1")) == [flow.call.id]
    assert call_ids(client.get("/review/?q=teatralne")) == [other]
    assert call_ids(client.get("/review/?left=declare")) == [flow.call.id]
    assert call_ids(client.get("/review/?left=draft")) == [flow.call.id]
    assert call_ids(client.get("/review/?left=final")) == []  # not every sheet is final yet
    empty = client.get("/review/?q=nic+takiego")
    assert "Żaden z Twoich naborów nie spełnia warunków wyszukiwania." in text(empty)
    card = element(client.get("/review/"), f"call-{other}")
    assert "trwa ocena formalna" in card.text_content()


def test_every_sheet_final_is_what_left_final_finds(web, flow, queue):
    m1 = flow.c.m1
    flow.declare(m1, queue[3])
    for offer_id in (queue[1], queue[2]):
        flow.score(m1, offer_id)
    client = web(m1)
    assert call_ids(client.get("/review/?left=final")) == []  # one sheet left
    flow.score(m1, queue[3])
    assert call_ids(client.get("/review/?left=final")) == [flow.call.id]
    page = client.get(f"/review/calls/{flow.call.id}")
    assert option_text(page, "final") == "karta zatwierdzona (4)" and option_text(page, "score") == "do oceny (0)"


def test_a_filtered_page_costs_the_same_for_5_offers_and_15(web, flow, submit):
    passed, more = _passed(flow, submit, [f"Stowarzyszenie nr {n}" for n in range(5)], held=["x"] * 10)
    for offer_id in passed:
        flow.declare(flow.c.m1, offer_id)
    client = web(flow.c.m1)
    urls = ["/review/?left=declare", f"/review/calls/{flow.call.id}?left=score&limit=3"]

    def measure():
        costs = []
        for url in urls:
            client.get(url)
            with counting_statements(db) as count:
                assert client.get(url).status_code == 200
            costs.append(count())
        return costs

    small = measure()
    flow.accept(*more)
    flow.assign()
    for offer_id in more:
        flow.declare(flow.c.m1, offer_id)
    assert len(row_ids(client.get(urls[1]))) == 3
    assert measure() == small


def test_a_joint_offer_names_its_partners_and_is_found_by_a_partners_name(web, flow, queue, make_org):
    """The queue's rows are read as columns (not offers): the partners come in their order from one statement
    for the page, and a partner's name finds the offer as the lead's does."""
    from grants.offers.models import OfferPartner, PartnerStatus

    joint = queue[2]
    for position, name in enumerate(("Koło Gospodyń Wiejskich", "Klub Sportowy Odra")):
        partner = make_org(name)
        db.session.add(
            OfferPartner(offer_id=joint, organization_id=partner.id, position=position, status=PartnerStatus.confirmed)
        )
    db.session.commit()
    client = web(flow.c.m1)
    page = client.get(f"/review/calls/{flow.call.id}")
    [cell] = parse(page).xpath(f'//tr[@data-offer-id="{joint}"]/td[@data-label="Oferent"]')
    assert "z partnerami: Koło Gospodyń Wiejskich, Klub Sportowy Odra" in " ".join(cell.text_content().split())
    assert row_ids(client.get(f"/review/calls/{flow.call.id}?q=sportowy+odra")) == [joint]


def test_several_seats_are_counted_as_each_alone(flow, queue, make_call):
    """`progress_of` narrows every joined table to the seats it is asked about (so that PostgreSQL reads their
    rows through the member's indexes): what it counts for several seats at once is what it counts for each
    alone, and what the join without the narrowing counts; a seat with nothing passed counts zero."""
    import sqlalchemy as sa

    from grants.review import member_queue
    from grants.review.models import CommitteeMember

    flow.declare(flow.c.chair, queue[0])
    flow.score(flow.c.chair, queue[0], body={**full_sheet(), "final": False})
    other_call = _second_seat(flow.c.m1, make_call, "Warsztaty teatralne dla seniorów")
    seats = list(db.session.scalars(sa.select(CommitteeMember.id).where(CommitteeMember.call_id == flow.call.id)))
    empty = db.session.scalar(sa.select(CommitteeMember.id).where(CommitteeMember.call_id == other_call))
    together, titles = member_queue.progress_of([*seats, empty])
    plain = member_queue._progress_select().where(CommitteeMember.id.in_(seats))
    assert together == {
        **{row.member_id: {key: row._mapping[key] for key in member_queue.ZERO} for row in db.session.execute(plain)},
        empty: member_queue.ZERO,
    }
    assert together == {seat: member_queue.progress_of([seat])[0][seat] for seat in [*seats, empty]}
    assert len({str(counts) for counts in together.values()}) == 4  # m1, the chair, the others, the empty seat
    assert titles and set(titles) <= set(queue)
