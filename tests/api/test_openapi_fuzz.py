"""Schemathesis over GET /api/v1/openapi.json: every operation, every kind of caller, demo-like data.

The document is the contract the fuzzer holds the app to: no server error, no status code the operation
does not document, and — where the schema can say everything the code checks — no schema-valid request
refused (400/422). Requests go to the app over WSGI (no live server), each in an app context of its own as
in production, inside the test's rolled-back transaction.
"""

import pytest
import schemathesis
from hypothesis import HealthCheck, Phase, given, settings
from hypothesis import strategies as st
from schemathesis.checks import not_a_server_error
from schemathesis.specs.openapi.checks import positive_data_acceptance, status_code_conformance

from tests.fixtures.world import ROLES, api_token

# Examples per operation (each with a caller drawn from ROLES): ~90 operations, the test well under 2 minutes.
EXAMPLES = 15

# Operations whose bodies carry rules a JSON schema cannot state (one field against another, against the
# call's dates and budget, against what is stored), so a schema-valid body may rightly be 422. Every
# other operation must accept what its schema allows (or answer 401/403/404/409/429 for who and when).
CROSS_FIELD_RULES = {
    "POST /calls": "task_end after task_start, the deadline 21 days ahead, grant_min <= grant_max; admin: office_id",
    "PATCH /calls/{call_id}": "as POST /calls, and a reason once published",
    "POST /programmes": "the year's programme once per office; an admin names office_id",
    "PATCH /programmes/{programme_id}": "as POST /programmes",
    "POST /organizations": "NIP, REGON and the bank account by checksum; KRS or another register",
    "PATCH /organizations/{organization_id}": "as POST /organizations",
    "POST /organizations/{organization_id}/members": "an address the mail rules accept, not yet a member",
    "POST /auth/register": "an unused e-mail address",
    "POST /users": "an unused e-mail address",
    "POST /calls/{call_id}/offers": "an organisation the caller belongs to",
    "POST /calls/{call_id}/confirmations": "the control code of a submitted version, received_at not in the future",
    "POST /calls/{call_id}/assignments": "per_offer with mode balanced",
    "PUT /calls/{call_id}/committee": "staff of the call's office, one chair, no nominee of an offering organisation",
    "PUT /calls/{call_id}/review-settings": "tie-break steps naming the call's criteria",
    "PUT /calls/{call_id}/formal-checklist": "codes unique",
    "POST /calls/{call_id}/publish": "publication dates not in the future, each channel once",
    "POST /calls/{call_id}/cancel": "a ground the facts bear out (art. 18a); publication dates as for publish",
    "POST /calls/{call_id}/decision": "awards for ranked offers within the requested grants and the budget",
    "POST /offers/{offer_id}/attachments": "the file's real type (PDF, PNG/JPEG, ODT/DOCX by content)",
    "POST /offers/{offer_id}/clone": "a published call",
    "POST /offers/{offer_id}/submit": "the offer complete and consistent (Annex 1)",
    "PUT /offers/{offer_id}/formal-review": "every item of the call's formal checklist answered",
    "PUT /offers/{offer_id}/my-score": "the call's criteria codes, points within each criterion's maximum",
    "POST /auth/verify-email": "a token signed by this installation (the mailed link), not expired",
    "POST /auth/password/reset": "a token signed by this installation (the mailed link), unused, not expired",
    "PATCH /offers/{offer_id}": "the cost estimate against the call's limits, actions referenced by index",
    "POST /calls/{call_id}/declarations": "an offer of the call given to the committee; a reason for a conflict",
    "POST /offers/{offer_id}/scores/{member_id}/reopen": "a final sheet of that member",
    "POST /calls/{call_id}/results/publish": "publication dates not in the future, each channel once",
    "POST /calls/{call_id}/justification-requests": "an offer of the call",
    "POST /calls/{call_id}/justification-requests/{request_id}/answer": "a request not yet answered",
    "PATCH /users/{user_id}": "the installation keeps an admin; an officer does not make admins",
    "POST /offers/{offer_id}/contract": "tranches adding up to the award, due within the period of expenses",
    "PATCH /contracts/{contract_id}": "as POST /offers/{offer_id}/contract",
    "POST /contracts/{contract_id}/sign": "signed_on not in the future",
    "POST /contracts/{contract_id}/cancel": "a reason not blank",
    "POST /contracts/{contract_id}/terminate": "on between the signing and today, a reason not blank",
    "POST /contracts/{contract_id}/annexes": "a real change; tranches adding up to the grant, paid ones kept",
    "POST /contracts/{contract_id}/tranches/{number}/paid": "paid_on between the signing and today",
    "PUT /offers/{offer_id}/update": "the grant equal to the award, its share not above the offer's (Annex 1/3)",
    "POST /calls/{call_id}/move-money": "the next offer of the ranking, the amount within the freed money",
    "POST /contracts/{contract_id}/inspections": "inspected_on not in the future, recommendations_due not before it",
    "POST /contracts/{contract_id}/returns": "paid_on not in the future; a signed contract",
    "POST /contracts/{contract_id}/findings": "found_on not in the future; a signed contract with a paid tranche",
    "POST /interest-rates": "one rate per valid_from; the rate above 0",
    "PATCH /interest-rates/{rate_id}": "one rate per valid_from; the rate above 0",
    "POST /contracts/{contract_id}/reports": "the contract's cost lines, results as many as the offer's III.6",
    "PATCH /reports/{report_id}": "the contract's cost lines, each once; actual_grant <= actual_total",
    "POST /reports/{report_id}/submit": "Part I filled in, every cost line within the contract's tolerance",
    "PUT /reports/{report_id}/review": "a note to return a report",
    "POST /contracts/{contract_id}/reports/demand": "due_date 30 days ahead (art. 18 ust. 3), the period in the task's",
    "POST /small-grants/{small_grant_id}/publish": "publication dates not in the future nor before the receipt",
    "POST /small-grants/{small_grant_id}/decision": "a reason to refuse",
    "POST /offices/{office_id}/small-grants": "an organisation the caller belongs to; quantities above zero",
    "PATCH /small-grants/{small_grant_id}": "quantities above zero",
    "POST /small-grants/{small_grant_id}/submit": "the offer complete, within 10 000 zł and 90 days (art. 19a ust. 1)",
    "POST /programmes/{programme_id}/consultation": "ends_on not before starts_on",
    "POST /programmes/{programme_id}/consultation/comments": "an organisation of the caller's, named among several",
    "POST /programmes/{programme_id}/adopt": "adopted_on not in the future",
    "POST /programmes/{programme_id}/amendments": "adopted_on: the last resolution to today; calls keep priorities",
}


