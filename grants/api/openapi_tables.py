"""The OpenAPI document's tables per operation: request bodies, success and error codes, public routes."""

from grants.api.openapi_schemas import MONEY, PERCENT, SUMMARIES
from grants.boundary import MAX_ID
from grants.documents.kinds import KINDS

RESPONSES = {
    ("POST", "/auth/verify-email/resend"): {
        "202": {"description": "Accepted: the link is mailed again (nothing is mailed to a confirmed address)"}
    },
    ("POST", "/auth/password/forgot"): {
        "202": {"description": "Accepted: a link is mailed if the address has an active account (the same answer)"}
    },
    ("POST", "/organizations/{organization_id}/members"): {
        "201": {
            "description": "Invited (the same for an address with or without an account)",
            "content": {
                "application/json": {
                    "schema": {
                        "type": "object",
                        "required": ["status", "invitation_id", "email", "expires_at"],
                        "properties": {
                            "status": {"type": "string", "enum": ["invited"]},
                            "invitation_id": {"type": "integer"},
                            "email": {"type": "string", "format": "email"},
                            "expires_at": {"type": "string", "format": "date-time"},
                        },
                    }
                }
            },
        }
    },
}


def _object(required=(), **properties) -> dict:
    schema = {"type": "object", "properties": properties}
    if required:
        schema["required"] = list(required)
    return schema


TEXT = {"type": "string", "minLength": 1}
ID = {"type": "integer", "minimum": 1, "maximum": MAX_ID}
DATE_TIME = {"type": "string", "format": "date-time"}
PUBLICATIONS = {
    "type": "array",
    "items": _object(
        ("channel", "published_at"),
        channel={"type": "string", "enum": ["bip", "noticeboard", "website"]},
        published_at=DATE_TIME,
    ),
}
PROGRAMME_INPUT = _object(
    ("year", "title", "priorities"),
    year={"type": "integer", "minimum": 2000, "maximum": 2100},
    title=TEXT,
    priorities={
        "type": "array",
        "items": _object(("code", "name", "budget"), code=TEXT, name=TEXT, budget=MONEY),
    },
)
ORGANIZATION_INPUT = SUMMARIES[("POST", "/organizations")][1]
DATE = {"type": "string", "format": "date"}
TRANCHES = {
    "type": "array",
    "minItems": 1,
    "items": _object(("amount", "due_date"), amount=MONEY, due_date=DATE),
}
PEOPLE = {"type": "array", "items": _object(("full_name",), full_name=TEXT, function={"type": "string"})}
CONTRACT_TERMS = _object(
    tranches=TRANCHES,
    signed_on=DATE,
    cost_shift_tolerance_percent=PERCENT,
    place={"type": "string", "maxLength": 200},
    treasurer={"type": "string", "maxLength": 200},
    office_representatives=PEOPLE,
    organization_representatives=PEOPLE,
    expenses_start=DATE,
    expenses_end=DATE,
    reporting_dates={"type": "array", "items": DATE},
)
SMALL_GRANT_FORM = {"type": "string", "enum": ["wspieranie", "powierzanie"], "default": "wspieranie"}
AMOUNT = {"type": "string", "pattern": r"^\d{1,10}\.\d{2}$", "example": "1234.50"}
REPORT_TEXT = {"type": "string", "maxLength": 20000}
# Annex 5 of Dz.U. 2018 poz. 2057, as grants.contracts.report_content reads it.
REPORT_FIELDS = dict(
    results_description=REPORT_TEXT,
    actions_description=REPORT_TEXT,
    results={"type": "array", "items": _object(achieved=REPORT_TEXT)},
    expenses={
        "type": "array",
        "items": _object(("cost_item_id",), cost_item_id=ID, actual_total=AMOUNT, actual_grant=AMOUNT),
    },
    sources=_object(own_financial=AMOUNT, other_public=AMOUNT, personal=AMOUNT, in_kind=AMOUNT),
    fees=_object(amount=AMOUNT, description=REPORT_TEXT),
    other_revenue=REPORT_TEXT,
    additional_information=REPORT_TEXT,
    attachments={
        "type": "array",
        "maxItems": 50,
        "items": _object(("name",), name={"type": "string", "minLength": 1, "maxLength": 300}, description=REPORT_TEXT),
    },
)

