"""Writing and reading the audit trail. Operations call `record`; nothing edits an entry."""

from datetime import date, datetime
from decimal import Decimal
from enum import Enum

from flask import has_request_context, request

from grants.audit.models import AuditEntry
from grants.db import utcnow
from grants.extensions import db


def jsonable(value):
    if isinstance(value, Decimal):
        return str(value)
    if isinstance(value, datetime):
        return value.isoformat()
    if isinstance(value, date):
        return value.isoformat()
    if isinstance(value, Enum):
        return value.value
    if isinstance(value, dict):
        return {str(k): jsonable(v) for k, v in value.items()}
    if isinstance(value, (list, tuple)):
        return [jsonable(v) for v in value]
    return value


def diff(before: dict, after: dict) -> tuple[dict, dict]:
    """Only the keys whose values changed, as (before, after)."""
    keys = [k for k in after if jsonable(before.get(k)) != jsonable(after.get(k))]
    return ({k: jsonable(before.get(k)) for k in keys}, {k: jsonable(after.get(k)) for k in keys})


def record(
    action: str,
    entity_type: str,
    entity_id: int | None,
    *,
    actor=None,
    office_id=None,
    summary: str = "",
    before: dict | None = None,
    after: dict | None = None,
    ip: str | None = None,
) -> AuditEntry:
    entry = AuditEntry(
        action=action,
        entity_type=entity_type,
        entity_id=entity_id,
        actor_id=getattr(actor, "id", None),
        office_id=office_id,
        summary=summary,
        before=jsonable(before) if before is not None else None,
        after=jsonable(after) if after is not None else None,
        ip=ip or _request_ip(),
        # The moment of the act, not of the flush that writes it (which may come later, on another clock).
        created_at=utcnow(),
    )
    db.session.add(entry)
    return entry


def _request_ip() -> str | None:
    return request.remote_addr if has_request_context() else None


def entries_for(entity_type: str, entity_id: int) -> list[AuditEntry]:
    return db.session.scalars(
        db.select(AuditEntry)
        .where(AuditEntry.entity_type == entity_type, AuditEntry.entity_id == entity_id)
        .order_by(AuditEntry.created_at, AuditEntry.id)
    ).all()
