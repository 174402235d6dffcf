"""The only writers of the review, one module per stage. Each takes the actor and `now`, checks the model's
transition table and the statute's rules, changes rows, writes the audit entry and queues e-mail; none
commits (the request does). Input is parsed by `grants.review.schema`; who is assigned to what is decided
by `grants.review.balance`.

The call moves from published (after its deadline) to under review when the formal check or the committee's
work starts, and to resolved when the results are published; every move asks `CALL_TRANSITIONS` and is one
conditional UPDATE, so two requests starting the review at once record it once.
"""

from grants.review.operations.assignments import assign_offers
from grants.review.operations.awards import move_money, next_offers, record_resignation, resign
from grants.review.operations.cancellation import cancel, cancel_for_no_valid_offers, plan_cancel
from grants.review.operations.closing import close_evaluation
from grants.review.operations.committee import appoint_committee, declare
from grants.review.operations.common import start_review
from grants.review.operations.decision import record_decision
from grants.review.operations.declarations import declare_for_call
from grants.review.operations.formal import publish_formal_list, record_formal_review, set_formal_checklist
from grants.review.operations.justification import answer_justification, request_justification
from grants.review.operations.record import update_committee_record
from grants.review.operations.results import publish_results
from grants.review.operations.scores import reopen_score, require_not_conflicted, save_score, scoring_member
from grants.review.operations.settings import update_review_settings

__all__ = [
    "answer_justification",
    "appoint_committee",
    "assign_offers",
    "cancel",
    "cancel_for_no_valid_offers",
    "close_evaluation",
    "declare",
    "declare_for_call",
    "move_money",
    "next_offers",
    "plan_cancel",
    "publish_formal_list",
    "publish_results",
    "record_decision",
    "record_formal_review",
    "record_resignation",
    "reopen_score",
    "request_justification",
    "resign",
    "require_not_conflicted",
    "save_score",
    "scoring_member",
    "set_formal_checklist",
    "start_review",
    "update_committee_record",
    "update_review_settings",
]
