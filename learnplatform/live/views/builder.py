"""Session builder, the trainer's session list and the organisation's own dilemmas."""

from __future__ import annotations

import secrets

from flask import (
    abort,
    flash,
    redirect,
    render_template,
    request,
    url_for,
)
from flask.typing import ResponseReturnValue
from flask_babel import gettext as _
from flask_login import current_user
from pydantic import ValidationError
from wtforms.fields.choices import SelectChoice

from learnplatform.content.schema import Scenario
from learnplatform.extensions import db
from learnplatform.live import access, services
from learnplatform.live.forms import (
    FilterForm,
    LocalDilemmaForm,
    SessionForm,
    selected_refs,
)
from learnplatform.live.models import LocalDilemma
from learnplatform.live.views.common import bp, builders, trainer_only
from learnplatform.web.content import get_content
from learnplatform.web.content_labels import AUDIENCES, THEMES


def _library() -> list[tuple[str, Scenario, bool]]:
    """(ref, scenario, is_local) for every scenario the current trainer may use."""
    entries = [(sid, s, False) for sid, s in sorted(get_content().scenarios.items(),
                                                    key=lambda kv: kv[1].title)]
    for local in services.local_dilemmas_for(current_user):
        scenario = services.resolve_scenario(f"{services.LOCAL_PREFIX}{local.id}")
        if scenario is not None:
            entries.append((f"{services.LOCAL_PREFIX}{local.id}", scenario, True))
    return entries


@bp.route("/sessies")
@builders
def sessions() -> ResponseReturnValue:
    """The trainer's sessions."""
    return render_template("live/sessions.html", sessions=services.sessions_of(current_user),
                           rehearsals_only=access.rehearsals_only(current_user))


@bp.route("/sessies/nieuw", methods=["GET", "POST"])
@builders
def new_session() -> ResponseReturnValue:
    """Session builder: title, timer, attendance, scenarios in order and/or a programme."""
    form = SessionForm()
    programmes = get_content().programmes
    form.programme.choices = [SelectChoice("", _("Geen programma"))] + [
        SelectChoice(p.id, p.title) for p in programmes.values()]
    filters = FilterForm(request.args)
    library = _library()
    visible = [e for e in library
               if (not filters.thema.data or filters.thema.data in e[1].themes)
               and (not filters.doelgroep.data or filters.doelgroep.data in e[1].audience)]
    library_error = None
    if form.validate_on_submit():
        refs = selected_refs(request.form, [ref for ref, _s, _l in library])
        if form.programme.data:
            refs = list(programmes[form.programme.data].scenarios) + refs
        if refs:
            rehearsal_only = access.rehearsals_only(current_user)
            session = services.create_session(
                current_user, form.title.data or "", refs,
                attendance=bool(form.attendance.data), default_timer=form.default_timer.data,
                simulated=(form.simulated.data or 12)
                if form.rehearsal.data or rehearsal_only else None)
            db.session.commit()
            flash(_("De sessie is klaargezet."), "success")
            return redirect(url_for("live.session_detail", session_id=session.id))
        library_error = _("Kies minstens één dilemma of een programma.")
    status = 400 if request.method == "POST" else 200
    return render_template(
        "live/builder.html", form=form, filters=filters, library=visible,
        rehearsals_only=access.rehearsals_only(current_user),
        checked=set(request.form.getlist("scenario")), positions=request.form,
        library_error=library_error, theme_labels=THEMES, audience_labels=AUDIENCES,
        programmes=list(programmes.values()),
    ), status


@bp.route("/dilemmas")
@trainer_only
def dilemmas() -> ResponseReturnValue:
    """The organisation's own dilemmas, to edit or delete."""
    return render_template("live/dilemmas.html",
                           dilemmas=services.local_dilemmas_for(current_user))


def _save_dilemma(form: LocalDilemmaForm, old: LocalDilemma | None) -> bool:
    """Validate the form as a Scenario and store it (new, or a new version of `old`)."""
    try:
        data = form.scenario_data(f"lokaal-{secrets.token_hex(4)}")
        if old is None:
            services.create_local_dilemma(current_user, data)
        else:
            services.revise_local_dilemma(current_user, old, data)
    except ValidationError as error:
        db.session.rollback()
        form.apply_errors(error)
        return False
    db.session.commit()
    return True


@bp.route("/dilemmas/nieuw", methods=["GET", "POST"])
@trainer_only
def new_dilemma() -> ResponseReturnValue:
    """Write a local dilemma; validated with the same Scenario model as the content files."""
    form = LocalDilemmaForm()
    if form.validate_on_submit() and _save_dilemma(form, None):
        flash(_("Het dilemma is opgeslagen. Je kunt het nu kiezen in een sessie."), "success")
        return redirect(url_for("live.new_session"))
    status = 400 if request.method == "POST" else 200
    return render_template("live/dilemma_form.html", form=form, local=None), status


def _own_dilemma(local_id: int) -> LocalDilemma:
    local = services.local_dilemma_for(current_user, local_id)
    if local is None:
        abort(404)
    return local


@bp.route("/dilemmas/<int:local_id>/bewerken", methods=["GET", "POST"])
@trainer_only
def edit_dilemma(local_id: int) -> ResponseReturnValue:
    """Edit a local dilemma: saved as a new version, so earlier sessions keep what they showed."""
    local = _own_dilemma(local_id)
    form = LocalDilemmaForm(data=None if request.method == "POST"
                            else LocalDilemmaForm.data_from_scenario(local.data))
    if form.validate_on_submit() and _save_dilemma(form, local):
        flash(_("De wijzigingen zijn opgeslagen."), "success")
        return redirect(url_for("live.dilemmas"))
    status = 400 if request.method == "POST" else 200
    return render_template("live/dilemma_form.html", form=form, local=local), status


@bp.route("/dilemmas/<int:local_id>/verwijderen", methods=["GET", "POST"])
@trainer_only
def delete_dilemma(local_id: int) -> ResponseReturnValue:
    """Ask, then take a local dilemma out of the library (sessions that used it keep it)."""
    local = _own_dilemma(local_id)
    if request.method == "POST":
        services.archive_local_dilemma(local)
        db.session.commit()
        flash(_("Het dilemma „%(title)s” is verwijderd.", title=local.title), "success")
        return redirect(url_for("live.dilemmas"))
    return render_template("live/confirm_delete.html", title=local.title,
                           what=_("dit dilemma"),
                           note=_("Sessies waarin het al zat, houden het in hun rapport."),
                           back=url_for("live.dilemmas"))
