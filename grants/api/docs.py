"""GET /api/v1/openapi.json: the API as it exists, generated from the routes plus short notes."""

import re

from flask import current_app, jsonify

from grants.api import bp
from grants.api.openapi_schemas import CALL_INPUT, ERROR, SUMMARIES
from grants.api.openapi_tables import (
    BODIES,
    CHECKED_QUERY,
    ERROR_TEXT,
    EXTRA_ERRORS,
    ID,
    MULTIPART,
    OPTIONAL_BODIES,
    PUBLIC,
    RATE_LIMITED,
    RESPONSES,
    SUCCESS,
    SUCCESS_TEXT,
)


def _error_codes(method: str, path: str, has_body: bool) -> set[str]:
    key = (method, path)
    codes = set(EXTRA_ERRORS.get(key, ()))
    if key not in PUBLIC:
        codes |= {"401", "403"}
    if "{" in path:
        codes.add("404")
    if method in ("POST", "PUT", "PATCH", "DELETE"):
        codes.add("409")
    if has_body:
        codes |= {"400", "413", "422"}
    if key in CHECKED_QUERY:
        codes.add("422")
    if key in RATE_LIMITED:
        codes.add("429")
    if key == ("GET", "/openapi.json"):
        codes = set()
    return codes


def _request_body(method: str, path: str, summary_body) -> dict | None:
    key = (method, path)
    if key in MULTIPART:
        return {"required": True, "content": {"multipart/form-data": {"schema": MULTIPART[key]}}}
    schema = summary_body or BODIES.get(key)
    if schema is None:
        return None
    return {"required": key not in OPTIONAL_BODIES, "content": {"application/json": {"schema": schema}}}


def _paths() -> dict:
    paths: dict = {}
    error = {"content": {"application/json": {"schema": {"$ref": "#/components/schemas/Error"}}}}
    for rule in current_app.url_map.iter_rules():
        if not rule.rule.startswith("/api/v1/"):
            continue
        path = re.sub(r"<(?:\w+:)?(\w+)>", r"{\1}", rule.rule[len("/api/v1") :])
        for method in sorted(rule.methods - {"HEAD", "OPTIONS"}):
            summary, summary_body = SUMMARIES.get((method, path), (rule.endpoint, None))
            body = _request_body(method, path, summary_body)
            responses = {code: {"description": SUCCESS_TEXT[code]} for code in SUCCESS.get((method, path), ("200",))}
            for code in sorted(_error_codes(method, path, body is not None)):
                responses[code] = {"description": ERROR_TEXT[code], **error}
            operation = {
                "summary": summary,
                "operationId": f"{rule.endpoint}_{method.lower()}",
                "responses": responses,
            }
            # A richer description (with its schema) replaces the plain one of the same code.
            operation["responses"].update(RESPONSES.get((method, path), {}))
            if (method, path) in PUBLIC:
                operation["security"] = [{}, {"bearer": []}]
            params = re.findall(r"{(\w+)}", path)
            if params:
                operation["parameters"] = [{"name": p, "in": "path", "required": True, "schema": ID} for p in params]
            if body:
                operation["requestBody"] = body
            paths.setdefault(path, {})[method.lower()] = operation
    return paths


@bp.get("/openapi.json")
def openapi():
    return jsonify(
        {
            "openapi": "3.0.3",
            "info": {
                "title": "OKO API",
                "version": "1",
                "description": "Otwarte Konkursy Ofert: calls for offers under the Polish Act on Public Benefit "
                "Activity. Money is a string with two decimals; datetimes carry the Europe/Warsaw "
                "offset. Text is UTF-8 without NUL characters (refused with 422 wherever it appears); ids are "
                "PostgreSQL integers (1 to 2147483647).",
            },
            "servers": [{"url": "/api/v1"}],
            "components": {
                "securitySchemes": {"bearer": {"type": "http", "scheme": "bearer"}},
                "schemas": {
                    "Error": ERROR,
                    "CallInput": CALL_INPUT,
                    "Credentials": {
                        "type": "object",
                        "required": ["email", "password"],
                        "properties": {
                            "email": {"type": "string"},
                            "password": {"type": "string"},
                            "otp": {
                                "type": "string",
                                "pattern": r"^\d{6}$",
                                "description": "The current TOTP code, for accounts with two-factor sign-in",
                            },
                        },
                    },
                },
            },
            "security": [{"bearer": []}, {}],
            "paths": _paths(),
        }
    )
