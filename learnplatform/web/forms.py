"""Small forms used on public pages."""

from __future__ import annotations

from flask import request
from flask_babel import get_locale
from flask_babel import lazy_gettext as _l
from flask_wtf import FlaskForm
from wtforms import HiddenField, SelectField, StringField
from wtforms.fields.choices import SelectChoice
from wtforms.validators import AnyOf, DataRequired, Regexp


class JoinForm(FlaskForm):
    """The six-digit code of a live session."""

    code = StringField(
        _l("Sessiecode"),
        validators=[
            DataRequired(message=_l("Vul de code van de sessie in.")),
            Regexp(r"^\s*\d{3}\s?\d{3}\s*$", message=_l("Een sessiecode bestaat uit 6 cijfers.")),
        ],
        render_kw={"inputmode": "numeric", "autocomplete": "off", "maxlength": "7"},
    )


class LanguageForm(FlaskForm):
    """The language switch in the header."""

    locale = SelectField(
        _l("Taal"),
        choices=[SelectChoice("nl", "Nederlands"), SelectChoice("en", "English")],
        validators=[AnyOf(["nl", "en"])],
    )
    next = HiddenField()


def language_form() -> LanguageForm:
    """A language form that returns to the current page."""
    form = LanguageForm(formdata=None)
    form.locale.data = str(get_locale() or "nl")
    form.next.data = request.full_path.rstrip("?")
    return form
