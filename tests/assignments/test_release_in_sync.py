"""release/ is generated from source/ and committed: it must be up to date and give nothing away.

Regenerate with ``.venv/bin/python -m widgets.assignments`` after editing anything in source/.
"""

from __future__ import annotations

import json
import shutil
from pathlib import Path

import pytest

from widgets.assignments import (
    ASSIGNMENTS,
    ReleaseError,
    generate_release,
    source_assignments,
)
from widgets.nbgrader_ext.gradebook_stamp import alembic_head

ROOT = Path(__file__).resolve().parents[2]
RELEASE = ROOT / "release"
SECRETS = (
    "BEGIN HIDDEN TESTS",
    "END HIDDEN TESTS",
    "widgets.grading",
    "BEGIN SOLUTION",
    "END SOLUTION",
    "BEGIN MARK SCHEME",
    "END MARK SCHEME",
)


def _files(folder: Path) -> list[str]:
    return sorted(str(p.relative_to(folder)) for p in folder.rglob("*") if p.is_file())


def _release_notebooks() -> list[Path]:
    return sorted(RELEASE.glob("*/*.ipynb"))


@pytest.fixture(scope="module")
def regenerated(tmp_path_factory: pytest.TempPathFactory) -> Path:
    root = tmp_path_factory.mktemp("regenerate")
    shutil.copytree(ROOT / "source", root / "source")
    shutil.copy(ROOT / "nbgrader_config.py", root / "nbgrader_config.py")
    generate_release(root)
    return root / "release"


def test_release_holds_exactly_the_five_assignments() -> None:
    assert sorted(ASSIGNMENTS) == source_assignments(ROOT)
    assert _files(RELEASE) == sorted(f"{name}/{name}.ipynb" for name in ASSIGNMENTS)


def test_committed_release_is_what_source_generates(regenerated: Path) -> None:
    assert _files(regenerated) == _files(RELEASE), "run: .venv/bin/python -m widgets.assignments"
    for name in _files(RELEASE):
        fresh = json.loads((regenerated / name).read_text(encoding="utf-8"))
        committed = json.loads((RELEASE / name).read_text(encoding="utf-8"))
        assert fresh == committed, (
            f"{name} is out of date: run .venv/bin/python -m widgets.assignments"
        )


def test_generating_twice_gives_identical_files(regenerated: Path, tmp_path: Path) -> None:
    root = tmp_path / "again"
    shutil.copytree(regenerated.parent, root)
    generate_release(root, "scenarios")
    name = "scenarios/scenarios.ipynb"
    assert (root / "release" / name).read_bytes() == (regenerated / name).read_bytes()


def test_the_real_gradebook_is_never_touched(regenerated: Path) -> None:
    assert not (regenerated.parent / "gradebook.db").exists()


def test_an_unknown_assignment_is_one_plain_sentence(tmp_path: Path) -> None:
    with pytest.raises(ReleaseError, match="There is no assignment called 'nope'"):
        generate_release(ROOT, "nope")


def test_the_in_process_gradebook_stamp_is_the_one_nbgrader_computes() -> None:
    import shutil as sh
    import subprocess
    import sys

    import nbgrader.api

    if not sh.which("alembic"):
        bin_dir = Path(sys.executable).parent
        if not (bin_dir / "alembic").exists():
            pytest.skip("alembic command not installed")
    with nbgrader.api._temp_alembic_ini("sqlite:////tmp/unused.db") as ini:
        alembic = sh.which("alembic") or str(Path(sys.executable).parent / "alembic")
        heads = subprocess.check_output([alembic, "-c", ini, "heads"], text=True)
    assert heads.split()[0] == alembic_head()


@pytest.mark.parametrize("path", _release_notebooks(), ids=lambda p: p.parent.name)
def test_release_gives_away_no_hidden_test_and_no_solution(path: Path) -> None:
    text = path.read_text(encoding="utf-8")
    for secret in SECRETS:
        assert secret not in text, f"{path.name} contains {secret!r}"


@pytest.mark.parametrize("path", _release_notebooks(), ids=lambda p: p.parent.name)
def test_release_cells_are_locked_and_checksummed_as_nbgrader_designs(path: Path) -> None:
    import nbformat
    from nbgrader import utils
    from nbgrader.nbgraderformat import MetadataValidator

    nb = nbformat.read(path, as_version=4)
    MetadataValidator().validate_nb(nb)  # nbgrader's own check of its cell metadata
    graded = 0
    for cell in nb.cells:
        meta = cell.metadata.get("nbgrader")
        assert meta is not None, f"{path.name}: a cell nbgrader does not track"
        assert utils.is_locked(cell) or utils.is_task(cell)
        assert cell.metadata.get("editable") is False and cell.metadata.get("deletable") is False
        assert meta["checksum"] == utils.compute_checksum(cell)
        if utils.is_grade(cell):
            graded += 1
            assert meta["points"] > 0
            assert cell.source.startswith("# Checked automatically from your saved answers")
    assert graded or path.parent.name == "reflections"
