"""Synthetic participants answer the real assignments through the answers file, and the hidden
tests' own marking (``widgets.grading``) gives the all-right ones full marks and the all-wrong
ones less (no kernel needed: the marking is plain Python over the answers file)."""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest

from widgets import grading
from widgets.store import read_answers_file
from widgets.synth import answer_assignment, assignment_activities, make_participants

from .kit import ROOT, person, real_assignments


def folder_for(tmp_path: Path, assignment: str) -> Path:
    target = tmp_path / assignment
    shutil.copytree(ROOT / "release" / assignment, target)
    return target


def test_the_real_assignments_are_there() -> None:
    assert {"knowledge_checks", "scenarios", "pre_workshop", "post_workshop", "reflections"} <= set(
        real_assignments()
    )


def test_widget_calls_are_read_from_the_released_notebook(tmp_path: Path) -> None:
    found = assignment_activities(folder_for(tmp_path, "pre_workshop"))
    assert ("questionnaire", "trust", "pre") in found
    assert ("questionnaire", "councillor_skills", "pre") in found
    checks = assignment_activities(folder_for(tmp_path, "knowledge_checks"))
    assert ("knowledge_check", "principles_match", None) in checks
    # widgets.statutory_checks() shows the three statutory-officer questions: each is answered
    statutory = [ident for _, ident, _ in checks if ident.startswith("statutory")]
    assert sorted(statutory) == [
        "statutory_district_officers",
        "statutory_england_match",
        "statutory_scotland_match",
    ]


@pytest.mark.parametrize("jurisdiction", ["scotland", "england"])
@pytest.mark.parametrize("role", ["officer", "councillor"])
def test_knowledge_checks_all_right_and_all_wrong(
    tmp_path: Path, role: str, jurisdiction: str
) -> None:
    right = folder_for(tmp_path / "right", "knowledge_checks")
    wrong = folder_for(tmp_path / "wrong", "knowledge_checks")
    answer_assignment(right, person("s-right", role, jurisdiction), correct=True)
    answer_assignment(wrong, person("s-wrong", role, jurisdiction), correct=False)
    for check, out_of in [("roles_policy", 1), ("officer_must_not", 2), ("principles_match", 3)]:
        assert grading.check_points(check, out_of, right) == out_of
        assert grading.check_points(check, out_of, wrong) == 0
    assert grading.statutory_points(3, right) == 3
    assert grading.statutory_points(3, wrong) == 0


def test_scenarios_self_assessments_and_reflections(tmp_path: Path) -> None:
    people = make_participants(2, 1)
    for number, who in enumerate(people):
        correct = number == 0
        scenarios = folder_for(tmp_path / who.id, "scenarios")
        answer_assignment(scenarios, who, correct=correct)
        for scenario in ("challenge4", "challenge5", "challenge8"):
            points = grading.scenario_points(scenario, 4, scenarios)
            assert points == 4 if correct else 0 < points < 4  # reached the end, poor choices
        pre = folder_for(tmp_path / who.id, "pre_workshop")
        answer_assignment(pre, who, correct=correct)
        trust = grading.completion_points("trust", "pre", 2, pre)
        assert trust == 2 if correct else trust == 1
        assert grading.completion_points("role", "pre", 4, pre) == (4 if correct else 2)
        reflections = folder_for(tmp_path / who.id, "reflections")
        answer_assignment(reflections, who, correct=correct)
        assert grading.reflection_text("challenge2", reflections).startswith("Synthetic reflection")
        saved = read_answers_file(reflections / "commonground_answers.json")
        assert saved.synthetic and saved.participant["id"] == who.id
