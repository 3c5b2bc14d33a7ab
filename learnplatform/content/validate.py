"""The content validator behind `flask content check` and app start-up.

`check_content(root)` parses every file (schema and layout rules, see parse.py), then checks what
crosses files: unique ids, references, acyclic prerequisites, and Markdown that renders safely on a
phone. Every problem is a ContentError with file, line, message and hint.
"""

from __future__ import annotations

import difflib
import hashlib
import typing
from collections.abc import Iterator, Sequence
from dataclasses import dataclass
from functools import cache, lru_cache
from pathlib import Path
from types import MappingProxyType

import yaml
from markdown_it import MarkdownIt
from markdown_it.token import Token
from pydantic import BaseModel

from learnplatform.content import schema
from learnplatform.content.errors import ContentError
from learnplatform.content.parse import ParsedContent, parse_tree
from learnplatform.content.registry import ContentRegistry
from learnplatform.content.source import Document

MAX_WORD = 40
_MARKDOWN_CONSTRAINTS = typing.get_args(schema.Markdown)[1]

# Audiences whose tracks and programmes may only hold scenarios written for them: a statenlid
# or AB-lid must not meet a raad's case on the way to their certificate.
OWN_CASE_AUDIENCES = (schema.Audience.GEMEENTE, schema.Audience.PROVINCIE,
                      schema.Audience.WATERSCHAP)
# A live dilemma takes a vote, a discussion, a variation and a debrief: 20-25 minutes. A session
# of this length holds 3 or 4 of them besides opening and close.
FULL_SESSION_MINUTES = range(75, 121)
FULL_SESSION_DILEMMAS = range(3, 5)


@dataclass(frozen=True)
class CheckResult:
    """The outcome of a check: all problems, and a registry of everything that parsed."""

    errors: tuple[ContentError, ...]
    registry: ContentRegistry

    @property
    def ok(self) -> bool:
        """True when no problem was found."""
        return not self.errors


def check_content(root: Path) -> CheckResult:
    """Parse and validate every content file under `root`.

    The result depends only on the files' names and bytes, so it is shared between calls on an
    unchanged tree: every app (and every test) that starts on the same content skips the work.
    """
    return _check_snapshot(_snapshot(root), root)


def _snapshot(root: Path) -> str:
    """A digest of every path and byte the parser could read."""
    digest = hashlib.blake2b(digest_size=20)
    paths = [root / "tracks.yaml"]
    for folder in ("modules", "scenarios", "sessions"):
        if (root / folder).is_dir():
            paths += (root / folder).rglob("*")
    for path in sorted(paths):
        digest.update(path.relative_to(root).as_posix().encode() + b"\0")
        if path.is_file():
            try:
                digest.update(hashlib.blake2b(path.read_bytes(), digest_size=20).digest())
            except OSError:
                digest.update(b"unreadable")  # the parser reports it
        else:
            digest.update(b"dir" if path.is_dir() else b"none")
    return digest.hexdigest()


@lru_cache(maxsize=8)
def _check_snapshot(snapshot: str, root: Path) -> CheckResult:
    del snapshot  # part of the cache key only
    return _check(root)


def _check(root: Path) -> CheckResult:
    parsed = parse_tree(root)
    errors = list(parsed.errors)
    errors += _unique_ids(parsed)
    errors += _references(parsed)
    errors += _prerequisite_cycles(parsed)
    errors += _markdown_problems(parsed)
    errors += _debriefs(parsed)
    errors += _programme_timing(parsed)
    errors += _audience_fit(parsed)
    return CheckResult(tuple(sorted(set(errors))), _registry(parsed))


def validate_content(root: Path) -> list[ContentError]:
    """Every problem in the content under `root` (an empty list means valid)."""
    return list(check_content(root).errors)


def _registry(parsed: ParsedContent) -> ContentRegistry:
    modules = {m.id: m for m in (pm.build() for pm in parsed.modules) if m is not None}
    tracks = parsed.tracks[1].tracks if parsed.tracks else ()
    return ContentRegistry(
        modules=MappingProxyType(modules),
        scenarios=MappingProxyType({s.id: s for _, s in parsed.scenarios}),
        tracks=MappingProxyType({t.id: t for t in tracks}),
        programmes=MappingProxyType({p.id: p for _, p in parsed.programmes}),
    )


