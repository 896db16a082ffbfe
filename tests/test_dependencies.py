"""Every package the code imports directly is declared in pyproject.toml, not borrowed from another
package's dependencies (which may drop it in any release)."""

from __future__ import annotations

import ast
import re
import sys
import tomllib
from importlib.metadata import packages_distributions
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
OWN = {"widgets", "tests", "benchmarks", "_timing"}
# widgets.notebooks is the course authors' command (make notebooks): jupytext is a dev tool
AUTHORING = {"jupytext"}
# run in a side environment, never in the locked one (acro needs pandas < 3; see the script)
SIDE_ENVIRONMENT = {"acro"}


def _imports(folder: str) -> set[str]:
    names: set[str] = set()
    for path in (ROOT / folder).rglob("*.py"):
        for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
            if isinstance(node, ast.Import):
                names |= {a.name.partition(".")[0] for a in node.names}
            elif isinstance(node, ast.ImportFrom) and node.level == 0 and node.module:
                names.add(node.module.partition(".")[0])
    return {n for n in names if n not in sys.stdlib_module_names and n not in OWN}


def _normal(name: str) -> str:
    return re.sub(r"[-_.]+", "-", name).lower()


def _declared(requirements: list[str]) -> set[str]:
    return {_normal(re.split(r"[<>=!~\[; ]", r, maxsplit=1)[0]) for r in requirements}


def _distributions(modules: set[str]) -> dict[str, str]:
    found = packages_distributions()
    return {m: _normal(found.get(m, [m])[0]) for m in modules}


def test_the_package_declares_what_it_imports() -> None:
    project = tomllib.loads((ROOT / "pyproject.toml").read_text(encoding="utf-8"))["project"]
    declared = _declared(project["dependencies"])
    used = _distributions(_imports("widgets") - AUTHORING)
    missing = {m: d for m, d in used.items() if d not in declared}
    assert not missing, f"imported by widgets/ but not in [project] dependencies: {missing}"


def test_tests_and_benchmarks_declare_what_they_import() -> None:
    config = tomllib.loads((ROOT / "pyproject.toml").read_text(encoding="utf-8"))
    declared = _declared(config["project"]["dependencies"])
    declared |= _declared([r for r in config["dependency-groups"]["dev"] if isinstance(r, str)])
    declared |= _declared(config["project"]["optional-dependencies"]["hub"])
    used = _distributions(
        (_imports("tests") | _imports("benchmarks") | AUTHORING) - SIDE_ENVIRONMENT
    )
    missing = {m: d for m, d in used.items() if d not in declared}
    assert not missing, f"imported by tests or benchmarks but not declared: {missing}"
