"""One declaration per call (issue 11): the member lists every offeror whose offer passed to the committee
(name, NIP, title — no content), declares impartiality towards all at once and ticks the conflicts, each
with its circumstance (art. 15 ust. 2f of the Act, KPA art. 24). Stored as one row per offer, so the old
rules hold: content after an impartial declaration, a conflict excludes for good."""

from grants.audit.log import entries_for
from grants.extensions import db
from grants.organizations.models import Organization
from grants.review import queries
from grants.review.models import DeclarationStatus
from tests.review_pages.helpers import CONTENT_MARKER
from tests.web.pages import element, errors_at, flashes, parse, summary_links, text, value_of


def url(call) -> str:
    return f"/review/calls/{call.id}/declaration"


def statuses(flow, user, offers) -> list:
    member = queries.active_member(flow.call.id, user.id)
    return [queries.declaration_status(member.id, offer.id) for offer in offers]


def test_the_page_lists_every_offeror_without_content(web, flow, submit):
    offers = [submit(nip="5252248481"), submit(), submit()]
    flow.accept(offers[0], offers[1])  # the third is not passed to the committee
    flow.appoint()
    flow.assign()
    response = web(flow.c.m1).get(url(flow.call))
    assert response.status_code == 200
    html = response.get_data(as_text=True)
    assert CONTENT_MARKER not in html
    rows = parse(response).xpath('//table[@id="offerors"]/tbody/tr')
    assert [row.get("id") for row in rows] == [f"offeror-{offers[0].id}", f"offeror-{offers[1].id}"]
    assert "NIP 5252248481" in text(response)
    assert "art. 15 ust. 2f" in text(response) and "art. 24 § 1" in text(response)


def test_one_act_declares_impartiality_and_the_ticked_conflict(web, flow, ready):
    client = web(flow.c.m1)
    reason = "Jestem członkiem zarządu tego stowarzyszenia."
    response = client.post(
        url(flow.call),
        data={"impartial": "yes", f"conflict.{ready[1].id}": "yes", f"reason.{ready[1].id}": reason},
    )
    assert response.status_code == 302
    assert response.headers["Location"].endswith(f"/review/calls/{flow.call.id}")
    assert statuses(flow, flow.c.m1, ready[:2]) == [DeclarationStatus.impartial, DeclarationStatus.conflict]
    member = queries.active_member(flow.call.id, flow.c.m1.id)
    assert queries.declaration_for(member.id, ready[1].id).reason == reason
    # Audited per offer as before, and the act itself on the call.
    assert "declaration.impartial" in [e.action for e in entries_for("offer", ready[0].id)]
    assert "declaration.conflict" in [e.action for e in entries_for("offer", ready[1].id)]
    assert "declaration.call" in [e.action for e in entries_for("call", flow.call.id)]
    # The old rules read the rows: the first offer opens, the second is closed for good.
    assert CONTENT_MARKER in client.get(f"/review/calls/{flow.call.id}/offers/{ready[0].id}").get_data(as_text=True)
    assert client.get(f"/review/calls/{flow.call.id}/offers/{ready[1].id}").status_code == 403
    # The page shows the conflict as stated, without a checkbox to take it back.
    response = client.get(url(flow.call))
    assert not parse(response).xpath(f'//*[@id="f-conflict-{ready[1].id}"]')
    assert reason in text(response)


def test_every_error_at_once_with_the_offeror_named_and_nothing_lost(web, flow, ready):
    client = web(flow.c.m1)
    typed = "Mój brat tam pracuje."
    response = client.post(
        url(flow.call),
        data={f"conflict.{ready[0].id}": "yes", f"reason.{ready[1].id}": typed},  # ticked without, typed unticked
    )
    assert response.status_code == 422
    assert errors_at(response, f"f-conflict-{ready[1].id}")
    assert value_of(response, f"f-reason-{ready[1].id}") == typed
    assert f"#f-conflict-{ready[1].id}" in summary_links(response)
    assert statuses(flow, flow.c.m1, ready[:2]) == [None, None]
    # The operation's own refusals: no circumstance for a ticked offeror, no statement of impartiality.
    response = client.post(url(flow.call), data={f"conflict.{ready[0].id}": "yes"})
    assert response.status_code == 422
    links = summary_links(response)
    assert f"#f-reason-{ready[0].id}" in links and "#f-impartial" in links
    org = db.session.get(Organization, ready[0].org_id).name
    assert f"Oferent „{org}”" in " ".join(errors_at(response, f"f-reason-{ready[0].id}"))
    assert element(response, f"f-conflict-{ready[0].id}").get("checked") is not None
    assert statuses(flow, flow.c.m1, ready[:2]) == [None, None]


def test_declared_offers_keep_their_declaration_and_later_offers_wait(web, flow, offers):
    flow.accept(offers[0], offers[1])
    flow.appoint()
    flow.assign()
    flow.declare(flow.c.m1, offers[0].id, impartial=False, reason="Członek zarządu.")
    client = web(flow.c.m1)
    assert client.post(url(flow.call), data={"impartial": "yes"}).status_code == 302
    assert statuses(flow, flow.c.m1, offers[:2]) == [DeclarationStatus.conflict, DeclarationStatus.impartial]
    # An offer passed to the committee afterwards is not covered: it waits for a declaration of its own.
    flow.accept(offers[2])
    assert statuses(flow, flow.c.m1, offers) == [DeclarationStatus.conflict, DeclarationStatus.impartial, None]
    response = client.get(url(flow.call))
    assert "bez oświadczenia: 1" in text(response)
    # Nothing left to declare: the page says so and changes nothing.
    client.post(url(flow.call), data={"impartial": "yes"})
    response = client.post(url(flow.call), data={}, follow_redirects=True)
    assert response.status_code == 200 and flashes(response, "info")


def test_an_impartial_declaration_may_turn_into_a_conflict(web, flow, ready):
    flow.declare(flow.c.m1, ready[0].id)
    client = web(flow.c.m1)
    response = client.post(
        url(flow.call),
        data={"impartial": "yes", f"conflict.{ready[0].id}": "yes", f"reason.{ready[0].id}": "Dowiedziałem się…"},
    )
    assert response.status_code == 302
    assert statuses(flow, flow.c.m1, ready[:2]) == [DeclarationStatus.conflict, DeclarationStatus.impartial]


def test_the_offer_by_offer_declaration_points_to_the_call_wide_one(web, flow, ready):
    response = web(flow.c.m1).get(f"/review/calls/{flow.call.id}/offers/{ready[0].id}")
    (href,) = element(response, "call-declaration-hint").xpath(".//a/@href")
    assert href == f"{url(flow.call)}#offeror-{ready[0].id}"


def test_access(web, client, flow, ready, officer, evaluator, ngo_user):
    assert "/login" in client.get(url(flow.call)).headers["Location"]
    assert web(officer).get(url(flow.call)).status_code == 403
    assert web(ngo_user).get(url(flow.call)).status_code == 403
    outsider = web(evaluator)  # an evaluator off this committee
    assert outsider.get(url(flow.call)).status_code == 403
    assert outsider.post(url(flow.call), data={"impartial": "yes"}).status_code == 403
    assert web(flow.c.m1).get("/review/calls/999999/declaration").status_code == 404


def test_no_offer_passed_yet(web, flow, offers):
    flow.appoint()
    client = web(flow.c.m1)
    response = client.get(url(flow.call))
    assert element(response, "no-offers") is not None
    assert client.post(url(flow.call), data={"impartial": "yes"}).status_code == 409
