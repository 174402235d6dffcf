"""The OpenAPI tables of the programme's year (grants.api.programmes_year), merged into the shared tables by
grants.api.openapi_tables."""

from grants.api.openapi_schemas import MONEY
from grants.programmes.schema import (
    ANSWER_LIMIT,
    CHANNELS,
    COMMENT_LIMIT,
    OUTCOMES,
    REASON_LIMIT,
    REPORT_LIMIT,
    RESOLUTION_LIMIT,
)

DATE = {"type": "string", "format": "date"}


def _text(limit: int) -> dict:
    return {"type": "string", "minLength": 1, "maxLength": limit, "pattern": r"\S"}


RESOLUTION = {"resolution_number": {**_text(RESOLUTION_LIMIT), "example": "XX/345/25"}, "adopted_on": DATE}
PRIORITY = {
    "type": "object",
    "required": ["code", "name", "budget"],
    "properties": {
        "code": {"type": "string", "minLength": 1, "maxLength": 32, "pattern": r"\S"},
        "name": _text(300),
        "budget": MONEY,
    },
}
YEAR = "the programme (as GET /programmes/{programme_id})"

SUMMARIES = {
    ("GET", "/programmes/{programme_id}"): (
        "One cooperation programme with its year: status (draft | consultation | consulted | adopted, derived "
        "from the dates and the resolution), adoption_deadline (30 November of the year before, art. 5a ust. 1), "
        "consultation {starts_on, ends_on, channels, open, comments_count, report, report_published_at}, "
        "comments [{id, organization, text, created_at, answer, answers}] — all of them for the programme's "
        "office, an organisation's own for its members, every one for everybody once the consultation's "
        "report is published —, adoption {resolution_number, adopted_on, late, adopted_priorities} and "
        "amendments [{number, resolution_number, adopted_on, reason, changes: {priorities: {before, after}}}]",
        None,
    ),
    ("POST", "/programmes/{programme_id}/consultation"): (
        "Put the draft to consultation with NGOs (art. 5 ust. 5; officer of the programme's office): "
        f"{{starts_on, ends_on, channels}}, channels from {', '.join(CHANNELS)} (rdpp: the public-benefit "
        "council's opinion, art. 5a ust. 2a). 201 " + YEAR + "; 409 consultation_exists, programme_adopted",
        {
            "type": "object",
            "required": ["starts_on", "ends_on", "channels"],
            "properties": {
                "starts_on": DATE,
                "ends_on": DATE,
                "channels": {"type": "array", "minItems": 1, "items": {"type": "string", "enum": list(CHANNELS)}},
            },
        },
    ),
    ("POST", "/programmes/{programme_id}/consultation/comments"): (
        "An organisation's comment on the draft (a member; staff 403): {text, organization_id?} — the "
        "organisation must be the caller's (needed when they belong to several). 201 the comment; 409 "
        "no_consultation, consultation_closed outside starts_on..ends_on (Warsaw dates, both inclusive)",
        {
            "type": "object",
            "required": ["text"],
            "properties": {"text": _text(COMMENT_LIMIT), "organization_id": {"type": "integer", "minimum": 1}},
        },
    ),
    ("PUT", "/programmes/{programme_id}/consultation/comments/{comment_id}"): (
        "The office's answer to a comment {answer, outcome?: accepted | partly | rejected}: a new answer each "
        "time (earlier ones kept, the newest in force). 200 the comment; 409 report_published",
        {
            "type": "object",
            "required": ["answer"],
            "properties": {"answer": _text(ANSWER_LIMIT), "outcome": {"type": "string", "enum": list(OUTCOMES)}},
        },
    ),
    ("POST", "/programmes/{programme_id}/consultation/report"): (
        "Publish the consultation's report {text} (officer), once, after ends_on and with every comment "
        "answered. 200 " + YEAR + "; 409 no_consultation, consultation_not_ended, unanswered_comments, "
        "report_published",
        {"type": "object", "required": ["text"], "properties": {"text": _text(REPORT_LIMIT)}},
    ),
    ("POST", "/programmes/{programme_id}/adopt"): (
        "Record the council's resolution adopting the programme {resolution_number, adopted_on} (officer; the "
        "date not in the future). 200 " + YEAR + " with warnings: adopted after 30 November of the year before "
        "(art. 5a ust. 1), no consultation recorded, dated before the consultation's end; 409 already_adopted",
        {"type": "object", "required": ["resolution_number", "adopted_on"], "properties": RESOLUTION},
    ),
    ("POST", "/programmes/{programme_id}/amendments"): (
        "Record a resolution amending the adopted programme {reason, resolution_number, adopted_on, "
        "priorities?: [{code, name, budget}]} (officer): the priorities as they stand after it (a priority a "
        "call refers to cannot be removed: 422 priorities), before/after kept. 201 " + YEAR + " with "
        "amendment; 409 not_adopted",
        {
            "type": "object",
            "required": ["reason", "resolution_number", "adopted_on"],
            "properties": {
                "reason": _text(REASON_LIMIT),
                **RESOLUTION,
                "priorities": {"type": "array", "minItems": 1, "items": PRIORITY},
            },
        },
    ),
}
SUCCESS = {
    ("POST", "/programmes/{programme_id}/consultation"): ("201",),
    ("POST", "/programmes/{programme_id}/consultation/comments"): ("201",),
    ("POST", "/programmes/{programme_id}/amendments"): ("201",),
}
EXTRA_ERRORS: dict = {}
RESPONSES: dict = {}