# --- unique ids ----------------------------------------------------------------------------


class _Seen:
    """Remembers where each id was first defined, and reports the second definition."""

    def __init__(self, kind: str, scope: str = "") -> None:
        self.kind, self.scope = kind, scope
        self.first: dict[str, str] = {}
        self.errors: list[ContentError] = []

    def add(self, item_id: str, doc: Document, loc: Sequence[str | int]) -> None:
        line = doc.line_for(loc)
        if item_id in self.first:
            self.errors.append(
                ContentError(
                    doc.rel,
                    line,
                    f"duplicate {self.kind} id `{item_id}`{self.scope} "
                    f"(also at {self.first[item_id]})",
                    "give each one a different id",
                )
            )
        else:
            self.first[item_id] = f"{doc.rel}:{line}"


def _unique_ids(parsed: ParsedContent) -> list[ContentError]:
    kinds = [_Seen("module"), _Seen("scenario"), _Seen("programme"), _Seen("track")]
    modules, scenarios, programmes, tracks = kinds
    for pm in parsed.modules:
        if pm.doc is not None and pm.meta is not None:
            modules.add(pm.meta.id, pm.doc, ("id",))
        lessons, blocks = _Seen("lesson", " in this module"), _Seen("block", " in this module")
        kinds += [lessons, blocks]
        for doc, lesson in pm.lessons:
            lessons.add(lesson.id, doc, ("id",))
            for i, block in enumerate(lesson.blocks):
                blocks.add(block.id, doc, ("blocks", i, "id"))
                if isinstance(block, schema.SelfScanBlock):
                    statements = _Seen("statement", " in this self-scan")
                    kinds.append(statements)
                    for j, statement in enumerate(block.statements):
                        statements.add(statement.id, doc, ("blocks", i, "statements", j, "id"))
    for doc, scenario in parsed.scenarios:
        scenarios.add(scenario.id, doc, ("id",))
    for doc, programme in parsed.programmes:
        programmes.add(programme.id, doc, ("id",))
    if parsed.tracks:
        doc, tracks_file = parsed.tracks
        for i, track in enumerate(tracks_file.tracks):
            tracks.add(track.id, doc, ("tracks", i, "id"))
    return [error for seen in kinds for error in seen.errors]


# --- references ----------------------------------------------------------------------------


def _unknown(
    doc: Document, loc: Sequence[str | int], kind: str, ref: str, known: set[str]
) -> ContentError:
    close = difflib.get_close_matches(ref, known, n=1)
    folder = "modules/<id>/module.yaml" if kind == "module" else "scenarios/<id>.yaml"
    hint = f"did you mean `{close[0]}`?" if close else f"fix the id or add {folder}"
    return ContentError(doc.rel, doc.line_for(loc), f"unknown {kind} `{ref}`", hint)


def _references(parsed: ParsedContent) -> list[ContentError]:
    known_modules = parsed.module_folders | {pm.meta.id for pm in parsed.modules if pm.meta}
    known_scenarios = parsed.scenario_files | {s.id for _, s in parsed.scenarios}
    errors: list[ContentError] = []
    for pm in parsed.modules:
        for doc, lesson in pm.lessons:
            for i, block in enumerate(lesson.blocks):
                if not isinstance(block, schema.DilemmaBlock):
                    continue
                loc: tuple[str | int, ...] = ("blocks", i, "scenario")
                if block.scenario not in known_scenarios:
                    errors.append(_unknown(doc, loc, "scenario", block.scenario, known_scenarios))
                for v, variant in enumerate(block.variants):
                    if variant.scenario not in known_scenarios:
                        loc = ("blocks", i, "variants", v, "scenario")
                        errors.append(
                            _unknown(doc, loc, "scenario", variant.scenario, known_scenarios))
    # A scenario-only root (e.g. a test fixture) cannot resolve related_modules; with modules
    # present every reference is checked.
    for doc, scenario in parsed.scenarios if known_modules else ():
        for i, module_id in enumerate(scenario.related_modules):
            if module_id not in known_modules:
                loc = ("related_modules", i)
                errors.append(_unknown(doc, loc, "module", module_id, known_modules))
    for doc, programme in parsed.programmes:
        for loc, scenario_id in _programme_scenarios(programme):
            if scenario_id not in known_scenarios:
                errors.append(_unknown(doc, loc, "scenario", scenario_id, known_scenarios))
    if parsed.tracks:
        errors += _track_references(*parsed.tracks, known_modules)
    return errors


