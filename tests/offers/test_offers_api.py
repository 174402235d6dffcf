"""Offers through /api/v1: drafts, the live estimate, the office's list and confirmations, clones, joint
offers, and every refusal (401, 403 wrong role, 404 another organisation's offer, 409 state, 422 per field).
Submission, withdrawal and new versions: test_offers_submit_api.py."""

import re

from freezegun import freeze_time

from grants.audit.models import AuditEntry
from grants.offers.models import Offer
from tests.helpers import TASK_YEAR
from tests.offers.helpers import offer_body, offer_today

CODE_RE = re.compile(r"^[0-9A-F]{4}-[0-9A-F]{4}-[0-9A-F]{4}$")


def _submit(client, offer_id, **body):
    return client.post(f"/api/v1/offers/{offer_id}/submit", json=body or None)


# ---------------------------------------------------------------- creating a draft


def test_create_draft_for_own_organisation(api, ngo_user, org, open_call, db):
    response = api(ngo_user).post(
        f"/api/v1/calls/{open_call.id}/offers", json={"organization_id": org.id, "title": "Kursy języka polskiego"}
    )
    assert response.status_code == 201
    body = response.get_json()
    assert body["status"] == "draft" and body["id"] and body["lock_version"] == 0
    assert body["title"] == "Kursy języka polskiego" and body["organization_id"] == org.id
    assert body["total_cost"] == "0.00" and body["own_contribution_percent"] == "0.00"
    entry = db.session.scalar(db.select(AuditEntry).where(AuditEntry.action == "offer.create"))
    assert entry.actor_id == ngo_user.id and entry.office_id == open_call.office_id


def test_create_refusals(api, ngo_user, other_ngo_user, org, open_call, make_call, officer, evaluator):
    url = f"/api/v1/calls/{open_call.id}/offers"
    body = {"organization_id": org.id, "title": "T"}
    assert api().post(url, json=body).status_code == 401
    assert api(officer).post(url, json=body).status_code == 403
    assert api(evaluator).post(url, json=body).status_code == 403
    assert api(other_ngo_user).post(url, json=body).status_code == 403  # not a member of `org`
    unknown = api(ngo_user).post(url, json={"organization_id": 99999, "title": "T"})
    assert unknown.status_code == 422 and "organization_id" in unknown.get_json()["fields"]
    bad = api(ngo_user).post(url, json={"organization_id": "abc", "title": "T"})
    assert bad.status_code == 422 and "organization_id" in bad.get_json()["fields"]
    untitled = api(ngo_user).post(url, json={"organization_id": org.id, "title": "  "})
    assert untitled.status_code == 422 and "title" in untitled.get_json()["fields"]
    draft_call = make_call()
    assert api(ngo_user).post(f"/api/v1/calls/{draft_call.id}/offers", json=body).status_code == 404
    assert api(ngo_user).post("/api/v1/calls/99999/offers", json=body).status_code == 404
    assert api(ngo_user).post(url, data="nie json", content_type="application/json").status_code == 400


def test_create_refused_once_the_call_is_closed(api, ngo_user, org, open_call):
    with freeze_time(open_call.submission_deadline):
        response = api(ngo_user).post(
            f"/api/v1/calls/{open_call.id}/offers", json={"organization_id": org.id, "title": "Za późno"}
        )
    assert response.status_code == 409 and response.get_json()["error"] == "deadline_passed"


def test_cancelled_call_takes_no_offers(api, ngo_user, org, open_call, officer):
    api(officer).post(f"/api/v1/calls/{open_call.id}/cancel", json={"reason": "Brak środków (art. 18a)."})
    response = api(ngo_user).post(
        f"/api/v1/calls/{open_call.id}/offers", json={"organization_id": org.id, "title": "T"}
    )
    assert response.status_code == 409 and response.get_json()["error"] == "call_not_open"


# ---------------------------------------------------------------- who sees what


