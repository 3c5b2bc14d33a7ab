"""The package structure holds by test, not by habit: foundations import no feature, no package
import cycle, and the Flask-free parts import without Flask or SQLAlchemy."""

from __future__ import annotations

import ast
import subprocess
import sys
from collections import defaultdict
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]
PACKAGE = ROOT / "learnplatform"

# What every feature may use; none of these may import a feature or the wiring.
FOUNDATIONS = {"config", "extensions", "db_types", "database", "on_commit", "mail", "web",
               "content"}
# Top-level modules that assemble the app; they may import anything, nothing imports them.
WIRING = {"__init__", "app", "cli", "model_registry", "serve"}


def _unit(module: str) -> str | None:
    """`learnplatform.live.views.join` -> `live`; None for modules outside the package."""
    parts = module.split(".")
    if parts[0] != "learnplatform":
        return None
    return parts[1] if len(parts) > 1 else "__init__"


def _imports(path: Path) -> set[str]:
    """Every learnplatform module named by an import in this file, at any depth (late imports
    count: a cycle hidden inside a function is still a cycle)."""
    tree = ast.parse(path.read_text(encoding="utf-8"))
    found: set[str] = set()
    for node in ast.walk(tree):
        if isinstance(node, ast.Import):
            found.update(alias.name for alias in node.names)
        elif isinstance(node, ast.ImportFrom) and node.module and node.level == 0:
            found.add(node.module)
            found.update(f"{node.module}.{alias.name}" for alias in node.names)
    return {name for name in found if name.startswith("learnplatform")}


def _is_unit(name: str) -> bool:
    return (PACKAGE / name).is_dir() or (PACKAGE / f"{name}.py").exists()


def _graph() -> dict[str, set[str]]:
    """Units (foundation, feature or wiring module) and the units each one imports."""
    graph: dict[str, set[str]] = defaultdict(set)
    for path in PACKAGE.rglob("*.py"):
        relative = path.relative_to(ROOT).with_suffix("")
        source = _unit(".".join(relative.parts))
        assert source is not None
        for name in _imports(path):
            # `from learnplatform import mail` names the module learnplatform.mail
            target = _unit(name)
            if target and target != source and _is_unit(target):
                graph[source].add(target)
        graph.setdefault(source, set())
    return graph


def _features(graph: dict[str, set[str]]) -> set[str]:
    return set(graph) - FOUNDATIONS - WIRING


def test_foundations_import_no_feature_and_no_wiring() -> None:
    graph = _graph()
    features = _features(graph)
    assert {"auth", "live", "learning", "admin"} <= features
    offending = {unit: sorted(graph[unit] & (features | WIRING)) for unit in FOUNDATIONS
                 if graph.get(unit, set()) & (features | WIRING)}
    assert offending == {}


def test_features_do_not_import_the_wiring() -> None:
    graph = _graph()
    offending = {unit: sorted(graph[unit] & (WIRING - {"__init__"}))
                 for unit in _features(graph) if graph[unit] & (WIRING - {"__init__"})}
    assert offending == {}


def test_no_import_cycle_between_packages() -> None:
    graph = {unit: targets - WIRING for unit, targets in _graph().items() if unit not in WIRING}
    cycles: list[list[str]] = []
    state: dict[str, int] = {}  # 1 = on the current path, 2 = done

    def visit(unit: str, path: list[str]) -> None:
        state[unit] = 1
        for target in sorted(graph.get(unit, ())):
            if state.get(target) == 1:
                cycles.append([*path[path.index(target):], target])
            elif target not in state:
                visit(target, [*path, target])
        state[unit] = 2

    for unit in sorted(graph):
        if unit not in state:
            visit(unit, [unit])
    assert cycles == []


def test_the_join_page_lives_with_live_sessions() -> None:
    assert not (PACKAGE / "web" / "join.py").exists()
    assert (PACKAGE / "live" / "views" / "join.py").exists()


FRAMEWORK_FREE = [
    "learnplatform.content.schema", "learnplatform.content.loader",
    "learnplatform.content.registry", "learnplatform.content.validate",
    "learnplatform.content.parse", "learnplatform.content.source",
    "learnplatform.content.errors", "learnplatform.content.markdown",
    "learnplatform.live.engine",
]


def test_content_and_engine_import_without_flask_or_sqlalchemy() -> None:
    """Import them in a fresh interpreter and look at what got loaded."""
    code = (
        "import sys\n"
        f"for name in {FRAMEWORK_FREE!r}:\n"
        "    __import__(name)\n"
        "loaded = sorted({m.split('.')[0] for m in sys.modules}"
        " & {'flask', 'sqlalchemy', 'flask_sqlalchemy', 'werkzeug', 'flask_socketio'})\n"
        "print(','.join(loaded))\n"
    )
    result = subprocess.run(  # noqa: S603 - our own interpreter and a fixed script
        [sys.executable, "-c", code], cwd=ROOT, capture_output=True,
                            text=True, check=True)
    assert result.stdout.strip() == ""


def test_package_init_files_hold_no_app_wiring() -> None:
    """A package's `__init__.py` imports no framework at import time (the root only names
    create_app lazily)."""
    for init in PACKAGE.rglob("__init__.py"):
        tree = ast.parse(init.read_text(encoding="utf-8"))
        modules = {node.module for node in tree.body if isinstance(node, ast.ImportFrom)} | {
            alias.name for node in tree.body if isinstance(node, ast.Import)
            for alias in node.names}
        frameworks = {m for m in modules if m and m.split(".")[0] in
                      {"flask", "flask_babel", "flask_login", "sqlalchemy", "flask_socketio"}}
        assert frameworks == set(), init


def test_no_unit_test_asserts_on_wall_clock_time() -> None:
    """Speed goals live in benchmarks/; a unit test timing itself fails on a busy machine."""
    offending = []
    for path in (ROOT / "tests").rglob("test_*.py"):
        if "e2e" in path.parts:
            continue
        for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
            if isinstance(node, ast.Attribute) and node.attr in {"perf_counter", "process_time"}:
                offending.append(f"{path.relative_to(ROOT)}:{node.lineno}")
    assert offending == []
