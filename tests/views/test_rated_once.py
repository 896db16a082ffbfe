"""A participant never rates the same statement twice: ratings given in one folder (notebook 08)
fill in the same questionnaire in another (the fetched pre_workshop assignment), and back."""

from __future__ import annotations

from pathlib import Path

import widgets
from widgets.activities import rating_activity
from widgets.profile import Profile
from widgets.rated_elsewhere import index_path
from widgets.store import AnswerStore

ME = {"id": "p-1", "role": "officer", "jurisdiction": "england", "cohort": "t"}
PROFILE = Profile("officer", "england")
ACTIVITY = rating_activity("trust", "pre")


def rate_all(folder: Path, who: dict = ME):
    view = widgets.questionnaire("trust", store=AnswerStore(folder, who), profile=PROFILE)
    for n, item in enumerate(view.items):
        view.rate(item.id, 1 + n % 5)
    return view


def test_ratings_from_the_topic_notebook_fill_in_the_assignment(tmp_path: Path) -> None:
    rate_all(tmp_path / "notebooks")
    assert index_path().exists() and "rate.trust.pre" in index_path().read_text()
    assignment = AnswerStore(tmp_path / "pre_workshop", ME)
    view = widgets.questionnaire("trust", store=assignment, profile=PROFILE)
    assert "need not rate them again" in view.message.value
    assert len(AnswerStore(tmp_path / "pre_workshop").activity(ACTIVITY)) == 8
    assert [view.grid.value[i.id] for i in view.items] == [1 + n % 5 for n in range(8)]


def test_the_way_back_works_and_what_is_rated_here_is_never_overwritten(tmp_path: Path) -> None:
    rate_all(tmp_path / "pre_workshop")
    here = AnswerStore(tmp_path / "notebooks", ME)
    here.update(ACTIVITY, {"TB1": 5})
    view = widgets.questionnaire("trust", store=here, profile=PROFILE)
    assert "need not rate" not in view.message.value
    assert AnswerStore(tmp_path / "notebooks").activity(ACTIVITY) == {"TB1": 5}


def test_another_persons_ratings_are_never_copied(tmp_path: Path) -> None:
    rate_all(tmp_path / "facilitator", {**ME, "id": "someone-else"})
    widgets.questionnaire("trust", store=AnswerStore(tmp_path / "mine", ME), profile=PROFILE)
    assert AnswerStore(tmp_path / "mine").activity(ACTIVITY) == {}


def test_a_graders_copy_of_a_submission_is_never_filled_in(tmp_path: Path) -> None:
    rate_all(tmp_path / "notebooks")
    graded = tmp_path / "autograded" / "p-1" / "pre_workshop"
    widgets.questionnaire("trust", store=AnswerStore(graded, ME), profile=PROFILE)
    assert AnswerStore(graded).activity(ACTIVITY) == {}


def test_a_damaged_index_or_a_vanished_folder_is_passed_over(tmp_path: Path) -> None:
    index_path().parent.mkdir(parents=True, exist_ok=True)
    index_path().write_text("{not json", encoding="utf-8")
    rate_all(tmp_path / "gone")
    (tmp_path / "gone" / "commonground_answers.json").unlink()
    view = widgets.questionnaire("trust", store=AnswerStore(tmp_path / "new", ME), profile=PROFILE)
    assert "need not rate" not in view.message.value
