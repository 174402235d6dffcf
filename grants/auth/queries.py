from flask_babel import gettext as _

from grants.auth.models import User
from grants.errors import NotFound
from grants.extensions import db


def staff_of(officer) -> list[User]:
    query = db.select(User).where(User.office_id.is_not(None)).order_by(User.full_name)
    if not officer.is_admin:
        query = query.where(User.office_id == officer.office_id)
    return list(db.session.scalars(query))


def get_user_for_officer(user_id: int, officer) -> User:
    user = db.session.get(User, user_id)
    if user is None or (not officer.is_admin and user.office_id != officer.office_id):
        raise NotFound(_("Nie ma takiego konta."))
    return user


def user_by_email(email: str) -> User | None:
    return db.session.scalar(db.select(User).where(User.email == email))


def get_user(user_id) -> User | None:
    return db.session.get(User, int(user_id)) if str(user_id).isdigit() else None
