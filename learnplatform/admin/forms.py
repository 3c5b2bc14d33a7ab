"""Forms for the beheerder pages."""

from __future__ import annotations

from collections.abc import Iterable

from flask_babel import lazy_gettext as _l
from flask_wtf import FlaskForm
from wtforms import EmailField, HiddenField, SelectField, SelectMultipleField, StringField
from wtforms.fields.choices import SelectChoice
from wtforms.validators import DataRequired, Email, Length, Optional
from wtforms.widgets import CheckboxInput, ListWidget

from learnplatform.auth.labels import kind_label, role_label
from learnplatform.auth.models import Organisation, OrganisationKind, Role


def organisation_choices(orgs: Iterable[Organisation], empty_label: str) -> list[SelectChoice]:
    """Select options for an organisation field, with an empty first option."""
    return [SelectChoice("", empty_label), *(SelectChoice(str(o.id), o.name) for o in orgs)]


def role_choices() -> list[SelectChoice]:
    """Select options for the roles, in their natural order."""
    return [SelectChoice(role.value, role_label(role)) for role in Role]


class OrganisationForm(FlaskForm):
    """Name and kind of an organisation."""

    name = StringField(
        _l("Naam"),
        validators=[DataRequired(message=_l("Vul een naam in.")), Length(max=200)],
    )
    kind = SelectField(_l("Soort"))

    def __init__(self, *args: object, **kwargs: object) -> None:
        super().__init__(*args, **kwargs)
        self.kind.choices = [SelectChoice(k.value, kind_label(k)) for k in OrganisationKind]


class UserFilterForm(FlaskForm):
    """Filters above the user list (a GET form, so no CSRF token)."""

    class Meta:
        csrf = False

    q = StringField(_l("Zoek op naam of e-mailadres"), validators=[Optional(), Length(max=200)])
    organisation = SelectField(_l("Organisatie"), validators=[Optional()])
    role = SelectField(_l("Rol"), validators=[Optional()])


class UserForm(FlaskForm):
    """Name, e-mail, organisation and roles of an account."""

    name = StringField(
        _l("Naam"), validators=[DataRequired(message=_l("Vul een naam in.")), Length(max=200)]
    )
    email = EmailField(
        _l("E-mailadres"),
        validators=[DataRequired(message=_l("Vul een e-mailadres in.")),
                    Email(message=_l("Dit is geen geldig e-mailadres.")), Length(max=254)],
    )
    organisation = SelectField(_l("Organisatie"), validators=[Optional()])
    roles = SelectMultipleField(
        _l("Rollen"),
        widget=ListWidget(prefix_label=False),
        option_widget=CheckboxInput(),
    )


class ActionForm(FlaskForm):
    """A button that changes state: only the CSRF token (and a hidden value)."""

    value = HiddenField()
