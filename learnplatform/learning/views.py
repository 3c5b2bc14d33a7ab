"""Routes of the learning feature: catalogue, module player, dashboard and certificates."""

from __future__ import annotations

from typing import Any, NamedTuple

from flask import (
    Blueprint,
    Response,
    abort,
    current_app,
    flash,
    jsonify,
    redirect,
    render_template,
    request,
    url_for,
)
from flask.typing import ResponseReturnValue
from flask_babel import gettext as _
from flask_login import current_user
from markupsafe import Markup
from sqlalchemy.exc import IntegrityError

from learnplatform.auth.models import User
from learnplatform.auth.permissions import login_required
from learnplatform.content.schema import (
    DilemmaBlock,
    Lesson,
    Module,
    QuestionBlock,
    ReflectionBlock,
    SelfScanBlock,
    Track,
)
from learnplatform.db_types import utcnow
from learnplatform.extensions import db, limiter
from learnplatform.learning import certificates, labels, services
from learnplatform.learning.forms import (
    DilemmaForm,
    QuestionForm,
    ReflectionForm,
    RenewForm,
)
from learnplatform.learning.fragments import cached_fragment
from learnplatform.learning.progress import (
    PASSIVE_BLOCKS,
    StepState,
    TrackStatus,
    first_wrong_question,
    is_valid,
    lesson_minutes,
    lesson_progress,
    module_status,
    track_status,
)
from learnplatform.web.content import get_content

bp = Blueprint("learning", __name__)


@bp.context_processor
def _labels() -> dict[str, Any]:
    return {"labels": labels, "spread_threshold": services.SPREAD_THRESHOLD}


def _user() -> User:
    user = current_user._get_current_object()
    assert isinstance(user, User)  # noqa: S101 - guaranteed by login_required
    return user


def _module_or_404(module_id: str) -> Module:
    module = services.visible_module(_user(), get_content(), module_id)
    if module is None:
        abort(404)
    return module


def _lesson_or_404(module: Module, lesson_id: str) -> Lesson:
    lesson = services.find_lesson(module, lesson_id)
    if lesson is None:
        abort(404)
    return lesson


@bp.get("/leren")
@login_required
def catalogue() -> ResponseReturnValue:
    """Modules for the user's audience, optionally filtered by theme."""
    modules = services.visible_modules(_user(), get_content())
    theme_labels = labels.theme_labels()
    themes = sorted({m.theme for m in modules}, key=lambda t: theme_labels[t])
    theme = request.args.get("thema", "")
    shown = [m for m in modules if m.theme == theme] if theme else modules
    statuses = services.statuses_of(_user(), shown)
    completed = services.completed_module_ids(_user())
    cards = [_module_card_html(m, statuses[m.id].percent, m.id in completed, theme_labels)
             for m in shown]
    return render_template(
        "learning/catalogue.html", cards=cards, themes=themes, theme=theme,
        theme_labels=theme_labels,
    )


def _module_card_html(module: Module, percent: int, done: bool,
                      theme_labels: dict[Any, str]) -> Markup:
    """One module in the catalogue."""
    return cached_fragment(
        "learning/_module_card.html", (module.id, percent, done),
        lambda: {"m": module, "percent": percent, "done": done,
                 "theme_label": theme_labels[module.theme]})


@bp.get("/leren/<module_id>")
@login_required
def module(module_id: str) -> ResponseReturnValue:
    """Module overview: summary, lessons with progress, resume link, completion state."""
    mod = _module_or_404(module_id)
    states = services.block_states(_user(), mod)
    return render_template(
        "learning/module.html", module=mod, status=services.status_of(_user(), mod),
        lesson_percent={le.id: lesson_progress(mod, le.id, states) for le in mod.lessons},
        lesson_minutes=lesson_minutes(mod),
        completion=services.module_completion(_user(), mod.id),
        locks=services.track_locks(_user(), mod, get_content()),
        first_wrong=first_wrong_question(mod, states),
    )


