"""Learning services: record progress and answers, compute completion at once, issue certificates.

Services change state and flush; the calling view commits. Every answer is validated against the
content first, so invalid input raises AnswerError and stores nothing.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from dataclasses import dataclass
from typing import Any

from flask_babel import gettext as _
from sqlalchemy import bindparam, delete, select

from learnplatform.auth.models import OrganisationKind, Role, User
from learnplatform.content.registry import ContentRegistry
from learnplatform.content.schema import (
    Audience,
    Block,
    DilemmaBlock,
    Lesson,
    Module,
    QuestionBlock,
    ReflectionBlock,
    Scenario,
    SelfScanBlock,
    Track,
)
from learnplatform.db_types import utcnow
from learnplatform.extensions import db
from learnplatform.learning import certificates, signals
from learnplatform.learning.models import (
    BlockProgress,
    Certificate,
    CertificateKind,
    DilemmaChoice,
    DilemmaTally,
    ModuleCompletion,
    Reflection,
)
from learnplatform.learning.progress import (
    PASSIVE_BLOCKS,
    BlockState,
    ModuleStatus,
    is_answer_correct,
    module_status,
    spread_visible,
    track_status,
)

REFLECTION_MAX = 4000
REASON_MAX = 1000
SPREAD_THRESHOLD = 5


class AnswerError(ValueError):
    """Invalid input for a block; the message is translated and safe to show."""


# --- audience -------------------------------------------------------------------------------


def user_audiences(user: User) -> frozenset[Audience] | None:
    """The audiences whose content this user sees; None means everything (beheerder)."""
    if user.has_role(Role.BEHEERDER):
        return None
    kinds = {
        OrganisationKind.GEMEENTE: Audience.GEMEENTE,
        OrganisationKind.PROVINCIE: Audience.PROVINCIE,
        OrganisationKind.WATERSCHAP: Audience.WATERSCHAP,
    }
    audiences: set[Audience] = set()
    if user.organisation is not None:
        audiences.add(kinds[user.organisation.kind])
    else:
        audiences.update(kinds.values())
    if user.has_role(Role.GRIFFIER):
        audiences.add(Audience.GRIFFIER)
    return frozenset(audiences)


def _fits(audience: Iterable[Audience], allowed: frozenset[Audience] | None) -> bool:
    return allowed is None or bool(allowed.intersection(audience))


def visible_modules(user: User, content: ContentRegistry) -> list[Module]:
    """Modules written for this user's audience, in catalogue order (by title)."""
    allowed = user_audiences(user)
    found = [m for m in content.modules.values() if _fits(m.audience, allowed)]
    return sorted(found, key=lambda m: m.title.lower())


def visible_module(user: User, content: ContentRegistry, module_id: str) -> Module | None:
    """The module if it fits the user's audience, showing that audience's dilemma variants."""
    module = content.modules.get(module_id)
    allowed = user_audiences(user)
    if module is None or not _fits(module.audience, allowed):
        return None
    return module.for_audiences(allowed)


def visible_tracks(user: User, content: ContentRegistry) -> list[Track]:
    """Tracks written for this user's audience."""
    allowed = user_audiences(user)
    return [t for t in content.tracks.values() if _fits(t.audience, allowed)]


def track_locks(
    user: User, module: Module, content: ContentRegistry
) -> list[tuple[Track, list[str]]]:
    """Per visible track where `module` is locked: the titles of the modules that unlock it."""
    done = completed_module_ids(user)
    return [
        (track, [content.modules[m].title if m in content.modules else m for m in step.missing])
        for track in visible_tracks(user, content)
        for step in track_status(track, done).steps
        if step.module_id == module.id and step.missing
    ]


def find_lesson(module: Module, lesson_id: str) -> Lesson | None:
    """The lesson with this id in `module`, if any."""
    return next((lesson for lesson in module.lessons if lesson.id == lesson_id), None)


