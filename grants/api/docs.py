"""GET /api/v1/openapi.json: the API as it exists, generated from the routes plus short notes."""

import re

from flask import current_app, jsonify

from grants.api import bp
from grants.boundary import MAX_ID
from grants.calls.schema import REQUIRED_ON_CREATE
from grants.documents.kinds import KINDS

MONEY = {"type": "string", "pattern": r"^-?\d+\.\d{2}$", "example": "12345.67"}
PERCENT = {"type": "string", "example": "10.00"}
ERROR = {
    "type": "object",
    "required": ["error", "message"],
    "properties": {
        "error": {"type": "string"},
        "message": {"type": "string"},
        "fields": {"type": "object", "additionalProperties": {"type": "array", "items": {"type": "string"}}},
    },
}
CRITERION = {
    "type": "object",
    "required": ["code", "name", "max_points"],
    "properties": {
        "code": {"type": "string"},
        "name": {"type": "string"},
        "max_points": {"type": "number"},
        "min_points": {"type": "number", "nullable": True},
        "advisory": {"type": "boolean"},
    },
}
CALL_INPUT = {
    "type": "object",
    "required": list(REQUIRED_ON_CREATE),
    "properties": {
        "title": {"type": "string"},
        "task_type": {"type": "string"},
        "programme_priority": {"oneOf": [{"type": "integer"}, {"type": "string"}]},
        "form": {"type": "string", "enum": ["wspieranie", "powierzanie"]},
        "description": {"type": "string"},
        "budget_total": MONEY,
        "grant_min": MONEY,
        "grant_max": MONEY,
        "own_contribution_min_percent": PERCENT,
        "admin_costs_max_percent": PERCENT,
        "task_start": {"type": "string", "format": "date"},
        "task_end": {"type": "string", "format": "date"},
        "submission_deadline": {
            "type": "string",
            "format": "date-time",
            "description": "Europe/Warsaw when no offset is given",
        },
        "selection_deadline": {"type": "string", "format": "date"},
        "award_rules": {"type": "string"},
        "task_conditions": {"type": "string"},
        "selection_procedure": {"type": "string"},
        "same_type_tasks": {"type": "string"},
        "correction_days": {"type": "integer"},
        "cost_shift_tolerance_percent": PERCENT,
        "criteria": {"type": "array", "items": CRITERION},
        "min_total_points": {"type": "number"},
        "aggregation": {"type": "string", "enum": ["mean", "median"]},
        "evaluators_per_offer": {"type": "integer"},
        "reason": {"type": "string", "description": "required when amending a published call"},
    },
}
COST_ITEM = {
    "type": "object",
    "required": ["action", "name", "unit", "quantity", "unit_cost"],
    "properties": {
        "action": {
            "oneOf": [{"type": "integer"}, {"type": "string", "enum": ["admin"]}],
            "description": "index into actions (III.4), or admin",
        },
        "name": {"type": "string"},
        "unit": {"type": "string"},
        "quantity": {"type": "string", "example": "12.5"},
        "unit_cost": MONEY,
        "grant_part": MONEY,
        "year_values": {
            "type": "object",
            "additionalProperties": MONEY,
            "description": "per year for multi-year tasks",
        },
        "value": {**MONEY, "readOnly": True},
    },
}
OFFER_INPUT = {
    "type": "object",
    "properties": {
        "lock_version": {"type": "integer", "description": "the draft version read; a stale one is 409"},
        "title": {"type": "string"},
        "task_start": {"type": "string", "format": "date"},
        "task_end": {"type": "string", "format": "date"},
        "place": {"type": "string"},
        "target_group": {"type": "string"},
        "summary": {"type": "string"},
        "actions": {
            "type": "array",
            "items": {
                "type": "object",
                "properties": {
                    "name": {"type": "string"},
                    "description": {"type": "string"},
                    "target_group": {"type": "string"},
                    "period": {"type": "string"},
                    "subcontractor": {"type": "string"},
                },
            },
        },
        "results": {
            "type": "array",
            "items": {
                "type": "object",
                "properties": {
                    "name": {"type": "string"},
                    "target_value": {"type": "string"},
                    "monitoring": {"type": "string"},
                },
            },
        },
        "expected_effects": {"type": "string"},
        "experience": {"type": "string"},
        "resources": {"type": "string"},
        "cost_items": {"type": "array", "items": COST_ITEM},
        "own_financial": MONEY,
        "own_non_financial_personal": MONEY,
        "own_non_financial_in_kind": MONEY,
        "beneficiary_fees": MONEY,
        "paid_activity": {"type": "boolean"},
        "partners": {"type": "array", "items": {"type": "integer"}},
        "cost_split": {
            "type": "array",
            "items": {"type": "object", "properties": {"organization_id": {"type": "integer"}, "amount": MONEY}},
        },
        "partners_actions": {"type": "string"},
        "other_information": {"type": "string"},
        "contact": {
            "type": "object",
            "properties": {"name": {"type": "string"}, "phone": {"type": "string"}, "email": {"type": "string"}},
        },
        "statements": {
            "type": "object",
            "properties": {
                "tax_arrears": {"type": "boolean"},
                "social_insurance_arrears": {"type": "boolean"},
                "register": {"type": "string", "enum": ["krs", "other"]},
                "confirmed": {"type": "boolean"},
            },
        },
        "total_cost": {**MONEY, "readOnly": True},
        "requested_grant": {**MONEY, "readOnly": True},
        "own_contribution": {**MONEY, "readOnly": True},
        "own_contribution_percent": {**PERCENT, "readOnly": True},
    },
}
SUMMARIES = {
    ("POST", "/auth/token"): (
        "Log in: a bearer token for the API. An account with two-factor sign-in also sends `otp`, the current "
        "6-digit TOTP code (401 otp_required when missing, invalid_otp when wrong or already used); an admin "
        "without two-factor sign-in is refused (403 two_factor_required)",
        {"$ref": "#/components/schemas/Credentials"},
    ),
    ("DELETE", "/auth/token"): ("Revoke the token in use", None),
    ("POST", "/auth/register"): (
        "Register an NGO person (no roles until they join an organisation); mails a link to confirm the "
        "address, without which the account acts for no organisation (403 email_unverified)",
        None,
    ),
    ("POST", "/auth/verify-email"): (
        "Confirm the e-mail address with the token of the mailed link {token} (400 link_invalid, link_expired)",
        {"type": "object", "required": ["token"], "properties": {"token": {"type": "string"}}},
    ),
    ("POST", "/auth/verify-email/resend"): ("Mail the confirmation link again (202, rate-limited)", None),
    ("POST", "/auth/password/forgot"): (
        "Mail a password reset link {email}: 202 {sent: true} whether or not the address has an account",
        {"type": "object", "required": ["email"], "properties": {"email": {"type": "string"}}},
    ),
    ("POST", "/auth/password/reset"): (
        "Set a new password with the token of the mailed link {token, password}; single use; every session "
        "and API token of the account ends",
        {
            "type": "object",
            "required": ["token", "password"],
            "properties": {"token": {"type": "string"}, "password": {"type": "string"}},
        },
    ),
    ("POST", "/invitations/accept"): (
        "Accept an invitation with the token of the mailed link {token}: the account with the invited, "
        "confirmed address becomes a member (403 invitation_other_address, email_unverified; 404 "
        "invitation_not_found; 409 invitation_used, invitation_expired, invitation_cancelled)",
        {"type": "object", "required": ["token"], "properties": {"token": {"type": "string"}}},
    ),
    ("POST", "/invitations/decline"): (
        "Decline an invitation with the token of the mailed link {token} (no account needed)",
        {"type": "object", "required": ["token"], "properties": {"token": {"type": "string"}}},
    ),
    ("GET", "/auth/me"): ("The token's user, with email_verified and two_factor", None),
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
    ("PATCH", "/calls/{call_id}"): (
        "Edit a draft, or amend a published call with a reason (art. 13 ust. 1)",
        {"$ref": "#/components/schemas/CallInput"},
    ),
    ("POST", "/calls/{call_id}/publish"): (
        "Publish in BIP, on the noticeboard and the website; deadline >= 21 days after the last (art. 13)",
        None,
    ),
    ("POST", "/calls/{call_id}/cancel"): ("Cancel the call with a reason (art. 18a)", None),
    ("GET", "/calls/{call_id}/audit"): ("The call's audit trail (officer)", None),
    ("POST", "/organizations"): (
        "Create an organisation profile; the caller becomes its first member. NIP, REGON and the bank account "
        "(NRB or IBAN PL) are checked by checksum, KRS as 10 digits, the postal code as NN-NNN; KRS or another "
        "register (registry_name + registry_number) is required",
        {
            "type": "object",
            "required": ["name", "legal_form", "address", "email", "bank_account", "representatives"],
            "properties": {
                "name": {"type": "string"},
                "legal_form": {
                    "type": "string",
                    "enum": [
                        "stowarzyszenie",
                        "stowarzyszenie_zwykle",
                        "fundacja",
                        "koscielna_osoba_prawna",
                        "stowarzyszenie_jst",
                        "spoldzielnia_socjalna",
                        "spolka_non_profit",
                        "kolo_gospodyn_wiejskich",
                        "inna",
                    ],
                },
                "krs": {"type": "string", "pattern": r"^\d{10}$"},
                "registry_name": {"type": "string"},
                "registry_number": {"type": "string"},
                "nip": {"type": "string"},
                "regon": {"type": "string"},
                "address": {
                    "type": "object",
                    "required": ["street", "postal_code", "city"],
                    "properties": {
                        "street": {"type": "string"},
                        "postal_code": {"type": "string", "pattern": r"^\d{2}-\d{3}$"},
                        "city": {"type": "string"},
                    },
                },
                "email": {"type": "string", "format": "email"},
                "phone": {"type": "string"},
                "website": {"type": "string"},
                "bank_account": {"type": "string", "example": "PL61 1090 1014 0000 0712 1981 2874"},
                "representatives": {
                    "type": "array",
                    "minItems": 1,
                    "items": {
                        "type": "object",
                        "required": ["full_name", "function"],
                        "properties": {"full_name": {"type": "string"}, "function": {"type": "string"}},
                    },
                },
                "representation_rule": {"type": "string", "example": "dwóch członków zarządu łącznie"},
            },
        },
    ),
    ("GET", "/organizations"): ("The caller's organisations", None),
    ("GET", "/organizations/{organization_id}"): (
        "One organisation profile (its members, office staff; 404 for anyone else)",
        None,
    ),
    ("PATCH", "/organizations/{organization_id}"): (
        "Change the profile: the fields sent, as in POST /organizations (members only; staff 403)",
        None,
    ),
    ("GET", "/organizations/awaiting-confirmation"): (
        "Profiles whose NIP or KRS another profile already has, each with that profile (officer of any office, "
        "admin): [{organization, same_numbers_as}]",
        None,
    ),
    ("POST", "/organizations/{organization_id}/confirm"): (
        "Confirm a profile awaiting confirmation as a legitimate separate one, e.g. a branch {reason?} (officer, "
        "admin; 404 when it does not await); until then its members cannot create or submit offers (409 "
        "organization_awaiting_confirmation)",
        None,
    ),
    ("POST", "/organizations/{organization_id}/refuse"): (
        "Refuse a profile awaiting confirmation {reason} (officer, admin; 422 at reason); its members then cannot "
        "create or submit offers (409 organization_refused)",
        None,
    ),
    ("POST", "/organizations/{organization_id}/members"): (
        "Invite a person by {email} (members only): 201 {status: invited, invitation_id, email, expires_at}, "
        "the same whether or not the address has an account. Nobody becomes a member here: the person "
        "accepts the mailed link (valid 14 days, single use) signed in with that address "
        "(POST /invitations/accept)",
        {"type": "object", "required": ["email"], "properties": {"email": {"type": "string"}}},
    ),
    ("DELETE", "/organizations/{organization_id}/members/{user_id}"): (
        "Remove a member or leave (members only; the last member cannot leave)",
        None,
    ),
    ("DELETE", "/organizations/{organization_id}/invitations/{invitation_id}"): (
        "Withdraw a pending invitation (members only)",
        None,
    ),
    ("POST", "/calls/{call_id}/offers"): (
        "Start a draft offer for an open call on behalf of your organisation (NGO member) -> 201 {id, status: draft}",
        None,
    ),
    ("GET", "/calls/{call_id}/offers"): (
        "Submitted offers of a call with counts, requested total against the "
        "budget and confirmation status (officer); ?unconfirmed=1",
        None,
    ),
    ("POST", "/calls/{call_id}/confirmations"): (
        "Record the signed paper/ePUAP confirmation by its control code {control_code, received_at, channel} (officer)",
        None,
    ),
    ("GET", "/offers"): (
        "Offers: an NGO member its organisations' (drafts too); an officer the submitted ones of "
        "the office's calls; ?call_id=",
        None,
    ),
    ("GET", "/offers/{offer_id}"): (
        "One offer (Annex 1, sections I-VII) with its computed cost estimate; the office "
        "sees only the submitted version",
        None,
    ),
    ("PATCH", "/offers/{offer_id}"): (
        "Edit a draft; send lock_version to be told (409 edit_conflict) when someone saved in between",
        OFFER_INPUT,
    ),
    ("POST", "/offers/{offer_id}/submit"): (
        "Submit before the deadline (server clock): a frozen version with a "
        "SHA-256 control sum and a short control code",
        None,
    ),
    ("POST", "/offers/{offer_id}/withdraw"): (
        "Withdraw a submitted offer before the deadline; the version is kept",
        None,
    ),
    ("GET", "/partner-requests"): (
        "Joint offers waiting for the consent of one of the caller's organisations (NGO member): "
        "[{offer_id, organization_id, status, title, call_id, lead_organization, requested_at}]",
        None,
    ),
    ("POST", "/offers/{offer_id}/partners/{organization_id}/confirm"): (
        "The partner organisation's member confirms that it is named in the joint offer (art. 14 ust. 2); until "
        "every partner has confirmed the offer cannot be submitted (422 at partners); 404 for anyone else; "
        "409 not_draft once submitted",
        None,
    ),
    ("POST", "/offers/{offer_id}/partners/{organization_id}/decline"): (
        "The partner organisation's member declines (or withdraws, before submission) its part: the organisation "
        "is taken off the offer; 404 for anyone else; 409 not_draft once submitted",
        None,
    ),
    ("POST", "/offers/{offer_id}/clone"): ("Copy an earlier offer of the organisation into a new call {call_id}", None),
    ("POST", "/offers/{offer_id}/attachments"): (
        "Attach a file (multipart file, kind): PDF, PNG/JPEG, ODT/DOCX by content; 10 MB each, 50 MB per offer",
        None,
    ),
    ("GET", "/offers/{offer_id}/attachments/{attachment_id}"): (
        "Download an attachment (those who may see the offer)",
        None,
    ),
    ("DELETE", "/offers/{offer_id}/attachments/{attachment_id}"): ("Remove an attachment from a draft", None),
    # Review (shared/API.md "Review"; grants/api/review.py)
    ("GET", "/calls/{call_id}/review-settings"): (
        "Scoring rules beside the criteria: half points, the tie-break ladder, the budget mode (officer)",
        None,
    ),
    ("PUT", "/calls/{call_id}/review-settings"): (
        'Set {allow_half_points?, partial_last?, tie_break?: [["criterion", code] | ["lower_requested"] | '
        '["draw", {offer_id: position}]], reason?} (officer; a reason once published; 409 scoring_started '
        "after a final score)",
        None,
    ),
    ("GET", "/calls/{call_id}/formal-checklist"): (
        "The call's formal checklist, or the practice defaults (officer)",
        None,
    ),
    ("PUT", "/calls/{call_id}/formal-checklist"): (
        "Set the checklist {items: [{code, label, correctable}]} before the formal check starts (officer)",
        None,
    ),
    ("PUT", "/offers/{offer_id}/formal-review"): (
        "Formal outcome {outcome: accepted|rejected|correction_requested, checklist: {code: bool}, defects?, "
        "fields?, correction_deadline?, reason?} (officer); a correction opens the named fields until the "
        "deadline (default: the call's correction_days working days)",
        {
            "type": "object",
            "required": ["outcome", "checklist"],
            "properties": {
                "outcome": {"type": "string", "enum": ["accepted", "rejected", "correction_requested"]},
                "checklist": {"type": "object", "additionalProperties": {"type": "boolean"}},
                "defects": {"type": "array", "items": {"type": "string"}},
                "fields": {
                    "type": "array",
                    "items": {"type": "string"},
                    "description": "dotted offer fields opened, e.g. cost_items.2.unit_cost",
                },
                "correction_deadline": {"type": "string", "description": "date (to its end) or datetime"},
                "reason": {"type": "string"},
            },
        },
    ),
    ("GET", "/offers/{offer_id}/formal-review"): (
        "The formal outcome of an offer (officer; the offering organisation's members)",
        None,
    ),
    ("GET", "/calls/{call_id}/formal-reviews"): ("Formal outcomes of every offer of the call (officer)", None),
    ("POST", "/calls/{call_id}/formal-reviews/publish"): (
        "Publish the list of formal outcomes as one table (officer)",
        None,
    ),
    ("GET", "/calls/{call_id}/formal-reviews/published"): ("The published list of formal outcomes (public)", None),
    ("PUT", "/calls/{call_id}/committee"): (
        "Appoint the committee {members: [{user_id, role: chair|member|expert, nominated_by_organization_id?}]} "
        "(officer; art. 15 ust. 2a-2e: one chair, experts advisory, no nominee of an offering organisation)",
        None,
    ),
    ("GET", "/calls/{call_id}/committee"): ("The committee (officer, its members)", None),
    ("POST", "/calls/{call_id}/declarations"): (
        "Declare impartiality {offer_id, impartial, reason?} for one offer (committee member; KPA art. 24); a "
        "conflict excludes the member and, in balanced mode, reassigns the offer",
        None,
    ),
    ("GET", "/calls/{call_id}/declarations"): ("Declarations (officer: all; a member: their own)", None),
    ("POST", "/calls/{call_id}/assignments"): (
        "Assign the formally accepted offers {mode: all|balanced, per_offer?, max_per_member?} (officer)",
        None,
    ),
    ("GET", "/calls/{call_id}/assignments"): ("Assignments (officer: all; a member: their work list)", None),
    ("PUT", "/offers/{offer_id}/my-score"): (
        "Save my score sheet {scores: {code: number}, justifications: {code: text}, final} (committee member; "
        "409 declaration_required, already_final; 403 not_committee_member, not_assigned, conflict_of_interest)",
        None,
    ),
    ("GET", "/offers/{offer_id}/my-score"): ("My score sheet of an offer (committee member)", None),
    ("GET", "/offers/{offer_id}/scores"): (
        "Every member's sheet of an offer (officer, committee chair; a committee member only after declaring "
        "impartiality for the offer: 409 declaration_required, 403 conflict_of_interest)",
        None,
    ),
    ("POST", "/offers/{offer_id}/scores/{member_id}/reopen"): (
        "Reopen a member's final sheet {reason} (committee chair, declared impartial for the offer: 409 "
        "declaration_required; member_id is the user id)",
        None,
    ),
    ("GET", "/calls/{call_id}/ranking"): (
        "The ranking from final scores by scoring.rank_call, with the budget fit "
        "and diagnostics (officer, committee chair; for the chair, the items of offers without their impartial "
        "declaration have sheets_withheld: true and no per-criterion points, spread or expert score)",
        None,
    ),
    ("POST", "/calls/{call_id}/decision"): (
        "Record the choice {awards: [{offer_id, amount}], not_funded?: "
        "[{offer_id, reason}]} as a new version (officer; 409 over_budget)",
        None,
    ),
    ("GET", "/calls/{call_id}/decision"): ("The latest decision and the list of versions (officer)", None),
    ("POST", "/calls/{call_id}/results/publish"): (
        "Publish the results in BIP, noticeboard and website (art. 15 "
        "ust. 2h) and tell every offeror; or {cancel: true, reason} for "
        "a call without a valid offer (art. 18a) (officer)",
        None,
    ),
    ("GET", "/calls/{call_id}/results"): (
        "Published results {items: [{organization, task_title, amount, score}]} (public; 404 before publication)",
        None,
    ),
    ("GET", "/calls/{call_id}/results.csv"): ("The results as CSV (UTF-8 BOM, ';', formula-guarded)", None),
    ("GET", "/calls/{call_id}/results.xlsx"): ("The results as XLSX", None),
    ("GET", "/calls/{call_id}/results.360giving.json"): ("The funded grants in the 360Giving data standard", None),
    ("POST", "/calls/{call_id}/justification-requests"): (
        "Ask for the justification {requester, email, offer_id?, "
        "text} within 30 days of the results (public; art. 15 "
        "ust. 2i; 409 justification_closed)",
        None,
    ),
    ("GET", "/calls/{call_id}/justification-requests"): ("Requests for justification (officer)", None),
    ("POST", "/calls/{call_id}/justification-requests/{request_id}/answer"): (
        "Answer a request {answer} (officer; e-mailed)",
        None,
    ),
    ("POST", "/documents"): (
        "Render a statutory PDF {kind, object_id} in the background: 202 {job_id, status}; "
        "an unchanged object gives the same document",
        None,
    ),
    ("GET", "/documents/{job_id}"): (
        "A document's status: queued, started, finished (with url) or failed (with error)",
        None,
    ),
    ("GET", "/documents/{job_id}/pdf"): ("The finished PDF, for those who may see its object", None),
    ("GET", "/openapi.json"): ("This document", None),
}
# Answers described beyond the plain text of their code (SUCCESS_TEXT, ERROR_TEXT), by (method, path).
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
    ("POST", "/calls/{call_id}/cancel"): _object(("reason",), reason=TEXT),
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
    ("POST", "/documents"): _object(
        ("kind", "object_id"),
        kind={
            "type": "string",
            "enum": [name for name, kind in KINDS.items() if kind.load is not None],
            "description": "the kinds this installation can render now; API.md's others answer 422 until then",
        },
        object_id=ID,
    ),
}
# Bodies a request may leave out (the operation has defaults for all of it).
OPTIONAL_BODIES = {
    ("POST", "/organizations/{organization_id}/confirm"),
    ("POST", "/calls/{call_id}/publish"),
    ("POST", "/offers/{offer_id}/submit"),
    ("POST", "/calls/{call_id}/results/publish"),
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
    ("POST", "/calls/{call_id}/formal-reviews/publish"): ("201",),
    ("POST", "/calls/{call_id}/declarations"): ("200", "201"),  # 201 the first declaration, 200 a repeated one
    ("POST", "/calls/{call_id}/decision"): ("201",),
    ("POST", "/calls/{call_id}/justification-requests"): ("201",),
    ("POST", "/documents"): ("202",),
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
CHECKED_QUERY = {("GET", "/calls"), ("GET", "/offers")}
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
