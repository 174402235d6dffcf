"""Read-side helpers for programmes and calls (views and the API read through these)."""

from datetime import UTC, datetime

from flask_babel import gettext as _
from sqlalchemy.orm import selectinload

from grants.audit.models import AuditEntry
from grants.auth.permissions import in_own_office, own_office_only, require_officer
from grants.boundary import MAX_ID
from grants.calls.models import Call, CallStatus, Programme, ProgrammePriority
from grants.clock import now_utc
from grants.errors import NotFound
from grants.extensions import db

PUBLIC_PHASES = ("open", "closed", "resolved", "cancelled")


def find_priority(office_id: int, raw, year: int | None) -> ProgrammePriority | None:
    query = db.select(ProgrammePriority).join(Programme).where(Programme.office_id == office_id)
    if isinstance(raw, int) or (isinstance(raw, str) and raw.isdigit()):
        if not 0 < int(raw) <= MAX_ID:  # past the id column's range: names no row (and never overflows it)
            return None
        return db.session.scalar(query.where(ProgrammePriority.id == int(raw)))
    candidates = list(
        db.session.scalars(query.where(ProgrammePriority.code == str(raw).strip()).order_by(Programme.year.desc()))
    )
    if year is not None:
        for candidate in candidates:
            if candidate.programme.year == year:
                return candidate
    return candidates[0] if candidates else None


def programmes_for_office(office_id: int) -> list[Programme]:
    return list(
        db.session.scalars(
            db.select(Programme)
            .where(Programme.office_id == office_id)
            .order_by(Programme.year.desc(), Programme.title)
        )
    )


def programmes_visible_to(user) -> list[Programme]:
    query = db.select(Programme).order_by(Programme.year.desc(), Programme.title)
    return list(db.session.scalars(own_office_only(query, Programme.office_id, user)))


def get_programme_for_officer(programme_id: int, user) -> Programme:
    programme = db.session.get(Programme, programme_id)
    if programme is None or not in_own_office(user, programme.office_id):
        raise NotFound(_("Nie ma takiego programu współpracy."))
    return programme


def get_call_for_officer(call_id: int, user) -> Call:
    """The one loader of an officer's call, for the pages and the API alike: another office's call
    is 'not found', never 'forbidden' (its drafts must stay unknown)."""
    call = db.session.get(Call, call_id)
    if call is None:
        raise NotFound(_("Nie ma takiego naboru."))
    require_officer(user, call.office_id)
    return call


def get_public_call(call_id: int) -> Call:
    call = db.session.get(Call, call_id)
    if call is None or not call.is_public:
        raise NotFound(_("Nie ma takiego naboru."))
    return call


def get_call_for(call_id: int, user) -> Call:
    """Officers of the call's office see drafts too; everyone else only published calls."""
    if user is not None and getattr(user, "is_authenticated", False) and user.is_officer:
        call = db.session.get(Call, call_id)
        if call is not None and in_own_office(user, call.office_id):
            return call
    return get_public_call(call_id)


def _phase_filter(query, phase: str, now: datetime):
    if phase == "open":
        return query.where(Call.status == CallStatus.published, Call.submission_deadline > now)
    if phase == "closed":
        return query.where(
            db.or_(
                db.and_(Call.status == CallStatus.published, Call.submission_deadline <= now),
                Call.status == CallStatus.under_review,
            )
        )
    if phase == "resolved":
        return query.where(Call.status == CallStatus.resolved)
    if phase == "cancelled":
        return query.where(Call.status == CallStatus.cancelled, Call.published_at.is_not(None))
    raise ValueError(phase)


def public_calls(
    phase: str | None = None, *, office_id: int | None = None, now: datetime | None = None, limit: int | None = None
) -> list[Call]:
    now = now or now_utc()
    query = (
        db.select(Call)
        .where(Call.status != CallStatus.draft, Call.published_at.is_not(None))
        .options(selectinload(Call.criteria), selectinload(Call.publications), selectinload(Call.amendments))
    )
    if phase:
        query = _phase_filter(query, phase, now)
    if office_id is not None:
        query = query.where(Call.office_id == office_id)
    order = Call.submission_deadline.asc() if phase == "open" else Call.published_at.desc()
    query = query.order_by(order, Call.id)
    if limit:
        query = query.limit(limit)
    return list(db.session.scalars(query))


def calls_for_office(user) -> list[Call]:
    query = db.select(Call).order_by(Call.created_at.desc())
    return list(db.session.scalars(own_office_only(query, Call.office_id, user)))


def same_type_tasks(call: Call, year: int) -> list[dict]:
    """Calls of the same office and type announced in `year` or the year before (art. 13 ust. 2 pkt 7)."""
    query = db.select(Call).where(
        Call.office_id == call.office_id, Call.published_at.is_not(None), Call.status != CallStatus.cancelled
    )
    if call.id is not None:
        query = query.where(Call.id != call.id)
    same_type = Call.task_type == call.task_type
    if call.programme_priority_id:
        same_type = db.or_(same_type, Call.programme_priority_id == call.programme_priority_id)
    rows = []
    for other in db.session.scalars(query.where(same_type).order_by(Call.published_at)):
        announced = other.published_at.year
        if announced in (year, year - 1):
            rows.append({"id": other.id, "year": announced, "title": other.title, "amount": other.budget_total})
    return rows


def recent_announcements(limit: int = 50, now: datetime | None = None) -> list[Call]:
    return public_calls(None, now=now, limit=limit)


def public_programmes(office_id: int | None = None) -> list[Programme]:
    query = db.select(Programme).order_by(Programme.year.desc(), Programme.title)
    if office_id is not None:
        query = query.where(Programme.office_id == office_id)
    return list(db.session.scalars(query))


def get_public_programme(programme_id: int) -> Programme:
    programme = db.session.get(Programme, programme_id)
    if programme is None:
        raise NotFound(_("Nie ma takiego programu współpracy."))
    return programme


def public_revision(now: datetime) -> tuple[int, datetime | None]:
    """(last audit entry id, next deadline of a published call) in one round trip — what a cached
    public page depends on (see grants/public/cache.py)."""
    last_change = db.select(db.func.max(AuditEntry.id)).scalar_subquery()
    next_deadline = (
        db.select(db.func.min(Call.submission_deadline))
        .where(Call.status == CallStatus.published, Call.submission_deadline > now)
        .scalar_subquery()
    )
    row = db.session.execute(db.select(last_change, next_deadline)).one()
    deadline = row[1]
    if deadline is not None and deadline.tzinfo is None:
        deadline = deadline.replace(tzinfo=UTC)
    return row[0] or 0, deadline


def get_call(call_id) -> Call | None:
    """Any call by id, or None; callers decide what the person may see of it."""
    return db.session.get(Call, int(call_id)) if str(call_id).isdigit() else None


def priorities_by_id(ids) -> list[ProgrammePriority]:
    """The priorities with these ids that still exist (a priority no call uses may have been removed)."""
    return list(db.session.scalars(db.select(ProgrammePriority).where(ProgrammePriority.id.in_(sorted(ids)))))