def test_another_organisations_offer_is_404_everywhere(api, draft, other_ngo_user, other_org, open_call):
    offer = draft()
    client = api(other_ngo_user)
    base = f"/api/v1/offers/{offer['id']}"
    assert client.get(base).status_code == 404
    assert client.patch(base, json={"title": "x"}).status_code == 404
    assert client.post(f"{base}/submit").status_code == 404
    assert client.post(f"{base}/withdraw").status_code == 404
    assert client.post(f"{base}/clone", json={"call_id": open_call.id}).status_code == 404
    assert client.post(f"{base}/attachments", data={"kind": "statut"}).status_code == 404
    assert client.get(f"{base}/attachments/1").status_code == 404
    assert client.get("/api/v1/offers/99999").status_code == 404
    assert [o["id"] for o in client.get("/api/v1/offers").get_json()] == []


def test_wrong_role_is_403_and_anonymous_401(api, draft, officer, evaluator):
    offer = draft()
    base = f"/api/v1/offers/{offer['id']}"
    assert api().get(base).status_code == 401
    assert api().get("/api/v1/offers").status_code == 401
    for staff in (officer, evaluator):
        client = api(staff)
        assert client.patch(base, json={"title": "x"}).status_code == 403
        assert client.post(f"{base}/submit").status_code == 403
        assert client.post(f"{base}/withdraw").status_code == 403
    assert api(evaluator).get(base).status_code == 404  # no committee access yet
    assert api(evaluator).get("/api/v1/offers").get_json() == []


def test_drafts_are_never_shown_to_the_office(api, draft, officer, open_call):
    offer = draft()
    assert api(officer).get(f"/api/v1/offers/{offer['id']}").status_code == 404
    assert api(officer).get("/api/v1/offers").get_json() == []
    listing = api(officer).get(f"/api/v1/calls/{open_call.id}/offers").get_json()
    assert listing["items"] == [] and listing["counts"]["submitted"] == 0


def test_ngo_list_and_call_filter(api, ngo_user, draft, make_call, open_call):
    first = draft()
    other_call = make_call(
        publish=True, title="Drugi nabór", task_start=f"{TASK_YEAR}-01-10", task_end=f"{TASK_YEAR}-12-15"
    )
    second = draft(call=other_call)
    client = api(ngo_user)
    assert [o["id"] for o in client.get("/api/v1/offers").get_json()] == [first["id"], second["id"]]
    assert [o["id"] for o in client.get(f"/api/v1/offers?call_id={other_call.id}").get_json()] == [second["id"]]
    bad = client.get("/api/v1/offers?call_id=abc")
    assert bad.status_code == 422 and "call_id" in bad.get_json()["fields"]


# ---------------------------------------------------------------- editing a draft


def test_patch_names_each_bad_field(api, ngo_user, draft):
    offer = draft()
    items = offer_body()["cost_items"]
    items[2] = {**items[2], "unit_cost": "dużo"}
    response = api(ngo_user).patch(
        f"/api/v1/offers/{offer['id']}",
        json={
            "task_start": "2027-02-30",
            "cost_items": items,
            "actions": [{"name": 5}],
            "paid_activity": "może",
            "own_financial": "-5",
            "partners": ["x"],
            "statements": {"register": "ceidg"},
            "title": "",
        },
    )
    assert response.status_code == 422
    fields = response.get_json()["fields"]
    for path in (
        "task_start",
        "cost_items.2.unit_cost",
        "actions.0.name",
        "paid_activity",
        "own_financial",
        "partners.0",
        "statements.register",
        "title",
    ):
        assert path in fields, path
    assert api(ngo_user).get(f"/api/v1/offers/{offer['id']}").get_json()["lock_version"] == offer["lock_version"]


