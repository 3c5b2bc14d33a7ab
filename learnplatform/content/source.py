"""YAML documents that remember where every value came from, so errors can name a line."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import yaml

from learnplatform.content.errors import ContentError

# libyaml is much faster; the pure-Python loader gives the same nodes and marks.
_Loader: type[yaml.SafeLoader] = getattr(yaml, "CSafeLoader", yaml.SafeLoader)

Loc = Sequence[str | int]


@dataclass(frozen=True)
class Document:
    """A parsed YAML file: its plain data plus the node tree with line marks."""

    rel: str
    node: yaml.Node
    data: Any

    def node_at(self, path: Loc) -> yaml.Node | None:
        """The node at a key/index path, or None when the path does not exist."""
        node: yaml.Node | None = self.node
        for part in path:
            node = _child(node, part)[1] if node is not None else None
        return node

    def locate(self, loc: Loc, missing_key: bool = False) -> tuple[int, tuple[str | int, ...]]:
        """Best line for a (pydantic) location, and the location as it appears in the YAML.

        Parts that name no key are skipped (discriminator tags); with `missing_key` the last
        part is a key that should exist, and the line is that of the mapping that lacks it.
        """
        node = self.node
        line = _line(node)
        shown: list[str | int] = []
        for index, part in enumerate(loc):
            key_line, child = _child(node, part)
            if child is None:
                if missing_key and index == len(loc) - 1:
                    shown.append(part)
                continue
            node, line = child, key_line
            shown.append(part)
        return line, tuple(shown)

    def line_for(self, loc: Loc) -> int:
        """Line (1-based) of a location; see `locate`."""
        return self.locate(loc)[0]


def _line(node: yaml.Node) -> int:
    return int(node.start_mark.line) + 1


def _child(node: yaml.Node, part: str | int) -> tuple[int, yaml.Node | None]:
    """(line of the key or item, child node) for one path part."""
    if isinstance(node, yaml.MappingNode) and isinstance(part, str):
        for key, value in node.value:
            if isinstance(key, yaml.ScalarNode) and key.value == part:
                return _line(key), value
    if (
        isinstance(node, yaml.SequenceNode)
        and isinstance(part, int)
        and 0 <= part < len(node.value)
    ):
        item = node.value[part]
        return _line(item), item
    return 0, None


def format_loc(loc: Loc) -> str:
    """`blocks[2].options[0].feedback` style text for a location."""
    text = ""
    for part in loc:
        text += f"[{part}]" if isinstance(part, int) else (f".{part}" if text else part)
    return text


def _duplicate_keys(node: yaml.Node, rel: str) -> list[ContentError]:
    errors: list[ContentError] = []
    stack = [node]
    while stack:
        current = stack.pop()
        if isinstance(current, yaml.MappingNode):
            seen: dict[str, int] = {}
            for key, value in current.value:
                name = str(key.value)
                if name in seen:
                    errors.append(
                        ContentError(
                            rel,
                            _line(key),
                            f"duplicate key `{name}` (first on line {seen[name]})",
                            "remove one of the two; YAML would silently keep only the last",
                        )
                    )
                else:
                    seen[name] = _line(key)
                stack.append(value)
        elif isinstance(current, yaml.SequenceNode):
            stack.extend(current.value)
    return errors


def read_document(path: Path, rel: str) -> tuple[Document | None, list[ContentError]]:
    """Parse one YAML file; returns the document (None when unusable) and any problems."""
    try:
        text = path.read_text(encoding="utf-8")
    except (OSError, UnicodeDecodeError) as exc:
        return None, [ContentError(rel, 1, f"cannot read file: {exc}", "save it as UTF-8 text")]
    loader = _Loader(text)
    try:
        node = loader.get_single_node()
        if node is None:
            return None, [ContentError(rel, 1, "file is empty", "fill it in or delete it")]
        data = loader.construct_document(node)
    except yaml.MarkedYAMLError as exc:
        mark = exc.problem_mark or exc.context_mark
        line = int(mark.line) + 1 if mark is not None else 1
        problem = exc.problem or "invalid YAML"
        return None, [
            ContentError(
                rel,
                line,
                f"YAML syntax error: {problem}",
                "check the indentation; put text containing `: ` or ` #` in quotes",
            )
        ]
    except yaml.YAMLError as exc:
        return None, [ContentError(rel, 1, f"YAML error: {exc}", "check the YAML syntax")]
    finally:
        loader.dispose()
    errors = _duplicate_keys(node, rel)
    if not isinstance(data, dict):
        errors.append(
            ContentError(
                rel, _line(node), "the file must contain a mapping of keys", "start with `id: ...`"
            )
        )
        return None, errors
    return Document(rel, node, data), errors
