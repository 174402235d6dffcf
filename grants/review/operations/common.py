"""What every stage of the review shares: the call's move into review and the refusals of a call in another
phase or of a person off the committee, the e-mail recipients of an offer, how a deadline reads in a
message, the INSERT that tolerates a concurrent twin and the new stamp of what the ranking reads."""

from datetime import datetime, timedelta

import sqlalchemy as sa
from flask_babel import gettext as _
from sqlalchemy.dialects import postgresql, sqlite

from grants.audit.log import record
from grants.auth.models import User
from grants.auth.permissions import require_evaluator
from grants.calls.models import Call, CallStatus, new_ranking_stamp
from grants.clock import warsaw_date, warsaw_midnight
from grants.errors import Conflict
from grants.extensions import db
from grants.formatting import date_pl, datetime_pl
from grants.offers.models import Offer
from grants.review import queries
from grants.review.models import CommitteeMember


def insert_ignoring_twin(model, values: dict) -> None:
    """INSERT that does nothing when a concurrent request inserted the same unique row first."""
    dialect = postgresql if db.session.get_bind().dialect.name == "postgresql" else sqlite
    db.session.execute(dialect.insert(model).values(**values).on_conflict_do_nothing())


def inputs_changed(call_id: int) -> None:
    """Every act that changes a point that counts (`ranking.final_scores`: a sheet made final or reopened, the
    committee, an assignment, a declaration, a formal outcome) calls this in its own transaction: the call gets
    a new `ranking_inputs` stamp, committed with the change or not at all, so that no process reuses a ranking
    computed before the change (`ranking.call_ranking`). Called last in the act, so the call's row is locked
    only from there to the commit."""
    db.session.execute(sa.update(Call).where(Call.id == call_id).values(ranking_inputs=new_ranking_stamp()))


def recipients(offer: Offer) -> list[str]:
    """The organisation's address and the person who submitted the current version."""
    submitter = None
    version = offer.current_version
    if version is not None and version.submitted_by_id:
        user = db.session.get(User, version.submitted_by_id)
        submitter = user.email if user is not None else None
    return _each_once([offer.organization.email, submitter])


def recipients_of(offers: list[Offer]) -> dict[int, list[str]]:
    """`recipients` of many offers by offer id, the submitters' addresses read in one statement (a call's
    results and its cancellation tell every offeror at once)."""
    ids = {
        v.submitted_by_id for v in (offer.current_version for offer in offers) if v is not None and v.submitted_by_id
    }
    emails = dict(db.session.execute(sa.select(User.id, User.email).where(User.id.in_(ids))).all()) if ids else {}
    found = {}
    for offer in offers:
        version = offer.current_version
        submitter = emails.get(version.submitted_by_id) if version is not None and version.submitted_by_id else None
        found[offer.id] = _each_once([offer.organization.email, submitter])
    return found


def _each_once(emails: list[str | None]) -> list[str]:
    """The addresses given, each once whatever its letters' case, in their order."""
    unique: list[str] = []
    for email in emails:
        if email and email.lower() not in [e.lower() for e in unique]:
            unique.append(email)
    return unique


def deadline_text(deadline: datetime) -> str:
    """An exclusive midnight reads as "to the end of" the day before; another instant as itself."""
    if deadline == warsaw_midnight(warsaw_date(deadline)):
        return _("do końca dnia %(day)s", day=date_pl(deadline - timedelta(seconds=1)))
    return datetime_pl(deadline)


def move_call(call: Call, source: CallStatus, target: CallStatus) -> bool:
    """One conditional UPDATE, so of two requests moving the call at once only one moves it (True)."""
    result = db.session.execute(
        sa.update(Call)
        .where(Call.id == call.id, Call.status == source)
        .values(status=target)
        .execution_options(synchronize_session=False)
    )
    return result.rowcount == 1


def require_member(actor, call: Call) -> CommitteeMember:
    require_evaluator(actor)
    return queries.get_membership(call, actor)


def not_under_review(call: Call) -> Conflict:
    if call.status == CallStatus.resolved:
        return Conflict(_("Wyniki tego naboru zostały już ogłoszone."), code="results_published")
    return Conflict(_("Ten nabór nie jest w fazie oceny ofert."), code="not_under_review")


def require_under_review(call: Call) -> None:
    if call.status != CallStatus.under_review:
        raise not_under_review(call)


def require_open_for_setup(call: Call) -> None:
    """The committee and the rules of the review are set until the results (or a cancellation)."""
    if call.status in (CallStatus.resolved, CallStatus.cancelled):
        raise not_under_review(call)


def start_review(call: Call, actor, now: datetime, *, required: bool = True) -> None:
    """published (deadline passed) → under_review, the first time the formal check or the committee acts.

    With `required`, a call that cannot be under review is refused: 409 `call_open` before the deadline
    (offers may still be withdrawn and resubmitted), 409 `not_under_review` otherwise.
    """
    if call.status == CallStatus.under_review:
        return
    if call.status == CallStatus.published and call.deadline_passed(now) and call.can_move_to(CallStatus.under_review):
        moved = move_call(call, CallStatus.published, CallStatus.under_review)
        db.session.refresh(call, ["status"])
        if moved:
            record(
                "call.review_start",
                "call",
                call.id,
                actor=actor,
                office_id=call.office_id,
                summary=call.title,
                before={"status": "published"},
                after={"status": "under_review"},
            )
        return
    if not required:
        return
    if call.status == CallStatus.published:
        raise Conflict(
            _(
                "Ocena ofert zaczyna się po upływie terminu składania ofert (%(deadline)s).",
                deadline=datetime_pl(call.submission_deadline),
            ),
            code="call_open",
        )
    raise not_under_review(call)