def find_block(lesson: Lesson, block_id: str) -> Block | None:
    """The block with this id in `lesson`, if any."""
    return next((block for block in lesson.blocks if block.id == block_id), None)


# --- reading state --------------------------------------------------------------------------


# The statements every page runs, built once: SQLAlchemy runs a statement object it has seen
# about twice as fast as a newly built one.
_PROGRESS_ROWS = select(BlockProgress).where(
    BlockProgress.user_id == bindparam("user_id"), BlockProgress.module_id == bindparam("module_id")
)
_ALL_PROGRESS = select(
    BlockProgress.module_id, BlockProgress.block_id, BlockProgress.correct
).where(BlockProgress.user_id == bindparam("user_id"))
_COMPLETED_IDS = select(ModuleCompletion.module_id).where(
    ModuleCompletion.user_id == bindparam("user_id")
)


def _progress_rows(user: User, module_id: str) -> list[BlockProgress]:
    return list(db.session.scalars(_PROGRESS_ROWS, {"user_id": user.id, "module_id": module_id}))


def block_states(user: User, module: Module) -> dict[str, BlockState]:
    """The user's state per block id in `module`."""
    return {
        row.block_id: BlockState(done=True, correct=row.correct)
        for row in _progress_rows(user, module.id)
    }


def status_of(user: User, module: Module) -> ModuleStatus:
    """The user's status in `module`."""
    return module_status(module, block_states(user, module))


def statuses_of(user: User, modules: Iterable[Module]) -> dict[str, ModuleStatus]:
    """The user's status per module id in `modules`, from one query for all their progress."""
    states: dict[str, dict[str, BlockState]] = {}
    rows = db.session.execute(_ALL_PROGRESS, {"user_id": user.id})
    for module_id, block_id, correct in rows:
        states.setdefault(module_id, {})[block_id] = BlockState(done=True, correct=correct)
    return {
        module.id: module_status(module, states[module.id]) if module.id in states
        else _not_started(module)
        for module in modules
    }


# module id -> (module, its status without progress): the same for every learner
_NOT_STARTED: dict[str, tuple[Module, ModuleStatus]] = {}


def _not_started(module: Module) -> ModuleStatus:
    cached = _NOT_STARTED.get(module.id)
    if cached is None or cached[0] is not module:  # another app's content (tests)
        cached = _NOT_STARTED[module.id] = (module, module_status(module, {}))
    return cached[1]


def completed_module_ids(user: User) -> set[str]:
    """Ids of the modules this user has completed."""
    return set(db.session.scalars(_COMPLETED_IDS, {"user_id": user.id}))


def module_completion(user: User, module_id: str) -> ModuleCompletion | None:
    """The completion row of a module, if completed."""
    return db.session.scalars(
        select(ModuleCompletion).where(
            ModuleCompletion.user_id == user.id, ModuleCompletion.module_id == module_id
        )
    ).first()


@dataclass(frozen=True)
class Spread:
    """The platform-wide choices in a dilemma; counts only shown from the threshold on."""

    total: int
    counts: Mapping[str, int]
    visible: bool
    needed: int


def dilemma_spread(scenario: Scenario) -> Spread:
    """How all learners chose in this scenario (aggregate only)."""
    rows = db.session.scalars(select(DilemmaTally).where(DilemmaTally.scenario_id == scenario.id))
    counts = {row.option_id: row.count for row in rows}
    total = sum(counts.get(o.id, 0) for o in scenario.options)
    visible = spread_visible(total, SPREAD_THRESHOLD)
    return Spread(total, counts if visible else {}, visible, max(0, SPREAD_THRESHOLD - total))


@dataclass(frozen=True)
class LessonState:
    """Everything the lesson template needs about the user's own answers."""

    states: dict[str, BlockState]
    answers: dict[str, Any]
    reflections: dict[str, str]
    choices: dict[str, DilemmaChoice]
    spreads: dict[str, Spread]


