"""The package a notebook imports is this project's, is cheap to import, and carries its data."""

from __future__ import annotations

import filecmp
import json
import os
import shutil
import subprocess
import sys
import zipfile
from pathlib import Path

import pytest

import widgets

ROOT = Path(__file__).resolve().parent.parent


def _python(code: str, cwd: Path, **env: str) -> str:
    result = subprocess.run(
        [sys.executable, "-c", code],
        cwd=cwd,
        capture_output=True,
        text=True,
        env={**os.environ, **env},
        check=True,
    )
    return result.stdout.strip()


def test_import_widgets_resolves_to_this_project() -> None:
    assert Path(widgets.__file__).resolve() == ROOT / "widgets" / "__init__.py"


def test_no_other_widgets_package_stands_anywhere_on_the_path(tmp_path: Path) -> None:
    # A kernel started in any folder imports the course pack, and no other distribution's
    # "widgets" (PyPI has one) is installed where it could shadow or be shadowed by ours.
    code = (
        "import sys, pathlib, json; "
        "print(json.dumps([p for p in sys.path if p and "
        "((pathlib.Path(p) / 'widgets' / '__init__.py').exists() "
        "or (pathlib.Path(p) / 'widgets.py').exists())]))"
    )
    holders = json.loads(_python(code, cwd=tmp_path))
    assert [Path(p).resolve() for p in holders] == [ROOT]
    found = _python("import widgets; print(widgets.__file__)", cwd=tmp_path)
    assert Path(found).resolve() == ROOT / "widgets" / "__init__.py"


def test_import_widgets_pays_nothing_for_pandas_matplotlib_or_ipywidgets(tmp_path: Path) -> None:
    code = (
        "import sys, json, widgets; from widgets import tables, store, profile; "
        "tables.items('trust'); "
        "print(json.dumps(sorted(m for m in ('pandas','matplotlib','ipywidgets','numpy') "
        "if m in sys.modules)))"
    )
    assert json.loads(_python(code, cwd=tmp_path)) == []


def test_an_unknown_name_on_widgets_is_an_attribute_error() -> None:
    with pytest.raises(AttributeError):
        widgets.no_such_widget  # noqa: B018


def test_released_assignments_read_the_same_tables_from_any_folder(tmp_path: Path) -> None:
    code = "from widgets import tables; print(tables.data_folder(), len(tables.table('trust')))"
    folder, count = _python(code, cwd=tmp_path).split()
    assert Path(folder).resolve() == ROOT / "data" and count == "8"


def _uv() -> str:
    uv = os.environ.get("UV") or shutil.which("uv") or str(ROOT / ".tools" / "bin" / "uv")
    assert Path(uv).exists() or shutil.which(uv), "uv is needed to build the wheel"
    return uv


@pytest.mark.slow
def test_an_installed_wheel_carries_and_reads_the_same_tables(tmp_path: Path) -> None:
    uv = _uv()
    subprocess.run(
        [uv, "build", "--wheel", "--out-dir", str(tmp_path / "dist"), str(ROOT)],
        check=True,
        capture_output=True,
    )
    (wheel,) = (tmp_path / "dist").glob("commonground-*.whl")
    with zipfile.ZipFile(wheel) as archive:
        names = set(archive.namelist())
        archive.extractall(tmp_path / "unpacked")
    csvs = sorted(p.name for p in (ROOT / "data").glob("*.csv"))
    assert {f"widgets/_data/{name}" for name in csvs} <= names
    matched, mismatch, errors = filecmp.cmpfiles(
        ROOT / "data", tmp_path / "unpacked" / "widgets" / "_data", csvs, shallow=False
    )
    assert (sorted(matched), mismatch, errors) == (csvs, [], [])

    # An isolated interpreter that sees only the unpacked wheel reads its bundled tables.
    code = (
        "from widgets import tables; print(tables.data_folder()); print(len(tables.all_tables()))"
    )
    result = subprocess.run(
        [
            sys.executable,
            "-I",
            "-S",
            "-c",
            f"import sys; sys.path.insert(0, {str(tmp_path / 'unpacked')!r}); {code}",
        ],
        cwd=tmp_path,
        capture_output=True,
        text=True,
        check=True,
    )
    folder, count = result.stdout.split()
    assert Path(folder) == tmp_path / "unpacked" / "widgets" / "_data"
    assert int(count) == len(widgets.tables.TABLES)
