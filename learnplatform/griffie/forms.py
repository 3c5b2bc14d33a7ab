"""Forms of the griffie pages."""

from __future__ import annotations

from flask_babel import lazy_gettext as _l
from flask_wtf import FlaskForm
from flask_wtf.file import FileField
from wtforms import (
    BooleanField,
    DateField,
    EmailField,
    HiddenField,
    SelectField,
    StringField,
    TextAreaField,
)
from wtforms.fields.choices import SelectChoice
from wtforms.validators import DataRequired, Email, Length, Optional

from learnplatform.griffie import roles
from learnplatform.griffie.labels import SORT_LABELS, STATUS_LABELS
from learnplatform.griffie.overview import SORT_KEYS, Status


def office_role_choices(empty: str | None = None) -> list[SelectChoice]:
    """Select options for an office role, optionally with an empty first option."""
    choices = [SelectChoice(key, str(label)) for key, label in roles.OFFICE_ROLES.items()]
    return [SelectChoice("", empty), *choices] if empty is not None else choices


class OverviewFilterForm(FlaskForm):
    """Filters and sorting above the member overview (a GET form, so no CSRF token)."""

    class Meta:
        csrf = False

    traject = SelectField(_l("Leertraject"), validators=[Optional()])
    status = SelectField(_l("Status"), validators=[Optional()])
    rol = SelectField(_l("Rol"), validators=[Optional()])
    q = StringField(_l("Zoek op naam of e-mailadres"), validators=[Optional(), Length(max=200)])
    sorteer = SelectField(_l("Sorteren op"), validators=[Optional()])

    def __init__(self, *args: object, **kwargs: object) -> None:
        super().__init__(*args, **kwargs)
        self.status.choices = [SelectChoice("", str(_l("Alle statussen"))),
                               *(SelectChoice(s.value, str(STATUS_LABELS[s])) for s in Status)]
        self.rol.choices = office_role_choices(str(_l("Alle rollen")))
        self.sorteer.choices = [SelectChoice(k, str(SORT_LABELS[k])) for k in SORT_KEYS]


class InviteForm(FlaskForm):
    """Invite one member: name, e-mail and office role."""

    name = StringField(_l("Naam"), validators=[
        DataRequired(message=_l("Vul een naam in.")), Length(max=200)])
    email = EmailField(_l("E-mailadres"), validators=[
        DataRequired(message=_l("Vul een e-mailadres in.")),
        Email(message=_l("Dit is geen geldig e-mailadres.")), Length(max=254)])
    office_role = SelectField(_l("Rol"), validators=[DataRequired(message=_l("Kies een rol."))])

    def __init__(self, *args: object, **kwargs: object) -> None:
        super().__init__(*args, **kwargs)
        self.office_role.choices = office_role_choices(str(_l("Kies een rol")))


class UploadForm(FlaskForm):
    """A CSV or XLSX file with one member per line."""

    file = FileField(_l("Bestand (CSV of XLSX)"))


class ImportForm(FlaskForm):
    """Confirm the import of a previewed file (its lines travel along, and are checked again)."""

    payload = HiddenField()
    only_valid = HiddenField()


class SettingsForm(FlaskForm):
    """Deadline and the griffie's contact details (the expected tracks are checkboxes beside it)."""

    deadline = DateField(_l("Uiterste datum"), validators=[Optional()])
    contact_name = StringField(_l("Naam contactpersoon"), validators=[Optional(), Length(max=200)])
    contact_email = EmailField(_l("E-mailadres van de griffie"), validators=[
        Optional(), Email(message=_l("Dit is geen geldig e-mailadres.")), Length(max=254)])
    contact_phone = StringField(_l("Telefoonnummer van de griffie"),
                                validators=[Optional(), Length(max=40)])
    weekly_digest = BooleanField(_l("Stuur mij elke week een overzicht per e-mail"))


class TrainerDecisionForm(FlaskForm):
    """The beheerder's decision on a trainer request; a reason is required to decline."""

    decision = HiddenField()
    reason = TextAreaField(_l("Reden (verplicht bij afwijzen)"),
                           validators=[Optional(), Length(max=1000)])


class ActionForm(FlaskForm):
    """A button that changes state: only the CSRF token."""
