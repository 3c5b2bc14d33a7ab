"""Small forms used on public pages."""

from __future__ import annotations

from flask import request
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


LANGUAGES = [SelectChoice("nl", "Nederlands"), SelectChoice("en", "English")]


class LanguageForm(FlaskForm):
    """The language switch in the header (its HTML: templates/_partials/language_switch.html)."""

    locale = SelectField(
        _l("Taal"), choices=LANGUAGES, validators=[AnyOf([choice.value for choice in LANGUAGES])]
    )
    next = HiddenField()


def language_switch_next() -> str:
    """Where the language switch returns to: the current page."""
    return request.full_path.rstrip("?")