def lesson_state(
    user: User, module: Module, content: ContentRegistry, lesson: Lesson | None = None
) -> LessonState:
    """The user's own answers in a module, for rendering feedback (author only).

    `states` and `answers` cover the whole module; reflections, dilemma choices and spreads only
    the blocks of `lesson` when given (all the page shows).
    """
    rows = _progress_rows(user, module.id)
    blocks = list(lesson.blocks) if lesson else [block for _lesson, block in module.blocks()]
    reflections: Iterable[Reflection] = ()
    if any(isinstance(b, ReflectionBlock) for b in blocks):
        reflections = db.session.scalars(select(Reflection).where(
            Reflection.user_id == user.id, Reflection.module_id == module.id))
    scenario_ids = {b.scenario for b in blocks if isinstance(b, DilemmaBlock)}
    choices: Iterable[DilemmaChoice] = ()
    if scenario_ids:
        choices = db.session.scalars(select(DilemmaChoice).where(
            DilemmaChoice.user_id == user.id, DilemmaChoice.scenario_id.in_(scenario_ids)))
    spreads = {
        sid: dilemma_spread(content.scenarios[sid])
        for sid in scenario_ids
        if sid in content.scenarios
    }
    return LessonState(
        states={r.block_id: BlockState(done=True, correct=r.correct) for r in rows},
        answers={r.block_id: r.answer for r in rows},
        reflections={r.block_id: r.text for r in reflections},
        choices={c.scenario_id: c for c in choices},
        spreads=spreads,
    )


# --- recording ------------------------------------------------------------------------------


def _upsert_progress(
    user: User, module: Module, block_id: str, answer: Any = None, correct: bool | None = None
) -> BlockProgress:
    row = db.session.scalars(
        select(BlockProgress).where(
            BlockProgress.user_id == user.id,
            BlockProgress.module_id == module.id,
            BlockProgress.block_id == block_id,
        )
    ).first()
    if row is None:
        if not _progress_rows(user, module.id):
            signals.module_started.send(user, module=module)
        row = BlockProgress(user_id=user.id, module_id=module.id, block_id=block_id)
        db.session.add(row)
    row.answer = answer
    row.correct = correct
    row.updated_at = utcnow()
    return row


def mark_lesson_seen(
    user: User, module: Module, lesson: Lesson, content: ContentRegistry,
    seen_ids: Iterable[str] | None = None,
) -> bool:
    """Mark the lesson's text and callout blocks as seen (viewing the page is reading them).

    `seen_ids`: the ids of the module's blocks with progress, when the caller has them already.
    Returns whether anything changed, so the caller commits only then.
    """
    seen = (set(seen_ids) if seen_ids is not None
            else {r.block_id for r in _progress_rows(user, module.id)})
    added = False
    for block in lesson.blocks:
        if block.type in PASSIVE_BLOCKS and block.id not in seen:
            if not seen and not added:
                signals.module_started.send(user, module=module)
            db.session.add(BlockProgress(user_id=user.id, module_id=module.id, block_id=block.id))
            added = True
    if added:
        db.session.flush()
        update_completion(user, module, content)
    return added


def answer_question(
    user: User, module: Module, block: QuestionBlock, chosen: list[str], content: ContentRegistry
) -> bool:
    """Store the latest answer to a question; returns whether it is correct."""
    known = {o.id for o in block.options}
    picked = list(dict.fromkeys(chosen))
    if not picked:
        raise AnswerError(_("Kies een antwoord."))
    if any(option_id not in known for option_id in picked):
        raise AnswerError(_("Dit antwoord hoort niet bij de vraag. Kies een van de opties."))
    if not block.multiple and len(picked) != 1:
        raise AnswerError(_("Kies één antwoord."))
    correct = is_answer_correct(set(picked), {o.id for o in block.options if o.correct})
    _upsert_progress(user, module, block.id, answer=picked, correct=correct)
    db.session.flush()
    signals.question_answered.send(user, module=module, block=block, success=correct)
    update_completion(user, module, content)
    return correct


