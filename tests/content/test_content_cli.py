"""`flask content check`: text and JSON output, exit codes, works without a valid app."""

from __future__ import annotations

import json
import os
import subprocess
import sys
from pathlib import Path
from typing import Any

import pytest
from click.testing import CliRunner
from flask import Flask

from learnplatform import create_app
from learnplatform.config import PROJECT_ROOT
from learnplatform.content.cli import content
from learnplatform.content.errors import InvalidContentError
from learnplatform.content.validate import validate_content
from tests.content.helpers import ContentTree

SCEN = "scenarios/fles-wijn.yaml"


def _break(tree: ContentTree) -> None:
    tree.replace(SCEN, "label: Aannemen", "lable: Aannemen")


def test_check_passes_on_good_content(good_root: Path) -> None:
    result = CliRunner().invoke(content, ["check", str(good_root)])
    assert result.exit_code == 0, result.output
    assert result.output == "0 error(s); 2 modules, 2 scenarios, 2 tracks, 1 programmes valid\n"


def test_check_lists_errors_and_fails(tree: ContentTree) -> None:
    _break(tree)
    result = CliRunner().invoke(content, ["check", str(tree.root)])
    assert result.exit_code == 1
    lines = result.output.splitlines()
    assert lines[0] == (
        "scenarios/fles-wijn.yaml:11: options[0].lable: unknown key (did you mean `label`?)"
    )
    assert lines[-1].startswith("1 error(s); 2 modules, 1 scenarios")


def test_check_json(tree: ContentTree) -> None:
    _break(tree)
    result = CliRunner().invoke(content, ["check", str(tree.root), "--json"])
    assert result.exit_code == 1
    data = json.loads(result.output)
    assert data["audiences"]["gemeente"] == {
        "modules": 2, "scenarios": 1, "tracks": 2, "programmes": 1}
    assert data["audiences"]["griffier"]["scenarios"] == 0
    assert data["themes"]["veiligheid"] == {"modules": 1, "scenarios": 1}
    assert data["programme_timings"] == [{
        "id": "avond-dilemmas", "minutes": 60, "dilemmas": 2, "reserve": [],
        "blocks": [{"type": "opening", "minutes": 10, "scenario": None},
                   {"type": "dilemma", "minutes": 20, "scenario": "fles-wijn"},
                   {"type": "dilemma", "minutes": 20, "scenario": "dreigend-bericht"},
                   {"type": "afsluiting", "minutes": 10, "scenario": None}]}]
    for key in ("audiences", "themes", "programme_timings"):
        del data[key]
    assert data == {
        "modules": 2,
        "scenarios": 1,
        "tracks": 2,
        "programmes": 1,
        "errors": [
            {
                "file": SCEN,
                "line": 11,
                "message": "options[0].lable: unknown key",
                "hint": "did you mean `label`?",
            }
        ],
    }


def test_check_json_on_good_content(good_root: Path) -> None:
    result = CliRunner().invoke(content, ["check", "--json", str(good_root)])
    assert result.exit_code == 0
    assert json.loads(result.output)["errors"] == []


def test_check_refuses_a_folder_without_content(tmp_path: Path) -> None:
    result = CliRunner().invoke(content, ["check", str(tmp_path)])
    assert result.exit_code == 1
    assert "neither modules/ nor scenarios/ exists" in result.output


def test_check_defaults_to_content_root(tree: ContentTree, monkeypatch: pytest.MonkeyPatch) -> None:
    _break(tree)
    monkeypatch.setenv("CONTENT_ROOT", str(tree.root))
    result = CliRunner().invoke(content, ["check"])
    assert result.exit_code == 1
    assert f"{SCEN}:11:" in result.output


def test_flask_command_works_when_the_app_cannot_start(tree: ContentTree, tmp_path: Path) -> None:
    _break(tree)
    env = {**os.environ, "CONTENT_ROOT": str(tree.root), "LEARNPLATFORM_INSTANCE": str(tmp_path)}
    result = subprocess.run(  # noqa: S603 - fixed command line
        [sys.executable, "-m", "flask", "--app", "learnplatform", "content", "check"],
        capture_output=True,
        text=True,
        env=env,
        cwd=PROJECT_ROOT,
        check=False,
        timeout=60,
    )
    assert result.returncode == 1, result.stderr
    assert f"{SCEN}:11: options[0].lable: unknown key" in result.stdout
    assert "Traceback" not in result.stderr


def test_app_refuses_to_start_on_invalid_content(
    tree: ContentTree, app_config: dict[str, Any]
) -> None:
    _break(tree)
    with pytest.raises(InvalidContentError) as raised:
        create_app({**app_config, "CONTENT_ROOT": str(tree.root)})
    assert f"{SCEN}:11: options[0].lable: unknown key" in str(raised.value)


def test_app_starts_with_valid_content(good_root: Path, app_config: dict[str, Any]) -> None:
    app: Flask = create_app({**app_config, "CONTENT_ROOT": str(good_root)})
    with app.app_context():
        from learnplatform.web.content import get_content

        assert get_content().counts()["modules"] == 2


def test_repository_content_passes_the_check() -> None:
    assert [str(e) for e in validate_content(PROJECT_ROOT)] == []
    result = CliRunner().invoke(content, ["check", str(PROJECT_ROOT)])
    assert result.exit_code == 0, result.output
