"""The Submit button, for real: a temporary nbgrader exchange, a released and fetched assignment,
a click, and the exchange's inbound folder checked for the notebook and the answers file."""

from __future__ import annotations

import json
import re
from datetime import datetime
from pathlib import Path

import pytest

import widgets
from tests.assignments.course import (
    COURSE,
    answer_check,
    fetch,
    generate_and_release,
    make_course,
    right_answer,
)
from widgets.activities import reflection_activity
from widgets.logic.submit import Submission, SubmitError, submission_time
from widgets.profile import save_profile
from widgets.store import ANSWERS_FILENAME, AnswerStore, read_answers_file
from widgets.views.submit import SubmitButton

pytestmark = pytest.mark.slow
ASSIGNMENT = "knowledge_checks"
SENT = re.compile(
    r"^Submitted 'knowledge_checks' at (\d\d:\d\d) on (Monday|Tuesday|Wednesday|Thursday|Friday|"
    r"Saturday|Sunday) (\d{1,2}) ([A-Z][a-z]+): 1 notebook and your saved answers\.$"
)


@pytest.fixture(scope="module")
def course(tmp_path_factory: pytest.TempPathFactory):
    course = make_course(tmp_path_factory.mktemp("submit"))
    generate_and_release(course, [ASSIGNMENT])
    return course


@pytest.fixture
def hub(course, tmp_path: Path, monkeypatch: pytest.MonkeyPatch):
    """The participant's side: the course's exchange and id, a private Jupyter config and data."""
    monkeypatch.setenv("COMMONGROUND_EXCHANGE", str(course.exchange))
    monkeypatch.setenv("COMMONGROUND_COURSE", COURSE)
    monkeypatch.setenv("JUPYTER_CONFIG_DIR", str(tmp_path / "jupyter-config"))
    monkeypatch.setenv("JUPYTER_DATA_DIR", str(tmp_path / "jupyter-data"))
    return course


def _inbound(course, student: str) -> list[Path]:
    inbound = course.exchange / COURSE / "inbound"
    return sorted(inbound.glob(f"{student}+{ASSIGNMENT}+*"))


def test_the_button_submits_the_notebook_and_the_saved_answers(hub, tmp_path, monkeypatch):
    monkeypatch.setenv("JUPYTERHUB_USER", "carol")
    folder = fetch(hub, ASSIGNMENT, tmp_path / "carol", "carol")
    store = AnswerStore(folder, {"id": "carol", "role": "officer", "jurisdiction": "england"})
    answer_check(store, "roles_policy", right_answer("roles_policy"))

    button = widgets.submit_button(folder)
    assert isinstance(button, SubmitButton)
    button.button.click()

    match = SENT.match(button.text)
    assert match, button.text
    assert "Done:" in button.message.value and not button.button.disabled
    [sent] = _inbound(hub, "carol")
    assert (sent / f"{ASSIGNMENT}.ipynb").is_file()
    answers = read_answers_file(sent / ANSWERS_FILENAME)
    assert answers.participant["id"] == "carol"
    assert answers.answers["check.roles_policy/answer"].value == "roles_policy-a"
    # the time said is the time nbgrader recorded, in local time
    recorded = submission_time((sent / "timestamp.txt").read_text())
    assert match.group(1) == f"{recorded:%H:%M}" and match.group(3) == str(recorded.day)
    assert button.last is not None and button.last.destination == sent


def test_without_a_hub_the_profile_id_is_the_student_id(hub, tmp_path):
    profile = save_profile("councillor", "scotland", "Test cohort")
    folder = fetch(hub, ASSIGNMENT, tmp_path / "home", profile.participant_id)
    AnswerStore(folder, {"id": profile.participant_id}).set("check.roles_policy", "answer", "x")
    button = SubmitButton(folder)
    submission = button.submit()
    assert submission is not None and submission.student == profile.participant_id
    assert len(_inbound(hub, profile.participant_id)) == 1


