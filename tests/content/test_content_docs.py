"""The examples in docs/content-format.md are valid content."""

from __future__ import annotations

import re

from learnplatform.config import PROJECT_ROOT
from learnplatform.content.loader import load_content
from tests.content.helpers import ContentTree

EXAMPLE = re.compile(r"```yaml\n# file: (\S+)\n(.*?)```", re.DOTALL)


def test_documented_examples_pass_the_check(tree: ContentTree) -> None:
    docs = (PROJECT_ROOT / "docs" / "content-format.md").read_text(encoding="utf-8")
    examples = EXAMPLE.findall(docs)
    assert {rel for rel, _ in examples} >= {
        "modules/basis-integriteit/module.yaml",
        "modules/basis-integriteit/lessons/01-kennismaken.yaml",
        "scenarios/fles-wijn.yaml",
        "tracks.yaml",
        "sessions/avond-dilemmas.yaml",
    }
    # the documented module has one lesson holding every block type
    tree.path("modules/basis-integriteit/lessons/02-oefenen.yaml").unlink()
    for rel, text in examples:
        tree.write(rel, text)

    assert [str(e) for e in tree.errors()] == []
    module = load_content(tree.root).modules["basis-integriteit"]
    assert {block.type for _, block in module.blocks()} == {
        "text",
        "callout",
        "question",
        "reflection",
        "self-scan",
        "dilemma",
    }
