"""Loading content into the immutable registry, and line numbers from YAML."""

from __future__ import annotations

import ast
import dataclasses
from pathlib import Path
from typing import Any

import pydantic
import pytest

from learnplatform.config import PROJECT_ROOT
from learnplatform.content import parse, schema, source
from learnplatform.content.errors import ContentError, InvalidContentError
from learnplatform.content.loader import load_content
from learnplatform.content.source import read_document
from tests.content.helpers import ContentTree


def test_registry_holds_every_kind(good_root: Path) -> None:
    registry = load_content(good_root)

    assert registry.counts() == {"modules": 2, "scenarios": 2, "tracks": 2, "programmes": 1}
    module = registry.modules["basis-integriteit"]
    assert [lesson.id for lesson in module.lessons] == ["kennismaken", "oefenen"]
    assert module.theme is schema.Theme.TIJDENS_HET_AMBT
    assert registry.scenarios["fles-wijn"].option("teruggeven") is not None
    assert [s.module for s in registry.tracks["basis"].steps] == ["basis-integriteit", "verdieping"]
    assert registry.programmes["avond-dilemmas"].scenarios == ("fles-wijn", "dreigend-bericht")


def test_good_fixture_uses_every_block_type(good_root: Path) -> None:
    registry = load_content(good_root)
    used = {block.type for module in registry.modules.values() for _, block in module.blocks()}
    assert used == {"text", "callout", "question", "reflection", "self-scan", "dilemma"}
    callouts = {
        block.kind
        for module in registry.modules.values()
        for _, block in module.blocks()
        if isinstance(block, schema.CalloutBlock)
    }
    assert callouts == {"regel", "tip", "let-op"}


def test_registry_is_immutable(good_root: Path) -> None:
    registry = load_content(good_root)
    with pytest.raises(dataclasses.FrozenInstanceError):
        registry.modules = {}  # type: ignore[misc]
    with pytest.raises(TypeError):
        registry.scenarios["nieuw"] = registry.scenarios["fles-wijn"]  # type: ignore[index]
    with pytest.raises(pydantic.ValidationError):
        registry.scenarios["fles-wijn"].title = "Anders"  # type: ignore[misc]
    assert isinstance(registry.modules["verdieping"].lessons, tuple)


def test_load_content_raises_with_every_problem(tree: ContentTree) -> None:
    tree.replace("scenarios/fles-wijn.yaml", "label: Aannemen", "lable: Aannemen")
    tree.replace("sessions/avond-dilemmas.yaml", "minutes: 60", "minutes: 5")

    with pytest.raises(InvalidContentError) as raised:
        load_content(tree.root)

    assert [(e.file, e.line) for e in raised.value.errors] == [
        ("scenarios/fles-wijn.yaml", 11),
        ("sessions/avond-dilemmas.yaml", 5),
    ]
    text = str(raised.value)
    assert (
        "scenarios/fles-wijn.yaml:11: options[0].lable: unknown key (did you mean `label`?)" in text
    )
    assert (
        "sessions/avond-dilemmas.yaml:5: minutes: Input should be greater than or equal to 15"
        in (text)
    )


def test_missing_key_points_at_the_mapping_that_lacks_it(tmp_path: Path) -> None:
    path = tmp_path / "x.yaml"
    path.write_text("# comment\nid: a\nitems:\n  - name: one\n  - other: two\n")
    doc, errors = read_document(path, "x.yaml")

    assert errors == []
    assert doc is not None
    assert doc.line_for(("items", 1, "name")) == 5
    assert doc.locate(("items", 1, "name"), missing_key=True) == (5, ("items", 1, "name"))
    assert doc.line_for(("items", 0, "name")) == 4
    assert doc.line_for(("id",)) == 2


def test_error_text_names_file_line_message_and_hint() -> None:
    error = ContentError("scenarios/a.yaml", 3, "unknown key", "remove it")
    assert str(error) == "scenarios/a.yaml:3: unknown key (remove it)"
    assert error.as_dict() == {
        "file": "scenarios/a.yaml",
        "line": 3,
        "message": "unknown key",
        "hint": "remove it",
    }


def test_loading_many_files_reads_each_file_once(
    tree: ContentTree, monkeypatch: pytest.MonkeyPatch
) -> None:
    """Loading scales with the number of files: every file is read exactly once. (How fast a
    load is belongs in benchmarks/, not in a unit test that runs on a busy machine.)"""
    scenario = tree.read("scenarios/fles-wijn.yaml")
    for n in range(80):
        tree.write(f"scenarios/kopie-{n}.yaml", scenario.replace("id: fles-wijn", f"id: kopie-{n}"))
    reads: list[str] = []
    original = source.read_document

    def counting(path: Path, rel: str) -> Any:
        reads.append(rel)
        return original(path, rel)

    monkeypatch.setattr(parse, "read_document", counting)

    registry = load_content(tree.root)

    assert len(registry.scenarios) == 82
    assert len(reads) == len(set(reads))
    assert sum(rel.startswith("scenarios/") for rel in reads) == 82


def test_content_package_imports_no_flask() -> None:
    package = PROJECT_ROOT / "learnplatform" / "content"
    for path in package.glob("*.py"):
        for node in ast.walk(ast.parse(path.read_text())):
            names = []
            if isinstance(node, ast.Import):
                names = [alias.name for alias in node.names]
            elif isinstance(node, ast.ImportFrom):
                names = [node.module or ""]
            assert not [n for n in names if n.split(".")[0].startswith("flask")], path.name


def test_a_changed_file_is_checked_again(tree: ContentTree) -> None:
    assert tree.errors() == []
    tree.replace("scenarios/fles-wijn.yaml", "label: Aannemen", "lable: Aannemen")  # same size
    assert [e.line for e in tree.errors()] == [11]
    tree.replace("scenarios/fles-wijn.yaml", "lable: Aannemen", "label: Aannemen")
    assert tree.errors() == []
    tree.write("modules/basis-integriteit/lessons/03-extra.yaml", "id: extra\n")
    assert "not listed" in tree.errors()[0].message
