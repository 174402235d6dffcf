"""The OpenAPI tables of the office's side of small grants and their comments (grants.api.small_grant_office),
merged into the shared tables by grants.api.openapi_tables."""

TEXT = {"type": "string", "minLength": 1, "maxLength": 4000, "pattern": r"\S"}
DATE_TIME = {"type": "string", "format": "date-time", "description": "Europe/Warsaw when no offset is given"}
PUBLICATIONS = {
    "type": "array",
    "minItems": 3,
    "maxItems": 3,
    "items": {
        "type": "object",
        "required": ["channel", "published_at"],
        "properties": {
            "channel": {"type": "string", "enum": ["bip", "noticeboard", "website"]},
            "published_at": DATE_TIME,
        },
    },
}
ANSWER = {
    "type": "object",
    "properties": {"id": {"type": "integer"}, "text": {"type": "string"}, "created_at": {"type": "string"}},
}
COMMENT = {
    "type": "object",
    "required": ["id", "author", "text", "created_at", "hidden", "answers"],
    "properties": {
        "id": {"type": "integer"},
        "author": {"type": "string", "nullable": True, "description": "null once hidden"},
        "text": {"type": "string", "nullable": True, "description": "null once hidden"},
        "created_at": {"type": "string", "format": "date-time"},
        "hidden": {"type": "boolean"},
        "hidden_reason": {"type": "string", "nullable": True},
        "answer": {**ANSWER, "nullable": True, "description": "the answer in force (the newest)"},
        "answers": {"type": "array", "items": ANSWER, "description": "every answer, the newest last (in force)"},
    },
}


def _json(schema) -> dict:
    return {"content": {"application/json": {"schema": schema}}}


SUMMARIES = {
    ("POST", "/small-grants/{small_grant_id}/publish"): (
        "Publish a submitted small-grant offer (art. 19a ust. 3; officer of its office) {publications?: "
        "[{channel: bip|noticeboard|website, published_at}]} — all three, none in the future nor before the "
        "receipt; without a body all three now. 200 {status: published, comments_until} (7 days after the last "
        "publication); 409 publication_late (later than 7 working days after received_at), over_year_share "
        "(the office's small grants of the budget year would pass 20 % of its programmes' budgets for that year, "
        "ust. 7 — or it has no programme for the year), not_submitted",
        {"type": "object", "properties": {"publications": PUBLICATIONS}},
    ),
    ("POST", "/small-grants/{small_grant_id}/comments"): (
        "Comment on a published small-grant offer (art. 19a ust. 4; anyone, no token) {author, text}: 201 the "
        "comment; 409 comments_closed outside [published_at, comments_until) or once decided; 429 when one "
        "client address sends too many (RATELIMIT_SMALL_GRANT_COMMENT, default 5 per 10 minutes, shared with "
        "the public page's form)",
        {
            "type": "object",
            "required": ["author", "text"],
            "properties": {
                "author": {"type": "string", "minLength": 1, "maxLength": 200, "pattern": r"\S"},
                "text": TEXT,
            },
        },
    ),
    ("POST", "/small-grants/{small_grant_id}/comments/{comment_id}/answer"): (
        "The office's answer to a comment {text} (officer): 201 the comment with every answer — a new row each "
        "time, the newest in force, none edited",
        {"type": "object", "required": ["text"], "properties": {"text": TEXT}},
    ),
    ("POST", "/small-grants/{small_grant_id}/comments/{comment_id}/hide"): (
        "Hide an abusive comment {reason} (officer; audited; the text stays stored, the public page shows the "
        "reason): 200 the comment; 409 already_hidden",
        {"type": "object", "required": ["reason"], "properties": {"reason": {**TEXT, "maxLength": 1000}}},
    ),
    ("POST", "/small-grants/{small_grant_id}/decision"): (
        "The office's decision {outcome: accepted|refused, reason?} (officer): accepted only after comments_until "
        "(409 comments_open before; a published offer is not refused before then either), refused with a reason "
        "(422 reason) — also a submitted one, before publication; 409 organization_year_limit when the "
        "organisation's accepted small grants from this office in the budget year would pass 20 000 zł (ust. 6), "
        "not_decidable once decided. 200 {id, status, decided_at, reason}",
        {
            "type": "object",
            "required": ["outcome"],
            "properties": {
                "outcome": {"type": "string", "enum": ["accepted", "refused"]},
                "reason": {"type": "string", "maxLength": 4000},
            },
        },
    ),
}
SUCCESS = {
    ("POST", "/small-grants/{small_grant_id}/comments"): ("201",),
    ("POST", "/small-grants/{small_grant_id}/comments/{comment_id}/answer"): ("201",),
}
EXTRA_ERRORS: dict = {}
RESPONSES = {
    ("POST", "/small-grants/{small_grant_id}/comments"): {"201": {"description": "Created", **_json(COMMENT)}},
    ("POST", "/small-grants/{small_grant_id}/comments/{comment_id}/answer"): {
        "201": {"description": "Created", **_json(COMMENT)}
    },
    ("POST", "/small-grants/{small_grant_id}/comments/{comment_id}/hide"): {
        "200": {"description": "OK", **_json(COMMENT)}
    },
}
PUBLIC = {("POST", "/small-grants/{small_grant_id}/comments")}
RATE_LIMITED = {("POST", "/small-grants/{small_grant_id}/comments")}
OPTIONAL_BODIES = {("POST", "/small-grants/{small_grant_id}/publish")}
