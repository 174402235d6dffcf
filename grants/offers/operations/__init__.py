"""The only writers of offers. Each takes the actor and the time (`now`, or for deadline-bound steps the
request's `receipt`), checks the transition table and the rules, changes rows, writes the audit entry
and queues jobs; none commits (the request does).

Concurrency. Every change of an offer's row is one conditional UPDATE that states what the writer saw:
    UPDATE offers SET ... WHERE id = :id AND status IN (...) AND lock_version = :seen
                            [AND EXISTS (call published AND :receipt < submission_deadline)]
If it touches no row, someone else got there first (or the deadline was earlier than the receipt),
and the operation says which, instead of overwriting. On PostgreSQL the UPDATE waits for a concurrent
writer's commit and re-checks its WHERE on the new row, so of two simultaneous submissions exactly one
wins. The row lock taken by the UPDATE is then held until the request commits, so what the winner
freezes next (partners, organisations, attachments) cannot change under it.

One module per job: `drafting` (create, edit, clone), `submission` (submit, withdraw), `attachments`,
`corrections` (the office's request and what it opens), `partners` (a joint offer's partners consent),
`confirmations` (the office's record of the signed confirmation); `guards` holds the checks and the
conditional UPDATE they share. Callers use the operations from this package.
"""

from grants.offers.operations.attachments import add_attachment, remove_attachment
from grants.offers.operations.confirmations import record_confirmation
from grants.offers.operations.corrections import open_correction
from grants.offers.operations.drafting import clone_offer, create_offer, update_offer
from grants.offers.operations.guards import parse_lock_version, require_member, require_ngo_actor
from grants.offers.operations.partners import confirm_partnership, decline_partnership
from grants.offers.operations.submission import build_document, submit_offer, withdraw_offer
from grants.offers.operations.update import update_awarded_offer

__all__ = [
    "add_attachment",
    "build_document",
    "clone_offer",
    "confirm_partnership",
    "decline_partnership",
    "create_offer",
    "open_correction",
    "parse_lock_version",
    "record_confirmation",
    "remove_attachment",
    "require_member",
    "require_ngo_actor",
    "submit_offer",
    "update_awarded_offer",
    "update_offer",
    "withdraw_offer",
]