# Bodies beside SUMMARIES' (which keep their own); `None` as the schema: the operation reads no body.
BODIES: dict = {
    ("POST", "/auth/register"): _object(
        ("email", "password", "full_name"),
        email={"type": "string", "format": "email"},
        password={"type": "string", "minLength": 8},
        full_name=TEXT,
        locale={"type": "string", "enum": ["pl", "uk", "en"]},
    ),
    ("POST", "/users"): _object(
        ("email", "password", "full_name", "role"),
        email={"type": "string", "format": "email"},
        password={"type": "string", "minLength": 8},
        full_name=TEXT,
        role={"type": "string", "enum": ["officer", "evaluator", "admin"]},
        office_id={**ID, "description": "admin only; the officer's own office otherwise"},
    ),
    ("PATCH", "/users/{user_id}"): _object(
        roles={"type": "array", "items": {"type": "string", "enum": ["officer", "evaluator", "admin"]}},
        active={"type": "boolean"},
    ),
    ("POST", "/programmes"): PROGRAMME_INPUT,
    ("PATCH", "/programmes/{programme_id}"): {**PROGRAMME_INPUT, "required": []},
    ("POST", "/calls/{call_id}/publish"): _object(publications=PUBLICATIONS),
    ("POST", "/calls/{call_id}/cancel"): _object(
        ("reason",),
        reason=TEXT,
        ground={"type": ["string", "null"], "enum": ["no_offers", "no_valid_offers", "withdrawal", "", None]},
        publications=PUBLICATIONS,
    ),
    ("PATCH", "/organizations/{organization_id}"): {k: v for k, v in ORGANIZATION_INPUT.items() if k != "required"},
    ("POST", "/calls/{call_id}/offers"): _object(("organization_id", "title"), organization_id=ID, title=TEXT),
    ("POST", "/calls/{call_id}/confirmations"): _object(
        ("control_code", "received_at", "channel"),
        control_code={"type": "string", "pattern": r"^[0-9A-Fa-f]{4}-?[0-9A-Fa-f]{4}-?[0-9A-Fa-f]{4}$"},
        received_at=DATE_TIME,
        channel={"type": "string", "enum": ["paper", "epuap"]},
    ),
    ("POST", "/organizations/{organization_id}/confirm"): _object(reason={"type": "string"}),
    ("POST", "/organizations/{organization_id}/refuse"): _object(("reason",), reason=TEXT),
    ("POST", "/offers/{offer_id}/submit"): _object(lock_version={"type": "integer", "minimum": 0}),
    ("POST", "/offers/{offer_id}/clone"): _object(("call_id",), call_id=ID),
    ("PUT", "/calls/{call_id}/review-settings"): _object(
        allow_half_points={"type": "boolean"},
        partial_last={"type": "boolean"},
        tie_break={"type": "array", "nullable": True, "items": {"type": "array"}},
        reason={"type": "string"},
    ),
    ("PUT", "/calls/{call_id}/formal-checklist"): _object(
        ("items",),
        items={
            "type": "array",
            "minItems": 1,
            "items": _object(("code", "label"), code=TEXT, label=TEXT, correctable={"type": "boolean"}),
        },
    ),
    ("PUT", "/calls/{call_id}/committee"): _object(
        ("members",),
        members={
            "type": "array",
            "items": _object(
                ("user_id", "role"),
                user_id=ID,
                role={"type": "string", "enum": ["chair", "member", "expert"]},
                nominated_by_organization_id={**ID, "nullable": True},
            ),
        },
    ),
    ("PUT", "/calls/{call_id}/committee/record"): _object(
        act_number={"type": "string", "maxLength": 100, "nullable": True},
        act_date={"type": "string", "format": "date", "nullable": True},
        meeting_date={"type": "string", "format": "date", "nullable": True},
        meeting_end_date={"type": "string", "format": "date", "nullable": True},
        meeting_place={"type": "string", "maxLength": 300, "nullable": True},
        minute_taker={"type": "string", "maxLength": 200, "nullable": True},
    ),
    ("POST", "/calls/{call_id}/declarations"): _object(
        ("offer_id", "impartial"), offer_id=ID, impartial={"type": "boolean"}, reason={"type": "string"}
    ),
    ("POST", "/calls/{call_id}/assignments"): _object(
        ("mode",),
        mode={"type": "string", "enum": ["all", "balanced"]},
        per_offer={"type": "integer", "minimum": 1, "maximum": 50},
        max_per_member={"type": "integer", "minimum": 1, "maximum": 10000, "nullable": True},
    ),
    ("PUT", "/offers/{offer_id}/my-score"): _object(
        scores={"type": "object", "additionalProperties": {"type": "number", "minimum": 0}},
        justifications={"type": "object", "additionalProperties": {"type": "string"}},
        final={"type": "boolean"},
    ),
    ("POST", "/offers/{offer_id}/scores/{member_id}/reopen"): _object(("reason",), reason=TEXT),
    ("POST", "/calls/{call_id}/decision"): _object(
        ("awards",),
        awards={"type": "array", "items": _object(("offer_id", "amount"), offer_id=ID, amount=MONEY)},
        not_funded={"type": "array", "items": _object(("offer_id", "reason"), offer_id=ID, reason=TEXT)},
    ),
    ("POST", "/calls/{call_id}/results/publish"): _object(
        publications=PUBLICATIONS, cancel={"type": "boolean"}, reason={"type": "string"}
    ),
    ("POST", "/calls/{call_id}/justification-requests"): _object(
        ("requester", "email", "text"),
        requester=TEXT,
        email={"type": "string", "format": "email"},
        offer_id=ID,
        text=TEXT,
    ),
    ("POST", "/calls/{call_id}/justification-requests/{request_id}/answer"): _object(("answer",), answer=TEXT),
    ("POST", "/offers/{offer_id}/contract"): {
        **CONTRACT_TERMS,
        # `form` is read for a small grant's contract only (art. 19a; a competition's is the call's form).
        "properties": {**CONTRACT_TERMS["properties"], "form": SMALL_GRANT_FORM},
        "required": ["tranches"],
    },
    ("PATCH", "/contracts/{contract_id}"): {
        **CONTRACT_TERMS,
        # `form` changes a small grant's draft only (art. 19a; a competition's is the call's form).
        "properties": {**CONTRACT_TERMS["properties"], "form": SMALL_GRANT_FORM},
    },
    ("POST", "/contracts/{contract_id}/sign"): _object(signed_on=DATE),
    ("POST", "/contracts/{contract_id}/cancel"): _object(("reason",), reason=TEXT),
    ("POST", "/contracts/{contract_id}/terminate"): _object(("reason", "on"), reason=TEXT, on=DATE),
    ("POST", "/contracts/{contract_id}/annexes"): _object(
        ("reason", "signed_on", "changes"),
        reason=TEXT,
        signed_on=DATE,
        changes=_object(
            task_start=DATE,
            task_end=DATE,
            expenses_start=DATE,
            expenses_end=DATE,
            tranches=TRANCHES,
            cost_items={
                "type": "array",
                "items": _object(
                    ("name", "quantity", "unit_cost", "grant_part"),
                    id=ID,
                    action={"type": "string"},
                    name=TEXT,
                    unit={"type": "string"},
                    quantity={"type": "string", "example": "12"},
                    unit_cost=MONEY,
                    grant_part=MONEY,
                ),
            },
            cost_shift_tolerance_percent=PERCENT,
        ),
    ),
    ("POST", "/contracts/{contract_id}/tranches/{number}/paid"): _object(("paid_on",), paid_on=DATE),
    ("POST", "/contracts/{contract_id}/reports"): _object(
        ("kind",), kind={"type": "string", "enum": ["partial", "final"]}, **REPORT_FIELDS
    ),
    ("PATCH", "/reports/{report_id}"): _object(lock_version={"type": "integer", "minimum": 0}, **REPORT_FIELDS),
    ("POST", "/reports/{report_id}/submit"): _object(lock_version={"type": "integer", "minimum": 0}),
    ("PUT", "/reports/{report_id}/review"): _object(
        ("outcome",), outcome={"type": "string", "enum": ["accepted", "returned"]}, note={"type": "string"}
    ),
    ("POST", "/contracts/{contract_id}/reports/demand"): _object(
        ("due_date",), due_date=DATE, period_start=DATE, period_end=DATE
    ),
    ("POST", "/documents"): _object(
        ("kind", "object_id"),
        kind={
            "type": "string",
            "enum": [name for name, kind in KINDS.items() if kind.load is not None],
            "description": "the kinds this installation can render now; API.md's others answer 422 until then",
        },
        object_id=ID,
    ),
    ("POST", "/offers/{offer_id}/resign"): _object(note={"type": "string", "maxLength": 5000}),
    ("POST", "/offers/{offer_id}/resignation"): _object(note={"type": "string", "maxLength": 5000}),
    ("POST", "/calls/{call_id}/move-money"): _object(
        offer_id=ID,
        amount={"type": "string", "pattern": r"^\d+\.\d{2}$", "example": "12000.00"},
        note={"type": "string", "maxLength": 5000},
    ),
    ("POST", "/contracts/{contract_id}/inspections"): _object(
        ("inspected_on", "scope"),
        inspected_on={"type": "string", "format": "date"},
        scope=TEXT,
        findings={"type": "string"},
        recommendations={"type": "string"},
        recommendations_due={"type": "string", "format": "date", "nullable": True},
    ),
    ("POST", "/inspections/{inspection_id}/answer"): _object(("answer",), answer=TEXT),
}
# Bodies a request may leave out (the operation has defaults for all of it).
OPTIONAL_BODIES = {
    ("POST", "/offers/{offer_id}/resign"),
    ("POST", "/offers/{offer_id}/resignation"),
    ("POST", "/calls/{call_id}/move-money"),
    ("POST", "/reports/{report_id}/submit"),
    ("POST", "/organizations/{organization_id}/confirm"),
    ("POST", "/calls/{call_id}/publish"),
    ("POST", "/offers/{offer_id}/submit"),
    ("POST", "/calls/{call_id}/results/publish"),
    ("POST", "/contracts/{contract_id}/sign"),
}
MULTIPART = {
    ("POST", "/offers/{offer_id}/attachments"): _object(
        ("file", "kind"),
        file={"type": "string", "format": "binary"},
        kind={"type": "string", "pattern": r"^[a-z0-9_]{1,32}$", "example": "statut"},
    ),
}

