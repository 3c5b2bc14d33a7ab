"""Find content files under a root, parse them against the schema and check the file layout.

Layout: modules/<id>/module.yaml + modules/<id>/lessons/NN-<lesson id>.yaml, scenarios/<id>.yaml,
sessions/<id>.yaml and an optional tracks.yaml. Every problem becomes a ContentError with file and
line; parsing goes on after a problem so one run reports them all.
"""

from __future__ import annotations

import difflib
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any, TypeVar

from pydantic import BaseModel, ValidationError

from learnplatform.content import schema
from learnplatform.content.errors import ContentError
from learnplatform.content.source import Document, format_loc, read_document

DOCS = "see docs/content-format.md"
M = TypeVar("M", bound=BaseModel)


def _all_field_names() -> set[str]:
    names: set[str] = set()
    for value in vars(schema).values():
        if isinstance(value, type) and issubclass(value, BaseModel):
            names.update(value.model_fields)
    return names


_FIELD_NAMES = _all_field_names()

_VALUE_ERROR_HINTS = {
    "'regel' needs a source": "add a `source:` with the law article or document",
    "exactly one correct": "mark exactly one option `correct: true`, or set `multiple: true`",
    "at least one correct": "mark the right option(s) with `correct: true`",
    "must be unique": "give each one a different id",
    "score bands": "make the bands' min..max ranges together cover every possible total",
    "min is above its max": "swap min and max",
    "debrief names unknown options": "use the `id` of one of the scenario's options",
    "starts with one `opening`": "put one `type: opening` block first",
    "ends with one `afsluiting`": "put one `type: afsluiting` block last",
    "at least one `dilemma`": "add a `type: dilemma` block with a `scenario`",
}


def _hint(error: Any, shown: tuple[str | int, ...]) -> str:
    """What to do about one pydantic error."""
    kind, ctx, last = error["type"], error.get("ctx") or {}, shown[-1] if shown else ""
    if kind == "extra_forbidden" and last == "scenarios" and "blocks" not in shown:
        return "programmes list their dilemmas as `blocks:` with `type: dilemma`; " + DOCS
    if kind == "extra_forbidden":
        close = difflib.get_close_matches(str(last), _FIELD_NAMES, n=1)
        return f"did you mean `{close[0]}`?" if close else f"remove it or fix its spelling; {DOCS}"
    if kind == "missing":
        if last == "source":
            return "add a `source:` with the law article or document"
        return f"add `{last}:`"
    if kind == "string_too_long":
        now = len(error["input"]) if isinstance(error.get("input"), str) else "?"
        limit = ctx.get("max_length")
        return f"shorten it to at most {limit} characters so it fits a phone screen (now {now})"
    if kind in ("string_too_short", "too_short"):
        return "fill it in" if kind == "string_too_short" else f"add at least {ctx['min_length']}"
    if kind == "too_long":
        return f"keep at most {ctx.get('max_length')}"
    if kind == "string_pattern_mismatch":
        if "lessons" in shown:
            return "name lesson files like `01-lesson-id.yaml`"
        return "use lowercase letters, digits and single hyphens, e.g. `veilig-bestuur`"
    if kind in ("greater_than_equal", "less_than_equal"):
        return "use a number within the limits"
    if kind in ("int_parsing", "int_type", "bool_parsing", "bool_type"):
        return "use a whole number" if kind.startswith("int") else "use `true` or `false`"
    if kind == "string_type":
        return "put the text in quotes"
    if kind in ("union_tag_invalid", "union_tag_not_found"):
        expected = ctx.get("expected_tags") or "the block types in docs/content-format.md"
        return f"set `type:` to one of {expected}"
    if kind in ("enum", "literal_error"):
        return "use one of the values listed"
    if kind == "value_error":
        message = str(error["msg"])
        for needle, hint in _VALUE_ERROR_HINTS.items():
            if needle in message:
                return hint
    return DOCS


def _misspelled(details: list[Any]) -> dict[tuple[Any, ...], str]:
    """Unknown keys that are typos of a missing key in the same mapping: loc -> intended key."""
    missing: dict[tuple[Any, ...], list[str]] = {}
    for d in details:
        if d["type"] == "missing":
            missing.setdefault(tuple(d["loc"][:-1]), []).append(str(d["loc"][-1]))
    typos: dict[tuple[Any, ...], str] = {}
    for d in details:
        loc = tuple(d["loc"])
        if d["type"] == "extra_forbidden" and loc[:-1] in missing:
            close = difflib.get_close_matches(str(loc[-1]), missing[loc[:-1]], n=1)
            if close:
                typos[loc] = close[0]
    return typos


