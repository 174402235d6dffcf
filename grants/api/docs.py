"""GET /api/v1/openapi.json: the API as it exists, generated from the routes plus short notes."""
import re

from flask import current_app, jsonify

from grants.api import bp

MONEY = {"type": "string", "pattern": r"^-?\d+\.\d{2}$", "example": "12345.67"}
PERCENT = {"type": "string", "example": "10.00"}
ERROR = {"type": "object", "required": ["error", "message"],
         "properties": {"error": {"type": "string"}, "message": {"type": "string"},
                        "fields": {"type": "object", "additionalProperties": {"type": "array",
                                                                               "items": {"type": "string"}}}}}
CRITERION = {"type": "object", "required": ["code", "name", "max_points"],
             "properties": {"code": {"type": "string"}, "name": {"type": "string"},
                            "max_points": {"type": "number"}, "min_points": {"type": "number", "nullable": True},
                            "advisory": {"type": "boolean"}}}
CALL_INPUT = {
    "type": "object",
    "required": ["title", "task_type", "form", "description", "budget_total", "task_start", "task_end",
                 "submission_deadline", "selection_deadline"],
    "properties": {
        "title": {"type": "string"}, "task_type": {"type": "string"},
        "programme_priority": {"oneOf": [{"type": "integer"}, {"type": "string"}]},
        "form": {"type": "string", "enum": ["wspieranie", "powierzanie"]}, "description": {"type": "string"},
        "budget_total": MONEY, "grant_min": MONEY, "grant_max": MONEY,
        "own_contribution_min_percent": PERCENT, "admin_costs_max_percent": PERCENT,
        "task_start": {"type": "string", "format": "date"}, "task_end": {"type": "string", "format": "date"},
        "submission_deadline": {"type": "string", "format": "date-time",
                                "description": "Europe/Warsaw when no offset is given"},
        "selection_deadline": {"type": "string", "format": "date"},
        "award_rules": {"type": "string"}, "task_conditions": {"type": "string"},
        "selection_procedure": {"type": "string"}, "same_type_tasks": {"type": "string"},
        "correction_days": {"type": "integer"}, "cost_shift_tolerance_percent": PERCENT,
        "criteria": {"type": "array", "items": CRITERION}, "min_total_points": {"type": "number"},
        "aggregation": {"type": "string", "enum": ["mean", "median"]},
        "evaluators_per_offer": {"type": "integer"},
        "reason": {"type": "string", "description": "required when amending a published call"},
    },
}
SUMMARIES = {
    ("POST", "/auth/token"): ("Log in: a bearer token for the API", {"$ref": "#/components/schemas/Credentials"}),
    ("DELETE", "/auth/token"): ("Revoke the token in use", None),
    ("POST", "/auth/register"): ("Register an NGO person (no roles until they join an organisation)", None),
    ("GET", "/auth/me"): ("The token's user", None),
    ("GET", "/offices"): ("Offices served by this installation (public)", None),
    ("POST", "/users"): ("Create a staff or committee account (officer, admin)", None),
    ("GET", "/users"): ("Staff and committee accounts of the officer's office", None),
    ("PATCH", "/users/{user_id}"): ("Change roles or switch an account off (officer of its office, admin)", None),
    ("POST", "/programmes"): ("Create a cooperation programme with priorities and budgets (officer)", None),
    ("GET", "/programmes"): ("Cooperation programmes", None),
    ("GET", "/programmes/{programme_id}"): ("One cooperation programme", None),
    ("PATCH", "/programmes/{programme_id}"): ("Change a programme (officer of its office)", None),
    ("POST", "/calls"): ("Create a call as a draft (officer)", {"$ref": "#/components/schemas/CallInput"}),
    ("GET", "/calls"): ("Published calls; ?status=open|closed|resolved|cancelled (draft: officer only)", None),
    ("GET", "/calls/{call_id}"): ("One call (public once published; drafts only to its office)", None),
    ("PATCH", "/calls/{call_id}"): ("Edit a draft, or amend a published call with a reason (art. 13 ust. 1)",
                                    {"$ref": "#/components/schemas/CallInput"}),
    ("POST", "/calls/{call_id}/publish"): ("Publish in BIP, on the noticeboard and the website; deadline >= 21 days "
                                           "after the last (art. 13)", None),
    ("POST", "/calls/{call_id}/cancel"): ("Cancel the call with a reason (art. 18a)", None),
    ("GET", "/calls/{call_id}/audit"): ("The call's audit trail (officer)", None),
    ("GET", "/openapi.json"): ("This document", None),
}


def _paths() -> dict:
    paths: dict = {}
    for rule in current_app.url_map.iter_rules():
        if not rule.rule.startswith("/api/v1/"):
            continue
        path = re.sub(r"<(?:\w+:)?(\w+)>", r"{\1}", rule.rule[len("/api/v1"):])
        for method in sorted(rule.methods - {"HEAD", "OPTIONS"}):
            summary, body = SUMMARIES.get((method, path), (rule.endpoint, None))
            operation = {"summary": summary, "operationId": f"{rule.endpoint}_{method.lower()}",
                         "responses": {"200": {"description": "OK"},
                                       "default": {"description": "Error",
                                                   "content": {"application/json": {
                                                       "schema": {"$ref": "#/components/schemas/Error"}}}}}}
            params = re.findall(r"{(\w+)}", path)
            if params:
                operation["parameters"] = [{"name": p, "in": "path", "required": True,
                                            "schema": {"type": "integer"}} for p in params]
            if body:
                operation["requestBody"] = {"content": {"application/json": {"schema": body}}}
            paths.setdefault(path, {})[method.lower()] = operation
    return paths


@bp.get("/openapi.json")
def openapi():
    return jsonify({
        "openapi": "3.0.3",
        "info": {"title": "OKO API", "version": "1",
                 "description": "Otwarte Konkursy Ofert: calls for offers under the Polish Act on Public Benefit "
                                "Activity. Money is a string with two decimals; datetimes carry the Europe/Warsaw "
                                "offset."},
        "servers": [{"url": "/api/v1"}],
        "components": {
            "securitySchemes": {"bearer": {"type": "http", "scheme": "bearer"}},
            "schemas": {"Error": ERROR, "CallInput": CALL_INPUT,
                        "Credentials": {"type": "object", "required": ["email", "password"],
                                        "properties": {"email": {"type": "string"},
                                                       "password": {"type": "string"}}}},
        },
        "security": [{"bearer": []}, {}],
        "paths": _paths(),
    })
