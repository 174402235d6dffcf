"""The OpenAPI document's schemas of what the API reads and answers, and a summary per operation."""

from grants.calls.schema import REQUIRED_ON_CREATE

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
        "update_days": {"type": "integer"},
        "confirmation_days": {
            "type": "integer",
            "description": "working days after the submission deadline for the signed confirmation (0: by it)",
        },
        "contact_name": {"type": "string", "description": "the office's contact person for the call"},
        "contact_email": {"type": "string", "format": "email"},
        "contact_phone": {"type": "string"},
        "cost_shift_tolerance_percent": PERCENT,
        "results_table_required": {
            "type": "boolean",
            "description": "Annex 1 III.6 required (default); false waives it (footnote 3 of Dz.U. 2018 poz. 2057)",
        },
        "criteria": {"type": "array", "items": CRITERION},
        "min_total_points": {"type": "number"},
        "aggregation": {"type": "string", "enum": ["mean", "median"]},
        "evaluators_per_offer": {"type": "integer"},
        "reason": {"type": "string", "description": "required when amending a published call"},
        "announcement_act_number": {
            "type": "string",
            "maxLength": 100,
            "description": "the organ's act announcing the call (zarządzenie nr …); publish warns without it",
        },
        "announcement_act_date": {"type": "string", "format": "date"},
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
            "items": {
                "type": "object",
                "properties": {
                    "organization_id": {"type": "integer"},
                    "amount": MONEY,
                    "year_values": {
                        "type": "object",
                        "additionalProperties": MONEY,
                        "description": "V.C by year (a task over several years): {year: amount}, adding up to amount",
                    },
                },
            },
        },
        "partners_actions": {"type": "string"},
        "other_information": {"type": "string"},
        "correspondence_address": {"type": "string", "description": "II.1: if not the seat's address"},
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
    ("GET", "/calls"): (
        "Published calls; ?status=open|closed|resolved|cancelled (draft: officer only), office_id, year (of the "
        "deadline, Warsaw), task_type, q (words of the title). The whole list unless limit (1–200) or after asks "
        "for keyset pages: the next page is in the Link header (rel=next), its token in X-Next-After",
        None,
    ),
    ("GET", "/calls/{call_id}"): ("One call (public once published; drafts only to its office)", None),
    ("PATCH", "/calls/{call_id}"): (
        "Edit a draft, or amend a published call with a reason (art. 13 ust. 1)",
        {"$ref": "#/components/schemas/CallInput"},
    ),
    ("POST", "/calls/{call_id}/publish"): (
        "Publish in BIP, on the noticeboard and the website; deadline >= 21 days after the last (art. 13)",
        None,
    ),
    ("DELETE", "/calls/{call_id}"): (
        "Delete a draft never published (officer of its office): 204; 409 not_draft for a published call",
        None,
    ),
    ("POST", "/calls/{call_id}/cancel"): (
        "End a published call with a reason, published in the three places (default: now): with ground no_offers "
        "or no_valid_offers an unieważnienie (art. 18a ust. 1 pkt 1/2, 422 on `ground` when the facts contradict "
        'it); ground null or "withdrawal" an odwołanie; ground left out: what the facts say after the deadline, '
        "otherwise an odwołanie. 409 not_cancellable for a draft (delete it) or an ended call",
        None,
    ),
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
        "the office's calls; ?call_id=. The whole list unless limit (1–200) or after asks for keyset pages "
        "(in the order of the offers' creation): the next page is in the Link header (rel=next), its token in "
        "X-Next-After",
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
        '["draw", {offer_id: position}]], reason?} (officer; part of the announcement, art. 13 ust. 2 pkt 6: '
        "after publication a change is an amendment with a reason; 409 deadline_passed from the submission "
        "deadline, when only a draw's positions may still be recorded)",
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
                "override_note": {
                    "type": "string",
                    "description": "sent → an item ticked against what OKO recorded (suggested_checklist false: "
                    "no signed confirmation) needs this note (422 otherwise); the note is audited",
                },
            },
        },
    ),
    ("GET", "/offers/{offer_id}/formal-review"): (
        "The formal outcome of an offer (officer; the offering organisation's members)",
        None,
    ),
    ("GET", "/calls/{call_id}/formal-reviews"): (
        "Formal outcomes of the call's offers with the whole call's counts (officer); ?status=pending|accepted|"
        "rejected|correction, q (words of the title or the organisation, a NIP, a control code). The whole list "
        "unless limit (1–200) or after asks for keyset pages (in the order of the offers' creation): the next "
        "page is in the Link header (rel=next), its token in X-Next-After",
        None,
    ),
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
    ("GET", "/calls/{call_id}/committee/record"): (
        "The committee protocol's data: the appointing act (number, date), the sitting (dates, place) and the "
        "minute-taker (officer)",
        None,
    ),
    ("PUT", "/calls/{call_id}/committee/record"): (
        "Set the committee protocol's data {act_number?, act_date?, meeting_date?, meeting_end_date?, "
        "meeting_place?, minute_taker?}; a field left out is cleared; editable after the results too (officer)",
        None,
    ),
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
        "declaration have sheets_withheld: true and no per-criterion points, spread or expert score); "
        "evaluation: {closed, closed_at, closed_by}",
        None,
    ),
    ("POST", "/calls/{call_id}/evaluation/close"): (
        "Close the committee's evaluation (committee chair or officer) → {call_id, closed, closed_at, closed_by}; "
        "409 sheets_not_final naming the members and offers whose sheets are not final, evaluation_closed",
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
}
