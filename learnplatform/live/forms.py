"""Forms of the live feature: session builder, local dilemma, participant fallbacks."""

from __future__ import annotations

from collections.abc import Iterable
from typing import Any

from flask_babel import lazy_gettext as _l
from flask_wtf import FlaskForm
from pydantic import ValidationError
from wtforms import (
    BooleanField,
    FieldList,
    Form,
    FormField,
    IntegerField,
    SelectField,
    SelectMultipleField,
    StringField,
    TextAreaField,
)
from wtforms.fields.choices import SelectChoice
from wtforms.validators import DataRequired, Length, NumberRange, Optional
from wtforms.widgets import CheckboxInput, ListWidget

from learnplatform.web.content_labels import AUDIENCES, THEMES

MAX_OPTIONS = 5
MAX_VARIATIONS = 3
PYDANTIC_MESSAGES = {
    "string_too_short": _l("Vul dit veld in."),
    "string_too_long": _l("Deze tekst is te lang."),
    "too_short": _l("Vul hier meer in."),
    "too_long": _l("Dit zijn er te veel."),
    "default": _l("Deze invoer is niet geldig."),
}

class MultiCheckboxField(SelectMultipleField):
    """A list of checkboxes."""

    widget = ListWidget(prefix_label=False)
    option_widget = CheckboxInput()


def _timer_field() -> IntegerField:
    return IntegerField(
        _l("Standaardtimer (seconden)"),
        validators=[Optional(), NumberRange(min=5, max=600,
                                            message=_l("Kies 5 tot 600 seconden."))],
        render_kw={"inputmode": "numeric"},
    )


class SessionForm(FlaskForm):
    """Session builder: title, timer, attendance and a programme; scenarios come as checkboxes."""

    title = StringField(_l("Titel van de sessie"), validators=[
        DataRequired(message=_l("Geef de sessie een titel.")), Length(max=200)])
    default_timer = _timer_field()
    attendance = BooleanField(_l("Presentielijst bijhouden (deelnemers vullen hun naam in)"))
    programme = SelectField(_l("Kant-en-klaar programma"), validators=[Optional()])
    rehearsal = BooleanField(_l("Oefensessie: gesimuleerde deelnemers stemmen mee"))
    simulated = IntegerField(
        _l("Aantal gesimuleerde deelnemers"), default=12,
        validators=[Optional(), NumberRange(min=2, max=60, message=_l("Kies 2 tot 60."))],
        render_kw={"inputmode": "numeric"},
    )


class FilterForm(Form):
    """Search and filter the scenario library (part of the builder form; no state changes)."""

    q = StringField(_l("Zoeken"), validators=[Optional(), Length(max=100)],
                    render_kw={"type": "search", "autocomplete": "off"})
    thema = SelectField(_l("Thema"), validators=[Optional()])
    doelgroep = SelectField(_l("Doelgroep"), validators=[Optional()])
    duur = SelectField(_l("Duur"), validators=[Optional()])

    def __init__(self, formdata: Any = None, **kwargs: Any) -> None:
        super().__init__(formdata, **kwargs)
        self.thema.choices = [SelectChoice("", _l("Alle thema's"))] + [
            SelectChoice(t.value, label) for t, label in THEMES.items()]
        self.doelgroep.choices = [SelectChoice("", _l("Alle doelgroepen"))] + [
            SelectChoice(a.value, label) for a, label in AUDIENCES.items()]
        self.duur.choices = [
            SelectChoice("", _l("Elke duur")), SelectChoice("kort", _l("Kort (tot 10 minuten)")),
            SelectChoice("middel", _l("Middel (11 tot 15 minuten)")),
            SelectChoice("lang", _l("Lang (meer dan 15 minuten)"))]

    def matches(self, themes: Iterable[str], audience: Iterable[str], band: str,
                text: str) -> bool:
        """True when a library entry passes every filter that is set."""
        query = (self.q.data or "").strip().casefold()
        return ((not self.thema.data or self.thema.data in themes)
                and (not self.doelgroep.data or self.doelgroep.data in audience)
                and (not self.duur.data or self.duur.data == band)
                and (not query or query in text))


class RenameForm(FlaskForm):
    """After a session started only its title can change."""

    title = StringField(_l("Titel van de sessie"), validators=[
        DataRequired(message=_l("Geef de sessie een titel.")), Length(max=200)])


class OptionForm(Form):
    """One answer option of a local dilemma; an option left empty is skipped."""

    label = StringField(_l("Korte naam"), validators=[Optional(), Length(max=80)])
    text = TextAreaField(_l("Beschrijving"), validators=[Optional(), Length(max=300)])
    considerations = TextAreaField(_l("Overwegingen"), validators=[Optional(), Length(max=2500)])


class VariationForm(Form):
    """One "Maar wat als…?" variation of a local dilemma; left empty it is skipped."""

    text = TextAreaField(_l("Maar wat als…?"), validators=[Optional(), Length(max=600)])


