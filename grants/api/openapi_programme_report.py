"""The OpenAPI tables of the yearly report (grants.api.programme_report) and the office's open data
(grants.api.open_data), merged into the shared tables by grants.api.openapi_tables."""

from grants.api.openapi_schemas import MONEY

COUNT = {"type": "integer", "minimum": 0}
NARRATIVE = {
    "type": "object",
    "properties": {
        part: {"type": "string", "maxLength": 20000}
        for part in ("introduction", "non_financial", "consultations", "evaluation", "conclusions")
    },
    "additionalProperties": False,
}
REPORT = {
    "type": "object",
    "required": [
        "year",
        "calls",
        "offers",
        "grants_awarded",
        "grants_paid",
        "small_grants",
        "per_priority",
        "organizations",
        "returns",
        "status",
    ],
    "properties": {
        "year": {"type": "integer"},
        "status": {"type": "string", "enum": ["draft", "published"]},
        "planned": MONEY,
        "calls": {
            "type": "object",
            "properties": {"announced": COUNT, "resolved": COUNT, "cancelled": COUNT},
        },
        "offers": {"type": "object", "properties": {"received": COUNT, "funded": COUNT}},
        "grants_awarded": {"type": "object", "properties": {"count": COUNT, "amount": MONEY}},
        "grants_paid": {"type": "object", "properties": {"amount": MONEY}},
        "small_grants": {
            "type": "object",
            "properties": {"received": COUNT, "count": COUNT, "amount": MONEY, "refused": COUNT, "paid": MONEY},
        },
        "total": {"type": "object", "properties": {"awarded": MONEY, "paid": MONEY}},
        "contracts": {"type": "object", "properties": {"signed": COUNT, "performed": COUNT, "terminated": COUNT}},
        "returns": {"type": "object", "properties": {"count": COUNT, "amount": MONEY}},
        "organizations": {"type": "object", "properties": {"count": COUNT, "funded": COUNT}},
        "per_priority": {
            "type": "array",
            "items": {
                "type": "object",
                "required": ["code", "planned", "awarded", "paid"],
                "properties": {
                    "code": {"type": "string"},
                    "name": {"type": "string"},
                    "planned": MONEY,
                    "calls": COUNT,
                    "offers": COUNT,
                    "awarded": MONEY,
                    "paid": MONEY,
                },
            },
        },
        "narrative": NARRATIVE,
        "due_date": {"type": "string", "format": "date"},
        "late": {"type": "boolean"},
        "number": {"type": "integer"},
        "published_at": {"type": "string", "format": "date-time"},
        "publications": {
            "type": "array",
            "items": {
                "type": "object",
                "properties": {
                    "number": {"type": "integer"},
                    "published_at": {"type": "string", "format": "date-time"},
                },
            },
        },
    },
}
REPORT_RESPONSE = {"description": "OK", "content": {"application/json": {"schema": REPORT}}}

SUMMARIES = {
    ("GET", "/programmes/{programme_id}/report"): (
        "The yearly report on the programme (art. 5a ust. 3): its office's officers read the draft with live "
        "figures, the narrative and due_date (31 May of the year after; late); anyone else the latest "
        "publication's frozen figures (404 before the first). Each figure is defined in docs/programme-report.md",
        None,
    ),
    ("PUT", "/programmes/{programme_id}/report"): (
        "Save the narrative {narrative: {introduction, non_financial, consultations, evaluation, conclusions}, "
        "lock_version?} (officer; 409 stale when someone saved in between)",
        {
            "type": "object",
            "required": ["narrative"],
            "properties": {"narrative": NARRATIVE, "lock_version": {"type": "integer"}},
        },
    ),
    ("POST", "/programmes/{programme_id}/report/publish"): (
        "Publish the report: the figures as they are now and the narrative are frozen in the next publication "
        "(a correction after the first; earlier ones stay). Officer; 409 year_not_over before 1 January of "
        "the year after",
        None,
    ),
    ("GET", "/programmes/{programme_id}/report.xlsx"): (
        "The report as XLSX (officer): summary, figures per priority, calls, small grants, organisations",
        None,
    ),
    ("GET", "/offices/{office_id}/grants.360giving.json"): (
        "Every grant of the year for the office in the 360Giving standard: standing awards of the year's calls "
        "and accepted small grants (art. 19a); ?year= required (422 on year)",
        None,
    ),
    ("GET", "/offices/{office_id}/grants.360giving.csv"): (
        "The same in 360Giving's flat CSV columns (UTF-8, comma-separated); ?year= required (422 on year)",
        None,
    ),
}
SUCCESS = {("POST", "/programmes/{programme_id}/report/publish"): ("201",)}
EXTRA_ERRORS: dict = {}
RESPONSES = {
    ("GET", "/programmes/{programme_id}/report"): {"200": REPORT_RESPONSE},
    ("PUT", "/programmes/{programme_id}/report"): {"200": REPORT_RESPONSE},
    ("POST", "/programmes/{programme_id}/report/publish"): {
        "201": {"description": "Published", "content": {"application/json": {"schema": REPORT}}}
    },
}
PUBLIC = {
    ("GET", "/programmes/{programme_id}/report"),
    ("GET", "/offices/{office_id}/grants.360giving.json"),
    ("GET", "/offices/{office_id}/grants.360giving.csv"),
}
CHECKED_QUERY = {
    ("GET", "/offices/{office_id}/grants.360giving.json"),
    ("GET", "/offices/{office_id}/grants.360giving.csv"),
}
