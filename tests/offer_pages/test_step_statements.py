"""A step of the offer form reads the draft with its call, offerors and partners in one statement, whatever the
draft holds: its cost lines, its partners, the versions frozen by an earlier submission (issue 13: the form
step with 20 cost lines, p95 < 60 ms). The versions' documents and the attachments are never read for it."""

from tests.helpers import tables_read
from tests.offer_pages.helpers import step_url
from tests.offers.helpers import offer_body
from tests.web.pages import form_data


def _selects(db, request) -> list[str]:
    """The tables each SELECT of `request()` (which must answer 200) reads first (`FROM x`), in order."""
    with tables_read(db) as tables:
        assert request().status_code == 200
    return tables


def test_the_costs_step_reads_the_same_statements_for_a_long_joint_resubmitted_draft(
    api, client, login, ngo_user, draft, other_org, db
):
    plain = draft()
    items = offer_body()["cost_items"]
    long, ngo = draft(), api(ngo_user)
    assert ngo.post(f"/api/v1/offers/{long['id']}/submit").status_code == 200
    assert ngo.post(f"/api/v1/offers/{long['id']}/withdraw").status_code == 200
    lines = [{**items[n % len(items)], "name": f"Koszt {n}"} for n in range(20)]
    assert ngo.patch(f"/api/v1/offers/{long['id']}", json={"cost_items": lines}).status_code == 200
    login(ngo_user)
    data = form_data(client.get(step_url(long["id"], "offerors")), "/partners")
    data["partner"] = other_org.krs
    assert client.post(f"/ngo/offers/{long['id']}/partners", data=data).status_code == 302

    client.get(step_url(plain["id"], "costs"))  # once to fill what a process keeps
    short_reads = _selects(db, lambda: client.get(step_url(plain["id"], "costs")))
    long_reads = _selects(db, lambda: client.get(step_url(long["id"], "costs")))
    assert long_reads == short_reads
    assert "offers" in long_reads
    assert not {"offer_partners", "offer_versions", "offer_attachments"} & set(long_reads)


def test_a_submission_reads_the_calls_office_with_the_offer_and_a_step_not_at_all(
    api, client, login, ngo_user, draft, db
):
    """A submission freezes the office's name: it comes in the offer's own statement (a SELECT of its own on
    every submission of the deadline rush otherwise); a step other than the call's never reads it."""
    offer = draft()
    login(ngo_user)
    assert "offices" not in _selects(db, lambda: client.get(step_url(offer["id"], "costs")))
    submitted = _selects(db, lambda: api(ngo_user).post(f"/api/v1/offers/{offer['id']}/submit"))
    assert "offices" not in submitted, submitted
