"""The scale dataset's programmes, calls and offers (see grants.demo_scale): each through its operation, on the
clock of its day — programmes adopted the autumn before their year, calls created and published on their
days, offers created, filled in and submitted at the instant the plan gives them."""

from copy import deepcopy
from datetime import timedelta

from grants.calls.models import Call
from grants.calls.operations import create_call, create_programme, publish_call
from grants.clock import clock_at
from grants.demo import OFFER_BODY
from grants.demo_cycle import warsaw_at
from grants.demo_scale_bulk import Writer, write_offers
from grants.demo_scale_plan import SPHERES, CallPlan, OfferPlan, office_name
from grants.extensions import db
from grants.offers.operations import create_offer, submit_offer, update_offer
from grants.organizations.models import Organization

PRIORITY_BUDGET = "2500000.00"
GRANT_MAX = "20000.00"


def build_programmes(world) -> int:
    """One programme a year for each office, every sphere a priority (art. 5a: adopted before the year)."""
    made = 0
    for i in range(len(world.offices)):
        _slug, name = office_name(i)
        for year in world.plan.years:
            with clock_at(warsaw_at(world.plan.today.replace(year=year - 1, month=10, day=15), 10)):
                create_programme(
                    actor=world.user(world.officers[i]),
                    raw={
                        "year": year,
                        "title": f"Roczny program współpracy z organizacjami pozarządowymi na {year} rok — {name}",
                        "priorities": [
                            {"code": code, "name": task_type, "budget": PRIORITY_BUDGET}
                            for code, task_type, _topics in SPHERES
                        ],
                    },
                )
            made += 1
        db.session.commit()
    return made


def call_raw(call: CallPlan) -> dict:
    code, task_type, _topics = SPHERES[call.sphere]
    _slug, office = office_name(call.office)
    year = call.task_start.year
    raw = {
        "title": f"{call.topic} w {year} roku — {office} (nabór {call.index + 1})",
        "task_type": task_type,
        "programme_priority": code,
        "form": call.form,
        "description": f"Otwarty konkurs ofert na realizację w {year} roku zadania publicznego w zakresie: "
        f"{task_type.lower()} — {call.topic.lower()}.",
        "budget_total": f"{call.budget}.00",
        "grant_max": GRANT_MAX,
        "admin_costs_max_percent": "10.00",
        "task_start": call.task_start.isoformat(),
        "task_end": call.task_end.isoformat(),
        "submission_deadline": call.deadline.isoformat(),
        "selection_deadline": (call.deadline_day + timedelta(days=21)).isoformat(),
    }
    if call.form == "wspieranie":
        raw["own_contribution_min_percent"] = "5.00"
    if call.threshold is not None:
        raw["min_total_points"] = call.threshold
    return raw


def build_calls(world) -> int:
    for call in world.plan.calls:
        officer = world.user(world.officers[call.office])
        with clock_at(warsaw_at(call.created, 10)):
            row = create_call(actor=officer, raw=call_raw(call))
        if call.stage != "draft":
            moment = warsaw_at(call.published, 8)
            with clock_at(warsaw_at(call.published, 9)):
                publish_call(
                    actor=officer,
                    call=row,
                    publications_raw=[
                        {"channel": channel, "published_at": moment.isoformat()}
                        for channel in ("bip", "noticeboard", "website")
                    ],
                )
        world.calls[call.index] = row.id
        if call.index % 50 == 49:
            db.session.commit()
    return len(world.plan.calls)


def offer_content(call: CallPlan, offer: OfferPlan, title: str) -> dict:
    """The demo's complete Annex 1 offer (grants.demo.OFFER_BODY) on the call's dates, its lecturer's hours
    the plan's: grant = 100 zł × hours + 4 020 zł."""
    content = {
        "title": title,
        "task_start": call.task_start.isoformat(),
        "task_end": call.task_end.isoformat(),
        **deepcopy(OFFER_BODY),
    }
    first = content["cost_items"][0]
    first["quantity"], first["grant_part"] = str(offer.hours), f"{offer.hours * 100}.00"
    return content


def build_offers(world, progress) -> int:
    made = 0
    for call in world.plan.calls:
        if not call.offers:
            continue
        row = db.session.get(Call, world.calls[call.index])
        drafts = []
        for n, offer in enumerate(call.offers):
            title = f"{call.topic} — oferta {n + 1} w naborze {call.index + 1}"
            drafts.append((offer, title, offer_content(call, offer, title)))
        if world.through_operations:
            ids = [_offer_through_operations(world, row, *draft) for draft in drafts]
        else:
            made_offers = write_offers(
                row,
                [
                    (
                        world.user(world.people[offer.organization]),
                        db.session.get(Organization, world.organizations[offer.organization]),
                        title,
                        raw,
                        offer.moment,
                        offer.submitted,
                    )
                    for offer, title, raw in drafts
                ],
                Writer(),
            )
            ids = [o.id for o in made_offers]
        made += len(ids)
        world.offers[call.index] = ids
        db.session.commit()
        if call.index % 100 == 99:
            progress.note(f"{made} offers in {call.index + 1} calls")
    return made


def _offer_through_operations(world, row: Call, offer: OfferPlan, title: str, raw: dict) -> int:
    person = world.user(world.people[offer.organization])
    with clock_at(offer.moment):
        made = create_offer(
            actor=person, call=row, raw={"organization_id": world.organizations[offer.organization], "title": title}
        )
        update_offer(actor=person, offer=made, raw=raw)
        if offer.submitted:
            submit_offer(actor=person, offer=made)
    return made.id
