"""Beheerder pages under /beheer: organisations and user accounts."""

from __future__ import annotations

from typing import TypeVar

from flask import Blueprint, abort, flash, redirect, render_template, request, url_for
from flask.typing import ResponseReturnValue
from flask_babel import gettext as _
from flask_babel import lazy_gettext as _l
from flask_login import current_user
from wtforms.fields.choices import SelectChoice

from learnplatform import mail
from learnplatform.admin import services
from learnplatform.admin.forms import (
    ActionForm,
    OrganisationForm,
    UserFilterForm,
    UserForm,
    organisation_choices,
    role_choices,
)
from learnplatform.auth.models import Organisation, OrganisationKind, Role, User
from learnplatform.auth.permissions import roles_required
from learnplatform.auth.services import send_password_link
from learnplatform.extensions import db
from learnplatform.web.navigation import add_nav_item

T = TypeVar("T")
bp = Blueprint("admin", __name__, url_prefix="/beheer")
bp.record_once(lambda state: add_nav_item("admin.index", _l("Beheer"), Role.BEHEERDER))
beheerder_only = roles_required(Role.BEHEERDER)


def _actor() -> User:
    user = current_user._get_current_object()
    assert isinstance(user, User)  # noqa: S101 - roles_required guarantees a User
    return user


def _get_or_404(model: type[T], ident: int) -> T:
    obj = db.session.get(model, ident)
    if obj is None:
        abort(404)
    return obj


@bp.route("/")
@beheerder_only
def index() -> ResponseReturnValue:
    """Overview of the beheer pages."""
    return render_template("admin/index.html", mail_outbox=mail.dev_outbox_enabled())


@bp.route("/organisaties")
@beheerder_only
def organisations() -> ResponseReturnValue:
    """List all organisations."""
    return render_template(
        "admin/organisations.html",
        organisations=services.list_organisations(),
        counts=services.member_counts(),
    )


@bp.route("/organisaties/nieuw", methods=["GET", "POST"], defaults={"org_id": None})
@bp.route("/organisaties/<int:org_id>", methods=["GET", "POST"])
@beheerder_only
def organisation(org_id: int | None) -> ResponseReturnValue:
    """Create or edit an organisation; names must be unique."""
    org = None if org_id is None else _get_or_404(Organisation, org_id)
    form = OrganisationForm(obj=org)
    if form.validate_on_submit():
        name = form.name.data or ""
        if services.organisation_name_taken(name, exclude_id=org_id):
            form.name.errors = [_("Er is al een organisatie met de naam %(name)s.", name=name)]
        else:
            saved = services.save_organisation(org, name, OrganisationKind(form.kind.data))
            db.session.commit()
            flash(_("Organisatie %(name)s is opgeslagen.", name=saved.name), "success")
            return redirect(url_for("admin.organisations"))
    elif org is not None and request.method == "GET":
        form.kind.data = org.kind.value
    status = 400 if form.errors else 200
    return render_template("admin/organisation_form.html", form=form, org=org), status


def _filter_values(form: UserFilterForm) -> tuple[str, int | None, Role | None]:
    org_value = form.organisation.data or ""
    role_value = form.role.data or ""
    org_id = int(org_value) if org_value.isdigit() else None
    role = Role(role_value) if role_value in {r.value for r in Role} else None
    return (form.q.data or "").strip(), org_id, role


@bp.route("/gebruikers")
@beheerder_only
def users() -> ResponseReturnValue:
    """List accounts, filtered on text, organisation and role, with pagination."""
    orgs = services.list_organisations()
    form = UserFilterForm(request.args)
    form.organisation.choices = organisation_choices(orgs, _("Alle organisaties"))
    form.role.choices = [SelectChoice("", _("Alle rollen")), *role_choices()]
    form.validate()
    text, org_id, role = _filter_values(form)
    page = request.args.get("pagina", 1, type=int) or 1
    pagination = services.search_users(text, org_id, role, page=max(page, 1))
    filters = {k: v for k, v in {"q": text, "organisation": org_id or "",
                                 "role": role.value if role else ""}.items() if v}
    return render_template(
        "admin/users.html", form=form, pagination=pagination, filters=filters
    )