def test_patch_with_bad_cost_line_action_and_quantity(api, ngo_user, draft):
    offer = draft()
    response = api(ngo_user).patch(
        f"/api/v1/offers/{offer['id']}",
        json={"cost_items": [{"action": "kawa", "name": "X", "unit": "szt", "quantity": "0", "unit_cost": "1.001"}]},
    )
    fields = response.get_json()["fields"]
    assert response.status_code == 422
    assert {"cost_items.0.action", "cost_items.0.quantity", "cost_items.0.unit_cost"} <= set(fields)


def test_live_estimate_names_each_inconsistency(api, ngo_user, draft):
    items = offer_body()["cost_items"]
    items[0] = {**items[0], "grant_part": "12000.01"}
    items.append({"action": 7, "name": "Poza harmonogramem", "unit": "szt", "quantity": "1", "unit_cost": "1.00"})
    offer = draft(cost_items=items, task_end=f"{TASK_YEAR}-12-31")
    problems = offer["problems"]
    assert "cost_items.0.grant_part" in problems and "cost_items.4.action" in problems
    assert "task_end" in problems and "own_contribution" in problems
    assert offer["total_cost"] == "19521.00" and offer["requested_grant"] == "17020.01"
    assert offer["can_submit"] is False


def test_lock_version_stops_silent_overwrites(api, ngo_user, colleague, draft):
    offer = draft()
    seen = offer["lock_version"]
    mine, theirs = api(ngo_user), api(colleague)
    first = theirs.patch(f"/api/v1/offers/{offer['id']}", json={"lock_version": seen, "place": "Opole, Rynek 1"})
    assert first.status_code == 200 and first.get_json()["lock_version"] == seen + 1
    stale = mine.patch(f"/api/v1/offers/{offer['id']}", json={"lock_version": seen, "place": "Opole, dworzec"})
    assert stale.status_code == 409 and stale.get_json()["error"] == "edit_conflict"
    assert "Odśwież" in stale.get_json()["message"]
    assert mine.get(f"/api/v1/offers/{offer['id']}").get_json()["place"] == "Opole, Rynek 1"
    blind = mine.patch(f"/api/v1/offers/{offer['id']}", json={"summary": "Bez numeru wersji."})
    assert blind.status_code == 200 and blind.get_json()["place"] == "Opole, Rynek 1"
    bad = mine.patch(f"/api/v1/offers/{offer['id']}", json={"lock_version": "wczoraj"})
    assert bad.status_code == 422 and "lock_version" in bad.get_json()["fields"]
    stale_submit = _submit(mine, offer["id"], lock_version=seen)
    assert stale_submit.status_code == 409 and stale_submit.get_json()["error"] == "edit_conflict"


def test_update_offer_operation_checks_the_version_in_the_write(app, db, ngo_user, draft):
    """Two editors who both read version N: the conditional UPDATE lets only the first write."""
    from grants.offers import operations

    offer_id = draft()["id"]
    offer = db.session.get(Offer, offer_id)
    seen = offer.lock_version
    db.session.execute(
        db.update(Offer).where(Offer.id == offer_id).values(lock_version=Offer.lock_version + 1)
    )  # someone else saved meanwhile
    import pytest

    from grants.errors import Conflict

    with pytest.raises(Conflict) as refused:
        operations.update_offer(actor=ngo_user, offer=offer, raw={"lock_version": seen, "place": "X"})
    assert refused.value.code == "edit_conflict"


# ---------------------------------------------------------------- the office