class LocalDilemmaForm(FlaskForm):
    """A local dilemma written by a trainer; validated afterwards with the Scenario model."""

    title = StringField(_l("Titel"), validators=[
        DataRequired(message=_l("Geef het dilemma een titel.")), Length(max=80)])
    situation = TextAreaField(_l("Situatie"), validators=[
        DataRequired(message=_l("Beschrijf de situatie.")), Length(max=2500)])
    question = StringField(_l("Vraag aan de groep"), validators=[
        DataRequired(message=_l("Stel een vraag.")), Length(max=200)])
    options = FieldList(FormField(OptionForm), min_entries=MAX_OPTIONS, max_entries=MAX_OPTIONS)
    values = StringField(_l("Waarden (gescheiden door komma's)"), validators=[
        DataRequired(message=_l("Noem minstens één waarde."))])
    questions = TextAreaField(_l("Vragen voor de trainer (één per regel)"), validators=[
        DataRequired(message=_l("Schrijf minstens één gespreksvraag."))])
    variations = FieldList(FormField(VariationForm), min_entries=MAX_VARIATIONS,
                           max_entries=MAX_VARIATIONS)
    debrief = TextAreaField(_l("Duiding voor de trainer (optioneel)"),
                            validators=[Optional(), Length(max=2500)])
    themes = MultiCheckboxField(_l("Thema's"), validators=[
        DataRequired(message=_l("Kies minstens één thema."))])
    audience = MultiCheckboxField(_l("Doelgroep"), validators=[
        DataRequired(message=_l("Kies minstens één doelgroep."))])

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.themes.choices = [SelectChoice(t.value, label) for t, label in THEMES.items()]
        self.audience.choices = [SelectChoice(a.value, label)
                                 for a, label in AUDIENCES.items()]

    @staticmethod
    def data_from_scenario(data: dict[str, Any]) -> dict[str, Any]:
        """A stored Scenario dict as form data, to edit a saved dilemma."""
        return {
            "title": data.get("title", ""),
            "situation": data.get("situation", ""),
            "question": data.get("question", ""),
            "options": [{k: o.get(k, "") for k in ("label", "text", "considerations")}
                        for o in data.get("options", [])],
            "values": ", ".join(data.get("values", [])),
            "questions": "\n".join(data.get("facilitator", {}).get("questions", [])),
            "variations": [{"text": v.get("text", "")} for v in data.get("variations", [])],
            "debrief": (data.get("debrief") or {}).get("rule", ""),
            "themes": list(data.get("themes", [])),
            "audience": list(data.get("audience", [])),
        }

    def filled_options(self) -> list[tuple[int, dict[str, str]]]:
        """(index, data) of every option with at least one field filled in."""
        out = []
        for index, entry in enumerate(self.options.entries):
            data = {k: (entry.form[k].data or "").strip()
                    for k in ("label", "text", "considerations")}
            if any(data.values()):
                out.append((index, data))
        return out

    def filled_variations(self) -> list[tuple[int, str]]:
        """(index, text) of every variation that was filled in."""
        return [(index, (entry.form.text.data or "").strip())
                for index, entry in enumerate(self.variations.entries)
                if (entry.form.text.data or "").strip()]

    def scenario_data(self, scenario_id: str) -> dict[str, Any]:
        """The form as a Scenario dict (option ids a, b, c…; variation ids wat-als-1…)."""
        debrief = (self.debrief.data or "").strip()
        return {
            "id": scenario_id,
            "title": self.title.data,
            "themes": list(self.themes.data or []),
            "audience": list(self.audience.data or []),
            "situation": self.situation.data,
            "question": self.question.data,
            "options": [{"id": "abcde"[n], **data}
                        for n, (_index, data) in enumerate(self.filled_options())],
            "values": [v.strip() for v in (self.values.data or "").split(",") if v.strip()],
            "facilitator": {"questions": [q.strip() for q in
                                          (self.questions.data or "").splitlines() if q.strip()]},
            "variations": [{"id": f"wat-als-{n + 1}", "text": text}
                           for n, (_index, text) in enumerate(self.filled_variations())],
            **({"debrief": {"rule": debrief}} if debrief else {}),
        }

    def apply_errors(self, error: ValidationError) -> None:
        """Attach Scenario validation errors to the fields they concern, in Dutch."""
        filled = [index for index, _data in self.filled_options()]
        for err in error.errors():
            parts = [str(p) for p in err["loc"]] or ["title"]
            errs = [str(PYDANTIC_MESSAGES.get(err["type"], PYDANTIC_MESSAGES["default"]))]
            target: Any = None
            if parts[0] == "options" and len(parts) >= 3 and parts[1].isdigit():
                n = int(parts[1])
                if n < len(filled):
                    target = self.options.entries[filled[n]].form[parts[2]]
            elif parts[0] == "options":
                target = self.options.entries[0].form["label"]
                errs = [str(_l("Vul 2 tot 5 keuzes in, elk met naam, beschrijving en "
                               "overwegingen."))]
            elif parts[0] == "facilitator":
                target = self.questions
            elif parts[0] == "variations" and len(parts) >= 2 and parts[1].isdigit():
                filled_v = [index for index, _text in self.filled_variations()]
                n = int(parts[1])
                if n < len(filled_v):
                    target = self.variations.entries[filled_v[n]].form.text
            elif parts[0] == "debrief":
                target = self.debrief
            elif parts[0] in self._fields:
                target = self[parts[0]]
            if target is None:
                target = self.title
            target.errors = list(target.errors or []) + errs

    def apply_markdown_problems(self, paths: Iterable[tuple[str | int, ...]]) -> None:
        """Mark the fields whose Markdown the content checks refused (HTML, images, long
        words), the same checks as for content files."""
        message = str(_l("Gebruik geen HTML of afbeeldingen en geen woorden van meer dan 40 "
                         "tekens. Een link schrijf je als [tekst](adres)."))
        filled = [index for index, _data in self.filled_options()]
        filled_v = [index for index, _text in self.filled_variations()]
        for path in paths:
            target: Any = self.title
            if path[0] == "options" and isinstance(path[1], int) and path[1] < len(filled):
                target = self.options.entries[filled[path[1]]].form[str(path[2])]
            elif (path[0] == "variations" and isinstance(path[1], int)
                  and path[1] < len(filled_v)):
                target = self.variations.entries[filled_v[path[1]]].form.text
            elif path[0] == "debrief":
                target = self.debrief
            elif str(path[0]) in self._fields:
                target = self[str(path[0])]
            target.errors = list(target.errors or []) + [message]
