"""Every mistake a facilitator can make with the ``commonground`` commands is one clear sentence
and a non-zero exit: no course, an unknown assignment, nothing submitted, a missing gradebook, a
broken notebook."""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

import pytest

from tests.facilitate.kit import KIT_ASSIGNMENT, make_course
from widgets.cli import COMMANDS, main

COMMAND = Path(sys.executable).parent / "commonground"
FACILITATOR = ("release", "collect", "grade", "feedback", "export", "status", "erase", "integrity")


def one_sentence(capsys: pytest.CaptureFixture[str], argv: list[str]) -> str:
    """Run a command in this process; it must fail with exit 2 and one sentence on stderr."""
    code = main(argv)
    err = capsys.readouterr().err
    assert code == 2, err
    lines = err.strip().splitlines()
    assert len(lines) == 1, err
    prefix = f"commonground {argv[0]}: "
    assert lines[0].startswith(prefix) and lines[0].endswith("."), lines[0]
    return lines[0][len(prefix) :]


@pytest.fixture
def course(tmp_path: Path) -> Path:
    return make_course(tmp_path)


def test_every_facilitator_command_is_registered() -> None:
    for name in (*FACILITATOR, "demo"):
        module = COMMANDS[name]
        assert module.HELP and callable(module.add_arguments) and callable(module.run)


def test_a_folder_that_is_not_a_course(capsys, tmp_path: Path) -> None:
    said = one_sentence(capsys, ["status", "--course", str(tmp_path)])
    assert said == f"{tmp_path} is not a course folder: it has no nbgrader_config.py."
    # without --course: the current folder (a test's empty work folder) and those above it
    said = one_sentence(capsys, ["export"])
    assert said.startswith("No course found: neither ") and "pass --course DIR" in said


def test_an_unknown_assignment(capsys, course: Path) -> None:
    for command in ("release", "collect", "grade", "integrity", "feedback", "status"):
        said = one_sentence(capsys, [command, "nope", "--course", str(course)])
        assert said == (
            f"There is no assignment called 'nope' in {course / 'source'} "
            f"(the assignments are: {KIT_ASSIGNMENT})."
        ), command


def test_a_missing_gradebook(capsys, course: Path) -> None:
    expected = f"There is no gradebook at {course / 'gradebook.db'} yet"
    for argv in (
        ["grade", KIT_ASSIGNMENT],
        ["collect", KIT_ASSIGNMENT],
        ["feedback", KIT_ASSIGNMENT],
        ["integrity", KIT_ASSIGNMENT],
        ["export"],
        ["status"],
    ):
        said = one_sentence(capsys, [*argv, "--course", str(course)])
        assert said.startswith(expected), said
        assert "commonground release" in said
    assert not (course / "gradebook.db").exists()  # asking never creates an empty one


def test_nothing_submitted(capsys, course: Path) -> None:
    assert main(["release", KIT_ASSIGNMENT, "--course", str(course)]) == 0
    assert "Released kit_checks (1 notebook)" in capsys.readouterr().out
    said = one_sentence(capsys, ["collect", KIT_ASSIGNMENT, "--course", str(course)])
    assert said.startswith("Nothing has been submitted for 'kit_checks' yet: the exchange at ")
    said = one_sentence(capsys, ["grade", KIT_ASSIGNMENT, "--course", str(course)])
    assert said == (
        "Nothing has been submitted for 'kit_checks' yet: collect submissions first with "
        "`commonground collect kit_checks`."
    )
    said = one_sentence(capsys, ["integrity", KIT_ASSIGNMENT, "--course", str(course)])
    assert said == "Nothing has been submitted for 'kit_checks' yet, so there is nothing to check."
    said = one_sentence(capsys, ["feedback", KIT_ASSIGNMENT, "--course", str(course)])
    assert said.startswith("No submission of 'kit_checks' has been graded yet")
    # nothing submitted is not an error for the overview commands
    assert main(["status", "--course", str(course)]) == 0
    assert "Nobody has submitted anything yet." in capsys.readouterr().out


def test_an_assignment_never_released(capsys, course: Path) -> None:
    other = course / "source" / "later"
    other.mkdir()
    (other / "later.ipynb").write_text((course / "source/kit_checks/kit_checks.ipynb").read_text())
    assert main(["release", KIT_ASSIGNMENT, "--course", str(course)]) == 0
    said = one_sentence(capsys, ["grade", "later", "--course", str(course)])
    assert said == (
        "The gradebook does not know 'later' yet: release it first with "
        "`commonground release later`."
    )


def test_a_broken_notebook_is_not_released(capsys, course: Path) -> None:
    broken = course / "source" / KIT_ASSIGNMENT / "extra.ipynb"
    broken.write_text('{"cells": [')
    said = one_sentence(capsys, ["release", KIT_ASSIGNMENT, "--course", str(course)])
    assert said.startswith(f"The notebook {broken} is broken and cannot be released (")
    assert not (course / "release").exists()


def test_bad_options(capsys, course: Path, tmp_path: Path) -> None:
    assert main(["release", KIT_ASSIGNMENT, "--course", str(course)]) == 0
    said = one_sentence(capsys, ["grade", KIT_ASSIGNMENT, "--jobs", "0", "--course", str(course)])
    assert said == "--jobs must be at least 1."
    said = one_sentence(capsys, ["erase", "*", "--course", str(course)])
    assert said == "'*' is not a participant id."
    (tmp_path / "used" / "course").mkdir(parents=True)
    said = one_sentence(
        capsys,
        ["demo", "--participants", "1", "--out", str(tmp_path / "used"), "--course", str(course)],
    )
    assert said.endswith("already holds a demo; choose an empty folder so nothing is overwritten.")


@pytest.mark.slow
def test_a_real_process_prints_one_sentence_and_exits_2(course: Path) -> None:
    result = subprocess.run(
        [str(COMMAND), "grade", "nope", "--course", str(course)], capture_output=True, text=True
    )
    assert result.returncode == 2
    assert result.stdout == ""
    assert result.stderr.startswith("commonground grade: There is no assignment called 'nope'")
    assert result.stderr.count("\n") == 1 and "Traceback" not in result.stderr