def test_officer_list_counts_totals_and_confirmations(
    api, ngo_user, draft, officer, other_officer, open_call, evaluator
):
    client = api(ngo_user)
    submitted = [draft(), draft()]
    withdrawn = draft()
    draft()  # stays a draft: never shown
    codes = [_submit(client, o["id"]).get_json()["control_code"] for o in submitted]
    _submit(client, withdrawn["id"])
    client.post(f"/api/v1/offers/{withdrawn['id']}/withdraw")
    office = api(officer)
    url = f"/api/v1/calls/{open_call.id}/offers"
    listing = office.get(url).get_json()
    assert [i["id"] for i in listing["items"]] == [o["id"] for o in submitted]
    assert listing["counts"] == {"submitted": 2, "withdrawn": 1, "confirmed": 0, "unconfirmed": 2}
    assert listing["requested_total"] == "34040.00" and listing["budget_total"] == "120000.00"
    assert listing["remaining"] == "85960.00" and listing["over_budget"] is False
    recorded = office.post(
        f"/api/v1/calls/{open_call.id}/confirmations",
        json={"control_code": codes[0].lower().replace("-", ""), "received_at": offer_today(), "channel": "epuap"},
    )
    assert recorded.status_code == 201, recorded.get_json()
    assert recorded.get_json()["offer_id"] == submitted[0]["id"] and recorded.get_json()["channel"] == "epuap"
    listing = office.get(url).get_json()
    assert listing["counts"]["confirmed"] == 1 and listing["items"][0]["confirmed"] is True
    assert [i["id"] for i in office.get(url + "?unconfirmed=1").get_json()["items"]] == [submitted[1]["id"]]
    assert [o["id"] for o in office.get("/api/v1/offers").get_json()] == [o["id"] for o in submitted]
    assert api(other_officer).get(url).status_code == 404
    assert api(other_officer).get(f"/api/v1/offers/{submitted[0]['id']}").status_code == 404
    assert api(other_officer).get("/api/v1/offers").get_json() == []
    assert api(ngo_user).get(url).status_code == 403
    assert api(evaluator).get(url).status_code == 403


def test_confirmation_refusals(api, ngo_user, draft, officer, other_officer, open_call, db):
    code = _submit(api(ngo_user), draft()["id"]).get_json()["control_code"]
    office = api(officer)
    url = f"/api/v1/calls/{open_call.id}/confirmations"
    good = {"control_code": code, "received_at": offer_today(), "channel": "paper"}
    assert api(ngo_user).post(url, json=good).status_code == 403
    assert api(other_officer).post(url, json=good).status_code == 404
    bad = office.post(url, json={"control_code": "XYZ", "received_at": "wczoraj", "channel": "fax"})
    assert bad.status_code == 422
    assert {"control_code", "received_at", "channel"} <= set(bad.get_json()["fields"])
    unknown = office.post(url, json={**good, "control_code": "0000-0000-0000"})
    assert unknown.status_code == 422 and "control_code" in unknown.get_json()["fields"]
    future = office.post(url, json={**good, "received_at": "2099-01-01"})
    assert future.status_code == 422 and "received_at" in future.get_json()["fields"]
    before = office.post(url, json={**good, "received_at": "2020-01-01T10:00"})
    assert before.status_code == 422 and "received_at" in before.get_json()["fields"]
    assert office.post(url, json=good).status_code == 201
    again = office.post(url, json=good)
    assert again.status_code == 409 and again.get_json()["error"] == "already_confirmed"
    entry = db.session.scalar(db.select(AuditEntry).where(AuditEntry.action == "offer.confirm"))
    assert entry.actor_id == officer.id and entry.after["channel"] == "paper"


def test_office_sees_the_frozen_version_not_later_drafts(api, ngo_user, draft, officer):
    offer = draft()
    client = api(ngo_user)
    _submit(client, offer["id"])
    client.post(f"/api/v1/offers/{offer['id']}/withdraw")
    client.patch(f"/api/v1/offers/{offer['id']}", json={"summary": "Roboczy szkic, jeszcze nie złożony."})
    seen = api(officer).get(f"/api/v1/offers/{offer['id']}").get_json()
    assert seen["summary"] == offer_body()["summary"] and seen["status"] == "withdrawn"
    assert "lock_version" not in seen and "problems" not in seen


# ---------------------------------------------------------------- clone, joint offers, forms