def _track_references(
    doc: Document, tracks_file: schema.TracksFile, known_modules: set[str]
) -> list[ContentError]:
    errors: list[ContentError] = []
    for t, track in enumerate(tracks_file.tracks):
        earlier: list[str] = []
        later = [step.module for step in track.steps]
        for s, step in enumerate(track.steps):
            here = ("tracks", t, "steps", s)
            later.pop(0)
            if step.module not in known_modules:
                loc = (*here, "module")
                errors.append(_unknown(doc, loc, "module", step.module, known_modules))
            if step.module in earlier:
                errors.append(
                    ContentError(
                        doc.rel,
                        doc.line_for((*here, "module")),
                        f"module `{step.module}` appears twice in track `{track.id}`",
                        "keep one step per module",
                    )
                )
            for r, required in enumerate(step.requires):
                if required in earlier:
                    continue
                if required == step.module:
                    hint = "a module cannot require itself; remove it from `requires`"
                elif required in later:
                    hint = f"move the step for `{required}` above this one"
                else:
                    hint = f"add `{required}` as an earlier step of this track or remove it"
                errors.append(
                    ContentError(
                        doc.rel,
                        doc.line_for((*here, "requires", r)),
                        f"`{step.module}` requires `{required}`, which is not an earlier step "
                        f"of track `{track.id}`",
                        hint,
                    )
                )
            earlier.append(step.module)
    return errors


def _prerequisite_cycles(parsed: ParsedContent) -> list[ContentError]:
    """Prerequisites of all tracks together must not loop (a learner could never start)."""
    if not parsed.tracks:
        return []
    doc, tracks_file = parsed.tracks
    edges: dict[str, dict[str, tuple[str | int, ...]]] = {}
    loc: tuple[str | int, ...]
    for t, track in enumerate(tracks_file.tracks):
        for s, step in enumerate(track.steps):
            for r, required in enumerate(step.requires):
                if required != step.module:  # reported as "requires itself" already
                    loc = ("tracks", t, "steps", s, "requires", r)
                    edges.setdefault(step.module, {}).setdefault(required, loc)
    errors: list[ContentError] = []
    done: set[str] = set()

    def visit(node: str, path: list[str]) -> None:
        for required, loc in edges.get(node, {}).items():
            if required in path:
                cycle = [*path[path.index(required) :], required]
                errors.append(
                    ContentError(
                        doc.rel,
                        doc.line_for(loc),
                        "prerequisites form a cycle: " + " → ".join(cycle),
                        "remove one of these `requires` so a learner can start somewhere",
                    )
                )
            elif required not in done:
                visit(required, [*path, required])
        done.add(node)

    for start in sorted(edges):
        if start not in done:
            visit(start, [start])
    return errors


# --- Markdown ------------------------------------------------------------------------------


@cache
def _parser() -> MarkdownIt:
    # html enabled here (unlike rendering) so raw HTML shows up as tokens we can reject
    return MarkdownIt("commonmark", {"html": True})


def _markdown_fields(
    model: BaseModel, path: tuple[str | int, ...] = ()
) -> Iterator[tuple[tuple[str | int, ...], str]]:
    """(YAML path, text) of every Markdown field inside a model, recursively."""
    for name, info in type(model).model_fields.items():
        value = getattr(model, name)
        if isinstance(value, BaseModel):
            yield from _markdown_fields(value, (*path, name))
        elif isinstance(value, tuple):
            for i, item in enumerate(value):
                if isinstance(item, BaseModel):
                    yield from _markdown_fields(item, (*path, name, i))
        elif isinstance(value, str) and any(m is _MARKDOWN_CONSTRAINTS for m in info.metadata):
            yield (*path, name), value


def _documents(parsed: ParsedContent) -> Iterator[tuple[Document, BaseModel]]:
    for pm in parsed.modules:
        yield from pm.lessons
    yield from parsed.scenarios


def _markdown_problems(parsed: ParsedContent) -> list[ContentError]:
    errors: list[ContentError] = []
    for doc, model in _documents(parsed):
        for path, value in _markdown_fields(model):
            node = doc.node_at(path)
            text, first_line = value, doc.line_for(path)
            if isinstance(node, yaml.ScalarNode):
                text = str(node.value)
                if node.style in ("|", ">"):
                    first_line += 1  # a block scalar's text starts below the key
            errors += _check_markdown(doc.rel, first_line, text)
    return errors


