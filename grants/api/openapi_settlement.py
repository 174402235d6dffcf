"""The OpenAPI tables of the settlement routes (grants.api.settlement), merged into the shared tables by
grants.api.openapi_tables; kept here so that the after-award rooms do not edit the same lines."""

from grants.api.openapi_schemas import MONEY

POSITIVE_MONEY = {"type": "string", "pattern": r"^\d+\.\d{2}$", "example": "1234.56"}
DATE = {"type": "string", "format": "date"}
NOTE = {"type": "string", "maxLength": 2000}
PERCENT = {"type": "string", "pattern": r"^\d{1,2}(\.\d{1,2})?$", "example": "10.50"}

SETTLEMENT = {
    "type": "object",
    "required": ["grant_paid", "grant_used", "to_return", "return_due_date", "interest_due", "violations"],
    "properties": {
        "grant_paid": MONEY,
        "grant_used": MONEY,
        "to_return": MONEY,
        "return_due_date": {"type": "string", "format": "date", "nullable": True},
        "interest_due": MONEY,
        "violations": {
            "type": "array",
            "items": {
                "type": "object",
                "properties": {
                    "cost_item_id": {"type": "integer"},
                    "planned_grant": MONEY,
                    "actual_grant": MONEY,
                    "increase_percent": {"type": "string", "nullable": True},
                },
            },
        },
        "provisional": {"type": "boolean"},
        "overdue": {"type": "boolean"},
        "return_account": {"type": "string"},
    },
}

SUMMARIES = {
    ("GET", "/contracts/{contract_id}/settlement"): (
        "The contract's settlement as of today (Warsaw): {grant_paid, grant_used, to_return, return_due_date, "
        "interest_due, violations: [{cost_item_id, planned_grant, actual_grant, increase_percent}]} and beside "
        "them provisional (no accepted final report yet: the paid grant counts as used), the dues per kind "
        "(unused, ufp art. 251; excess, undue and misused, art. 252) with interest as for tax arrears, the "
        "cost lines, the returns, the findings and the office's account (the office and the parties; 409 "
        "settlement_unavailable when the data cannot be settled)",
        None,
    ),
    ("GET", "/contracts/{contract_id}/returns"): ("The returns recorded for the contract", None),
    ("POST", "/contracts/{contract_id}/returns"): (
        "Record a return from the bank statement {amount, paid_on, note?} (officer; paid_on not in the future; "
        "409 contract_not_signed): 201 the return with the settlement after it",
        {
            "type": "object",
            "required": ["amount", "paid_on"],
            "properties": {"amount": POSITIVE_MONEY, "paid_on": DATE, "note": NOTE},
        },
    ),
    ("GET", "/contracts/{contract_id}/findings"): ("The office's findings under ufp art. 252", None),
    ("POST", "/contracts/{contract_id}/findings"): (
        "Record a finding {kind: misused (art. 252 ust. 1 pkt 1) | undue (pkt 2), amount, found_on, note?} "
        "(officer; 409 contract_not_signed, nothing_paid): 201 the finding with the settlement after it",
        {
            "type": "object",
            "required": ["kind", "amount", "found_on"],
            "properties": {
                "kind": {"type": "string", "enum": ["misused", "undue"]},
                "amount": POSITIVE_MONEY,
                "found_on": DATE,
                "note": NOTE,
            },
        },
    ),
    ("GET", "/interest-rates"): (
        "The rates of interest on tax arrears (OP art. 56), each in force from valid_from to the next",
        None,
    ),
    ("POST", "/interest-rates"): (
        "Add a rate {valid_from, rate_percent, note?} (admin; one rate per day)",
        {
            "type": "object",
            "required": ["valid_from", "rate_percent"],
            "properties": {"valid_from": DATE, "rate_percent": PERCENT, "note": {"type": "string", "maxLength": 300}},
        },
    ),
    ("PATCH", "/interest-rates/{rate_id}"): (
        "Correct a rate {valid_from?, rate_percent?, note?} (admin)",
        {
            "type": "object",
            "properties": {"valid_from": DATE, "rate_percent": PERCENT, "note": {"type": "string", "maxLength": 300}},
        },
    ),
}
SUCCESS = {
    ("POST", "/contracts/{contract_id}/returns"): ("201",),
    ("POST", "/contracts/{contract_id}/findings"): ("201",),
    ("POST", "/interest-rates"): ("201",),
}
EXTRA_ERRORS = {("GET", "/contracts/{contract_id}/settlement"): {"409"}}
RESPONSES = {
    ("GET", "/contracts/{contract_id}/settlement"): {
        "200": {"description": "OK", "content": {"application/json": {"schema": SETTLEMENT}}}
    },
}
