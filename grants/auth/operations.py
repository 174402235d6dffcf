"""Accounts: registration, staff accounts, logins, API tokens. The only writers of users."""

import secrets

from flask_babel import gettext as _

from grants.audit.log import record
from grants.auth import verification
from grants.auth.models import ApiToken, Role, User, UserRole
from grants.auth.passwords import hash_password, password_problem, verify_password
from grants.clock import now_utc
from grants.errors import FieldErrors, Forbidden, Unauthorized
from grants.extensions import db
from grants.languages import LANGUAGES
from grants.parsing import normalise_email


def _check_account_fields(errors: FieldErrors, email, password, full_name) -> str | None:
    normalised = normalise_email(email)
    if normalised is None:
        errors.add("email", _("Podaj poprawny adres e-mail."))
    elif db.session.scalar(db.select(User.id).where(User.email == normalised)):
        errors.add("email", _("Konto z tym adresem e-mail już istnieje."))
    problem = password_problem(password)
    if problem:
        errors.add("password", problem)
    if not isinstance(full_name, str) or not full_name.strip():
        errors.add("full_name", _("Podaj imię i nazwisko."))
    elif len(full_name.strip()) > 200:
        errors.add("full_name", _("Najwyżej 200 znaków."))
    return normalised


def register_ngo_user(*, email, password, full_name, locale: str | None = None, verified: bool = False) -> User:
    """Self-registration of an NGO person: no role until they accept an invitation or create a profile,
    which needs the address verified first (the link is mailed here). `verified` is for accounts whose
    address someone vouches for (the demo data, tests)."""
    errors = FieldErrors()
    normalised = _check_account_fields(errors, email, password, full_name)
    if locale is not None and locale not in LANGUAGES:
        errors.add("locale", _("Wybierz język: pl, uk albo en."))
    errors.raise_if_any()
    user = User(email=normalised, full_name=full_name.strip(), password_hash=hash_password(password), locale=locale)
    db.session.add(user)
    db.session.flush()
    record("user.register", "user", user.id, actor=user, after={"email": normalised, "roles": []})
    if verified:
        verification.mark_verified(user)
    else:
        verification.send_verification_mail(user)
    return user


def create_staff_user(*, actor: User | None, email, password, full_name, role, office) -> User:
    """An officer (or admin, or the shell when actor is None) creates a staff or committee account."""
    errors = FieldErrors()
    normalised = _check_account_fields(errors, email, password, full_name)
    try:
        role = Role(role)
    except ValueError:
        errors.add("role", _("Wybierz rolę: officer, evaluator lub admin."))
        role = None
    if role is not None and actor is not None and not actor.is_admin and role == Role.admin:
        raise Forbidden(_("Tylko administrator może nadać rolę administratora."))
    if role is not None and role != Role.admin and office is None:
        errors.add("office_id", _("Konto pracownika lub członka komisji należy do urzędu."))
    errors.raise_if_any()
    user = User(
        email=normalised,
        full_name=full_name.strip(),
        password_hash=hash_password(password),
        office_id=office.id if office else None,
    )
    verification.mark_verified(user)  # whoever creates a staff account vouches for its address
    user.role_rows.append(UserRole(role=role))
    db.session.add(user)
    db.session.flush()
    record(
        "user.create",
        "user",
        user.id,
        actor=actor,
        office_id=user.office_id,
        summary=normalised,
        after={"email": normalised, "roles": [role.value], "office_id": user.office_id},
    )
    return user


def set_roles(*, actor: User, user: User, roles: list[Role]) -> None:
    before = user.roles
    if (Role.admin in roles or user.is_admin) and not actor.is_admin:
        raise Forbidden(_("Tylko administrator może nadawać i odbierać rolę administratora."))
    if user.id == actor.id and user.has_role(Role.officer) and Role.officer not in roles:
        raise Forbidden(_("Nie możesz odebrać sobie roli pracownika urzędu."))
    wanted = set(roles)
    # Keep the rows that stay: replacing them would delete and re-insert the same primary key.
    user.role_rows = [row for row in user.role_rows if row.role in wanted] + [
        UserRole(role=role) for role in sorted(wanted - {row.role for row in user.role_rows}, key=lambda r: r.value)
    ]
    db.session.flush()
    record(
        "user.roles",
        "user",
        user.id,
        actor=actor,
        office_id=user.office_id,
        before={"roles": before},
        after={"roles": user.roles},
    )


def set_active(*, actor: User, user: User, active: bool) -> None:
    if user.id == actor.id and not active:
        raise Forbidden(_("Nie możesz wyłączyć własnego konta."))
    if user.is_admin and not actor.is_admin:
        raise Forbidden(_("Konto administratora zmienia tylko administrator."))
    before = user.active
    user.active = active
    if not active:
        user.session_token = secrets.token_hex(16)
        db.session.execute(
            db.update(ApiToken)
            .where(ApiToken.user_id == user.id, ApiToken.revoked_at.is_(None))
            .values(revoked_at=now_utc())
        )
    record(
        "user.active",
        "user",
        user.id,
        actor=actor,
        office_id=user.office_id,
        before={"active": before},
        after={"active": active},
    )


def authenticate(email, password) -> User:
    """Check credentials; a failure is audited and must be committed even though it is refused."""
    normalised = normalise_email(email) if isinstance(email, str) else None
    user = db.session.scalar(db.select(User).where(User.email == normalised)) if normalised else None
    ok = verify_password(user.password_hash if user else None, password if isinstance(password, str) else "")
    if not ok or not user.is_active:
        record(
            "auth.login_failed",
            "user",
            user.id if user else None,
            actor=None,
            summary=str(email)[:254] if email else "",
            after={"email": str(email)[:254] if email else None},
        )
        db.session.info["commit_on_error"] = True
        raise Unauthorized(_("Nieprawidłowy e-mail lub hasło."), code="invalid_credentials")
    # With a second factor the sign-in ends only when the code passes (grants.auth.two_factor).
    record("auth.login" if not user.has_two_factor else "auth.password_accepted", "user", user.id, actor=user)
    return user


def issue_token(user: User) -> str:
    raw = secrets.token_urlsafe(32)
    db.session.add(ApiToken(user_id=user.id, token_hash=ApiToken.hash(raw)))
    return raw


def revoke_token(raw: str, user: User) -> None:
    token = db.session.scalar(
        db.select(ApiToken).where(ApiToken.token_hash == ApiToken.hash(raw), ApiToken.user_id == user.id)
    )
    if token is not None and token.revoked_at is None:
        token.revoked_at = now_utc()
        record("auth.token_revoked", "user", user.id, actor=user)


def end_sessions(user: User) -> None:
    """Every browser session of this person ends (the cookie carries the old session token); API tokens
    are revoked separately, by their holders or by `set_active`."""
    user.session_token = secrets.token_hex(16)
    record("auth.logout", "user", user.id, actor=user)
