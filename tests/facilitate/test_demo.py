"""``commonground demo`` runs the whole cycle on a synthetic cohort in a fresh course copy."""

from __future__ import annotations

import csv
from pathlib import Path

import pytest

from widgets.cli import main

from .kit import make_course

pytestmark = pytest.mark.slow


def test_demo_leaves_grades_feedback_and_the_integrity_report(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    course = make_course(tmp_path / "real", real=True)
    out = tmp_path / "demo"
    argv = ["demo", "--participants", "3", "--out", str(out), "--course", str(course)]
    assert main([*argv, "--assignments", "knowledge_checks,scenarios"]) == 0
    said = capsys.readouterr().out
    assert "knowledge_checks: released, 3 submitted" in said and "(0 failed)" in said
    assert f"Demo finished in {out}" in said

    rows = list(csv.DictReader((out / "grades.csv").open()))
    scores = {(r["participant"], r["assignment"]): (r["score"], r["status"]) for r in rows}
    # even-numbered synthetic participants answer everything right, odd-numbered all wrong
    assert scores[("synth-00001", "knowledge_checks")] == ("10", "graded")
    assert scores[("synth-00002", "knowledge_checks")] == ("0", "graded")
    assert scores[("synth-00003", "knowledge_checks")] == ("10", "graded")
    assert scores[("synth-00001", "scenarios")] == ("12", "graded")
    assert scores[("synth-00002", "scenarios")][1] == "graded"
    assert len(rows) == 6

    report = (out / "integrity.txt").read_text()
    assert "Integrity report for knowledge_checks: 3 submissions checked, 0 with" in report
    assert "Integrity report for scenarios" in report
    feedback = sorted(out.glob("participants/*/*/feedback/*/*.html"))
    assert len(feedback) == 6
    assert {p.parts[-5] for p in feedback} == {"synth-00001", "synth-00002", "synth-00003"}
    # the real course was not touched: the demo has its own gradebook and exchange
    assert not (course / "gradebook.db").exists() and not (course / "submitted").exists()
    assert (out / "course" / "gradebook.db").exists() and (out / "exchange").is_dir()