def validate_model(model: type[M], doc: Document) -> tuple[M | None, list[ContentError]]:
    """Validate a document against a schema model; errors point at the offending line."""
    try:
        return model.model_validate(doc.data), []
    except ValidationError as exc:
        details = exc.errors(include_url=False)
    # a list whose item failed is also "too short"; the item's own error says it all
    parents = {tuple(d["loc"][:i]) for d in details for i in range(len(d["loc"]))}
    typos = _misspelled(details)
    # a misspelled key is reported once, as unknown, not also as a missing key
    intended = {(*loc[:-1], key) for loc, key in typos.items()}
    errors = []
    for error in details:
        loc = tuple(error["loc"])
        kind = error["type"]
        if (kind == "too_short" and loc in parents) or (kind == "missing" and loc in intended):
            continue
        line, shown = doc.locate(loc, missing_key=kind == "missing")
        message = str(error["msg"]).removeprefix("Value error, ")
        hint = _hint(error, shown)
        if kind == "extra_forbidden":
            message = "unknown key"
            if loc in typos:
                hint = f"did you mean `{typos[loc]}`?"
        where = format_loc(shown)
        errors.append(
            ContentError(doc.rel, line, f"{where}: {message}" if where else message, hint)
        )
    return None, errors


@dataclass
class ParsedModule:
    """A module folder: module.yaml and the lessons that parsed."""

    folder: str
    doc: Document | None = None
    meta: schema.ModuleFile | None = None
    lessons: list[tuple[Document, schema.Lesson]] = field(default_factory=list)
    complete: bool = False

    def build(self) -> schema.Module | None:
        """The assembled Module, when module.yaml and every lesson are valid."""
        if not self.complete or self.meta is None:
            return None
        fields = self.meta.model_dump(exclude={"lessons"})
        return schema.Module(**fields, lessons=tuple(lesson for _, lesson in self.lessons))


@dataclass
class ParsedContent:
    """Everything that parsed, plus the problems found so far."""

    root: Path
    errors: list[ContentError] = field(default_factory=list)
    modules: list[ParsedModule] = field(default_factory=list)
    scenarios: list[tuple[Document, schema.Scenario]] = field(default_factory=list)
    programmes: list[tuple[Document, schema.Programme]] = field(default_factory=list)
    tracks: tuple[Document, schema.TracksFile] | None = None
    # ids that exist as files even if the file is invalid: avoids follow-up "unknown id" errors
    scenario_files: set[str] = field(default_factory=set)
    module_folders: set[str] = field(default_factory=set)

    def rel(self, path: Path) -> str:
        """Path relative to the root, with forward slashes."""
        return path.relative_to(self.root).as_posix()

    def load(self, model: type[M], path: Path) -> tuple[Document | None, M | None]:
        """Read and validate one file, recording its problems."""
        doc, errors = read_document(path, self.rel(path))
        self.errors.extend(errors)
        if doc is None:
            return None, None
        value, errors = validate_model(model, doc)
        self.errors.extend(errors)
        return doc, value

    def name_matches_id(self, doc: Document, actual: str, expected: str, rename: str) -> None:
        """Record an error when an id differs from the name its file or folder gives it."""
        if actual != expected:
            self.errors.append(
                ContentError(
                    doc.rel,
                    doc.line_for(("id",)),
                    f"id `{actual}` does not match the file name (`{expected}`)",
                    f"rename it to {rename} or change the id to `{expected}`",
                )
            )


def _visible(folder: Path) -> list[Path]:
    if not folder.is_dir():
        return []
    return sorted(p for p in folder.iterdir() if not p.name.startswith("."))


def _wrong_extension(parsed: ParsedContent, path: Path) -> None:
    parsed.errors.append(
        ContentError(
            parsed.rel(path),
            1,
            "file is not loaded: content files end in `.yaml`",
            f"rename it to {path.with_suffix('.yaml').name} or move it out of this folder",
        )
    )