def test_clone_into_a_new_call(api, ngo_user, draft, make_call, open_call, other_ngo_user, other_org):
    source = draft()
    client = api(ngo_user)
    _submit(client, source["id"])
    new_call = make_call(publish=True, title="Nabór 2", task_start=f"{TASK_YEAR}-03-01", task_end=f"{TASK_YEAR}-10-31")
    response = client.post(f"/api/v1/offers/{source['id']}/clone", json={"call_id": new_call.id})
    assert response.status_code == 201
    copy = response.get_json()
    assert copy["call_id"] == new_call.id and copy["status"] == "draft" and copy["cloned_from_id"] == source["id"]
    assert copy["cost_items"] == source["cost_items"] and copy["actions"] == source["actions"]
    assert copy["task_start"] is None and copy["statements"]["confirmed"] is False
    assert "task_start" in copy["problems"] and "statements.confirmed" in copy["problems"]
    assert client.post(f"/api/v1/offers/{source['id']}/clone", json={"call_id": 99999}).status_code == 422
    assert client.post(f"/api/v1/offers/{source['id']}/clone", json={}).status_code == 422
    with freeze_time(new_call.submission_deadline):
        late = client.post(f"/api/v1/offers/{source['id']}/clone", json={"call_id": new_call.id})
    assert late.status_code == 409 and late.get_json()["error"] == "deadline_passed"


def test_joint_offer_partners_see_and_edit_and_split_costs(
    api, ngo_user, other_ngo_user, other_org, make_org, draft, officer, db
):
    lead = api(ngo_user)
    offer = draft()
    url = f"/api/v1/offers/{offer['id']}"
    assert api(other_ngo_user).get(url).status_code == 404
    joined = lead.patch(url, json={"partners": [other_org.id]}).get_json()
    assert joined["partners"] == [other_org.id] and joined["is_joint"] is True
    assert "cost_split.0.amount" in joined["problems"] and "partners_actions" in joined["problems"]
    partner = api(other_ngo_user)
    assert partner.get(url).status_code == 404  # pending: the partner's members see only the request
    confirmed = partner.post(f"{url}/partners/{other_org.id}/confirm")
    assert confirmed.status_code == 200 and confirmed.get_json()["status"] == "confirmed"
    assert partner.get(url).status_code == 200
    split = [
        {"organization_id": offer["organization_id"], "amount": "12000.00"},
        {"organization_id": other_org.id, "amount": "7000.00"},
    ]
    wrong = partner.patch(url, json={"cost_split": split, "partners_actions": "Partner prowadzi kurs A2."})
    assert wrong.status_code == 200 and "cost_split" in wrong.get_json()["problems"]
    assert _submit(partner, offer["id"]).status_code == 422
    split[1]["amount"] = "7520.00"
    fixed = partner.patch(url, json={"cost_split": split}).get_json()
    assert fixed["problems"] == {} and [r["amount"] for r in fixed["cost_split"]] == ["12000.00", "7520.00"]
    submitted = _submit(partner, offer["id"])
    assert submitted.status_code == 200
    office = api(officer).get(url).get_json()
    assert [o["name"] for o in office["organizations"]] == ["Fundacja GEKO", "Stowarzyszenie Inne"]
    assert [o["representing"] for o in office["organizations"]] == [True, False]
    assert office["cost_split"][1]["amount"] == "7520.00"
    assert [o["id"] for o in partner.get("/api/v1/offers").get_json()] == [offer["id"]]
    # a copy is made on behalf of the representing organisation: its members only
    assert partner.post(f"{url}/clone", json={"call_id": offer["call_id"]}).status_code == 403
    assert lead.post(f"{url}/clone", json={"call_id": offer["call_id"]}).status_code == 201


