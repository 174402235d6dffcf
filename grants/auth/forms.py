from flask_wtf import FlaskForm
from wtforms import EmailField, PasswordField, SelectField, StringField
from wtforms.fields.choices import SelectChoice
from wtforms.validators import DataRequired, Length

from grants.auth.labels import ROLE_LABELS
from grants.i18n import lazy_gettext as _l


class LoginForm(FlaskForm):
    email = EmailField(_l("E-mail"), validators=[DataRequired(message=_l("Podaj adres e-mail."))])
    password = PasswordField(_l("Hasło"), validators=[DataRequired(message=_l("Podaj hasło."))])


class RegisterForm(FlaskForm):
    full_name = StringField(
        _l("Imię i nazwisko"), validators=[DataRequired(message=_l("Podaj imię i nazwisko.")), Length(max=200)]
    )
    email = EmailField(_l("E-mail"), validators=[DataRequired(message=_l("Podaj adres e-mail."))])
    password = PasswordField(_l("Hasło (co najmniej 8 znaków)"), validators=[DataRequired(message=_l("Podaj hasło."))])


class StaffUserForm(RegisterForm):
    role = SelectField(
        _l("Rola"),
        choices=[
            SelectChoice("officer", ROLE_LABELS["officer"]),
            SelectChoice("evaluator", ROLE_LABELS["evaluator"]),
        ],
    )


# The account pages (grants.auth.account_views): passwords and the second factor (issue 10).


class ForgotPasswordForm(FlaskForm):
    email = EmailField(_l("E-mail"), validators=[DataRequired(message=_l("Podaj adres e-mail.")), Length(max=254)])


class NewPasswordForm(FlaskForm):
    password = PasswordField(
        _l("Nowe hasło (co najmniej 8 znaków)"), validators=[DataRequired(message=_l("Podaj nowe hasło."))]
    )
    password_confirm = PasswordField(
        _l("Powtórz nowe hasło"), validators=[DataRequired(message=_l("Powtórz nowe hasło."))]
    )


class ChangePasswordForm(NewPasswordForm):
    current_password = PasswordField(_l("Obecne hasło"), validators=[DataRequired(message=_l("Podaj obecne hasło."))])


class CodeForm(FlaskForm):
    code = StringField(
        _l("Kod z aplikacji (6 cyfr)"),
        validators=[DataRequired(message=_l("Podaj kod z aplikacji uwierzytelniającej.")), Length(max=16)],
        render_kw={"autocomplete": "one-time-code", "inputmode": "numeric", "autocapitalize": "off"},
    )