def _parse_lessons(parsed: ParsedContent, module: ParsedModule, folder: Path) -> None:
    lesson_dir = folder / "lessons"
    on_disk = {p.name: p for p in _visible(lesson_dir)}
    meta, doc = module.meta, module.doc
    if meta is None or doc is None:
        # module.yaml is broken: still report problems inside the lesson files
        for path in on_disk.values():
            parsed.load(schema.Lesson, path)
        return
    complete, seen = True, set()
    for index, name in enumerate(meta.lessons):
        line = doc.line_for(("lessons", index))
        rel_dir = f"modules/{module.folder}/lessons"
        if name in seen:
            parsed.errors.append(
                ContentError(doc.rel, line, f"lesson `{name}` is listed twice", "list it once")
            )
            continue
        seen.add(name)
        if name not in on_disk:
            parsed.errors.append(
                ContentError(
                    doc.rel,
                    line,
                    f"lesson file `{rel_dir}/{name}` does not exist",
                    f"create {rel_dir}/{name} or remove it from `lessons:`",
                )
            )
            complete = False
            continue
        lesson_doc, lesson = parsed.load(schema.Lesson, on_disk[name])
        if lesson_doc is None or lesson is None:
            complete = False
            continue
        expected = name[3 : -len(".yaml")]
        parsed.name_matches_id(lesson_doc, lesson.id, expected, f"{name[:3]}{lesson.id}.yaml")
        module.lessons.append((lesson_doc, lesson))
    for name, path in on_disk.items():
        if name not in seen:
            parsed.errors.append(
                ContentError(
                    parsed.rel(path),
                    1,
                    "lesson file is not listed in module.yaml",
                    f"add `{name}` under `lessons:` in modules/{module.folder}/module.yaml "
                    "or delete the file",
                )
            )
    module.complete = complete


def _parse_modules(parsed: ParsedContent) -> None:
    for folder in _visible(parsed.root / "modules"):
        if not folder.is_dir():
            if folder.suffix in (".yaml", ".yml"):
                parsed.errors.append(
                    ContentError(
                        parsed.rel(folder),
                        1,
                        "file is not loaded: a module lives in modules/<id>/module.yaml",
                        f"move it to modules/{folder.stem}/module.yaml",
                    )
                )
            continue
        parsed.module_folders.add(folder.name)
        module = ParsedModule(folder.name)
        parsed.modules.append(module)
        module_yaml = folder / "module.yaml"
        if not module_yaml.is_file():
            parsed.errors.append(
                ContentError(
                    parsed.rel(folder),
                    1,
                    "module folder has no module.yaml",
                    f"add modules/{folder.name}/module.yaml or remove the folder",
                )
            )
            continue
        module.doc, module.meta = parsed.load(schema.ModuleFile, module_yaml)
        if module.doc is not None and module.meta is not None:
            parsed.name_matches_id(
                module.doc, module.meta.id, folder.name, f"modules/{module.meta.id}/ (the folder)"
            )
        _parse_lessons(parsed, module, folder)


def _parse_flat(parsed: ParsedContent, folder: str, model: type[M]) -> list[tuple[Document, M]]:
    found: list[tuple[Document, M]] = []
    for path in _visible(parsed.root / folder):
        if path.is_dir():
            continue
        if path.suffix != ".yaml":
            _wrong_extension(parsed, path)
            continue
        doc, value = parsed.load(model, path)
        if doc is None or value is None:
            continue
        item_id = getattr(value, "id", path.stem)
        parsed.name_matches_id(doc, item_id, path.stem, f"{folder}/{item_id}.yaml")
        found.append((doc, value))
    return found


def parse_tree(root: Path) -> ParsedContent:
    """Parse every content file under `root`, collecting schema and layout problems."""
    parsed = ParsedContent(root=root)
    _parse_modules(parsed)
    parsed.scenario_files = {p.stem for p in _visible(root / "scenarios") if p.suffix == ".yaml"}
    parsed.scenarios = _parse_flat(parsed, "scenarios", schema.Scenario)
    parsed.programmes = _parse_flat(parsed, "sessions", schema.Programme)
    tracks_path = root / "tracks.yaml"
    if tracks_path.is_file():
        doc, tracks = parsed.load(schema.TracksFile, tracks_path)
        if doc is not None and tracks is not None:
            parsed.tracks = (doc, tracks)
    return parsed