def test_nothing_answered_yet_is_a_warning_but_still_submits(hub, tmp_path, monkeypatch):
    monkeypatch.setenv("JUPYTERHUB_USER", "dave")
    folder = fetch(hub, ASSIGNMENT, tmp_path / "dave", "dave")
    button = SubmitButton(folder)
    button.submit()
    assert "but no saved answers yet" in button.text
    assert button.text.startswith("Submitted 'knowledge_checks' at ")
    assert "Please check:" in button.message.value
    [sent] = _inbound(hub, "dave")
    assert (sent / f"{ASSIGNMENT}.ipynb").is_file()


def test_a_reflection_still_being_typed_is_saved_before_submitting(hub, tmp_path, monkeypatch):
    from widgets.views.reflection import Reflection

    monkeypatch.setenv("JUPYTERHUB_USER", "erin")
    folder = fetch(hub, ASSIGNMENT, tmp_path / "erin", "erin")
    store = AnswerStore(folder, {"id": "erin"})
    never_fires = lambda interval, function: type("T", (), {"start": lambda s: None})()  # noqa: E731
    reflection = Reflection("challenge2", store, timer_factory=never_fires)
    reflection.text.value = "Typed a moment ago and not yet saved."
    assert not (folder / ANSWERS_FILENAME).exists()

    SubmitButton(folder).submit()
    [sent] = _inbound(hub, "erin")
    answers = read_answers_file(sent / ANSWERS_FILENAME)
    key = f"{reflection_activity('challenge2')}/text"
    assert answers.answers[key].value == "Typed a moment ago and not yet saved."


def test_no_exchange_is_one_plain_sentence(hub, tmp_path, monkeypatch):
    monkeypatch.setenv("COMMONGROUND_EXCHANGE", str(tmp_path / "no-such-exchange"))
    folder = fetch(hub, ASSIGNMENT, tmp_path / "frank", "frank")
    button = SubmitButton(folder, submitter=lambda f: _submit(f, "frank"))
    assert button.submit() is None
    assert button.text == (
        "'knowledge_checks' could not be submitted because the course's submission folder cannot "
        "be reached from here; your answers are safe in this folder, but please tell your "
        "facilitator."
    )
    assert "Traceback" not in button.message.value and not button.button.disabled


def test_a_folder_that_was_never_released_cannot_be_submitted(hub, tmp_path):
    folder = tmp_path / "home" / "my_notes"
    folder.mkdir(parents=True)
    (folder / "my_notes.ipynb").write_text("{}")
    with pytest.raises(SubmitError, match="'my_notes' is not an assignment your facilitator has"):
        _submit(folder, "gina")
    assert not list((hub.exchange / COURSE / "inbound").glob("gina+*"))


def test_an_unexpected_failure_is_still_one_sentence(tmp_path):
    def broken(folder):
        raise RuntimeError("disk on fire")

    button = SubmitButton(tmp_path, submitter=broken)
    assert button.submit() is None
    assert button.text.startswith("Your assignment could not be submitted (disk on fire)")
    assert not button.button.disabled


def test_the_button_is_the_exported_widget(tmp_path, monkeypatch):
    monkeypatch.chdir(tmp_path)
    button = widgets.submit_button()
    assert isinstance(button, SubmitButton) and button.folder == tmp_path
    assert button.button.description == "Submit this assignment"
    assert button.text == ""


def _submit(folder: Path, student: str) -> Submission:
    from widgets.logic.submit import submit_assignment

    return submit_assignment(folder, student=student)


def test_submission_record_matches_the_exchange(hub, tmp_path):
    folder = fetch(hub, ASSIGNMENT, tmp_path / "hana", "hana")
    AnswerStore(folder, {"id": "hana"}).set("check.roles_policy", "answer", "roles_policy-a")
    done = _submit(folder, "hana")
    assert (done.assignment, done.course, done.student) == (ASSIGNMENT, COURSE, "hana")
    assert (done.notebooks, done.answers, done.answers_file) == (1, 1, True)
    assert isinstance(done.at, datetime) and done.at.tzinfo is not None
    assert json.loads((done.destination / ANSWERS_FILENAME).read_text())["participant"] == {
        "id": "hana"
    }