def test_partner_refusals(api, ngo_user, draft, other_org):
    offer = draft()
    url = f"/api/v1/offers/{offer['id']}"
    client = api(ngo_user)
    itself = client.patch(url, json={"partners": [offer["organization_id"]]})
    assert itself.status_code == 422 and "partners.0" in itself.get_json()["fields"]
    unknown = client.patch(url, json={"partners": [other_org.id, 99999]})
    assert unknown.status_code == 422 and "partners.1" in unknown.get_json()["fields"]
    twice = client.patch(url, json={"partners": [other_org.id, other_org.id]})
    assert twice.status_code == 422 and "partners.1" in twice.get_json()["fields"]
    stranger = client.patch(url, json={"cost_split": [{"organization_id": other_org.id, "amount": "1.00"}]})
    assert stranger.status_code == 422 and "cost_split.0.organization_id" in stranger.get_json()["fields"]


def test_nie_dotyczy_where_the_form_allows_it(api, ngo_user, draft):
    offer = draft(experience="nie dotyczy", other_information="")
    assert "experience" not in offer["problems"]
    refused = draft(summary="Nie dotyczy.")
    assert "summary" in refused["problems"]
    assert _submit(api(ngo_user), refused["id"]).status_code == 422


def test_multi_year_task_needs_costs_per_year(api, ngo_user, make_call, draft):
    call = make_call(
        publish=True,
        form="powierzanie",
        own_contribution_min_percent=None,
        task_start=f"{TASK_YEAR}-09-01",
        task_end=f"{TASK_YEAR + 1}-06-30",
    )
    items = [
        {"action": 0, "name": "Lektor", "unit": "h", "quantity": "100", "unit_cost": "100.00", "grant_part": "10000.00"}
    ]
    body = dict(
        call=call,
        task_start=f"{TASK_YEAR}-09-01",
        task_end=f"{TASK_YEAR + 1}-06-30",
        cost_items=items,
        own_financial="0",
        own_non_financial_in_kind="0",
    )
    offer = draft(**body)
    assert "cost_items.0.year_values" in offer["problems"]
    items[0]["year_values"] = {str(TASK_YEAR): "4000.00", str(TASK_YEAR + 1): "6000.00"}
    fixed = draft(**body)
    assert fixed["problems"] == {}
    assert fixed["estimate"]["year_totals"] == {str(TASK_YEAR): "4000.00", str(TASK_YEAR + 1): "6000.00"}
    assert _submit(api(ngo_user), fixed["id"]).status_code == 200


def test_openapi_documents_the_offer_routes(api):
    spec = api().get("/api/v1/openapi.json").get_json()
    assert "post" in spec["paths"]["/offers/{offer_id}/submit"]
    assert spec["paths"]["/offers/{offer_id}"]["patch"]["summary"].startswith("Edit a draft")


def test_bad_identifiers_are_404_or_422(api, ngo_user, draft):
    client = api(ngo_user)
    offer = draft()
    assert client.get("/api/v1/offers/abc").status_code == 404
    assert client.get("/api/v1/offers/-1").status_code == 404
    assert client.get(f"/api/v1/offers/{offer['id']}/attachments/abc").status_code == 404
    assert client.post("/api/v1/calls/abc/offers", json={}).status_code == 404
    response = client.patch(f"/api/v1/offers/{offer['id']}", json=["not", "an", "object"])
    assert response.status_code == 400 and response.get_json()["error"] == "bad_request"


def test_preview_adds_up_unsaved_input_without_writing(app, db, ngo_user, draft):
    from grants.offers.figures import preview

    offer = db.session.get(Offer, draft()["id"])
    before = offer.lock_version
    items = offer_body()["cost_items"][:1]
    content, result, problems, errors = preview(offer, {"cost_items": items, "own_financial": "x"})
    assert result.total_cost == 12000 and "own_financial" in errors.fields
    assert {p.path for p in problems} >= {"own_contribution"}
    db.session.refresh(offer)
    assert offer.lock_version == before and len(offer.content["cost_items"]) == 4