# What a successful request answers, when it is not 200 (API.md: creation 201, a queued document 202).
SUCCESS = {
    ("POST", "/auth/register"): ("201",),
    ("POST", "/auth/verify-email/resend"): ("202",),
    ("POST", "/auth/password/forgot"): ("202",),
    ("POST", "/users"): ("201",),
    ("POST", "/programmes"): ("201",),
    ("POST", "/calls"): ("201",),
    ("POST", "/organizations"): ("201",),
    ("POST", "/organizations/{organization_id}/members"): ("201",),
    ("POST", "/calls/{call_id}/offers"): ("201",),
    ("POST", "/calls/{call_id}/confirmations"): ("201",),
    ("POST", "/offers/{offer_id}/clone"): ("201",),
    ("POST", "/offers/{offer_id}/attachments"): ("201",),
    ("DELETE", "/offers/{offer_id}/attachments/{attachment_id}"): ("204",),
    ("DELETE", "/calls/{call_id}"): ("204",),
    ("POST", "/calls/{call_id}/formal-reviews/publish"): ("201",),
    ("POST", "/calls/{call_id}/declarations"): ("200", "201"),  # 201 the first declaration, 200 a repeated one
    ("POST", "/calls/{call_id}/decision"): ("201",),
    ("POST", "/calls/{call_id}/move-money"): ("201",),
    ("POST", "/contracts/{contract_id}/inspections"): ("201",),
    ("POST", "/calls/{call_id}/justification-requests"): ("201",),
    ("POST", "/documents"): ("202",),
    ("POST", "/offers/{offer_id}/contract"): ("201",),
    ("POST", "/contracts/{contract_id}/annexes"): ("201",),
    ("POST", "/contracts/{contract_id}/reports"): ("200", "201"),  # 200 the demanded partial report filled in
    ("POST", "/contracts/{contract_id}/reports/demand"): ("201",),
}
# Operations anyone may call without a token (a bad token is then the same as none: never 401).
PUBLIC = {
    ("POST", "/auth/register"),
    # The mailed links: the token in the body is the key (no account needed to decline an invitation).
    ("POST", "/auth/verify-email"),
    ("POST", "/auth/password/forgot"),
    ("POST", "/auth/password/reset"),
    ("POST", "/invitations/decline"),
    ("GET", "/offices"),
    ("GET", "/programmes"),
    ("GET", "/programmes/{programme_id}"),
    ("GET", "/calls"),
    ("GET", "/calls/{call_id}"),
    ("GET", "/calls/{call_id}/formal-reviews/published"),
    ("GET", "/calls/{call_id}/results"),
    ("GET", "/calls/{call_id}/results.csv"),
    ("GET", "/calls/{call_id}/results.xlsx"),
    ("GET", "/calls/{call_id}/results.360giving.json"),
    ("POST", "/calls/{call_id}/justification-requests"),
    ("POST", "/documents"),
    ("GET", "/documents/{job_id}"),
    ("GET", "/documents/{job_id}/pdf"),
    ("GET", "/openapi.json"),
}
RATE_LIMITED = {
    ("POST", "/auth/token"),
    ("POST", "/auth/register"),
    ("POST", "/auth/verify-email/resend"),
    ("POST", "/auth/password/forgot"),
    ("POST", "/auth/password/reset"),
    ("POST", "/calls/{call_id}/justification-requests"),
}
# Reads that check their query string (422 naming the parameter).
CHECKED_QUERY = {("GET", "/calls"), ("GET", "/offers"), ("GET", "/contracts")}
# Beside what the rules in `_error_codes` give (exceptions found by reading the handlers).
EXTRA_ERRORS = {
    ("POST", "/auth/token"): {"401"},
    # An invitation's token that names none: 404 invitation_not_found.
    ("POST", "/invitations/accept"): {"404"},
    ("POST", "/invitations/decline"): {"404"},
    ("POST", "/offers/{offer_id}/attachments"): {"503"},
    ("POST", "/documents"): {"403", "404", "409"},
    # Offer content: 409 declaration_required for a committee member who has not declared impartiality.
    ("GET", "/offers/{offer_id}"): {"409"},
    ("GET", "/offers/{offer_id}/attachments/{attachment_id}"): {"409"},
    ("GET", "/offers/{offer_id}/my-score"): {"409"},
    ("GET", "/offers/{offer_id}/update"): {"409"},
    ("GET", "/documents/{job_id}"): {"403", "409"},
    ("GET", "/documents/{job_id}/pdf"): {"403", "409"},  # and not_ready before the job finished
}
ERROR_TEXT = {
    "400": "Malformed body (not a JSON object, nested too deep)",
    "401": "No token, or a bad one",
    "403": "A role that may not do this",
    "404": "Unknown, or not for this user to know",
    "409": "The object's state forbids it",
    "413": "Body too large",
    "422": "Validation: `fields` names each field",
    "429": "Too many requests",
    "503": "Storage unavailable: nothing was saved",
}
SUCCESS_TEXT = {"200": "OK", "201": "Created", "202": "Accepted: rendered in the background", "204": "No content"}

# The after-award rooms keep their tables in modules of their own, merged here.
from grants.api import (  # noqa: E402
    openapi_after_award,
    openapi_programme_report,
    openapi_programmes,
    openapi_settlement,
    openapi_small_grant_office,
    openapi_small_grants,
)

for _room in (
    openapi_after_award,
    openapi_settlement,
    openapi_small_grants,
    openapi_small_grant_office,
    openapi_programme_report,
    openapi_programmes,
):
    SUMMARIES.update(_room.SUMMARIES)
    SUCCESS.update(_room.SUCCESS)
    EXTRA_ERRORS.update(_room.EXTRA_ERRORS)
    RESPONSES.update(_room.RESPONSES)
    PUBLIC |= getattr(_room, "PUBLIC", set())
    RATE_LIMITED |= getattr(_room, "RATE_LIMITED", set())
    CHECKED_QUERY |= getattr(_room, "CHECKED_QUERY", set())
    OPTIONAL_BODIES |= getattr(_room, "OPTIONAL_BODIES", set())