def save_reflection(
    user: User, module: Module, block: ReflectionBlock, text: str, content: ContentRegistry
) -> None:
    """Store a private reflection (replacing an earlier one)."""
    text = text.strip()
    if not text:
        raise AnswerError(_("Schrijf eerst je reflectie."))
    if len(text) > REFLECTION_MAX:
        raise AnswerError(
            _("Je reflectie is te lang (maximaal %(max)s tekens).", max=REFLECTION_MAX)
        )
    row = db.session.scalars(
        select(Reflection).where(
            Reflection.user_id == user.id,
            Reflection.module_id == module.id,
            Reflection.block_id == block.id,
        )
    ).first()
    if row is None:
        row = Reflection(user_id=user.id, module_id=module.id, block_id=block.id, text=text)
        db.session.add(row)
    row.text = text
    row.updated_at = utcnow()
    _upsert_progress(user, module, block.id)
    db.session.flush()
    update_completion(user, module, content)


def parse_scan_scores(block: SelfScanBlock, form: Mapping[str, str]) -> dict[str, int]:
    """Read one score per statement (fields `score-<statement id>`) or raise AnswerError."""
    scores: dict[str, int] = {}
    for statement in block.statements:
        raw = (form.get(f"score-{statement.id}") or "").strip()
        if not raw:
            raise AnswerError(_("Geef bij elke uitspraak een score."))
        if not raw.isdigit() or not 1 <= int(raw) <= block.scale_max:
            raise AnswerError(
                _("Een score ligt tussen 1 en %(max)s.", max=block.scale_max)
            )
        scores[statement.id] = int(raw)
    return scores


def save_self_scan(
    user: User, module: Module, block: SelfScanBlock, scores: dict[str, int],
    content: ContentRegistry,
) -> int:
    """Store the scores of a self-scan; returns the total."""
    _upsert_progress(user, module, block.id, answer=scores)
    db.session.flush()
    update_completion(user, module, content)
    return sum(scores.values())


def choose_dilemma(
    user: User, module: Module, block: DilemmaBlock, scenario: Scenario,
    option_id: str, reason: str, content: ContentRegistry,
) -> None:
    """Store the learner's private choice and move the anonymous tally along with it."""
    if not option_id:
        raise AnswerError(_("Kies eerst een optie."))
    if scenario.option(option_id) is None:
        raise AnswerError(_("Deze optie hoort niet bij het dilemma. Kies een van de opties."))
    reason = reason.strip()
    if len(reason) > REASON_MAX:
        raise AnswerError(_("Je toelichting is te lang (maximaal %(max)s tekens).", max=REASON_MAX))
    choice = db.session.scalars(
        select(DilemmaChoice).where(
            DilemmaChoice.user_id == user.id, DilemmaChoice.scenario_id == scenario.id
        )
    ).first()
    if choice is None:
        choice = DilemmaChoice(user_id=user.id, scenario_id=scenario.id, option_id=option_id)
        db.session.add(choice)
        _tally(scenario.id, option_id, +1)
    elif choice.option_id != option_id:
        _tally(scenario.id, choice.option_id, -1)
        _tally(scenario.id, option_id, +1)
        choice.option_id = option_id
    choice.reason = reason or None
    choice.updated_at = utcnow()
    _upsert_progress(user, module, block.id)
    db.session.flush()
    update_completion(user, module, content)


def _tally(scenario_id: str, option_id: str, delta: int) -> None:
    row = db.session.get(DilemmaTally, (scenario_id, option_id))
    if row is None:
        row = DilemmaTally(scenario_id=scenario_id, option_id=option_id, count=0)
        db.session.add(row)
    row.count = max(0, (row.count or 0) + delta)


# --- completion and certificates --------------------------------------------------------------


