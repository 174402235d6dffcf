"""The scale dataset's review and what follows it (see grants.demo_scale): the formal check, the committee
(appointed, every offer assigned, impartiality declared — KPA art. 24 via art. 15 ust. 2f), final score
sheets, the decision (art. 15 ust. 2g) and the published results (ust. 2h), contracts for a share of the
funded offers (art. 16, Annex 3) with their first tranche paid once due, and a few small grants (art. 19a) —
each through its operation, on the clock of its day."""

import random
from datetime import date, timedelta
from decimal import Decimal

from sqlalchemy.orm import lazyload

from grants.calls.models import Call
from grants.clock import clock_at
from grants.contracts.operations.contracts import draw_up, record_tranche_paid, sign
from grants.demo_cycle import warsaw_at
from grants.demo_scale_bulk import Writer, write_call_declaration, write_final_sheets, write_formal_reviews
from grants.demo_scale_plan import REVIEWED, working_day_after
from grants.extensions import db
from grants.offers.models import Offer, OfferVersion
from grants.offices.models import Office
from grants.review.models import CommitteeMember
from grants.review.operations import (
    appoint_committee,
    assign_offers,
    cancel_for_no_valid_offers,
    publish_results,
    record_decision,
    record_formal_review,
    save_score,
)
from grants.review.operations.declarations import declare_for_call
from grants.review.ranking import call_ranking
from grants.review.rules import DEFAULT_CHECKLIST
from grants.smallgrants.operations.decision import decide_small_grant
from grants.smallgrants.operations.drafting import create_small_grant, submit_small_grant
from grants.smallgrants.operations.publication import publish_small_grant
from settlement.calendar import is_working_day

ACCEPTED = {item.code: True for item in DEFAULT_CHECKLIST}
REJECTED = {**ACCEPTED, "statutory_activity": False}
REJECTION = "Zadanie nie mieści się w działalności statutowej oferenta."
NOT_FUNDED = "Wyczerpanie środków przeznaczonych na konkurs."
BELOW = "Oferta nie uzyskała minimalnej liczby punktów określonej w ogłoszeniu."
NO_VALID = "Żadna oferta nie spełniła wymogów ogłoszenia (art. 18a ustawy)."
CONTRACT_SHARE = 0.4
JUSTIFICATION = "Ocena zgodna z opisem w ofercie i z kryteriami ogłoszenia."


def _reviewed(world):
    """(plan, call row, the offers' ids) of the calls the office has reviewed, submitted offers only."""
    for call in world.plan.calls:
        if call.stage in REVIEWED:
            ids = world.offers.get(call.index, [])
            submitted = [(plan, i) for plan, i in zip(call.offers, ids, strict=True) if plan.submitted]
            yield call, db.session.get(Call, world.calls[call.index]), submitted


def build_formal_reviews(world, progress) -> int:
    made = 0
    for call, row, offers in _reviewed(world):
        officer = world.user(world.officers[call.office])
        moment = warsaw_at(call.review_day, 10)
        loaded = _offers([offer_id for _plan, offer_id in offers])
        outcomes = [
            (
                loaded[offer_id],
                {"outcome": "rejected", "checklist": REJECTED, "reason": REJECTION}
                if plan.rejected
                else {"outcome": "accepted", "checklist": ACCEPTED},
            )
            for plan, offer_id in offers
        ]
        with clock_at(moment):
            if world.through_operations:
                for offer, raw in outcomes:
                    record_formal_review(actor=officer, offer=offer, raw=raw)
            elif outcomes:
                write_formal_reviews(row, officer, outcomes, moment, Writer())
        made += len(outcomes)
        db.session.commit()
    progress.note(f"{made} formal reviews")
    return made


def _accepted(offers):
    return [(plan, offer_id) for plan, offer_id in offers if not plan.rejected]


def build_committees(world, progress) -> int:
    """Committees appointed and every accepted offer assigned to every member, each declaring impartiality."""
    declarations = 0
    for call, row, offers in _reviewed(world):
        accepted = _accepted(offers)
        if not accepted:
            continue
        officer = world.user(world.officers[call.office])
        members = world.evaluators[call.office][: call.committee]
        with clock_at(warsaw_at(call.review_day, 13)):
            appoint_committee(
                actor=officer,
                call=row,
                raw={
                    "members": [
                        {"user_id": user_id, "role": "chair" if k == 0 else "member"}
                        for k, user_id in enumerate(members)
                    ]
                },
            )
            assign_offers(actor=officer, call=row, raw={"mode": "all"})
        moment = warsaw_at(working_day_after(call.review_day + timedelta(days=1)), 10)
        with clock_at(moment):
            for member in _members(row, members):
                if world.through_operations:
                    declarations += len(
                        declare_for_call(actor=member.user, call=row, raw={"impartial": True})["impartial"]
                    )
                else:
                    declarations += write_call_declaration(row, member, moment, Writer())
        db.session.commit()
    progress.note(f"{declarations} declarations")
    return declarations


