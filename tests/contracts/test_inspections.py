"""Control of the task (art. 17 of the Act; Annex 3 § 8): the office records an inspection of a signed
contract, the organisation sees it and answers, the office closes it — through the API and the pages
(no JavaScript), with every refusal: another organisation 404, the wrong role 403, the wrong state 409,
bad input 422 naming the field."""

from datetime import timedelta

import pytest

from grants.clock import now_utc, warsaw_date
from grants.contracts.models import ContractStatus, Inspection
from grants.extensions import db
from tests.helpers import PASSWORD, make_user
from tests.web.pages import element, errors_at, form_data, value_of


def _today():
    return warsaw_date(now_utc())


def _body(**overrides):
    body = {
        "inspected_on": _today().isoformat(),
        "scope": "Dokumentacja finansowa i listy obecności",
        "findings": "Brak list obecności z marca.",
        "recommendations": "Uzupełnić listy obecności.",
    }
    body.update(overrides)
    return body


@pytest.fixture
def signed(awarded, make_contract):
    return make_contract(awarded.full.id)


def test_the_office_records_the_ngo_answers_the_office_closes(awarded, signed):
    officer, ngo = awarded.flow.officer, awarded.flow.as_(awarded.full.user)
    response = officer.post(f"/api/v1/contracts/{signed.id}/inspections", json=_body())
    assert response.status_code == 201, response.get_json()
    data = response.get_json()
    assert data["status"] == "open"
    # Annex 3 § 8: recommendations are carried out within 14 days unless the office sets another term.
    assert data["recommendations_due"] == (_today() + timedelta(days=14)).isoformat()
    from grants.mail import OutboundMail

    mail = db.session.scalars(db.select(OutboundMail).order_by(OutboundMail.id.desc())).first()
    assert signed.number in mail.subject and "Uzupełnić listy obecności." in mail.body
    listed = ngo.get(f"/api/v1/contracts/{signed.id}/inspections").get_json()
    assert [i["id"] for i in listed] == [data["id"]]
    answered = ngo.post(f"/api/v1/inspections/{data['id']}/answer", json={"answer": "Listy uzupełniono."})
    assert answered.status_code == 200 and answered.get_json()["status"] == "answered"
    again = ngo.post(f"/api/v1/inspections/{data['id']}/answer", json={"answer": "Jeszcze raz."})
    assert again.status_code == 409 and again.get_json()["error"] == "already_answered"
    closed = officer.post(f"/api/v1/inspections/{data['id']}/close")
    assert closed.status_code == 200 and closed.get_json()["status"] == "closed"
    twice = officer.post(f"/api/v1/inspections/{data['id']}/close")
    assert twice.status_code == 409 and twice.get_json()["error"] == "inspection_closed"
    late = ngo.post(f"/api/v1/inspections/{data['id']}/answer", json={"answer": "Po zamknięciu."})
    assert late.status_code == 409 and late.get_json()["error"] == "inspection_closed"
    from grants.audit.models import AuditEntry

    actions = db.session.scalars(
        db.select(AuditEntry.action).where(AuditEntry.action.like("inspection.%")).order_by(AuditEntry.id)
    ).all()
    assert actions == ["inspection.record", "inspection.answer", "inspection.close"]


def test_roles_and_other_organisations_are_refused(awarded, signed):
    officer, ngo = awarded.flow.officer, awarded.flow.as_(awarded.full.user)
    assert ngo.post(f"/api/v1/contracts/{signed.id}/inspections", json=_body()).status_code == 403
    other = awarded.flow.as_(awarded.lower.user)
    assert other.post(f"/api/v1/contracts/{signed.id}/inspections", json=_body()).status_code == 404
    assert other.get(f"/api/v1/contracts/{signed.id}/inspections").status_code == 404
    inspection_id = officer.post(f"/api/v1/contracts/{signed.id}/inspections", json=_body()).get_json()["id"]
    assert other.get(f"/api/v1/inspections/{inspection_id}").status_code == 404
    assert other.post(f"/api/v1/inspections/{inspection_id}/answer", json={"answer": "x"}).status_code == 404
    assert officer.post(f"/api/v1/inspections/{inspection_id}/answer", json={"answer": "x"}).status_code == 403
    assert ngo.post(f"/api/v1/inspections/{inspection_id}/close").status_code == 403
    assert awarded.flow.api().get(f"/api/v1/inspections/{inspection_id}").status_code == 401


def test_only_a_signed_contract_is_inspected(awarded, make_contract):
    draft = make_contract(awarded.full.id, status=ContractStatus.draft)
    response = awarded.flow.officer.post(f"/api/v1/contracts/{draft.id}/inspections", json=_body())
    assert response.status_code == 409 and response.get_json()["error"] == "contract_not_signed"


