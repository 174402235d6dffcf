"""The OpenAPI summaries of the after-award routes — the contract (Annex 3), its reports (Annex 5), inspections
(art. 17), and the update (aktualizacja), resignations and moved money after the results — merged into the shared
tables by grants.api.openapi_tables, like the settlement's."""

from grants.api.openapi_schemas import OFFER_INPUT

SUMMARIES = {
    ("POST", "/offers/{offer_id}/contract"): (
        "Draw up the contract of an awarded offer from its current (updated) version (Annex 3) {tranches: "
        "[{amount, due_date}], signed_on?, cost_shift_tolerance_percent?, place?, treasurer?, "
        "office_representatives?, organization_representatives?, expenses_start?, expenses_end?, "
        "reporting_dates?} → 201 {id, number, status} (officer of the call's office; 409 no_award, "
        "update_required, contract_exists; 422 when the tranches do not add up to the grant). With an accepted "
        "small grant's id (art. 19a ust. 5): the officer of its office; the grant is the frozen offer's "
        "requested_grant, no call and no award; `form` wspieranie (the default) or powierzanie (art. 16 "
        "ust. 1); cost_shift_tolerance_percent defaults to 10.00; 409 not_accepted while the small grant is "
        "submitted or published, or once refused or withdrawn",
        None,
    ),
    ("GET", "/contracts"): (
        "Contracts (officer: the office's; NGO: its organisations') ?status=draft|signed|performed|terminated|"
        "cancelled &due=overdue|soon|any &year=<the year of the contract's number> &q=<words of the number, the "
        "task's title or the organisation's name; ten digits: the organisation's NIP> &after=<last id> "
        "&limit=1..200 → {items: [{id, number, status, grant, "
        "next_due: {what: final_report|partial_report|tranche, date, ref}, overdue, ...}], next_after, limit}; "
        "unpaid tranches are the office's dues only",
        None,
    ),
    ("GET", "/contracts/{contract_id}"): (
        "A contract with its tranches [{n, amount, due_date, paid_on}], cost lines [{id, action, name, unit, "
        "quantity, unit_cost, grant_part}], annexes and reports (the office, the parties' members)",
        None,
    ),
    ("PATCH", "/contracts/{contract_id}"): (
        "Change a draft's terms (officer; 409 not_draft once signed: then an annex); `form` (wspieranie|"
        "powierzanie) only on a small grant's draft",
        None,
    ),
    ("POST", "/contracts/{contract_id}/sign"): (
        "Record the signing {signed_on?: today} (officer; 409 not_draft)",
        None,
    ),
    ("POST", "/contracts/{contract_id}/cancel"): (
        "Cancel a draft that will not be signed {reason} (officer; 409 not_draft)",
        None,
    ),
    ("POST", "/contracts/{contract_id}/terminate"): (
        "Terminate a signed contract {reason, on} (officer; 409 not_signed)",
        None,
    ),
    ("POST", "/contracts/{contract_id}/annexes"): (
        "An annex to a signed contract {reason, signed_on, changes: {task_start?, task_end?, expenses_start?, "
        "expenses_end?, tranches?, cost_items?, cost_shift_tolerance_percent?}}; never the grant; paid tranches "
        "stay; cost lines keep their ids → 201 {number, changes: {field: {before, after}}} (officer)",
        None,
    ),
    ("POST", "/contracts/{contract_id}/tranches/{number}/paid"): (
        "Record tranche n as transferred {paid_on} (officer; 409 already_paid, not_signed; 422 a date in the "
        "future or before signing)",
        None,
    ),
    ("POST", "/documents"): (
        "Render a statutory PDF {kind, object_id} in the background: 202 {job_id, status}; "
        "an unchanged object gives the same document. object_id names: a call (call_announcement; "
        "committee_protocol: its office and committee chair, 409 no_committee; results: anyone once published, "
        "before that its office as a draft, 409 no_decision), an offer (offer, offer_confirmation; offer_draft: the "
        "draft as it is now, marked projekt, for its organisations' members only), a score "
        "sheet (evaluation_card: its member, the office, the chair after declaring impartiality; 409 "
        "sheet_not_final for a draft sheet), a report (report: its latest submitted version, for the contract's "
        "office and parties; 409 not_submitted)",
        None,
    ),
    ("GET", "/documents/{job_id}"): (
        "A document's status: queued, started, finished (with url) or failed (with error)",
        None,
    ),
    ("GET", "/documents/{job_id}/pdf"): ("The finished PDF, for those who may see its object", None),
    ("POST", "/contracts/{contract_id}/reports"): (
        "Start a report (a party of the contract; Annex 5): kind final — due 30 days after the task's end, "
        "moved off days free from work (art. 18 ust. 1; KC art. 115); 409 final_exists for a second one — or "
        "kind partial, which fills the office's open demand (200; 409 no_demand without one). The other fields "
        "fill the draft as PATCH /reports/{report_id} does. 409 contract_not_signed. A small grant's contract "
        "(art. 19a; call_id null) is reported on the simplified report of Dz.U. 2018 poz. 2055 Annex 2: the same "
        "fields, of which results_description (I.), results (the offer's results_table with achieved), expenses "
        "(II.; other sources = actual_total − actual_grant) and additional_information (III.) are its parts",
        None,
    ),
    ("GET", "/contracts/{contract_id}/reports"): ("The contract's reports, each as a summary", None),
    ("POST", "/contracts/{contract_id}/reports/demand"): (
        "Demand a partial report {due_date, period_start?, period_end?} (the contract's office; art. 18 ust. 3: "
        "due_date at least 30 days after today's delivery, else 422 due_date)",
        None,
    ),
    ("GET", "/reports/{report_id}"): (
        "A report: its versions (each with its frozen document, control_sum and control_code) and the review; "
        "the parties also read the draft (content, computed, lock_version) — the office never does",
        None,
    ),
    ("PATCH", "/reports/{report_id}"): (
        "Edit the draft (a party; a draft or a returned report): the fields given replace the draft's — "
        "texts, results [{achieved}] in the order of the offer's III.6, expenses [{cost_item_id, actual_total, "
        "actual_grant}] per contract cost line (actual_grant <= actual_total), sources, fees, attachments; "
        "lock_version, when given, must be the one read (409 edit_conflict); 409 not_draft, already_accepted",
        None,
    ),
    ("POST", "/reports/{report_id}/submit"): (
        "Submit the draft as a new frozen version with its SHA-256 control sum (a party); 422 names what is "
        "missing and each expense whose grant grew beyond the contract's tolerance (Annex 3 § 5); 409 "
        "not_draft while it awaits review, already_accepted after acceptance. A small grant's simplified report "
        "needs results_description but not actions_description; its frozen document carries form: "
        "simplified_2055",
        None,
    ),
    ("PUT", "/reports/{report_id}/review"): (
        "Review the submitted report {outcome: accepted|returned, note} (the contract's office; a note is "
        "required to return it); accepting the final report performs the contract (Annex 3 § 1); 409 "
        "not_submitted, already_accepted",
        None,
    ),
    ("GET", "/openapi.json"): ("This document", None),
    # ---- control of the task (art. 17; Annex 3 § 8)
    ("GET", "/contracts/{contract_id}/inspections"): (
        "The contract's inspections (the office and the parties): [{id, status: open|answered|closed, inspected_on, "
        "scope, findings, recommendations, recommendations_due, answer, answered_at, closed_at}]",
        None,
    ),
    ("POST", "/contracts/{contract_id}/inspections"): (
        "Record an inspection of a signed contract {inspected_on, scope, findings?, recommendations?, "
        "recommendations_due? (default 14 days from today with recommendations)} (officer); 409 contract_not_signed",
        None,
    ),
    ("GET", "/inspections/{inspection_id}"): ("One inspection (the office and the contract's parties)", None),
    ("POST", "/inspections/{inspection_id}/answer"): (
        "The organisation answers the findings and recommendations {answer} (a party's member, once); 409 "
        "already_answered, inspection_closed",
        None,
    ),
    ("POST", "/inspections/{inspection_id}/close"): (
        "The office closes the inspection (officer); 409 inspection_closed",
        None,
    ),
    # ---- after the results: the update (aktualizacja), resignations, moved money
    ("GET", "/offers/{offer_id}/update"): (
        "The offer's award after the results and its update: {state: not_required|due|updated|missed|resigned "
        "(null without an award), award, requested_in_offer, last_day, closes_at, version, control_sum, ...}",
        None,
    ),
    ("PUT", "/offers/{offer_id}/update"): (
        "The update (aktualizacja) of an offer awarded less than it asked for (NGO), within the call's update_days "
        "from the results (moved off weekends and holidays, KC art. 115): actions, results, cost_items and the "
        "sources — the offer's body shape; other fields are refused (422 per field). The grant must equal the "
        "award (422 requested_grant), its share of the total cost may not rise above the offer's (422 "
        "grant_share), reduced results need results_note (422). A new frozen version with its own control sum; "
        "409 update_closed, update_not_required, no_award, resigned, contract_exists",
        {
            **OFFER_INPUT,
            "properties": {
                **OFFER_INPUT["properties"],
                "results_note": {"type": "string", "description": "why results were reduced"},
            },
        },
    ),
    ("POST", "/offers/{offer_id}/resign"): (
        "The organisation gives up its grant {note?} (NGO); 409 contract_exists once a contract is drawn up, "
        "no_award, already_resigned",
        None,
    ),
    ("POST", "/offers/{offer_id}/resignation"): (
        "The office records a resignation when no update came in the window {note?} (officer); 409 "
        "update_window_open, update_not_missed, contract_exists",
        None,
    ),
    ("GET", "/calls/{call_id}/awards"): (
        "Every awarded offer's update state, the changes since the results, the freed money and the next offers "
        "of the ranking (officer)",
        None,
    ),
    ("POST", "/calls/{call_id}/move-money"): (
        "Give freed money to the next offer of the ranking that was not funded {offer_id?, amount?, note?} "
        "(officer): a new award kept beside the published results; 409 no_money_to_move, no_next_offer, "
        "results_not_published; 422 offer_id when it is not the next one, amount above the freed money or "
        "the request",
        None,
    ),
}
SUCCESS: dict = {}
EXTRA_ERRORS: dict = {}
RESPONSES: dict = {}
