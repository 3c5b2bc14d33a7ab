"""Session builder, the trainer's session list and the organisation's own dilemmas."""

from __future__ import annotations

import secrets
from collections.abc import Mapping
from dataclasses import dataclass, replace
from typing import Any

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

from learnplatform.auth.models import Role
from learnplatform.auth.permissions import is_allowed
from learnplatform.content.schema import Programme, Scenario
from learnplatform.extensions import db
from learnplatform.live import access, broadcast, draft, durations, services
from learnplatform.live.engine import IllegalCommand, PhaseChanged
from learnplatform.live.forms import (
    FilterForm,
    LocalDilemmaForm,
    RenameForm,
    SessionForm,
)
from learnplatform.live.models import LiveSession, LocalDilemma
from learnplatform.live.protocol import message
from learnplatform.live.snapshot import forget_cached, render_markdown
from learnplatform.live.views.common import bp, builders, owned_session, trainer_only
from learnplatform.on_commit import on_commit
from learnplatform.web.content import get_content
from learnplatform.web.content_labels import AUDIENCES, THEMES


@dataclass(frozen=True)
class LibraryEntry:
    """A dilemma in the builder's library, with its estimated minutes and filter data."""

    ref: str
    scenario: Scenario
    is_local: bool
    minutes: int
    band: str
    search: str
    visible: bool = True


def _library(programme: Programme | None, extra_refs: list[str]) -> list[LibraryEntry]:
    """Every scenario the current trainer may use (plus `extra_refs`, e.g. an archived version a
    session being edited still holds), sorted by title."""
    found = [(sid, s, False) for sid, s in get_content().scenarios.items()]
    for local in services.local_dilemmas_for(current_user):
        ref = f"{services.LOCAL_PREFIX}{local.id}"
        scenario = services.resolve_scenario(ref)
        if scenario is not None:
            found.append((ref, scenario, True))
    known = {ref for ref, _s, _l in found}
    for ref in extra_refs:
        scenario = services.resolve_scenario(ref)
        if ref not in known and scenario is not None:
            found.append((ref, scenario, ref.startswith(services.LOCAL_PREFIX)))
    entries = []
    for ref, scenario, is_local in sorted(found, key=lambda e: e[1].title.casefold()):
        minutes = durations.estimate_minutes(scenario, programme)
        text = " ".join([scenario.title, scenario.situation, scenario.question,
                         *(o.label for o in scenario.options)]).casefold()
        entries.append(LibraryEntry(ref, scenario, is_local, minutes,
                                    durations.duration_band(minutes), text))
    return entries


def _programme_choices(form: SessionForm) -> Mapping[str, Programme]:
    programmes = get_content().programmes
    form.programme.choices = [SelectChoice("", _("Geen programma"))] + [
        SelectChoice(p.id, _("%(title)s (%(minutes)s min, %(n)s dilemma's)", title=p.title,
                             minutes=p.minutes, n=len(p.scenarios)))
        for p in programmes.values()]
    return programmes


def _initial(session: LiveSession | None) -> tuple[dict[str, Any], list[str]]:
    """Form data and dilemma list to start from: the session being edited, a programme from
    the query string (`?programma=<id>`), or nothing."""
    if session is not None:
        return ({"title": session.title, "default_timer": session.default_timer,
                 "attendance": session.attendance_enabled,
                 "rehearsal": bool(session.simulated_participants),
                 "simulated": session.simulated_participants or 12},
                [item.scenario_ref for item in session.items])
    programme = get_content().programmes.get(request.args.get("programma", ""))
    if programme is None:
        return {}, []
    return {"title": programme.title, "programme": programme.id}, list(programme.scenarios)


def _save(form: SessionForm, session: LiveSession | None, refs: list[str]) -> LiveSession:
    """Create the session, or apply the edit; raises IllegalCommand and changes nothing."""
    rehearsal_only = access.rehearsals_only(current_user)
    simulated = ((form.simulated.data or 12) if form.rehearsal.data or rehearsal_only
                 else None)
    options: dict[str, Any] = {"attendance": bool(form.attendance.data),
                               "default_timer": form.default_timer.data, "simulated": simulated}
    if session is None:
        return services.create_session(current_user, form.title.data or "", refs, **options)
    services.edit_session(session, form.title.data or "", refs, **options)
    return session