def _render_lesson(
    mod: Module, lesson: Lesson, errors: dict[str, str] | None = None, status: int = 200,
    st: services.LessonState | None = None,
) -> ResponseReturnValue:
    index = mod.lessons.index(lesson)
    if st is None:
        st = services.lesson_state(_user(), mod, get_content(), lesson)
    return render_template(
        "learning/lesson.html", module=mod, lesson=lesson, index=index,
        previous=mod.lessons[index - 1] if index > 0 else None,
        next=mod.lessons[index + 1] if index + 1 < len(mod.lessons) else None,
        st=st, status=module_status(mod, st.states),
        scenarios=get_content().scenarios, errors=errors or {},
    ), status


@bp.get("/leren/<module_id>/<lesson_id>")
@login_required
def lesson(module_id: str, lesson_id: str) -> ResponseReturnValue:
    """A lesson with all its blocks; viewing it marks its reading blocks as seen."""
    mod = _module_or_404(module_id)
    les = _lesson_or_404(mod, lesson_id)
    user, content = _user(), get_content()
    st = services.lesson_state(user, mod, content, les)
    try:
        if services.mark_lesson_seen(user, mod, les, content, seen_ids=st.states):
            db.session.commit()  # a second visit changes nothing and commits nothing
            st = services.lesson_state(user, mod, content, les)
    except IntegrityError:
        # the lesson opened twice at once (two tabs): the other request marked it seen
        db.session.rollback()
        st = services.lesson_state(user, mod, content, les)
    return _render_lesson(mod, les, st=st)


def _submit(mod: Module, block: Any) -> None:
    """Hand the posted answer of one block to its service (raises AnswerError when invalid)."""
    user, content = _user(), get_content()
    if isinstance(block, QuestionBlock):
        services.answer_question(user, mod, block, QuestionForm().answer.data or [], content)
    elif isinstance(block, ReflectionBlock):
        services.save_reflection(user, mod, block, ReflectionForm().text.data or "", content)
    elif isinstance(block, SelfScanBlock):
        scores = services.parse_scan_scores(block, request.form)
        services.save_self_scan(user, mod, block, scores, content)
    elif isinstance(block, DilemmaBlock):
        scenario = content.scenarios.get(block.scenario)
        if scenario is None:
            abort(404)
        form = DilemmaForm()
        services.choose_dilemma(
            user, mod, block, scenario, form.option.data or "", form.reason.data or "", content
        )


def _submit_once_more_on_conflict(mod: Module, block: Any) -> None:
    """A double submit can race on the unique rows; the second attempt sees the first's row."""
    try:
        _submit(mod, block)
    except IntegrityError:
        db.session.rollback()
        _submit(mod, block)


def _wants_json() -> bool:
    return request.accept_mimetypes.best_match(["text/html", "application/json"]) == (
        "application/json"
    )


@bp.post("/leren/<module_id>/<lesson_id>/<block_id>")
@login_required
def answer(module_id: str, lesson_id: str, block_id: str) -> ResponseReturnValue:
    """Answer an interactive block: JSON for the script, a redirect to the block without it."""
    mod = _module_or_404(module_id)
    les = _lesson_or_404(mod, lesson_id)
    block = services.find_block(les, block_id)
    if block is None or block.type in PASSIVE_BLOCKS:
        abort(404)
    try:
        _submit_once_more_on_conflict(mod, block)
    except services.AnswerError as error:
        db.session.rollback()
        if _wants_json():
            return jsonify(ok=False, error=str(error)), 400
        return _render_lesson(mod, les, errors={block.id: str(error)}, status=400)
    db.session.commit()
    if _wants_json():
        html = render_template(
            "learning/_block.html", module=mod, lesson=les, block=block,
            st=services.lesson_state(_user(), mod, get_content(), les),
            scenarios=get_content().scenarios, errors={},
        )
        complete = services.status_of(_user(), mod).complete
        done_html = render_template("learning/_complete.html") if complete else ""
        return jsonify(ok=True, html=html, complete=complete, complete_html=done_html)
    anchor = f"blok-{block.id}"
    return redirect(url_for(".lesson", module_id=mod.id, lesson_id=les.id, _anchor=anchor))


class _StepRow(NamedTuple):
    """One step of a track as the dashboard lists it."""

    module_id: str
    state: StepState
    title: str
    waiting_for: str  # titles of the modules that unlock a locked step, comma-separated


