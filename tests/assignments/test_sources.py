"""The source assignments: thin, locked, widget-only notebooks whose hidden tests call grading."""

from __future__ import annotations

import json
import re
from pathlib import Path

import pytest

from widgets import grading
from widgets.activities import SELF_ASSESSMENT
from widgets.assignments import ASSIGNMENTS
from widgets.logic.knowledge_check import check_ids
from widgets.logic.scenario import scenario_ids

ROOT = Path(__file__).resolve().parents[2]
SOURCE = ROOT / "source"
HIDDEN = re.compile(r"### BEGIN HIDDEN TESTS\n(.*?)\n### END HIDDEN TESTS", re.S)
POINTS = {
    "pre_workshop": 11,
    "knowledge_checks": 10,
    "scenarios": 12,
    "reflections": 9,
    "post_workshop": 10,
}


def _cells(name: str) -> list[dict]:
    nb = json.loads((SOURCE / name / f"{name}.ipynb").read_text(encoding="utf-8"))
    for cell in nb["cells"]:
        source = cell["source"]
        cell["text"] = "".join(source) if isinstance(source, list) else source
    return nb["cells"]


def _meta(cell: dict) -> dict:
    return cell["metadata"]["nbgrader"]


def _tests(name: str) -> list[dict]:
    return [c for c in _cells(name) if _meta(c)["grade"]]


def test_five_assignments_one_notebook_each() -> None:
    folders = sorted(p.name for p in SOURCE.iterdir() if p.is_dir())
    assert folders == sorted(ASSIGNMENTS)
    for name in ASSIGNMENTS:
        assert sorted(p.name for p in (SOURCE / name).iterdir()) == [f"{name}.ipynb"]


def test_no_answers_file_is_ever_shipped() -> None:
    # autograde overwrites a submission's files with same-named files from source/
    for folder in (ROOT / "source", ROOT / "release"):
        assert not list(folder.rglob("*answers*.json*")), folder


@pytest.mark.parametrize("name", ASSIGNMENTS)
def test_committed_without_outputs_and_with_fixed_cell_ids(name: str) -> None:
    ids = []
    for cell in _cells(name):
        ids.append(cell["id"])
        if cell["cell_type"] == "code":
            assert cell["outputs"] == [] and cell["execution_count"] is None
    assert len(set(ids)) == len(ids)  # fixed ids keep release/ identical run after run


@pytest.mark.parametrize("name", ASSIGNMENTS)
def test_participants_only_meet_locked_widget_calls(name: str) -> None:
    for cell in _cells(name):
        meta = _meta(cell)
        assert meta["locked"] is True and meta["solution"] is False
        assert cell["metadata"]["editable"] is False and cell["metadata"]["deletable"] is False
        if cell["cell_type"] != "code" or meta["grade"]:
            continue
        lines = [line for line in cell["text"].splitlines() if line.strip()]
        assert 1 <= len(lines) <= 2 and all("widgets" in line for line in lines), lines
        assert cell["metadata"]["jupyter"]["source_hidden"] is True


@pytest.mark.parametrize("name", ASSIGNMENTS)
def test_graded_parts_are_hidden_calls_to_widgets_grading(name: str) -> None:
    total = 0.0
    for cell in _cells(name):
        meta = _meta(cell)
        if meta.get("task"):
            assert cell["cell_type"] == "markdown" and not meta["grade"]
            total += meta["points"]
        if not meta["grade"]:
            continue
        total += meta["points"]
        assert cell["cell_type"] == "code"
        visible = HIDDEN.sub("", cell["text"]).strip()
        assert visible.startswith("# Checked automatically from your saved answers")
        assert f"({meta['points']:g} point" in visible
        hidden = HIDDEN.search(cell["text"]).group(1).splitlines()
        assert hidden[0] == "import widgets.grading"
        assert len(hidden) == 2 and hidden[1].startswith("widgets.grading.")
        assert f"out_of={meta['points']:g})" in hidden[1]  # the cell's points are the maximum
    assert total == POINTS[name]


