"""The session builder's draft: the ordered list of dilemmas a trainer is putting together.

Pure and Flask-free. The list travels in the builder form itself (hidden `item` fields), so the
builder works without JavaScript: every button posts the whole form with an `action` such as
`add:<ref>`, `up:<ref>`, `down:<ref>`, `remove:<ref>` or `programme`, and the page comes back
with the changed draft and everything typed kept.
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from dataclasses import dataclass

MAX_ITEMS = 20


class DraftError(Exception):
    """A builder action that cannot be applied; `code` names the reason."""

    def __init__(self, code: str) -> None:
        super().__init__(code)
        self.code = code


@dataclass(frozen=True)
class Action:
    """A parsed builder button: a verb and, for item actions, the dilemma ref."""

    verb: str
    ref: str = ""


ITEM_VERBS = ("add", "remove", "up", "down")
PLAIN_VERBS = ("refresh", "filter", "programme", "create", "rename")


def parse_action(raw: str | None) -> Action:
    """The action of a builder post; anything unknown is a harmless refresh."""
    text = (raw or "").strip()
    verb, _sep, ref = text.partition(":")
    if verb in ITEM_VERBS and ref:
        return Action(verb, ref)
    if verb in PLAIN_VERBS and not ref:
        return Action(verb)
    return Action("refresh")


def clean_refs(raw: Iterable[str], allowed: Iterable[str]) -> list[str]:
    """The posted list: known refs only, first occurrence kept, at most MAX_ITEMS."""
    known = set(allowed)
    out: list[str] = []
    for ref in raw:
        if ref in known and ref not in out:
            out.append(ref)
    return out[:MAX_ITEMS]


def apply(refs: Sequence[str], action: Action, allowed: Iterable[str]) -> list[str]:
    """The list after an item action; raises DraftError and leaves `refs` as it was."""
    items = list(refs)
    if action.verb == "add":
        if action.ref not in set(allowed):
            raise DraftError("unknown_scenario")
        if action.ref in items:
            raise DraftError("duplicate_item")
        if len(items) >= MAX_ITEMS:
            raise DraftError("too_many_items")
        return [*items, action.ref]
    if action.ref not in items:
        return items  # a stale page: nothing to remove or move
    index = items.index(action.ref)
    if action.verb == "remove":
        del items[index]
    elif action.verb in ("up", "down"):
        target = index - 1 if action.verb == "up" else index + 1
        if 0 <= target < len(items):
            items[index], items[target] = items[target], items[index]
    return items


def fill(programme_refs: Sequence[str], allowed: Iterable[str]) -> list[str]:
    """The list a programme puts in the draft (its dilemmas that exist, each once)."""
    return clean_refs(programme_refs, allowed)
