"""The office's audit log as a page: every change of state of the office's objects, newest first, in keyset
pages (the log only grows: at national scale millions of entries), filtered by the kind of object, its id,
the action, who acted and the Warsaw days. A page is one statement for the entries and their actors."""

import re
from dataclasses import dataclass, field
from datetime import date, datetime, timedelta

import sqlalchemy as sa
from flask_babel import gettext as _

from grants.audit.models import AuditEntry
from grants.auth.models import User
from grants.clock import WARSAW
from grants.errors import FieldErrors
from grants.extensions import db
from grants.i18n import lazy_gettext as _l
from grants.paging import Order, Page, keyset_page, parse_page_args
from grants.parsing import integer, parse_date

PAGE_SIZE = 50
ORDER = Order((AuditEntry.id,), descending=True)  # ids grow with time: newest first, on the primary key

# The kinds of objects the operations record, as the filter offers them.
ENTITY_TYPES = {
    "call": _l("konkurs"),
    "offer": _l("oferta"),
    "organization": _l("organizacja"),
    "contract": _l("umowa"),
    "report": _l("sprawozdanie"),
    "small_grant": _l("mały grant"),
    "programme": _l("program współpracy"),
    "programme_report": _l("sprawozdanie z programu"),
    "office": _l("urząd"),
    "user": _l("konto"),
    "interest_rate": _l("stopa odsetek"),
}
ACTION = re.compile(r"^[a-z_.]{1,64}$")


@dataclass
class AuditFilters:
    entity_type: str = ""
    entity_id: int | None = None
    action: str = ""
    actor: str = ""
    day_from: date | None = None
    day_to: date | None = None
    after: tuple | None = None
    limit: int = PAGE_SIZE
    errors: dict = field(default_factory=dict)

    def query_args(self) -> dict:
        args = {
            "entity_type": self.entity_type,
            "entity_id": self.entity_id,
            "action": self.action,
            "actor": self.actor,
            "day_from": self.day_from.isoformat() if self.day_from else None,
            "day_to": self.day_to.isoformat() if self.day_to else None,
        }
        return {key: value for key, value in args.items() if value not in (None, "")}

    @property
    def narrowed(self) -> bool:
        return bool(self.query_args())


def parse_audit_filters(args) -> AuditFilters:
    """The filters as typed; what cannot be read is named on its field and left out of the query."""
    errors = FieldErrors()
    filters = AuditFilters()
    entity_type = (args.get("entity_type") or "").strip()
    if entity_type in ENTITY_TYPES:
        filters.entity_type = entity_type
    elif entity_type:
        errors.add("entity_type", _("Wybierz rodzaj z listy."))
    entity_id = (args.get("entity_id") or "").strip()
    if entity_id:
        filters.entity_id = integer(errors, "entity_id", entity_id, low=1, high=2**31 - 1)
    action = (args.get("action") or "").strip()
    if action and ACTION.match(action):
        filters.action = action
    elif action:
        errors.add("action", _("Czynność to kod z małych liter, kropek i podkreśleń, np. call.publish."))
    filters.actor = (args.get("actor") or "").strip()[:254]
    for name in ("day_from", "day_to"):
        raw = (args.get(name) or "").strip()
        if raw:
            setattr(filters, name, parse_date(errors, name, raw))
    if filters.day_from and filters.day_to and filters.day_to < filters.day_from:
        errors.add("day_to", _("Data końcowa nie może być wcześniejsza niż początkowa."))
        filters.day_to = None
    filters.after, filters.limit = parse_page_args(args, ORDER, default_limit=PAGE_SIZE, errors=errors)
    filters.errors = dict(errors.fields)
    return filters


def _warsaw_midnight(day: date) -> datetime:
    return datetime(day.year, day.month, day.day, tzinfo=WARSAW)


def audit_page(user, filters: AuditFilters) -> Page:
    """The entries an officer may read (their office's; the admin's every office's), as rows of what the log
    prints (templates/office/_macros.html) with the actor's name: not entries with their actors as objects,
    which cost more to build than the page's words."""
    query = sa.select(
        AuditEntry.id,
        AuditEntry.created_at,
        AuditEntry.action,
        AuditEntry.entity_type,
        AuditEntry.entity_id,
        AuditEntry.summary,
        AuditEntry.before,
        AuditEntry.after,
        User.full_name.label("actor_name"),
    ).outerjoin(User, User.id == AuditEntry.actor_id)
    if not user.is_admin:
        query = query.where(AuditEntry.office_id == user.office_id)
    if filters.entity_type:
        query = query.where(AuditEntry.entity_type == filters.entity_type)
    if filters.entity_id:
        query = query.where(AuditEntry.entity_id == filters.entity_id)
    if filters.action:
        query = query.where(AuditEntry.action.startswith(filters.action, autoescape=True))
    if filters.actor:
        actors = sa.select(User.id).where(sa.func.lower(User.email) == filters.actor.lower())
        query = query.where(AuditEntry.actor_id.in_(actors))
    if filters.day_from:
        query = query.where(AuditEntry.created_at >= _warsaw_midnight(filters.day_from))
    if filters.day_to:
        query = query.where(AuditEntry.created_at < _warsaw_midnight(filters.day_to + timedelta(days=1)))
    return keyset_page(db.session, query, ORDER, after=filters.after, limit=filters.limit, rows=True)


def entity_type_label(entity_type: str) -> str:
    return str(ENTITY_TYPES.get(entity_type, entity_type))
