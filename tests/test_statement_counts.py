"""Every page and every API read costs the same SQL statements whatever the amount of data (issue 13).

The access matrix's world (tests/fixtures/world.py) is read through every GET route of the URL map, each by
the first role that the matrix lets in (200), and the statements of each request are counted. Then the world
grows — more offers in the call under review (formally accepted, assigned, declared and scored by the
committee), more calls in the office and in the programme's year, more drafts, small grants and contracts of
the NGO, more organisations of the NGO's person, each with an invitation waiting — and every route is read
again (the NGO's pages, /ngo/…, by the NGO). A route whose count grew reads per row of its data (a query in a
loop, a lazy load in a template): at national scale that is a page that slows down with every call.
"""

from types import SimpleNamespace

import pytest

from tests.access import Callers
from tests.fixtures.world import ROLES
from tests.helpers import counting_statements
from tests.test_access_matrix import _cells

# Who reads a route when several may: the role with the most to see first.
READERS = ("officer", "ngo", "chair", "member", "expert", "admin", "anonymous", "other_officer", "other_ngo")
# The NGO's own pages are read by the NGO: an officer may open them too, but has no organisation to list there.
NGO_READERS = ("ngo", *READERS)
GROWTH = 6

# Routes whose count may differ for a reason other than the data's size, each with the reason.
EXEMPT = {
    # A static file: no SQL at all, and no page.
    "GET /static/<path:filename>": "no SQL",
}


def _reads(app, world):
    """(route key, role, url) of every GET route the matrix answers 200 for someone, read by one reader."""
    allowed: dict = {}
    for key, role, method, url, expected in _cells(app, world):
        if method == "GET" and expected == 200 and key not in EXEMPT:
            allowed.setdefault((key, url), set()).add(role)
    for (key, url), roles in allowed.items():
        readers = NGO_READERS if url.startswith("/ngo/") else READERS
        reader = next(role for role in readers if role in roles)
        yield key, reader, url


def _costs(callers, reads, db) -> dict:
    costs = {}
    for key, role, url in reads:
        callers.request(role, "GET", url)  # once to fill what a process keeps (a catalogue, a compiled template)
        with counting_statements(db) as count:
            response = callers.request(role, "GET", url)
        costs[key] = (count(), response.status_code)
    return costs


def _grow(world, *, api, submit, make_call, make_contract, make_org, db):
    """More of everything the world's pages list: GROWTH more offers reviewed in the call under review, more
    calls, drafts and contracts, more organisations of the NGO's person with their invitations. (The people are
    loaded again: the requests above closed the test's session.)"""
    from grants.auth.models import User
    from grants.calls.models import Call, CallStatus
    from tests.review.helpers import Flow

    people = {role: db.session.get(User, getattr(world.users, role).id) for role in ROLES if role != "anonymous"}
    committee = SimpleNamespace(
        chair=people["chair"], m1=people["member"], m2=people["undeclared"], expert=people["expert"]
    )
    review_call = db.session.get(Call, world.review_call_id)
    flow = Flow(api, people["officer"], review_call, committee)
    # The call is in review (its committee appointed): reopened for the submissions only, which happen, as
    # `submit` dates them, the day before its deadline — the rows are those the operations write.
    review_status, review_call.status = review_call.status, CallStatus.published
    db.session.commit()
    offers = [submit(call=review_call) for _ in range(GROWTH)]
    review_call.status = review_status
    db.session.commit()
    flow.accept(*offers)
    flow.assign()
    for user in (committee.chair, committee.m1, committee.expert):
        for offer in offers:
            flow.declare(user, offer.id)
    for offer in offers:
        for user in (committee.chair, committee.m1):
            flow.score(user, offer.id)
        make_contract(offer.id)
    for _ in range(GROWTH):
        make_call(publish=True, actor=people["officer"])
    ngo = api(people["ngo"])
    for n in range(GROWTH):
        created = ngo.post(
            f"/api/v1/calls/{world.open_call_id}/offers", json={"organization_id": world.org_id, "title": f"Szkic {n}"}
        )
        assert created.status_code == 201, created.get_json()
    for n in range(GROWTH):
        organization = make_org(f"Stowarzyszenie {n}", members=[people["ngo"]])
        invited = ngo.post(f"/api/v1/organizations/{organization.id}/members", json={"email": f"nowa{n}@org.example"})
        assert invited.status_code == 201, invited.get_json()
        # with an offer, as the world's organisation has: a profile without one is asked one more (constant) thing
        offer = {"organization_id": organization.id, "title": f"Szkic {n}"}
        assert ngo.post(f"/api/v1/calls/{world.open_call_id}/offers", json=offer).status_code == 201
    db.session.commit()


@pytest.mark.slow
def test_every_page_and_list_costs_the_same_at_two_sizes(
    app, world, tokens, db, api, submit, make_call, make_contract, make_org
):
    app.config["PUBLIC_PAGE_CACHE"] = False  # the pages themselves are measured, not the cache
    callers = Callers(app, world, tokens, ROLES)
    reads = list(_reads(app, world))
    assert len(reads) > 100, "the matrix lets someone read every page"
    small = _costs(callers, reads, db)
    _grow(world, api=api, submit=submit, make_call=make_call, make_contract=make_contract, make_org=make_org, db=db)
    large = _costs(callers, reads, db)
    grew = [
        f"{key} as {role}: {small[key][0]} → {large[key][0]} statements  ({url})"
        for key, role, url in reads
        if large[key][0] > small[key][0]
    ]
    assert not grew, "pages whose statements grow with the data:\n" + "\n".join(grew)
