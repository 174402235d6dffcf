"""The NGO's desk (/ngo/, issue 11): each offer of the person's organisations with its deadline, its status in
words and the next step, and what to do first for an account or an organisation that has none yet.

`next_step` is a pure rule over what the page builder loaded for all offers at once (the offers, the published
results, the contracts and their next dues): the desk costs the same few statements for 2 offers or 200. It
names the step by a key and a date; the template words it in the reader's language.
"""

from datetime import datetime

from grants.contracts.models import ContractStatus
from grants.offers.models import EDITABLE_UNTIL_DEADLINE, OfferStatus
from grants.review.models import FormalStatus

# Keys of the next steps, worded in grants/organizations/ngo_rows.py.
EDIT_DRAFT = "edit_draft"  # a draft (or a withdrawn offer) while the call is open: until the deadline
DEADLINE_MISSED = "deadline_missed"  # a draft whose call closed: it can no longer be submitted
SEND_CONFIRMATION = "send_confirmation"  # submitted, the signed confirmation not yet received by the office
AWAITING_REVIEW = "awaiting_review"  # submitted and confirmed: the office's turn
FORMALLY_ACCEPTED = "formally_accepted"  # the formal check passed: the committee's turn
FORMALLY_REJECTED = "formally_rejected"  # the formal check rejected it (the reason is on the offer's page)
CORRECT = "correct"  # the office asked for a correction of formal defects: until its deadline
CORRECTION_LAPSED = "correction_lapsed"
AWAITING_CONTRACT = "awaiting_contract"  # funded: the office draws up the contract
SIGN_CONTRACT = "sign_contract"  # the contract is drawn up: sign it
REPORT_DUE = "report_due"  # a signed contract with something due (a report): by its date
IN_PROGRESS = "in_progress"  # a signed contract, nothing due now
DONE = "done"  # performed, terminated, or not funded: nothing left to do
NOT_FUNDED = "not_funded"


def next_step(offer, now: datetime, *, outcome: dict | None, contract=None, due=None, formal=None) -> dict:
    """{key, when (a datetime or date, or None), contract} for one offer of the desk; `formal` is the formal
    check's status, when the office has looked at the offer."""
    if outcome is not None:  # the results are published (art. 15 ust. 2h): what follows is the contract
        if not outcome.get("funded"):
            return {"key": NOT_FUNDED, "when": None, "contract": None}
        if contract is None:
            return {"key": AWAITING_CONTRACT, "when": None, "contract": None}
        if contract.status == ContractStatus.draft:
            return {"key": SIGN_CONTRACT, "when": None, "contract": contract}
        if contract.status == ContractStatus.signed:
            if due is not None:
                return {"key": REPORT_DUE, "when": due.date, "contract": contract, "overdue": due.overdue}
            return {"key": IN_PROGRESS, "when": None, "contract": contract}
        return {"key": DONE, "when": None, "contract": contract}
    if offer.status == OfferStatus.correction:
        if offer.correction_open(now):
            return {"key": CORRECT, "when": offer.correction_deadline, "contract": None}
        return {"key": CORRECTION_LAPSED, "when": offer.correction_deadline, "contract": None}
    if offer.status in EDITABLE_UNTIL_DEADLINE:
        if offer.call.is_open(now):
            return {"key": EDIT_DRAFT, "when": offer.call.submission_deadline, "contract": None}
        return {"key": DEADLINE_MISSED, "when": offer.call.submission_deadline, "contract": None}
    if formal == FormalStatus.rejected:
        return {"key": FORMALLY_REJECTED, "when": None, "contract": None}
    if formal == FormalStatus.accepted:  # the check passed: whatever else was missing, the office is satisfied
        return {"key": FORMALLY_ACCEPTED, "when": None, "contract": None}
    version = offer.current_version
    if version is not None and version.confirmation is None:
        return {"key": SEND_CONFIRMATION, "when": None, "contract": None}
    return {"key": AWAITING_REVIEW, "when": None, "contract": None}