def test_a_partner_is_named_only_once_it_confirms(api, ngo_user, other_ngo_user, other_org, draft, db):
    """Art. 14 ust. 2: the lead asks, the partner's members confirm; until then no submission (422 at
    `partners`), the lead sees only the partner's name, the partner's members see only the request."""
    from grants.audit.log import entries_for
    from grants.mail import OutboundMail

    lead = api(ngo_user)
    offer = draft()
    url = f"/api/v1/offers/{offer['id']}"
    joined = lead.patch(url, json={"partners": [other_org.id]}).get_json()
    assert joined["partner_organizations"] == [{"id": other_org.id, "name": other_org.name, "status": "pending"}]
    assert "partners" in joined["problems"] and joined["can_submit"] is False
    refused = _submit(lead, offer["id"])
    assert refused.status_code == 422 and "partners" in refused.get_json()["fields"]
    mail = db.session.scalar(db.select(OutboundMail).where(OutboundMail.recipient == other_ngo_user.email))
    assert mail is not None and "Prośba o udział w ofercie wspólnej" in mail.subject

    partner = api(other_ngo_user)
    [request] = partner.get("/api/v1/partner-requests").get_json()
    assert request["offer_id"] == offer["id"] and request["lead_organization"]["name"] == "Fundacja GEKO"
    assert lead.get("/api/v1/partner-requests").get_json() == []
    # Only the partner's members answer: the lead's own member, an outsider, another organisation → 404.
    assert lead.post(f"{url}/partners/{other_org.id}/confirm").status_code == 404
    assert api().post(f"{url}/partners/{other_org.id}/confirm").status_code == 401
    assert partner.post(f"{url}/partners/{offer['organization_id']}/confirm").status_code == 404
    assert partner.post(f"/api/v1/offers/99999/partners/{other_org.id}/confirm").status_code == 404

    assert partner.post(f"{url}/partners/{other_org.id}/confirm").status_code == 200
    actions = [e.action for e in entries_for("offer", offer["id"])]
    assert "offer.partner_request" in actions and "offer.partner_confirm" in actions
    assert "partners" not in lead.get(url).get_json()["problems"]
    assert partner.get("/api/v1/partner-requests").get_json() == []


def test_a_partner_declines_and_leaves_the_offer(api, ngo_user, other_ngo_user, other_org, draft):
    from grants.audit.log import entries_for

    lead = api(ngo_user)
    offer = draft()
    url = f"/api/v1/offers/{offer['id']}"
    lead.patch(url, json={"partners": [other_org.id]})
    partner = api(other_ngo_user)
    declined = partner.post(f"{url}/partners/{other_org.id}/decline")
    assert declined.status_code == 200 and declined.get_json()["status"] == "declined"
    after = lead.get(url).get_json()
    assert after["partners"] == [] and after["is_joint"] is False
    assert "offer.partner_decline" in [e.action for e in entries_for("offer", offer["id"])]
    assert partner.post(f"{url}/partners/{other_org.id}/confirm").status_code == 404  # nothing left to answer
    assert _submit(lead, offer["id"]).status_code == 200  # a single offer again


def test_a_profile_awaiting_confirmation_neither_creates_nor_submits_offers(
    api, ngo_user, org, other_ngo_user, make_org, draft, open_call, officer, db
):
    from grants.organizations.models import ProfileStatus

    offer = draft()
    org.status = ProfileStatus.awaiting_confirmation  # as the profile operations set it (tests/organizations)
    db.session.commit()
    lead = api(ngo_user)
    refused = _submit(lead, offer["id"])
    assert refused.status_code == 409 and refused.get_json()["error"] == "organization_awaiting_confirmation"
    created = lead.post(f"/api/v1/calls/{open_call.id}/offers", json={"organization_id": org.id, "title": "Nowa"})
    assert created.status_code == 409 and created.get_json()["error"] == "organization_awaiting_confirmation"
    org.status = ProfileStatus.refused
    db.session.commit()
    assert _submit(lead, offer["id"]).get_json()["error"] == "organization_refused"
    org.status = ProfileStatus.active
    db.session.commit()
    assert _submit(lead, offer["id"]).status_code == 200
