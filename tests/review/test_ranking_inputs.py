"""The pages reuse a ranking computed in their process while the call's `ranking_inputs` stamp is the same
(grants.review.ranking.call_ranking(reuse=True)); every act that changes a point that counts renews the stamp
in its own transaction (grants.review.operations.common.inputs_changed). One test per writer: each fails
without its writer's call, and each checks that the ranking reused after the act is the one computed anew."""

from types import SimpleNamespace

import pytest
import sqlalchemy as sa

from grants.calls.models import Call
from grants.clock import now_utc
from grants.extensions import db
from grants.offers.models import Offer
from grants.review import ranking
from tests.review.helpers import full_sheet


def stamp(call) -> str:
    return db.session.execute(sa.select(Call.ranking_inputs).where(Call.id == call.id)).scalar_one()


class Watch:
    """`with watch:` an act, after a ranking and the sheets awaited were kept for the call: did the act renew
    the stamp, did it change the ranking (its counts of assigned members, the sheets awaited), and are the
    ranking and the sheets awaited reused afterwards the ones computed anew."""

    def __init__(self, call):
        self.call = call

    def __enter__(self):
        self.kept = ranking.call_ranking(self.call, reuse=True)
        self.progress = ranking.sheets_progress(self.call, 50)
        self.before = stamp(self.call)
        return self

    def __exit__(self, *failure):
        if failure[0] is not None:
            return False
        db.session.commit()
        self.renewed = stamp(self.call) != self.before
        reused = ranking.call_ranking(self.call, reuse=True)
        self.changed = (reused.result, reused.assigned) != (self.kept.result, self.kept.assigned)
        fresh = ranking.call_ranking(self.call)
        assert (reused.result, reused.assigned) == (fresh.result, fresh.assigned)
        assert set(reused.inputs["offers"]) == set(fresh.inputs["offers"])  # the offers and the grants they ask
        progress = ranking.sheets_progress(self.call, 50)
        self.changed = self.changed or progress != self.progress
        ranking._COMPUTED.clear()  # what this process kept, gone: computed anew
        assert ranking.sheets_progress(self.call, 50) == progress
        return False


@pytest.fixture
def watch(flow):
    return Watch(flow.call)


@pytest.fixture
def late(submit, offers):
    """A fourth offer, submitted before the deadline and not yet checked."""
    return submit()


@pytest.fixture
def scored(flow, committee, offers, late):
    """Three offers accepted, assigned to the chair, two members and the expert, everyone declared impartial;
    the chair's and the first member's sheets final on every offer (the fourth, `late`, not yet checked)."""
    flow.ready(offers)
    for user in (committee.chair, committee.m1):
        for offer in offers:
            flow.score(user, offer.id, full_sheet(quality=20 + offer.id % 7))
    return offers


def test_a_ranking_is_reused_while_no_point_that_counts_changes(flow, committee, scored, watch):
    with watch:  # a draft's points do not count: members save drafts all day without costing the office's page
        flow.score(committee.m2, scored[0].id, {**full_sheet(quality=30), "final": False})
        assert flow.officer.get(f"/api/v1/calls/{flow.call.id}/ranking").status_code == 200
    assert not watch.renewed and not watch.changed
    assert ranking.call_ranking(flow.call, reuse=True).result is ranking.call_ranking(flow.call, reuse=True).result


def test_a_sheet_made_final_renews_it(flow, committee, scored, watch):
    with watch:
        flow.score(committee.m2, scored[0].id, full_sheet(quality=30))
    assert watch.renewed and watch.changed


def test_a_reopened_sheet_renews_it(flow, committee, scored, watch):
    with watch:
        reopen = f"/api/v1/offers/{scored[0].id}/scores/{committee.m1.id}/reopen"
        assert flow.as_(committee.chair).post(reopen, json={"reason": "Pomyłka w kryterium."}).status_code == 200
    assert watch.renewed and watch.changed


def test_a_declared_conflict_renews_it(flow, committee, scored, watch):
    with watch:
        flow.declare(committee.m1, scored[1].id, impartial=False, reason="Członek zarządu oferenta.")
    assert watch.renewed and watch.changed


def test_a_first_declaration_renews_it(flow, committee, offers, watch):
    flow.accept(*offers)
    flow.appoint()
    flow.assign()
    with watch:
        flow.declare(committee.m2, offers[0].id)
    assert watch.renewed


def test_the_declaration_for_the_whole_call_renews_it(flow, committee, offers, watch):
    from grants.review import operations

    flow.accept(*offers)
    flow.appoint()
    flow.assign()
    with watch:
        operations.declare_for_call(actor=committee.m2, call=flow.call, raw={"impartial": True, "conflicts": []})
    assert watch.renewed


def test_the_committee_appointed_anew_renews_it(flow, committee, scored, watch):
    with watch:  # the second member (no final sheets) leaves: each offer has one evaluator less
        flow.appoint(
            [
                {"user_id": committee.chair.id, "role": "chair"},
                {"user_id": committee.m1.id, "role": "member"},
                {"user_id": committee.expert.id, "role": "expert"},
            ]
        )
    assert watch.renewed and watch.changed


