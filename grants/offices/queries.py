from grants.extensions import db
from grants.offices.models import Office


def all_offices() -> list[Office]:
    return list(db.session.scalars(db.select(Office).order_by(Office.name)))


def office_by_slug(slug: str) -> Office | None:
    return db.session.scalar(db.select(Office).where(Office.slug == slug))


def get_office(office_id) -> Office | None:
    return db.session.get(Office, int(office_id)) if str(office_id).isdigit() else None