def _offers(ids: list[int]) -> dict[int, Offer]:
    """The offers by id in one statement, their relations left to load when an operation needs them."""
    query = db.select(Offer).where(Offer.id.in_(ids)).options(lazyload("*"))
    return {offer.id: offer for offer in db.session.scalars(query)}


def _members(call: Call, user_ids: list[int]) -> list[CommitteeMember]:
    """The call's committee members in the order of `user_ids` (the chair first, as appointed)."""
    members = {
        m.user_id: m for m in db.session.scalars(db.select(CommitteeMember).where(CommitteeMember.call_id == call.id))
    }
    return [members[user_id] for user_id in user_ids]


def _sheet(rng: random.Random, criteria, quality: float, bias: float) -> dict:
    points = {
        c.code: max(0, min(int(c.max_points), round((quality + bias + rng.gauss(0, 0.08)) * int(c.max_points))))
        for c in criteria
    }
    return {"scores": points, "justifications": dict.fromkeys(points, JUSTIFICATION), "final": True}


def build_scores(world, progress) -> int:
    sheets = 0
    for call, row, offers in _reviewed(world):
        accepted = _accepted(offers)
        scored = accepted[: round(len(accepted) * call.scored_share)]
        if not scored:
            continue
        rng = random.Random(f"{world.plan.seed}:scores:{call.index}")
        criteria = [c for c in row.criteria if not c.advisory]
        members = world.evaluators[call.office][: call.committee]
        biases = [rng.gauss(0, 0.05) for _ in members]
        moment = warsaw_at(call.scoring_day, 12)
        with clock_at(moment):
            loaded = _offers([offer_id for _plan, offer_id in scored])
            for member, bias in zip(_members(row, members), biases, strict=True):
                bodies = [(loaded[offer_id], _sheet(rng, criteria, plan.quality, bias)) for plan, offer_id in scored]
                if world.through_operations:
                    for offer, raw in bodies:
                        save_score(actor=member.user, offer=offer, raw=raw)
                else:
                    write_final_sheets(row, member, bodies, moment, Writer())
                sheets += len(bodies)
        db.session.commit()
        if sheets and call.index % 100 == 99:
            progress.note(f"{sheets} score sheets")
    return sheets


def build_decisions(world, progress) -> int:
    """The office funds the ranking's passing offers in rank order, each its whole request, while the budget
    lasts; a call without a valid offer is cancelled (art. 18a)."""
    decided = 0
    for call, row, _offers in _reviewed(world):
        if call.stage != "resolved":
            continue
        officer = world.user(world.officers[call.office])
        with clock_at(warsaw_at(call.decision_day, 10)):
            ranking = call_ranking(row)
            passing = sorted((i for i in ranking.result.items if i.rank is not None), key=lambda i: i.rank)
            if not passing:
                cancel_for_no_valid_offers(actor=officer, call=row, reason=NO_VALID)
                db.session.commit()
                continue
            left, awards = Decimal(row.budget_total), []
            for item in passing:
                if item.requested_grant <= left:
                    awards.append({"offer_id": item.offer_id, "amount": str(item.requested_grant)})
                    left -= item.requested_grant
            funded = {a["offer_id"] for a in awards}
            not_funded = [
                {"offer_id": i.offer_id, "reason": NOT_FUNDED if i.passes_threshold else BELOW}
                for i in ranking.result.items
                if i.offer_id not in funded
            ]
            record_decision(actor=officer, call=row, raw={"awards": awards, "not_funded": not_funded})
            db.session.flush()
            publish_results(actor=officer, call=row, raw={})
        world.funded[call.index] = sorted(funded)
        decided += 1
        db.session.commit()
    progress.note(f"{decided} calls resolved")
    return decided


