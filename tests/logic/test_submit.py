"""Submitting: where the course settings come from, and the sentence a participant reads."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta, timezone
from pathlib import Path

import pytest

from widgets.logic import submit
from widgets.logic.submit import Submission, SubmitError


@pytest.fixture
def assignment(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    monkeypatch.setenv("JUPYTER_CONFIG_DIR", str(tmp_path / "jupyter-config"))
    monkeypatch.delenv("COMMONGROUND_COURSE", raising=False)
    monkeypatch.delenv("COMMONGROUND_EXCHANGE", raising=False)
    folder = tmp_path / "home" / "scenarios"
    folder.mkdir(parents=True)
    return folder


def _config_file(folder: Path, text: str) -> None:
    (folder / "nbgrader_config.py").write_text("c = get_config()\n" + text, encoding="utf-8")


def test_the_folder_is_the_assignment_and_its_parent_the_assignment_dir(assignment: Path):
    config = submit.submit_config(assignment, "p1")
    assert config.CourseDirectory.assignment_id == "scenarios"
    assert config.CourseDirectory.student_id == "p1"
    assert config.CourseDirectory.course_id == submit.DEFAULT_COURSE
    assert config.Exchange.assignment_dir == str(assignment.parent)


def test_course_settings_come_from_the_hub_config(assignment: Path, monkeypatch):
    _config_file(
        assignment.parent,
        "c.CourseDirectory.course_id = 'council-2026'\nc.Exchange.root = '/srv/exchange'\n",
    )
    config = submit.submit_config(assignment, "p1")
    assert config.CourseDirectory.course_id == "council-2026"
    assert config.Exchange.root == "/srv/exchange"
    monkeypatch.setenv("COMMONGROUND_COURSE", "override")
    monkeypatch.setenv("COMMONGROUND_EXCHANGE", "/elsewhere")
    config = submit.submit_config(assignment, "p1")
    assert (config.CourseDirectory.course_id, config.Exchange.root) == ("override", "/elsewhere")


def test_jupyter_config_dir_is_read_too(assignment: Path, tmp_path: Path):
    config_dir = tmp_path / "jupyter-config"
    config_dir.mkdir()
    (config_dir / "nbgrader_config.json").write_text(
        '{"CourseDirectory": {"course_id": "from-json"}}', encoding="utf-8"
    )
    assert submit.submit_config(assignment, "p1").CourseDirectory.course_id == "from-json"


def test_paths_that_include_the_course_look_two_levels_up(assignment: Path):
    _config_file(assignment.parent, "c.Exchange.path_includes_course = True\n")
    config = submit.submit_config(assignment, "p1")
    assert config.Exchange.assignment_dir == str(assignment.parent.parent)


def test_a_broken_config_file_is_one_sentence(assignment: Path):
    _config_file(assignment.parent, "this is not python\n")
    with pytest.raises(SubmitError, match="could not be read") as caught:
        submit.submit_config(assignment, "p1")
    assert "please tell your facilitator" in str(caught.value)


def _done(answers: int, notebooks: int = 1) -> Submission:
    moment = datetime(2026, 11, 23, 14, 2, tzinfo=timezone(timedelta(hours=0)))
    return Submission("pre_workshop", "commonground", "p1", moment, notebooks, answers, True)


def test_the_message_says_what_was_submitted_and_when():
    assert submit.submitted_message(_done(12)) == (
        "Submitted 'pre_workshop' at 14:02 on Monday 23 November: 1 notebook and your saved "
        "answers."
    )
    assert "2 notebooks and" in submit.submitted_message(_done(3, notebooks=2))


def test_nothing_answered_is_said_plainly():
    message = submit.submitted_message(_done(0))
    assert message.startswith("Submitted 'pre_workshop' at 14:02 on Monday 23 November: 1 notebook")
    assert "but no saved answers yet" in message


def test_nbgrader_time_stamps_become_local_time():
    moment = submit.submission_time("2026-11-23 14:02:03.123456 UTC")
    assert moment.tzinfo is not None
    assert moment == datetime(2026, 11, 23, 14, 2, 3, 123456, tzinfo=UTC)
    assert submit.submission_time("not a time").tzinfo is not None


@pytest.mark.parametrize(
    ("error", "expected"),
    [
        ("Unwritable directory, please contact your instructor: /x", "cannot be reached"),
        ("Assignment not found: /x/outbound/a", "is not an assignment your facilitator"),
        ("Inbound directory doesn't exist: /x", "not accepting submissions"),
        ("You do not have access to this course.", "not on the list of participants"),
        ("The student ID should contain no '*' nor '+'; got a+b", "contains * or +"),
        ("Directory size is too big. Size is 9", "too large to submit"),
        ("something new", "could not be submitted (something new)"),
    ],
)
def test_every_exchange_failure_becomes_one_plain_sentence(error: str, expected: str):
    sentence = submit._plain(RuntimeError(error), "a", "commonground")
    assert expected in sentence and "\n" not in sentence