def test_the_assignments_made_anew_renew_it(flow, scored, watch):
    with watch:
        flow.assign(mode="balanced", per_offer=2)
    assert watch.renewed and watch.changed


def test_an_offer_given_its_share_of_the_committee_renews_it(flow, late, scored, officer, watch):
    from grants.review.operations.assignments import fill_offer

    flow.formal(late.id, "rejected", checklist=flow.checklist(eligible_entity=False), reason="Podmiot nieuprawniony.")
    with watch:
        assert fill_offer(flow.call, late.id, officer, now_utc())
    assert watch.renewed


def test_a_formal_outcome_renews_it(flow, scored, watch):
    with watch:
        flow.formal(
            scored[2].id, "rejected", checklist=flow.checklist(eligible_entity=False), reason="Podmiot nieuprawniony."
        )
    assert watch.renewed and watch.changed


def test_an_accepted_offer_renews_it(flow, late, scored, watch):
    with watch:
        flow.accept(late)
    assert watch.renewed and watch.changed


def test_the_sheets_awaited_are_named_as_the_people_and_offers_are_called_now(flow, committee, scored, watch):
    from grants.offers.models import Offer

    total, done, missing = ranking.sheets_progress(flow.call, 50)
    assert (total, done) == (9, 6)  # three voting members on three offers, two of them final on each
    assert [name for name, _title in missing] == [committee.m2.full_name] * 3
    assert [title for _name, title in missing] == [db.session.get(Offer, offer.id).title for offer in scored]
    with watch:  # neither a name nor a title is what the stamp stands for
        committee.m2.full_name = "Zofia Nowa-Członkini"
        db.session.get(Offer, scored[0].id).title = "Tytuł poprawiony"
    assert not watch.renewed
    total, done, missing = ranking.sheets_progress(flow.call, 2)
    assert (total, done) == (9, 6) and missing == [("Zofia Nowa-Członkini", "Tytuł poprawiony"), missing[1]]
    assert missing[1][0] == "Zofia Nowa-Członkini"


def test_a_kept_ranking_shows_the_offers_as_they_are_called_now(flow, scored, watch):
    from grants.organizations.models import Organization

    offer = db.session.get(Offer, scored[1].id)
    with watch:  # neither an offer's title nor its organisation's name is what the stamp stands for
        offer.title = "Tytuł poprawiony"
        db.session.get(Organization, offer.organization_id).name = "Fundacja Nowa Nazwa"
    assert not watch.renewed
    computed = ranking.call_ranking(flow.call, reuse=True)  # (the watch forgot what it kept)
    kept = ranking.call_ranking(flow.call, reuse=True)
    assert kept.result is computed.result and kept.offers == {}  # kept: no offer read until asked for
    row = ranking.with_offers(kept, [offer.id]).offers[offer.id]
    assert (row.title, row.organization) == ("Tytuł poprawiony", "Fundacja Nowa Nazwa")
    assert set(ranking.with_offers(kept).offers) == {item.offer_id for item in kept.result.items}


def test_a_ranking_kept_a_moment_before_an_offer_left_still_names_it(flow, scored):
    ranking.call_ranking(flow.call, reuse=True)
    kept = ranking.call_ranking(flow.call, reuse=True)  # a page read the stamp and the kept ranking, then …
    assert kept.offers == {}
    flow.formal(scored[0].id, "rejected", checklist=flow.checklist(eligible_entity=False), reason="Nieuprawniony.")
    assert scored[0].id in ranking.with_offers(kept, [scored[0].id]).offers  # … its rows, once it is rejected
    assert scored[0].id in ranking.with_offers(kept).offers
    assert scored[0].id not in {item.offer_id for item in ranking.call_ranking(flow.call, reuse=True).result.items}


# ---------------------------------------------------------------- the scale build's bulk writers


def _bulk_parts(flow, committee):
    from grants.review import queries

    return SimpleNamespace(
        call=flow.call,
        member=queries.member_by_user(flow.call, committee.m2.id),
        offer=lambda offer: db.session.get(Offer, offer.id),
    )


def test_the_bulk_formal_check_renews_it(flow, submit, officer, offers, watch):
    from grants.demo_scale_bulk import Writer, write_formal_reviews

    flow.accept(offers[0])
    late = db.session.get(Offer, offers[1].id)
    with watch:
        body = {"outcome": "accepted", "checklist": flow.checklist()}
        write_formal_reviews(flow.call, officer, [(late, body)], now_utc(), Writer())
    assert watch.renewed and watch.changed


def test_the_bulk_declaration_renews_it(flow, committee, offers, watch):
    from grants.demo_scale_bulk import Writer, write_call_declaration

    flow.accept(*offers)
    flow.appoint()
    flow.assign()
    parts = _bulk_parts(flow, committee)
    with watch:
        assert write_call_declaration(parts.call, parts.member, now_utc(), Writer())
    assert watch.renewed


def test_the_bulk_sheets_renew_it(flow, committee, scored, watch):
    from grants.demo_scale_bulk import Writer, write_final_sheets

    parts = _bulk_parts(flow, committee)
    with watch:
        write_final_sheets(
            parts.call, parts.member, [(parts.offer(scored[0]), full_sheet(quality=30))], now_utc(), Writer()
        )
    assert watch.renewed and watch.changed