def _check_markdown(rel: str, first_line: int, text: str) -> list[ContentError]:
    errors: list[ContentError] = []
    for token in _parser().parse(text):
        line = first_line + (token.map[0] if token.map else 0)
        if token.type == "html_block":
            errors.append(_html_error(rel, line, token.content))
        for child_line, child in _inline_children(token, line):
            if child.type == "html_inline" and not child.content.startswith("</"):
                errors.append(_html_error(rel, child_line, child.content))
            elif child.type == "image":
                errors.append(
                    ContentError(
                        rel,
                        child_line,
                        "images are not supported in Markdown",
                        "describe it in words, or link to it: [beschrijving](url)",
                    )
                )
            elif child.type in ("text", "code_inline"):
                for word in child.content.split():
                    if len(word) > MAX_WORD:
                        errors.append(
                            ContentError(
                                rel,
                                child_line,
                                f"word longer than {MAX_WORD} characters: `{word[:50]}`",
                                "it overflows a phone screen; shorten or hyphenate it, "
                                "or put a URL behind link text: [tekst](url)",
                            )
                        )
    return errors


def _inline_children(token: Token, line: int) -> Iterator[tuple[int, Token]]:
    for child in token.children or ():
        yield line, child
        if child.type in ("softbreak", "hardbreak"):
            line += 1


def _html_error(rel: str, line: int, html: str) -> ContentError:
    snippet = " ".join(html.split())[:40]
    return ContentError(
        rel,
        line,
        f"raw HTML is not allowed in Markdown: `{snippet}`",
        "use Markdown instead (**bold**, *italic*, [link](url), lists)",
    )


# --- debriefs ------------------------------------------------------------------------------


def _debriefs(parsed: ParsedContent) -> list[ContentError]:
    """Every file scenario has a complete debrief: one entry per option and a closing line."""
    errors: list[ContentError] = []
    for doc, scenario in parsed.scenarios:
        debrief = scenario.debrief
        if debrief is None:
            errors.append(ContentError(
                doc.rel, doc.line_for(("id",)), f"scenario `{scenario.id}` has no debrief",
                "add `debrief:` with `rule`, one `options` entry per option and a "
                "`closing` line; see docs/content-format.md"))
            continue
        covered = {entry.option for entry in debrief.options}
        for i, option in enumerate(scenario.options):
            if option.id not in covered:
                errors.append(ContentError(
                    doc.rel, doc.line_for(("options", i, "id")),
                    f"option `{option.id}` has no entry in the debrief",
                    f"add `- option: {option.id}` with its `values` and `arguments` under "
                    "`debrief: options:`"))
        if debrief.closing is None:
            errors.append(ContentError(
                doc.rel, doc.line_for(("debrief",)), "the debrief has no closing line",
                "add `closing:`: one sentence the trainer ends the dilemma with"))
    return errors


# --- programmes ----------------------------------------------------------------------------


def _programme_scenarios(
    programme: schema.Programme,
) -> Iterator[tuple[tuple[str | int, ...], str]]:
    """(YAML path, scenario id) of every dilemma and reserve of a programme."""
    for i, block in enumerate(programme.blocks):
        if isinstance(block, schema.ProgrammeDilemma):
            yield ("blocks", i, "scenario"), block.scenario
    for i, scenario_id in enumerate(programme.reserve):
        yield ("reserve", i), scenario_id


