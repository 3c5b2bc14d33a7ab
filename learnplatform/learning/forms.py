"""Forms of the module player; the content decides which answers are valid (see services)."""

from __future__ import annotations

from flask_babel import lazy_gettext as _l
from flask_wtf import FlaskForm
from wtforms import HiddenField, SelectMultipleField, StringField, TextAreaField


class QuestionForm(FlaskForm):
    """One or more option ids of a question."""

    answer = SelectMultipleField(_l("Antwoord"), choices=[], validate_choice=False)


class ReflectionForm(FlaskForm):
    """A private reflection (length checked by the service, with a translated message)."""

    text = TextAreaField(_l("Jouw reflectie"))


class SelfScanForm(FlaskForm):
    """Scores arrive as `score-<statement id>` fields, read by services.parse_scan_scores."""


class DilemmaForm(FlaskForm):
    """The chosen option and an optional private reason."""

    option = StringField(_l("Jouw keuze"))
    reason = TextAreaField(_l("Waarom kies je dit? (optioneel, alleen voor jou)"))


class RenewForm(FlaskForm):
    """Start an expired track again."""

    confirm = HiddenField(default="1")
