from flask import Blueprint, flash, redirect, render_template, request, session, url_for
from flask_babel import gettext as _
from flask_login import current_user, login_user, logout_user
from wtforms.fields.choices import SelectChoice

from grants.auth import operations, queries, throttle, two_factor, verification
from grants.auth.desks import desk_url
from grants.auth.forms import LoginForm, RegisterForm, StaffUserForm
from grants.auth.session import login_rate
from grants.errors import Unauthorized, ValidationFailed
from grants.extensions import limiter
from grants.pages import officer_page

bp = Blueprint("auth", __name__)


def _plain_path(target) -> bool:
    """Only a path on this site. Browsers drop tabs and newlines and read `\\` as `/`, so `/\t/evil`
    or `/\\evil` would leave the site: none of those is a plain path."""
    return (
        isinstance(target, str)
        and target.startswith("/")
        and not target.startswith("//")
        and "\\" not in target
        and not any(ch.isspace() or ord(ch) < 32 or ord(ch) == 127 for ch in target)
    )


def _safe_next(target: str | None, user=None) -> str:
    """`target` when it is a plain path on this site; otherwise the person's own desk (issue 11: each role
    lands on its next step), or home for a visitor who is not signed in."""
    return target if _plain_path(target) else desk_url(user)


def _copy_field_errors(form, error: ValidationFailed) -> None:
    for name, messages in error.fields.items():
        field = getattr(form, name, None)
        if field is not None:
            field.errors = list(field.errors) + list(messages)
        else:
            form.form_errors.extend(messages)


@bp.route("/login", methods=["GET", "POST"])
def login():
    form = LoginForm()
    if form.validate_on_submit():
        try:
            throttle.before_attempt(form.email.data)
        except throttle.TooManyAttempts as error:
            form.password.errors = [error.message]
            headers = {"Retry-After": str(error.retry_after)}
            return render_template("auth/login.html", form=form), 429, headers
        try:
            user = operations.authenticate(form.email.data, form.password.data)
        except Unauthorized as error:
            throttle.after_failure(form.email.data)
            form.password.errors = [error.message]
            return render_template("auth/login.html", form=form), 401
        session.clear()  # a fresh session on login (ASVS 7.2.4)
        if user.has_two_factor:  # not signed in before the code passes (grants.auth.account_views)
            # Only an asked-for address waits; without one the desk is chosen once the code has passed.
            wanted = request.args.get("next")
            session[two_factor.PENDING] = two_factor.pending_sign_in(user, wanted if _plain_path(wanted) else None)
            return redirect(url_for("account.sign_in_code"))
        login_user(user)
        return redirect(_safe_next(request.args.get("next"), user))
    return render_template("auth/login.html", form=form), 422 if form.errors else 200


@bp.route("/logout", methods=["POST"])
def logout():
    if current_user.is_authenticated:
        operations.end_sessions(current_user)  # the old cookie, replayed, no longer signs anyone in
    logout_user()
    session.clear()
    flash(_("Wylogowano."), "info")
    return redirect(url_for("public.index"))


@bp.route("/register", methods=["GET", "POST"])
@limiter.limit(login_rate, methods=["POST"])
def register():
    form = RegisterForm()
    if request.method == "GET" and isinstance(request.args.get("email"), str):  # from an invitation's page
        form.email.data = request.args["email"][:254]
    if form.validate_on_submit():
        try:
            user = operations.register_ngo_user(
                email=form.email.data,
                password=form.password.data,
                full_name=form.full_name.data,
                locale=session.get("lang"),
            )
        except ValidationFailed as error:
            _copy_field_errors(form, error)
            return render_template("auth/register.html", form=form), 422
        session.clear()
        login_user(user)
        flash(
            _(
                "Konto zostało utworzone. Wysłaliśmy link na adres %(email)s: kliknij go, aby potwierdzić adres.",
                email=user.email,
            ),
            "success",
        )
        if request.args.get("next"):  # an invitation waits: back to it, and there again once confirmed
            session[verification.AFTER_VERIFY] = _safe_next(request.args.get("next"))
            return redirect(_safe_next(request.args.get("next")))
        return redirect(url_for("organizations.dashboard"))  # its first steps: the address, a profile, an offer
    return render_template("auth/register.html", form=form), 422 if form.errors else 200


@bp.route("/office/users", methods=["GET", "POST"])
@officer_page
def staff_users():
    form = StaffUserForm()
    if current_user.is_admin:
        form.role.choices = list(form.role.choices) + [SelectChoice("admin", _("Administrator"))]
    status = 200
    if form.validate_on_submit():
        try:
            user = operations.create_staff_user(
                actor=current_user,
                email=form.email.data,
                password=form.password.data,
                full_name=form.full_name.data,
                role=form.role.data,
                office=current_user.office,
            )
        except ValidationFailed as error:
            _copy_field_errors(form, error)
            status = 422
        else:
            flash(_("Utworzono konto %(email)s.", email=user.email), "success")
            return redirect(url_for("auth.staff_users"))
    elif form.errors:
        status = 422
    return render_template("auth/users.html", form=form, users=queries.staff_of(current_user)), status
