"""The person's own account (blueprint `account`): confirming the e-mail address, a forgotten password,
changing the password, the second factor, and the second step of signing in (issue 10).

Thin like every view: read the form, call one operation of grants.auth.verification, .recovery or
.two_factor, then flash and redirect; a refused form comes back with the message at its field and what
was typed (passwords excepted). Every page here answers with `Cache-Control: no-store`: they show
secrets (the second factor's) or are reached through one (a mailed link).
"""

from flask import Blueprint, flash, redirect, render_template, request, session, url_for
from flask_babel import gettext as _
from flask_login import current_user, login_required, login_user, logout_user

from grants.auth import recovery, throttle, verification
from grants.auth import two_factor as second_factor
from grants.auth.forms import ChangePasswordForm, CodeForm, ForgotPasswordForm, NewPasswordForm
from grants.auth.session import login_rate
from grants.auth.signed_links import LinkRefused
from grants.auth.views import _copy_field_errors, _safe_next
from grants.errors import Forbidden, Unauthorized, ValidationFailed
from grants.extensions import limiter

bp = Blueprint("account", __name__)

SETUP_SECRET = "oko.totp_setup"
# What an admin without a second factor may still reach.
OPEN_TO_ADMIN_WITHOUT_TWO_FACTOR = {"account.two_factor", "auth.logout", "static"}


@bp.after_request
def no_store(response):
    response.headers["Cache-Control"] = "no-store"
    return response


@bp.before_app_request
def admins_set_up_two_factor_first():
    """An admin signed in without a second factor reaches only its setup page (and logout)."""
    if request.endpoint in OPEN_TO_ADMIN_WITHOUT_TWO_FACTOR or request.path.startswith("/api/"):
        return None
    if not second_factor.must_set_up(current_user):
        return None
    if request.method in ("GET", "HEAD"):
        flash(_("Konto administratora wymaga logowania dwuetapowego. Włącz je, zanim przejdziesz dalej."), "info")
        return redirect(url_for("account.two_factor"))
    raise Forbidden(
        _("Konto administratora wymaga logowania dwuetapowego. Włącz je na stronie „Moje konto”."),
        code="two_factor_required",
    )


# ---------------------------------------------------------------- the account page and the e-mail address


@bp.route("/account/")
@login_required
def index():
    return render_template("auth/account.html", may_use_two_factor=second_factor.may_use(current_user))


@bp.route("/account/verify-email/resend", methods=["POST"])
@login_required
@limiter.limit(login_rate)
def resend_verification():
    verification.resend_verification_mail(current_user)
    if not current_user.email_verified:
        flash(
            _("Wysłaliśmy link potwierdzający na adres %(email)s. Sprawdź też folder spam.", email=current_user.email),
            "success",
        )
    return redirect(url_for("account.index"))


@bp.route("/verify-email/<token>")
def verify_email(token: str):
    try:
        user = verification.verify_email(token)
    except LinkRefused as refusal:
        return render_template("auth/link_refused.html", message=refusal.message, kind="verify"), refusal.status
    flash(_("Adres %(email)s jest potwierdzony. Dziękujemy!", email=user.email), "success")
    if current_user.is_authenticated and current_user.id == user.id:
        return redirect(_safe_next(session.pop(verification.AFTER_VERIFY, None) or url_for("organizations.dashboard")))
    return redirect(url_for("auth.login"))


# ---------------------------------------------------------------- a forgotten password


@bp.route("/password/forgot", methods=["GET", "POST"])
@limiter.limit(login_rate, methods=["POST"])
def forgot_password():
    form = ForgotPasswordForm()
    if form.validate_on_submit():
        recovery.request_password_reset(form.email.data)
        # The same page whether or not the address has an account.
        return render_template("auth/forgot_password.html", form=form, sent=True)
    return render_template("auth/forgot_password.html", form=form, sent=False), 422 if form.errors else 200


@bp.route("/password/reset/<token>", methods=["GET", "POST"])
@limiter.limit(login_rate, methods=["POST"])
def reset_password(token: str):
    try:
        recovery.user_for_reset(token)
    except LinkRefused as refusal:
        return render_template("auth/link_refused.html", message=refusal.message, kind="reset"), refusal.status
    form = NewPasswordForm()
    if form.validate_on_submit():
        try:
            recovery.reset_password(token, password=form.password.data, confirm=form.password_confirm.data)
        except ValidationFailed as error:
            _copy_field_errors(form, error)
            return render_template("auth/reset_password.html", form=form), 422
        logout_user()
        session.clear()
        flash(_("Ustawiono nowe hasło; wszystkie sesje tego konta zostały zakończone. Zaloguj się."), "success")
        return redirect(url_for("auth.login"))
    return render_template("auth/reset_password.html", form=form), 422 if form.errors else 200