class Isolated:
    """The app as a WSGI callable that gives each request an app context (and so a session) of its own,
    as production does, while the test keeps its own context pushed."""

    def __init__(self, app):
        self.app = app

    def __call__(self, environ, start_response):
        with self.app.app_context():
            return list(self.app(environ, start_response))


@pytest.fixture
def schema(app):
    loaded = schemathesis.openapi.from_wsgi("/api/v1/openapi.json", Isolated(app))
    loaded.config.generation.update(allow_x00=False)  # the API's description: text without NUL (422)
    return loaded


def test_schema_lists_every_api_route(app, schema):
    documented = {op.ok().label for op in schema.get_all_operations()}
    routed = set()
    for rule in app.url_map.iter_rules():
        if rule.rule.startswith("/api/v1/"):
            path = rule.rule[len("/api/v1") :]
            for part in rule.arguments:
                path = path.replace(f"<int:{part}>", "{" + part + "}")
            routed |= {f"{method} {path}" for method in rule.methods - {"HEAD", "OPTIONS"}}
    assert documented == routed - {"GET /openapi.json"}  # schemathesis leaves out the document itself
    assert set(CROSS_FIELD_RULES) <= documented


def test_fuzz_every_operation_as_every_role(app, world, tokens, schema):
    w = world
    people = [u.id for u in vars(w.users).values()]
    ids = {
        "call_id": [w.review_call_id, w.open_call_id, w.draft_call_id, w.gdansk_draft_id, w.gdansk_call_id],
        "offer_id": [w.offer_id, w.other_offer_id, w.draft_offer_id],
        "attachment_id": [w.attachment_id],
        "organization_id": [w.org_id, w.other_org_id],
        "invitation_id": [w.invitation_id],
        "programme_id": [w.programme_id],
        "job_id": [w.job_id],
        "user_id": people,
        "member_id": people,
        "request_id": [1],
        "rate_id": [w.rate_id],
        "contract_id": [w.report_contract_id],
        "report_id": [w.report_id],
        "number": [1],
        "small_grant_id": [w.small_grant_id, w.submitted_small_grant_id, w.small_draft_id],
        "comment_id": [w.small_grant_comment_id],
    }
    operations = [result.ok() for result in schema.get_all_operations()]
    assert len(operations) > 60
    failures: dict = {}
    for operation in operations:
        _fuzz(app, world, tokens, ids, operation, failures)
    assert not failures, "\n".join(f"{k}: {v}" for k, v in sorted(failures.items()))


def _fuzz(app, world, tokens, ids, operation, failures: dict) -> None:
    """EXAMPLES requests to one operation, each by a role drawn from ROLES, path ids mostly real objects."""
    checks = [not_a_server_error, status_code_conformance]
    if operation.label not in CROSS_FIELD_RULES:
        checks.append(positive_data_acceptance)
    revokes = operation.label == "DELETE /auth/token"

    @settings(
        max_examples=EXAMPLES,
        deadline=None,
        database=None,
        derandomize=True,
        phases=[Phase.explicit, Phase.generate],
        suppress_health_check=list(HealthCheck),
    )
    @given(case=operation.as_strategy(), role=st.sampled_from(ROLES), data=st.data())
    def run(case, role, data):
        for name in case.path_parameters or {}:  # mostly real objects, sometimes whatever was generated
            known = ids.get(name)
            if known and data.draw(st.integers(0, 3), label="known") > 0:
                case.path_parameters[name] = data.draw(st.sampled_from(known), label=name)
        token = tokens.get(role)
        if revokes and token:  # a token of its own, so the role's shared one stays valid
            token = api_token(app.test_client(), getattr(world.users, role))
        if token:
            case.headers = {**(case.headers or {}), "Authorization": f"Bearer {token}"}
        try:
            response = case.call()
        except Exception as error:  # noqa: BLE001  TESTING propagates a server error: record it as one
            key = (operation.label, 500, f"{type(error).__name__}: {error}")
            failures.setdefault(key, f"as {role}: {case.as_curl_command()[:600]}")
            return
        try:
            case.validate_response(response, checks=checks)
        except (Exception, BaseExceptionGroup) as error:  # collected, reported together by the test
            titles = [getattr(e, "title", type(e).__name__) for e in getattr(error, "exceptions", [error])]
            key = (operation.label, response.status_code, ", ".join(titles))
            failures.setdefault(key, f"as {role}: {response.text[:200]}\n    {case.as_curl_command()[:300]}")

    run()
