import re

from flask_babel import gettext as _

from grants.audit.log import record
from grants.errors import FieldErrors
from grants.extensions import db
from grants.offices.models import Office

SLUG_RE = re.compile(r"^[a-z0-9][a-z0-9-]{1,62}$")


def create_office(
    *, slug: str, name: str, actor=None, parent_body: str = "", address: str = "", case_sign: str = ""
) -> Office:
    errors = FieldErrors()
    slug = (slug or "").strip().lower()
    name = (name or "").strip()
    if not SLUG_RE.match(slug):
        errors.add("slug", _("Użyj 2–63 małych liter, cyfr lub myślników."))
    elif db.session.scalar(db.select(Office.id).where(Office.slug == slug)):
        errors.add("slug", _("Urząd o tym identyfikatorze już istnieje."))
    if not name:
        errors.add("name", _("Podaj nazwę urzędu."))
    errors.raise_if_any()
    office = Office(slug=slug, name=name, parent_body=parent_body, address=address, case_sign=case_sign)
    db.session.add(office)
    db.session.flush()
    record(
        "office.create",
        "office",
        office.id,
        actor=actor,
        office_id=office.id,
        summary=name,
        after={"slug": slug, "name": name},
    )
    return office