# ---------------------------------------------------------------- changing the password


@bp.route("/account/password", methods=["GET", "POST"])
@login_required
def change_password():
    form = ChangePasswordForm()
    if form.validate_on_submit():
        try:
            recovery.change_password(
                actor=current_user,
                current=form.current_password.data,
                password=form.password.data,
                confirm=form.password_confirm.data,
            )
        except throttle.TooManyAttempts as error:
            form.current_password.errors = [error.message]
            return render_template("auth/change_password.html", form=form), 429, {"Retry-After": str(error.retry_after)}
        except ValidationFailed as error:
            _copy_field_errors(form, error)
            return render_template("auth/change_password.html", form=form), 422
        login_user(current_user._get_current_object())  # this session goes on with the new session token
        flash(_("Hasło zostało zmienione. Pozostałe sesje tego konta zostały zakończone."), "success")
        return redirect(url_for("account.index"))
    return render_template("auth/change_password.html", form=form), 422 if form.errors else 200


# ---------------------------------------------------------------- the second factor


def _render_two_factor(form, status: int = 200):
    context = {"form": form}
    if not current_user.has_two_factor:
        secret = session.get(SETUP_SECRET)
        if not isinstance(secret, str):
            secret = session[SETUP_SECRET] = second_factor.new_secret()
        uri = second_factor.provisioning_uri(current_user, secret)
        context.update(secret=second_factor.spaced(secret), qr=second_factor.qr_data_uri(uri))
    return render_template("auth/two_factor.html", **context), status


@bp.route("/account/two-factor", methods=["GET", "POST"])
@login_required
def two_factor():
    if not second_factor.may_use(current_user):
        raise Forbidden(_("Logowanie dwuetapowe jest dostępne dla kont pracowników urzędu i członków komisji."))
    form = CodeForm()
    if form.validate_on_submit() and not current_user.has_two_factor:
        try:
            second_factor.enable(actor=current_user, secret=session.get(SETUP_SECRET), code=form.code.data)
        except ValidationFailed as error:
            _copy_field_errors(form, error)
            return _render_two_factor(form, 422)
        session.pop(SETUP_SECRET, None)
        flash(_("Logowanie dwuetapowe jest włączone. Przy każdym logowaniu podasz kod z aplikacji."), "success")
        return redirect(url_for("account.index"))
    return _render_two_factor(form, 422 if form.errors else 200)


@bp.route("/account/two-factor/disable", methods=["POST"])
@login_required
def disable_two_factor():
    if not second_factor.may_use(current_user) and not current_user.has_two_factor:
        raise Forbidden(_("Logowanie dwuetapowe jest dostępne dla kont pracowników urzędu i członków komisji."))
    form = CodeForm()
    if form.validate_on_submit():
        try:
            second_factor.disable(actor=current_user, code=form.code.data)
        except ValidationFailed as error:
            _copy_field_errors(form, error)
        else:
            flash(_("Logowanie dwuetapowe jest wyłączone."), "success")
            return redirect(url_for("account.index"))
    return _render_two_factor(form, 422)


# ---------------------------------------------------------------- signing in: the code after the password


@bp.route("/login/two-factor", methods=["GET", "POST"])
def sign_in_code():
    user = second_factor.pending_user(session.get(second_factor.PENDING))
    if user is None:
        session.pop(second_factor.PENDING, None)
        flash(_("Logowanie wygasło. Podaj e-mail i hasło jeszcze raz."), "info")
        return redirect(url_for("auth.login"))
    form = CodeForm()
    if form.validate_on_submit():
        try:
            throttle.before_attempt(user.email)
        except throttle.TooManyAttempts as error:
            form.code.errors = [error.message]
            return render_template("auth/login_code.html", form=form), 429, {"Retry-After": str(error.retry_after)}
        try:
            second_factor.check_sign_in_code(user, form.code.data)
        except Unauthorized as error:
            throttle.after_failure(user.email)
            form.code.errors = [error.message]
            return render_template("auth/login_code.html", form=form), 401
        next_url = session[second_factor.PENDING].get("next")
        session.clear()  # a fresh session on login (ASVS 7.2.4)
        login_user(user)
        return redirect(_safe_next(next_url, user))
    return render_template("auth/login_code.html", form=form), 422 if form.errors else 200