def _track_steps_html(track: Track, status: TrackStatus, titles: dict[str, str]) -> Markup:
    """The step list of a track on the dashboard (the larger part of the page)."""

    def context() -> dict[str, Any]:
        return {"steps": [
            _StepRow(step.module_id, step.state, titles.get(step.module_id, step.module_id),
                     ", ".join(titles.get(m, m).strip() for m in step.missing))
            for step in status.steps
        ]}

    return cached_fragment("learning/_track_steps.html", (track.id, status.steps), context)


@bp.get("/mijn")
@login_required
def dashboard() -> ResponseReturnValue:
    """Mijn leeromgeving: tracks with next step and locks, modules, certificates."""
    user, content = _user(), get_content()
    completed = services.completed_module_ids(user)
    owned = certificates.user_certificates(user)
    latest = certificates.latest_track_certificates(owned)
    titles = {module_id: m.title for module_id, m in content.modules.items()}
    tracks = []
    for track in services.visible_tracks(user, content):
        certificate = latest.get(track.id)
        expired = certificate is not None and not is_valid(certificate.valid_until, utcnow())
        status = track_status(track, completed)
        tracks.append({"track": track, "status": status,
                       "steps_html": _track_steps_html(track, status, titles),
                       "certificate": certificate, "expired": expired})
    modules = [m for m in services.visible_modules(user, content) if m.id not in completed]
    statuses = services.statuses_of(user, modules)
    started = [(m, statuses[m.id]) for m in modules if statuses[m.id].started]
    return render_template(
        "learning/dashboard.html", tracks=tracks, started=started,
        module_titles=titles,
        completed=[content.modules[m] for m in sorted(completed) if m in content.modules],
        certificates=owned, now=utcnow(),
        renew_form=RenewForm() if any(t["expired"] for t in tracks) else None,
    )


@bp.post("/mijn/trajecten/<track_id>/vernieuwen")
@login_required
def renew(track_id: str) -> ResponseReturnValue:
    """Start an expired track again (renewal is redoing its modules)."""
    track = next((t for t in services.visible_tracks(_user(), get_content()) if t.id == track_id),
                 None)
    if track is None:
        abort(404)
    certificate = certificates.latest_track_certificate(_user(), track.id)
    if certificate is None or is_valid(certificate.valid_until, utcnow()):
        flash(_("Dit leertraject is nog geldig; vernieuwen is nog niet nodig."), "error")
        return redirect(url_for(".dashboard"))
    services.renew_track(_user(), track)
    db.session.commit()
    flash(_("Je bent opnieuw begonnen aan %(title)s.", title=track.title), "success")
    return redirect(url_for(".dashboard"))


def _verify_url(code: str) -> str:
    base = current_app.config.get("PUBLIC_URL")
    path = url_for(".verify", code=code)
    return f"{base.rstrip('/')}{path}" if base else url_for(".verify", code=code, _external=True)


@bp.get("/certificaten/<code>.pdf")
@login_required
def certificate_pdf(code: str) -> ResponseReturnValue:
    """Download one of your own certificates as PDF."""
    certificate = certificates.find_by_code(code)
    if certificate is None or certificate.user_id != _user().id:
        abort(404)
    pdf = certificates.render_pdf(certificate, _user().name, _verify_url(certificate.code))
    filename = f"certificaat-{certificate.code}.pdf"
    return Response(
        pdf, mimetype="application/pdf",
        headers={"Content-Disposition": f'attachment; filename="{filename}"'},
    )


@bp.get("/certificaat/<code>")
@limiter.limit("30 per minute")
def verify(code: str) -> ResponseReturnValue:
    """Public check of a verification code: valid, expired or unknown, and nothing else."""
    certificate = certificates.find_by_code(code)
    holder = db.session.get(User, certificate.user_id) if certificate else None
    state = "unknown"
    if certificate is not None and holder is not None:
        state = "valid" if is_valid(certificate.valid_until, utcnow()) else "expired"
    return render_template(
        "learning/verify.html", certificate=certificate, holder=holder, state=state,
        code=certificates.normalise_code(code)[:20],
    ), 404 if state == "unknown" else 200