def _builder(session: LiveSession | None) -> ResponseReturnValue:
    """The session builder for a new session or one being edited (see `live.draft`)."""
    posted = request.method == "POST"
    initial, start_refs = ({}, []) if posted else _initial(session)
    form = SessionForm(data=initial or None)
    programmes = _programme_choices(form)
    programme = programmes.get(form.programme.data or "")
    filters = FilterForm(request.form if posted else request.args)
    existing = [item.scenario_ref for item in session.items] if session else []
    library = _library(programme, existing)
    allowed = [e.ref for e in library]
    refs = draft.clean_refs(request.form.getlist("item") if posted else start_refs, allowed)
    action = draft.parse_action(request.form.get("action")) if posted else draft.Action("refresh")
    by_ref = {e.ref: e for e in library}
    announce, error, status = "", "", 200
    if action.verb in draft.ITEM_VERBS:
        try:
            refs = draft.apply(refs, action, allowed)
        except draft.DraftError as refused:
            error, status = message(refused.code), 400
        else:
            announce = _announce(action, by_ref, refs)
    elif action.verb == "programme":
        if programme is None:
            error, status = _("Kies eerst een programma."), 400
        else:
            refs = draft.fill(programme.scenarios, allowed)
            form.title.data = form.title.data or programme.title
            announce = _("Het programma „%(title)s” staat in je sessie: %(n)s dilemma's. Je kunt "
                         "ze nog wisselen, verplaatsen of verwijderen.",
                         title=programme.title, n=len(refs))
    elif action.verb == "create":
        if not refs and programme is not None:  # a programme chosen but not loaded: use it
            refs = draft.fill(programme.scenarios, allowed)
        if programme is not None and not form.title.data:
            form.title.data = programme.title
        if form.validate() and refs:
            try:
                saved = _save(form, session, refs)
            except IllegalCommand as refused:
                db.session.rollback()
                error = message(refused.code)
            else:
                if session is not None:
                    _tell_open_views(session)
                db.session.commit()
                flash(_("De sessie is bijgewerkt.") if session else
                      _("De sessie is klaargezet."), "success")
                return redirect(url_for("live.session_detail", session_id=saved.id))
        elif not refs:
            error = _("Kies minstens één dilemma of een programma.")
        status = 400
    chosen = [by_ref[ref] for ref in refs]
    library = [replace(e, visible=filters.matches(e.scenario.themes, e.scenario.audience,
                                                  e.band, e.search)) for e in library]
    return render_template(
        "live/builder.html", form=form, filters=filters, library=library, chosen=chosen,
        chosen_refs=set(refs), total=sum(e.minutes for e in chosen), session=session,
        visible_count=sum(1 for e in library if e.visible), announce=announce, error=error,
        rehearsals_only=access.rehearsals_only(current_user), theme_labels=THEMES,
        audience_labels=AUDIENCES, render_markdown=render_markdown,
        action_url=request.path, programmes=list(get_content().programmes.values()),
    ), status


def _tell_open_views(session: LiveSession) -> None:
    """Send an edited session (title, dilemmas) to projector, control and phones already open.

    An edit is no engine transition, so the current phase stands in as the event. Call it
    before the commit: the broadcast is delivered by the commit (learnplatform.on_commit).
    """
    state = services.load_state(session)
    # a new title keeps the version: drop the cached phone state once the edit is committed
    # (dropping it earlier lets a join cache the old title again before the commit)
    on_commit(lambda: forget_cached(session.id))
    broadcast.transition(session, [PhaseChanged(state.phase, state.item, None)])


def _announce(action: draft.Action, by_ref: dict[str, LibraryEntry], refs: list[str]) -> str:
    """What changed, for the status line (read out by screen readers)."""
    title = by_ref[action.ref].scenario.title if action.ref in by_ref else action.ref
    total = sum(by_ref[r].minutes for r in refs)
    done = {
        "add": _("„%(title)s” staat nu in je sessie.", title=title),
        "remove": _("„%(title)s” is uit je sessie gehaald.", title=title),
        "up": _("„%(title)s” staat nu op plaats %(n)s.", title=title,
                n=refs.index(action.ref) + 1 if action.ref in refs else 0),
        "down": _("„%(title)s” staat nu op plaats %(n)s.", title=title,
                  n=refs.index(action.ref) + 1 if action.ref in refs else 0),
    }[action.verb]
    return " ".join([done, _("Je sessie: %(n)s dilemma's, ongeveer %(m)s minuten.",
                             n=len(refs), m=total)])


@bp.route("/sessies")
@builders
def sessions() -> ResponseReturnValue:
    """The trainer's sessions, with the ready-made programmes one click from the builder."""
    return render_template("live/sessions.html", sessions=services.sessions_of(current_user),
                           rehearsals_only=access.rehearsals_only(current_user),
                           programmes=list(get_content().programmes.values()),
                           is_griffier=is_allowed(current_user, Role.GRIFFIER))


@bp.route("/sessies/nieuw", methods=["GET", "POST"])
@builders
def new_session() -> ResponseReturnValue:
    """Session builder: settings, the library and the ordered list "Jouw sessie"."""
    return _builder(None)


@bp.route("/sessies/<int:session_id>/bewerken", methods=["GET", "POST"])
@builders
def edit_session(session_id: int) -> ResponseReturnValue:
    """Edit a session: everything until it starts, afterwards only its title."""
    session = owned_session(session_id)
    if services.can_edit(session):
        return _builder(session)
    form = RenameForm(data=None if request.method == "POST" else {"title": session.title})
    if form.validate_on_submit():
        services.rename_session(session, form.title.data or "")
        _tell_open_views(session)
        db.session.commit()
        flash(_("De titel is gewijzigd."), "success")
        return redirect(url_for("live.session_detail", session_id=session.id))
    status = 400 if request.method == "POST" else 200
    return render_template("live/rename.html", form=form, session=session), status


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
    except services.MarkdownRefused as refused:
        db.session.rollback()
        form.apply_markdown_problems(refused.paths)
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
