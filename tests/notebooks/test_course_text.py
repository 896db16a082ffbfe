"""notebooks/*.ipynb are generated from the MyST Markdown in course/ and committed in step with it.

Regenerate with ``.venv/bin/python -m widgets.notebooks`` after editing anything in course/.
"""

from __future__ import annotations

import json
import shutil
from pathlib import Path

import pytest

from widgets.notebooks import CourseTextError, generate, main, render, text_files

ROOT = Path(__file__).resolve().parents[2]
TEXTS = text_files(ROOT)


def test_every_course_notebook_is_written_as_text() -> None:
    notebooks = {p.stem for p in (ROOT / "notebooks").glob("*.ipynb")}
    assert {p.stem for p in TEXTS} == notebooks
    assert len(TEXTS) >= 15


@pytest.mark.parametrize("text", TEXTS, ids=lambda p: p.name)
def test_committed_notebook_is_what_its_text_generates(text: Path) -> None:
    committed = (ROOT / "notebooks" / f"{text.stem}.ipynb").read_text(encoding="utf-8")
    assert committed == render(text), f"run: .venv/bin/python -m widgets.notebooks {text.stem}"


def _course_copy(tmp_path: Path, names: list[str]) -> Path:
    for folder in ("course", "notebooks"):
        (tmp_path / folder).mkdir()
    for name in names:
        shutil.copy(ROOT / "course" / f"{name}.md", tmp_path / "course")
    return tmp_path


def test_generating_writes_stamped_notebooks_and_then_nothing(tmp_path: Path) -> None:
    root = _course_copy(tmp_path, ["08_building_trust"])
    assert [p.name for p in generate(root)] == ["08_building_trust.ipynb"]
    assert generate(root) == []
    notebook = json.loads((root / "notebooks" / "08_building_trust.ipynb").read_text("utf-8"))
    assert notebook["metadata"]["language_info"]["name"] == "python"
    ids = [c["id"] for c in notebook["cells"]]
    assert len(set(ids)) == len(ids) and ids[0] == "08_building_trust-00"
    code = [c for c in notebook["cells"] if c["cell_type"] == "code"]
    assert code and all(c["outputs"] == [] and c["execution_count"] is None for c in code)
    assert all(c["metadata"]["editable"] is False for c in code)


def test_an_edit_to_the_text_changes_only_that_cell(tmp_path: Path) -> None:
    root = _course_copy(tmp_path, ["08_building_trust"])
    generate(root)
    before = json.loads((root / "notebooks" / "08_building_trust.ipynb").read_text("utf-8"))
    text = root / "course" / "08_building_trust.md"
    text.write_text(text.read_text("utf-8").replace("## Why trust matters", "## Why it matters"))
    generate(root)
    after = json.loads((root / "notebooks" / "08_building_trust.ipynb").read_text("utf-8"))
    changed = [
        n for n, (a, b) in enumerate(zip(before["cells"], after["cells"], strict=True)) if a != b
    ]
    edited = [n for n, c in enumerate(after["cells"]) if c["source"][:1] == ["## Why it matters\n"]]
    assert changed == edited and len(edited) == 1


def test_an_unknown_name_is_one_sentence(capsys: pytest.CaptureFixture[str]) -> None:
    with pytest.raises(CourseTextError, match=r"There is no course/nope\.md"):
        generate(ROOT, ["nope"])
    assert main(["nope"]) == 1
    assert capsys.readouterr().err.count("\n") == 1


def test_a_raw_cell_is_refused_naming_the_file(tmp_path: Path) -> None:
    root = _course_copy(tmp_path, [])
    (root / "course" / "bad.md").write_text("# Title\n\n```{raw-cell}\nx\n```\n", encoding="utf-8")
    with pytest.raises(CourseTextError, match=r"bad\.md cell 1 is a raw cell"):
        generate(root)