@pytest.mark.parametrize("name", ASSIGNMENTS)
def test_every_assignment_ends_with_the_submit_button(name: str) -> None:
    code = [c for c in _cells(name) if c["cell_type"] == "code"]
    assert code[-1]["text"] == "widgets.submit_button()"
    assert code[0]["text"].startswith("import widgets\n")


@pytest.mark.parametrize("name", ASSIGNMENTS)
def test_every_assignment_opens_with_the_damaged_answers_banner(name: str) -> None:
    # as every course notebook: right under the title, above the first question
    cells = _cells(name)
    assert cells[0]["cell_type"] == "markdown" and cells[0]["text"].startswith("# ")
    assert cells[1]["text"] == "import widgets\nwidgets.answers_banner()"


def test_hidden_tests_run_and_say_plainly_when_nothing_was_answered(tmp_path: Path) -> None:
    """Every hidden call is valid and names real content: on an empty folder each one raises
    NothingAnswered (a wrong id would raise KeyError instead)."""
    import widgets

    for name in ASSIGNMENTS:
        for cell in _tests(name):
            call = HIDDEN.search(cell["text"]).group(1).splitlines()[1]
            call = call.replace("out_of=", f"folder={str(tmp_path)!r}, out_of=")
            with pytest.raises(grading.NothingAnswered):
                eval(call, {"widgets": widgets})


def test_post_workshop_rates_the_same_statements_as_pre_workshop() -> None:
    def code(name: str, timepoint: str) -> list[tuple[str, str, object]]:
        return [
            (
                c["text"].replace(f'"{timepoint}"', "<t>"),
                _meta(c)["grade_id"].replace(f"{timepoint}_", "<t>_"),
                _meta(c).get("points"),
            )
            for c in _cells(name)
            # the ranking is asked once, before the workshop, to feed the development plan
            if c["cell_type"] == "code" and "ranking" not in _meta(c)["grade_id"]
        ]

    pre, post = code("pre_workshop", "pre"), code("post_workshop", "post")
    assert pre == post
    calls = " ".join(text for text, _, _ in pre)
    for framework in (*SELF_ASSESSMENT, "nos_sfjc21", "councillor_skills"):
        assert f'widgets.questionnaire("{framework}", timepoint=<t>)' in calls
    assert 'completion_points("role", <t>, out_of=4)' in calls


def test_knowledge_checks_and_scenarios_use_real_content() -> None:
    text = " ".join(c["text"] for c in _cells("knowledge_checks"))
    used = re.findall(r'knowledge_check\("(\w+)"\)', text)
    assert set(used) <= set(check_ids())
    assert {
        "roles_policy",
        "roles_accountable",
        "officer_must_not",
        "principles_match",
    } <= set(used)
    assert not {c for c in used if c.startswith("statutory")}  # one cell shows all three
    # the three statutory-officer questions in the reader's order (their own council's first),
    # one marked by the participant's profile
    assert text.count("widgets.statutory_checks()") == 1
    assert "widgets.grading.statutory_points(out_of=3)" in text
    scenes = re.findall(
        r'widgets.scenario\("(\w+)"\)', " ".join(c["text"] for c in _cells("scenarios"))
    )
    assert scenes == ["challenge4", "challenge5", "challenge8"]
    assert set(scenes) <= set(scenario_ids())


def test_each_reflection_is_shown_to_the_grader_then_graded_by_hand() -> None:
    cells = _cells("reflections")
    prompts = []
    for index, cell in enumerate(cells):
        match = re.search(r'widgets.reflection\("(\w+)"\)', cell["text"])
        if not match:
            continue
        prompt = match.group(1)
        prompts.append(prompt)
        shown, task = cells[index + 1], cells[index + 2]
        assert shown["text"] == f'widgets.show_reflection("{prompt}")'
        assert not _meta(shown)["grade"]
        assert _meta(task).get("task") is True and _meta(task)["points"] == 3
    assert prompts == ["challenge2", "challenge7", "challenge9"]