def _user_form(user: User | None) -> UserForm:
    form = UserForm(obj=user)
    form.organisation.choices = organisation_choices(
        services.list_organisations(), _("Geen organisatie")
    )
    form.roles.choices = role_choices()
    if user is not None and request.method == "GET":
        form.organisation.data = str(user.organisation_id or "")
        form.roles.data = [role.value for role in user.roles]
    return form


def _check_user_form(form: UserForm, user: User | None) -> bool:
    """Form validation plus the rules that need the database."""
    valid = bool(form.validate_on_submit())
    if request.method != "POST":
        return False
    email = form.email.data or ""
    if email and services.email_taken(email, exclude_id=user.id if user else None):
        form.email.errors = [*form.email.errors, _("Dit e-mailadres heeft al een account.")]
        valid = False
    if not form.roles.data:
        form.roles.errors = [*form.roles.errors, _("Kies minstens één rol.")]
        valid = False
    return valid


def _selected_organisation(form: UserForm) -> Organisation | None:
    value = form.organisation.data or ""
    return db.session.get(Organisation, int(value)) if value.isdigit() else None


@bp.route("/gebruikers/nieuw", methods=["GET", "POST"])
@beheerder_only
def new_user() -> ResponseReturnValue:
    """Create an account; the person gets an e-mail with a link to choose a password."""
    form = _user_form(None)
    if _check_user_form(form, None):
        user = services.invite_user(
            form.name.data or "", form.email.data or "", _selected_organisation(form),
            {Role(value) for value in form.roles.data or []},
        )
        db.session.commit()
        flash(_("Account voor %(email)s aangemaakt; er is een e-mail gestuurd om een "
                "wachtwoord te kiezen.", email=user.email), "success")
        return redirect(url_for("admin.user", user_id=user.id))
    status = 400 if form.errors else 200
    return render_template("admin/user_form.html", form=form, user=None), status


@bp.route("/gebruikers/<int:user_id>", methods=["GET", "POST"])
@beheerder_only
def user(user_id: int) -> ResponseReturnValue:
    """Show and edit one account: name, e-mail, organisation, roles, active."""
    user = _get_or_404(User, user_id)
    form = _user_form(user)
    if _check_user_form(form, user):
        refusal = services.update_user(
            _actor(), user, form.name.data or "", form.email.data or "",
            _selected_organisation(form), {Role(value) for value in form.roles.data or []},
        )
        if refusal is None:
            db.session.commit()
            flash(_("Account van %(name)s is opgeslagen.", name=user.name), "success")
            return redirect(url_for("admin.user", user_id=user.id))
        db.session.rollback()
        form.roles.errors = [refusal]
    status = 400 if form.errors else 200
    return render_template(
        "admin/user_form.html", form=form, user=user, action_form=ActionForm()
    ), status


@bp.route("/gebruikers/<int:user_id>/actief", methods=["POST"])
@beheerder_only
def set_active(user_id: int) -> ResponseReturnValue:
    """Deactivate or reactivate an account."""
    user = _get_or_404(User, user_id)
    form = ActionForm()
    if not form.validate_on_submit() or form.value.data not in {"0", "1"}:
        abort(400)
    active = form.value.data == "1"
    refusal = services.set_active(_actor(), user, active)
    if refusal:
        flash(refusal, "error")
    else:
        db.session.commit()
        flash(_("Account geactiveerd.") if active else _("Account gedeactiveerd."), "success")
    return redirect(url_for("admin.user", user_id=user.id))


@bp.route("/gebruikers/<int:user_id>/wachtwoordlink", methods=["POST"])
@beheerder_only
def send_link(user_id: int) -> ResponseReturnValue:
    """Mail the person a new link to choose a password."""
    user = _get_or_404(User, user_id)
    if not ActionForm().validate_on_submit() or not user.active:
        abort(400)
    send_password_link(user, "welcome")
    db.session.commit()  # sends the queued mail
    flash(_("Er is een e-mail gestuurd naar %(email)s.", email=user.email), "success")
    return redirect(url_for("admin.user", user_id=user.id))


@bp.route("/mail")
@beheerder_only
def mail_outbox() -> ResponseReturnValue:
    """Development only: the mail the platform would have sent (no SMTP server configured)."""
    if not mail.dev_outbox_enabled():
        abort(404)
    return render_template("admin/mail_outbox.html", messages=mail.dev_outbox())