def build_contracts(world, progress) -> int:
    """Contracts for a share of each resolved call's funded offers: drawn up and signed a week after the
    decision, one tranche due a week into the task, paid on its day when that day has come."""
    made = 0
    for call in world.plan.calls:
        funded = world.funded.get(call.index)
        if not funded:
            continue
        rng = random.Random(f"{world.plan.seed}:contracts:{call.index}")
        officer = world.user(world.officers[call.office])
        signed_on = working_day_after(call.decision_day + timedelta(days=7))
        due = working_day_after(call.task_start + timedelta(days=7))
        for offer_id in funded:
            if rng.random() >= CONTRACT_SHARE:
                continue
            # The grant asked for, read as a column: `draw_up` loads the offer as it needs it, like a request.
            requested = db.session.scalar(
                db.select(OfferVersion.requested_grant)
                .join(Offer, Offer.current_version_id == OfferVersion.id)
                .where(Offer.id == offer_id)
            )
            with clock_at(warsaw_at(signed_on, 10)):
                contract = draw_up(
                    officer, offer_id, {"tranches": [{"amount": str(requested), "due_date": due.isoformat()}]}
                )
                db.session.flush()
                sign(officer, contract, signed_on.isoformat())
            if due < world.plan.today:
                with clock_at(warsaw_at(due, 13)):
                    record_tranche_paid(officer, contract, 1, due.isoformat())
            made += 1
        db.session.commit()
    progress.note(f"{made} contracts")
    return made


def _working_days_back(day: date, count: int) -> date:
    while count:
        day -= timedelta(days=1)
        count -= is_working_day(day)
    return day


def small_grant_content(n: int, start: date) -> dict:
    """The simplified offer (Dz.U. 2018 poz. 2055): at most 10 000 zł, at most 90 days (art. 19a ust. 1)."""
    return {
        "title": f"Sąsiedzki festyn integracyjny nr {n + 1}",
        "task_type": "działalność wspomagająca rozwój wspólnot i społeczności lokalnych",
        "task_start": start.isoformat(),
        "task_end": (start + timedelta(days=29)).isoformat(),
        "place": "Plac przed domem kultury",
        "summary": "Festyn sąsiedzki z warsztatami dla dzieci i koncertem lokalnych zespołów.",
        "target_group": "Mieszkańcy osiedla, około 300 osób.",
        "actions": "Przygotowanie placu, warsztaty, koncert, sprzątanie.",
        "results": "300 uczestników, 4 warsztaty, 1 koncert.",
        "results_table": [],
        "cost_items": [
            {
                "name": "Scena i nagłośnienie",
                "unit": "komplet",
                "quantity": "1",
                "unit_cost": "3000.00",
                "grant_part": "3000.00",
            },
            {
                "name": "Materiały na warsztaty",
                "unit": "komplet",
                "quantity": "4",
                "unit_cost": "500.00",
                "grant_part": "2000.00",
            },
        ],
        "own_financial": "0.00",
        "own_non_financial": "500.00",
        "other_sources": "0.00",
        "contact": {"full_name": f"Koordynator {n + 1}", "phone": "+48 600 100 200", "email": "festyn@scale.example"},
        "statements": {"accepted": True},
    }


SMALL_GRANT_STAGES = ("accepted", "published", "submitted")


def build_small_grants(world) -> int:
    """A few per office, one in five offices: accepted after its comments, open for comments, or waiting to
    be published within its 7 working days (art. 19a ust. 3–5)."""
    today = world.plan.today
    count = max(3, len(world.offices) // 5)
    rng = random.Random(f"{world.plan.seed}:small")
    for n in range(count):
        office_index = n % len(world.offices)
        g = rng.randrange(len(world.organizations))
        stage = SMALL_GRANT_STAGES[n % len(SMALL_GRANT_STAGES)]
        received = _working_days_back(today, {"accepted": 22, "published": 6, "submitted": 2}[stage])
        officer, person = world.user(world.officers[office_index]), world.user(world.people[g])
        office = db.session.get(Office, world.offices[office_index])
        with clock_at(warsaw_at(received, 11)):
            small_grant = create_small_grant(
                actor=person,
                office=office,
                raw={"organization_id": world.organizations[g], **small_grant_content(n, today + timedelta(days=20))},
            )
            db.session.flush()
            submit_small_grant(actor=person, small_grant=small_grant)
        if stage != "submitted":
            published_on = working_day_after(received + timedelta(days=2))
            with clock_at(warsaw_at(published_on, 9)):
                publish_small_grant(actor=officer, small_grant=small_grant)
                db.session.flush()
        if stage == "accepted":
            with clock_at(small_grant.comments_until + timedelta(days=1, hours=9)):
                decide_small_grant(actor=officer, small_grant=small_grant, raw={"outcome": "accepted"})
        db.session.commit()
    return count