@pytest.mark.parametrize(
    ("body", "field"),
    [
        ({"inspected_on": ""}, "inspected_on"),
        ({"inspected_on": "jutro"}, "inspected_on"),
        ({"scope": "  "}, "scope"),
        ({"scope": 5}, "scope"),
        ({"recommendations_due": "2000-01-01"}, "recommendations_due"),
        ({"recommendations": "", "recommendations_due": "2099-01-01"}, "recommendations"),
    ],
)
def test_bad_input_names_the_field(awarded, signed, body, field):
    response = awarded.flow.officer.post(f"/api/v1/contracts/{signed.id}/inspections", json=_body(**body))
    assert response.status_code == 422
    assert field in response.get_json()["fields"]


def test_an_inspection_in_the_future_is_refused(awarded, signed):
    tomorrow = (_today() + timedelta(days=1)).isoformat()
    response = awarded.flow.officer.post(
        f"/api/v1/contracts/{signed.id}/inspections", json=_body(inspected_on=tomorrow)
    )
    assert response.status_code == 422 and "inspected_on" in response.get_json()["fields"]
    blank = awarded.flow.as_(awarded.full.user)
    officer_id = awarded.flow.officer.post(f"/api/v1/contracts/{signed.id}/inspections", json=_body()).get_json()["id"]
    response = blank.post(f"/api/v1/inspections/{officer_id}/answer", json={"answer": ""})
    assert response.status_code == 422 and "answer" in response.get_json()["fields"]


def _web(app, user):
    client = app.test_client()
    assert client.post("/login", data={"email": user.email, "password": PASSWORD}).status_code == 302
    return client


def test_the_pages_without_javascript(app, awarded, signed, officer):
    office = _web(app, officer)
    page = office.get(f"/contracts/{signed.id}/inspections")
    assert page.status_code == 200 and element(page, "no-inspections") is not None
    data = form_data(page, "/inspections")
    refused = office.post(f"/contracts/{signed.id}/inspections", data={**data, "scope": "Zakres", "inspected_on": ""})
    assert refused.status_code == 422 and errors_at(refused, "f-inspected_on")
    assert value_of(refused, "f-scope") == "Zakres"  # what was typed stays
    done = office.post(f"/contracts/{signed.id}/inspections", data={**data, **_body()})
    assert done.status_code == 302
    inspection = db.session.scalar(db.select(Inspection).where(Inspection.contract_id == signed.id))
    ngo = _web(app, awarded.full.user)
    page = ngo.get(f"/contracts/{signed.id}/inspections")
    assert "Brak list obecności" in element(page, f"inspection-{inspection.id}").text_content()
    assert not page.get_data(as_text=True).count('id="inspection-form"')  # the NGO does not record
    answer = form_data(page, f"/inspections/{inspection.id}/answer")
    empty = ngo.post(f"/inspections/{inspection.id}/answer", data={**answer, "answer": ""})
    assert empty.status_code == 422 and errors_at(empty, "f-answer")
    assert (
        ngo.post(f"/inspections/{inspection.id}/answer", data={**answer, "answer": "Uzupełniono."}).status_code == 302
    )
    page = office.get(f"/contracts/{signed.id}/inspections")
    assert element(page, f"inspection-{inspection.id}").get("data-status") == "answered"
    assert "Uzupełniono." in element(page, f"inspection-{inspection.id}-answer").text_content()
    close = form_data(page, f"/inspections/{inspection.id}/close")
    assert office.post(f"/inspections/{inspection.id}/close", data=close).status_code == 302
    assert ngo.post(f"/inspections/{inspection.id}/close", data=close).status_code == 403
    stranger = make_user("obca@ngo.example", "Obca")
    assert _web(app, stranger).get(f"/contracts/{signed.id}/inspections").status_code == 404


def test_the_contracts_page_shows_its_inspections(app, awarded, signed, officer):
    awarded.flow.officer.post(f"/api/v1/contracts/{signed.id}/inspections", json=_body())
    page = _web(app, officer).get(f"/office/contracts/{signed.id}")
    assert page.status_code == 200
    assert element(page, "inspections") is not None
    assert element(page, "inspection-form") is not None  # the office records one right there


def test_the_ngo_answers_on_its_contracts_page(app, awarded, signed):
    awarded.flow.officer.post(f"/api/v1/contracts/{signed.id}/inspections", json=_body())
    page = _web(app, awarded.full.user).get(f"/ngo/contracts/{signed.id}")
    assert page.status_code == 200
    assert "Brak list obecności" in element(page, "inspections").text_content()
    assert form_data(page, "/answer") is not None
    assert not page.get_data(as_text=True).count('id="inspection-form"')
