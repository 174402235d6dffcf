"""The OpenAPI tables of the NGO's small-grant routes (grants.api.small_grants; art. 19a, the simplified offer of
Dz.U. 2018 poz. 2055), merged into the shared tables by grants.api.openapi_tables. The office's routes keep
theirs in `openapi_small_grant_office`."""

from grants.smallgrants import schema

DATE = {"type": "string", "format": "date", "nullable": True}
AMOUNT = {"type": "string", "pattern": r"^\d{1,9}\.\d{2}$", "example": "1234.56"}
QUANTITY = {"type": "string", "pattern": r"^\d{1,6}(\.\d{1,2})?$", "example": "2"}


def _text(limit: int) -> dict:
    return {"type": "string", "maxLength": limit}


def _object(required=(), **properties) -> dict:
    result = {"type": "object", "properties": properties}
    if required:
        result["required"] = list(required)
    return result


CONTENT = {
    **{name: _text(limit) for name, limit in schema.TEXT_FIELDS.items()},
    "task_start": DATE,
    "task_end": DATE,
    "results_table": {
        "type": "array",
        "maxItems": schema.MAX_RESULTS,
        "items": _object(**{name: _text(limit) for name, limit in schema.RESULT_FIELDS.items()}),
    },
    "cost_items": {
        "type": "array",
        "maxItems": schema.MAX_COST_ITEMS,
        "items": _object(
            ("name", "quantity", "unit_cost", "grant_part"),
            name=_text(schema.COST_TEXT_FIELDS["name"]),
            unit=_text(schema.COST_TEXT_FIELDS["unit"]),
            quantity=QUANTITY,
            unit_cost=AMOUNT,
            grant_part=AMOUNT,
        ),
    },
    **dict.fromkeys(schema.MONEY_FIELDS, AMOUNT),
    "contact": _object(**{name: _text(limit) for name, limit in schema.CONTACT_FIELDS.items()}),
    "statements": _object(accepted={"type": "boolean"}),
}
CREATE = _object(
    ("organization_id", "title"),
    organization_id={"type": "integer", "minimum": 1},
    **{**CONTENT, "title": {"type": "string", "minLength": 1, "maxLength": 300, "pattern": r"\S"}},
)
PATCH = _object(lock_version={"type": "integer", "minimum": 0}, **CONTENT)
SUBMIT = _object(lock_version={"type": "integer", "minimum": 0})

SUMMARIES = {
    ("POST", "/offices/{office_id}/small-grants"): (
        "Start a small-grant offer (art. 19a) to the office, on behalf of organization_id (a member; the rest is "
        "the content of the simplified form, Dz.U. 2018 poz. 2055): 201 {id, status: draft, lock_version, content, "
        "figures, problems}. A grant over 10 000 zł or a task over 90 days is saved and named in problems",
        CREATE,
    ),
    ("GET", "/small-grants"): (
        "Small grants: an NGO member's organisations' (drafts too; ?organization_id= narrows), an officer's "
        "office's once submitted",
        None,
    ),
    ("GET", "/small-grants/{small_grant_id}"): (
        "A small grant: its organisation's members always, the office once submitted, anyone once published "
        "(then with the visible comments and the office's answers)",
        None,
    ),
    ("PATCH", "/small-grants/{small_grant_id}"): (
        "Save the draft (409 not_draft once submitted, edit_conflict for a stale lock_version); problems names "
        "what a submission would refuse of art. 19a ust. 1 (requested_grant, task_end)",
        PATCH,
    ),
    ("POST", "/small-grants/{small_grant_id}/submit"): (
        "Submit: {status: submitted, received_at, control_sum, control_code, warnings}; 422 names each field "
        "(requested_grant over 10 000 zł, task_end over 90 days, …); a warning (not a refusal) when the "
        "organisation's small grants from the office in the year would pass 20 000 zł (art. 19a ust. 6)",
        SUBMIT,
    ),
    ("POST", "/small-grants/{small_grant_id}/withdraw"): (
        "Withdraw before the office decides (409 not_submitted, already_decided)",
        None,
    ),
}
SUCCESS = {("POST", "/offices/{office_id}/small-grants"): ("201",)}
EXTRA_ERRORS: dict = {}
RESPONSES: dict = {}
PUBLIC = {("GET", "/small-grants/{small_grant_id}")}
CHECKED_QUERY = {("GET", "/small-grants")}
OPTIONAL_BODIES = {("POST", "/small-grants/{small_grant_id}/submit")}