def _programme_timing(parsed: ParsedContent) -> list[ContentError]:
    """Blocks fill the programme's minutes exactly; a full session holds 3-4 dilemmas."""
    errors: list[ContentError] = []
    for doc, programme in parsed.programmes:
        planned = sum(block.minutes for block in programme.blocks)
        if planned != programme.minutes:
            diff = programme.minutes - planned
            hint = (f"add {diff} minutes to a block" if diff > 0
                    else f"take {-diff} minutes from a block, or add a block less")
            errors.append(ContentError(
                doc.rel, doc.line_for(("minutes",)),
                f"the blocks take {planned} minutes, the programme {programme.minutes}",
                f"{hint}, or change `minutes`"))
        dilemmas = len(programme.dilemma_blocks)
        if programme.minutes in FULL_SESSION_MINUTES and dilemmas not in FULL_SESSION_DILEMMAS:
            errors.append(ContentError(
                doc.rel, doc.line_for(("blocks",)),
                f"a programme of {programme.minutes} minutes holds 3 or 4 dilemmas, "
                f"this one {dilemmas}",
                "a dilemma needs 20-25 minutes; move the others to `reserve`"))
        seen: set[str] = set()
        for loc, scenario_id in _programme_scenarios(programme):
            if scenario_id in seen:
                errors.append(ContentError(
                    doc.rel, doc.line_for(loc),
                    f"scenario `{scenario_id}` appears twice in programme `{programme.id}`",
                    "play each dilemma once; keep it either as a block or as a reserve"))
            seen.add(scenario_id)
    return errors


# --- audience fit --------------------------------------------------------------------------


def _misfit(
    doc: Document, loc: Sequence[str | int], scenario: schema.Scenario,
    audience: schema.Audience, where: str, hint: str,
) -> ContentError:
    written_for = ", ".join(a.value for a in scenario.audience)
    return ContentError(
        doc.rel, doc.line_for(loc),
        f"scenario `{scenario.id}` (for {written_for}) in {where} for {audience.value}", hint)


def _audience_fit(parsed: ParsedContent) -> list[ContentError]:
    """Learners in a track and groups in a programme only meet cases written for them."""
    scenarios = {s.id: s for _, s in parsed.scenarios}
    return _programme_audience(parsed, scenarios) + _track_audience(parsed, scenarios)


def _programme_audience(
    parsed: ParsedContent, scenarios: dict[str, schema.Scenario]
) -> list[ContentError]:
    errors: list[ContentError] = []
    for doc, programme in parsed.programmes:
        own = [a for a in programme.audience if a in OWN_CASE_AUDIENCES]
        for i, block in enumerate(programme.blocks):
            if not isinstance(block, schema.ProgrammeDilemma) or block.scenario not in scenarios:
                continue
            scenario = scenarios[block.scenario]
            errors += [
                _misfit(doc, ("blocks", i, "scenario"), scenario, audience,
                        f"programme `{programme.id}`",
                        "choose a dilemma written for every audience of the programme; a "
                        "case for one audience can be a `reserve`")
                for audience in own if audience not in scenario.audience
            ]
    return errors


def _track_audience(
    parsed: ParsedContent, scenarios: dict[str, schema.Scenario]
) -> list[ContentError]:
    if not parsed.tracks:
        return []
    modules = {pm.meta.id: pm for pm in parsed.modules if pm.meta}
    errors: list[ContentError] = []
    reported: set[tuple[str, str, str]] = set()
    for track in parsed.tracks[1].tracks:
        for audience in (a for a in track.audience if a in OWN_CASE_AUDIENCES):
            for step in track.steps:
                pm = modules.get(step.module)
                for doc, lesson in pm.lessons if pm else ():
                    for i, block in enumerate(lesson.blocks):
                        if not isinstance(block, schema.DilemmaBlock):
                            continue
                        found = scenarios.get(block.scenario_for(frozenset({audience})))
                        key = (doc.rel, block.id, audience.value)
                        if found is None or audience in found.audience or key in reported:
                            continue
                        reported.add(key)
                        errors.append(_misfit(
                            doc, _variant_loc(block, i, audience), found, audience,
                            f"a module of track `{track.id}`",
                            f"add a variant: `variants: [{{audience: {audience.value}, "
                            "scenario: <id>}]` with a case written for them"))
    return errors


def _variant_loc(
    block: schema.DilemmaBlock, index: int, audience: schema.Audience
) -> tuple[str | int, ...]:
    """Where the scenario a learner of this audience gets is named: the variant, else the block."""
    for v, variant in enumerate(block.variants):
        if variant.audience is audience:
            return ("blocks", index, "variants", v, "scenario")
    return ("blocks", index, "scenario")


def markdown_problems(model: BaseModel) -> list[tuple[tuple[str | int, ...], ContentError]]:
    """(field path, problem) for every Markdown field of a model that the content checks refuse
    (raw HTML, images, overlong words): for content typed into a form, such as a trainer's own
    dilemma, checked like a content file."""
    return [(path, error) for path, text in _markdown_fields(model)
            for error in _check_markdown("", 1, text)]
