"""One participant, one id: the exchange refuses odd ids and other people's (issue 12)."""

from __future__ import annotations

from pathlib import Path

import pytest

from widgets.facilitate import participant
from widgets.facilitate.course import Course, FacilitatorError
from widgets.facilitate.release import release
from widgets.nbgrader_ext.exchange import id_problem

from .kit import KIT_ASSIGNMENT, make_course

pytestmark = pytest.mark.slow


@pytest.mark.parametrize("bad", ["../x", "a/b", "p1+x", "*", ".hidden", "", "x" * 65, "a b"])
def test_odd_ids_are_one_sentence(bad: str) -> None:
    problem = id_problem(bad)
    assert problem.startswith("The participant id") and problem.count(". ") == 0


@pytest.mark.parametrize("good", ["p1", "synth-00001", "jo.bloggs", "jo@council.gov.uk"])
def test_plain_ids_pass(good: str) -> None:
    assert id_problem(good) == ""


@pytest.fixture(scope="module")
def course(tmp_path_factory: pytest.TempPathFactory) -> Course:
    course = Course(make_course(tmp_path_factory.mktemp("ids")))
    release(course, KIT_ASSIGNMENT)
    return course


def inbound(course: Course) -> list[str]:
    return sorted(p.name.split("+")[0] for p in (course.exchange_course / "inbound").iterdir())


def test_a_path_id_writes_nothing_outside_the_inbound_folder(course: Course, tmp_path: Path):
    home = tmp_path / "home"
    participant.fetch(course, KIT_ASSIGNMENT, "p1", home)
    before = sorted(p.name for p in course.exchange_course.iterdir())
    with pytest.raises(FacilitatorError, match=r"participant id '\.\./x' is not allowed"):
        participant.submit(course, KIT_ASSIGNMENT, "../x", home)
    assert sorted(p.name for p in course.exchange_course.iterdir()) == before
    assert "x" not in inbound(course)


def test_nobody_submits_as_someone_else_on_a_hub(course, tmp_path: Path, monkeypatch) -> None:
    home = tmp_path / "home"
    participant.fetch(course, KIT_ASSIGNMENT, "p2", home)
    monkeypatch.setenv("JUPYTERHUB_USER", "p2")
    with pytest.raises(FacilitatorError, match="signed in as 'p2' and cannot submit as 'p1'"):
        participant.submit(course, KIT_ASSIGNMENT, "p1", home)
    assert "p1" not in inbound(course)
    participant.submit(course, KIT_ASSIGNMENT, "p2", home)  # as themselves: fine
    assert "p2" in inbound(course)
