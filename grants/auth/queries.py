from flask_babel import gettext as _

from grants.auth.models import User
from grants.auth.permissions import in_own_office, own_office_only
from grants.errors import NotFound
from grants.extensions import db


def staff_of(officer) -> list[User]:
    query = db.select(User).where(User.office_id.is_not(None)).order_by(User.full_name)
    return list(db.session.scalars(own_office_only(query, User.office_id, officer)))


def get_user_for_officer(user_id: int, officer) -> User:
    user = db.session.get(User, user_id)
    if user is None or not in_own_office(officer, user.office_id):
        raise NotFound(_("Nie ma takiego konta."))
    return user


def user_by_email(email: str) -> User | None:
    return db.session.scalar(db.select(User).where(User.email == email))


def get_user(user_id) -> User | None:
    return db.session.get(User, int(user_id)) if str(user_id).isdigit() else None
