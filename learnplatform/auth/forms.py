"""Account forms."""

from __future__ import annotations

from typing import Any

from flask_babel import lazy_gettext as _l
from flask_wtf import FlaskForm
from wtforms import BooleanField, EmailField, PasswordField, SelectField, StringField
from wtforms.fields.choices import SelectChoice
from wtforms.validators import AnyOf, DataRequired, Email, EqualTo, Length, ValidationError

PASSWORD_MIN_LENGTH = 10
LOCALE_CHOICES = [SelectChoice("nl", "Nederlands"), SelectChoice("en", "English")]


def strong_password(form: Any, field: Any) -> None:
    """At least ten characters, and not one character repeated."""
    value = field.data or ""
    if len(value) < PASSWORD_MIN_LENGTH:
        raise ValidationError(
            _l("Kies een wachtwoord van minstens %(n)s tekens.", n=PASSWORD_MIN_LENGTH)
        )
    if len(set(value.strip())) < 3:
        raise ValidationError(_l("Dit wachtwoord is te makkelijk te raden."))


def new_password_field(label: Any) -> PasswordField:
    """A new-password input with the platform's password rules."""
    return PasswordField(
        label,
        validators=[DataRequired(message=_l("Kies een wachtwoord.")), Length(max=200),
                    strong_password],
        render_kw={"autocomplete": "new-password"},
    )


def confirm_field() -> PasswordField:
    """Repeat of the new password."""
    return PasswordField(
        _l("Herhaal het nieuwe wachtwoord"),
        validators=[DataRequired(message=_l("Herhaal het wachtwoord.")),
                    EqualTo("password", message=_l("De twee wachtwoorden zijn niet gelijk."))],
        render_kw={"autocomplete": "new-password"},
    )


class LoginForm(FlaskForm):
    """E-mail and password."""

    email = EmailField(_l("E-mailadres"), validators=[DataRequired(), Email(), Length(max=254)])
    password = PasswordField(_l("Wachtwoord"), validators=[DataRequired(), Length(max=200)])
    remember = BooleanField(_l("Ingelogd blijven"))


class PasswordResetRequestForm(FlaskForm):
    """The e-mail address to send a reset link to."""

    email = EmailField(
        _l("E-mailadres"),
        validators=[DataRequired(message=_l("Vul je e-mailadres in.")),
                    Email(message=_l("Dit is geen geldig e-mailadres.")), Length(max=254)],
        render_kw={"autocomplete": "email"},
    )


class SetPasswordForm(FlaskForm):
    """Choose a new password via an e-mailed link."""

    password = new_password_field(_l("Nieuw wachtwoord"))
    confirm = confirm_field()


class ProfileForm(FlaskForm):
    """Name and interface language."""

    name = StringField(
        _l("Naam"),
        validators=[DataRequired(message=_l("Vul je naam in.")), Length(max=200)],
        render_kw={"autocomplete": "name"},
    )
    locale = SelectField(_l("Taal"), choices=LOCALE_CHOICES, validators=[AnyOf(["nl", "en"])])


class ChangePasswordForm(FlaskForm):
    """Current password plus a new one."""

    current_password = PasswordField(
        _l("Huidig wachtwoord"),
        validators=[DataRequired(message=_l("Vul je huidige wachtwoord in.")), Length(max=200)],
        render_kw={"autocomplete": "current-password"},
    )
    password = new_password_field(_l("Nieuw wachtwoord"))
    confirm = confirm_field()


class DeleteAccountForm(FlaskForm):
    """Confirm deleting the account with the password."""

    delete_password = PasswordField(
        _l("Je wachtwoord, ter bevestiging"),
        validators=[DataRequired(message=_l("Vul je wachtwoord in.")), Length(max=200)],
        render_kw={"autocomplete": "current-password"},
    )