def update_completion(user: User, module: Module, content: ContentRegistry) -> list[Certificate]:
    """Record completion the moment a module is done; issue module and track certificates."""
    if module_completion(user, module.id) is not None or not status_of(user, module).complete:
        return []
    completion = ModuleCompletion(user_id=user.id, module_id=module.id, completed_at=utcnow())
    db.session.add(completion)
    db.session.flush()
    signals.module_completed.send(user, module=module, completion=completion)
    issued = [certificates.issue(user, CertificateKind.MODULE, module.id, module.title, None)]
    done = completed_module_ids(user)
    for track in content.tracks.values():
        in_track = any(step.module == module.id for step in track.steps)
        if in_track and track_status(track, done).complete:
            certificate = certificates.issue(
                user, CertificateKind.TRACK, track.id, track.certificate_title,
                track.validity_months,
            )
            signals.track_completed.send(user, track=track, certificate=certificate)
            issued.append(certificate)
    return issued


def issue_missing_track_certificates(user: User, content: ContentRegistry) -> list[Certificate]:
    """Certify tracks already complete but never certified (e.g. a track added to the content
    after its modules were done); an expired certificate is renewed by redoing, not here."""
    done = completed_module_ids(user)
    issued = []
    for track in content.tracks.values():
        if (track_status(track, done).complete
                and certificates.latest_track_certificate(user, track.id) is None):
            certificate = certificates.issue(
                user, CertificateKind.TRACK, track.id, track.certificate_title,
                track.validity_months)
            signals.track_completed.send(user, track=track, certificate=certificate)
            issued.append(certificate)
    return issued


def renew_track(user: User, track: Track) -> None:
    """Start a track again: clear progress and completion of its modules (answers are redone)."""
    module_ids = [step.module for step in track.steps]
    db.session.execute(
        delete(BlockProgress).where(
            BlockProgress.user_id == user.id, BlockProgress.module_id.in_(module_ids)
        )
    )
    db.session.execute(
        delete(ModuleCompletion).where(
            ModuleCompletion.user_id == user.id, ModuleCompletion.module_id.in_(module_ids)
        )
    )
    db.session.flush()


# --- personal data export ---------------------------------------------------------------------


def learning_personal_data(user: User) -> dict[str, Any]:
    """All learning data about `user`, for the account data export (JSON-serialisable)."""

    def rows(model: Any) -> list[Any]:
        return list(db.session.scalars(select(model).where(model.user_id == user.id)))

    return {
        "progress": [
            {"module": r.module_id, "block": r.block_id, "answer": r.answer,
             "correct": r.correct, "updated_at": r.updated_at.isoformat()}
            for r in rows(BlockProgress)
        ],
        "reflections": [
            {"module": r.module_id, "block": r.block_id, "text": r.text,
             "updated_at": r.updated_at.isoformat()}
            for r in rows(Reflection)
        ],
        "dilemma_choices": [
            {"scenario": r.scenario_id, "option": r.option_id, "reason": r.reason,
             "updated_at": r.updated_at.isoformat()}
            for r in rows(DilemmaChoice)
        ],
        "completed_modules": [
            {"module": r.module_id, "completed_at": r.completed_at.isoformat()}
            for r in rows(ModuleCompletion)
        ],
        "certificates": [
            {"kind": r.kind.value, "ref": r.ref_id, "title": r.title, "code": r.code,
             "issued_at": r.issued_at.isoformat(),
             "valid_until": r.valid_until.isoformat() if r.valid_until else None}
            for r in rows(Certificate)
        ],
    }


def erase_learning_data(user: User) -> None:
    """Delete every per-user learning row (for databases that do not enforce the FK cascade).

    The anonymous dilemma tally keeps its counts: they link to no one.
    """
    for model in (BlockProgress, Reflection, DilemmaChoice, ModuleCompletion, Certificate):
        db.session.execute(delete(model).where(model.user_id == user.id))
    db.session.flush()
