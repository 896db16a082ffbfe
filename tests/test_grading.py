"""Grading from the answers file, without nbgrader running: the functions hidden tests call."""

from __future__ import annotations

from pathlib import Path

import pytest
from nbformat.v4 import new_code_cell, new_output

from widgets import grading
from widgets.activities import (
    check_activity,
    rating_activity,
    reflection_activity,
    scenario_activity,
)
from widgets.grading import Earned, NothingAnswered
from widgets.logic.knowledge_check import load_check
from widgets.logic.questionnaire import load_questionnaire
from widgets.store import ANSWERS_FILENAME, AnswerStore

OFFICER = {"id": "p1", "role": "officer", "jurisdiction": "england", "cohort": "t"}
COUNCILLOR = {"id": "p2", "role": "councillor", "jurisdiction": "scotland", "cohort": "t"}


@pytest.fixture
def folder(tmp_path: Path) -> Path:
    path = tmp_path / "submission"
    path.mkdir()
    return path


def _store(folder: Path, record: dict | None = None) -> AnswerStore:
    return AnswerStore(folder, OFFICER if record is None else record)


def _right(check_id: str):
    check = load_check(check_id)
    if check.kind == "single":
        return next(o.id for o in check.options if o.correct)
    if check.kind == "multiple":
        return [o.id for o in check.options if o.correct]
    return {o.id: o.id for o in check.options}


def _answer(store: AnswerStore, check_id: str, answer) -> None:
    store.update(check_activity(check_id), {"answer": answer, "attempts": 1})


def _nbgrader_score(value: Earned, points: float) -> float:
    """What nbgrader makes of a test cell whose last line returned ``value``."""
    from nbgrader.utils import determine_grade

    cell = new_code_cell("# hidden", metadata={"nbgrader": {"grade": True, "points": points}})
    data = {"text/plain": repr(value), "text/html": value._repr_html_()}
    cell.outputs = [new_output("execute_result", data=data, execution_count=1)]
    score, _ = determine_grade(cell)
    return score


# the value hidden tests return -------------------------------------------------------------
def test_earned_is_the_number_nbgrader_reads_as_partial_credit() -> None:
    value = Earned(2 / 3 * 3, 3, "You matched 4 of the 6 items correctly.")
    assert repr(value) == "2.0" and value == 2.0
    assert _nbgrader_score(value, 3) == 2.0
    assert _nbgrader_score(Earned(3 * 5 / 7, 3), 3) == 2.14


def test_earned_never_goes_outside_zero_to_out_of() -> None:
    assert Earned(3.0000001, 3) == 3.0
    assert Earned(7, 3) == 3.0 and Earned(-1, 3) == 0.0
    assert _nbgrader_score(Earned(3.0000001, 3), 3) == 3.0  # nbgrader raises above the maximum


def test_earned_html_has_result_and_guidance_in_tags_the_sanitiser_keeps() -> None:
    value = Earned(0, 1, "Not quite <yet>.", "To revise this, read notebook 01 again.")
    page = value._repr_html_()
    assert page.startswith("<strong>0 of 1 point.</strong>")
    assert "Not quite &lt;yet&gt;." in page and "read notebook 01 again" in page
    assert "<p>" not in page and "<br>" not in page
    assert Earned(2, 3).sentence() == "2 of 3 points."


# knowledge checks --------------------------------------------------------------------------
@pytest.mark.parametrize(
    "check_id", ["roles_policy", "officer_must_not", "principles_match", "roles_accountable"]
)
def test_a_right_answer_earns_every_point(folder: Path, check_id: str) -> None:
    _answer(_store(folder), check_id, _right(check_id))
    earned = grading.check_points(check_id, out_of=3, folder=folder)
    assert earned == 3.0 and not earned.guidance


def test_wrong_single_choice_earns_nothing_and_names_where_to_read(folder: Path) -> None:
    _answer(_store(folder), "roles_policy", "roles_policy-b")
    earned = grading.check_points("roles_policy", out_of=1, folder=folder)
    assert earned == 0.0
    assert earned.guidance == "To revise this, read notebook 01 Roles and responsibilities again."


def test_multiple_choice_takes_a_share_away_for_each_wrong_tick(folder: Path) -> None:
    _answer(
        _store(folder),
        "officer_must_not",
        ["officer_must_not-a", "officer_must_not-b", "officer_must_not-d"],
    )
    earned = grading.check_points("officer_must_not", out_of=2, folder=folder)
    assert earned == pytest.approx(0.67)  # (2 right - 1 wrong) / 3 that apply, of 2 points


def test_matching_earns_a_share_for_each_right_pair(folder: Path) -> None:
    pairs = _right("principles_match")
    pairs["principles_match-1"], pairs["principles_match-2"] = (
        "principles_match-2",
        "principles_match-1",
    )
    _answer(_store(folder), "principles_match", pairs)
    earned = grading.points("check.principles_match", out_of=3, folder=folder)
    assert earned == pytest.approx(2.14)
    assert earned.summary == "You matched 5 of the 7 items correctly."


def test_an_unanswered_check_fails_with_a_plain_sentence(folder: Path) -> None:
    with pytest.raises(NothingAnswered, match="Nothing was answered for the question on roles"):
        grading.check_points("roles_policy", out_of=1, folder=folder)


def test_an_answer_naming_unknown_options_earns_nothing_without_raising(folder: Path) -> None:
    _answer(_store(folder), "roles_policy", "no-such-option")
    earned = grading.check_points("roles_policy", out_of=1, folder=folder)
    assert earned == 0.0 and "not one of the options" in earned.summary


def test_statutory_officers_are_marked_for_the_participants_own_council(folder: Path) -> None:
    store = _store(folder, COUNCILLOR)
    _answer(store, "statutory_england_match", _right("statutory_england_match"))
    wrong = {k: "statutory_scotland_match-1" for k in _right("statutory_scotland_match")}
    _answer(store, "statutory_scotland_match", wrong)
    earned = grading.statutory_points(out_of=3, folder=folder)
    assert earned == pytest.approx(0.5)  # one of six right, although England's is all right
    assert "05 Statutory officers" in earned.guidance


def test_without_a_council_on_record_the_better_statutory_answer_counts(folder: Path) -> None:
    store = _store(folder, {"id": "p3"})
    _answer(store, "statutory_scotland_match", _right("statutory_scotland_match"))
    _answer(
        store, "statutory_england_match", {"statutory_england_match-1": "statutory_england_match-2"}
    )
    assert grading.points("check.statutory", out_of=3, folder=folder) == 3.0


# self-assessments ---------------------------------------------------------------------------
def _rate(store: AnswerStore, framework: str, timepoint: str, role: str, place: str, n=None):
    items = load_questionnaire(framework, role, place).items
    chosen = items if n is None else items[:n]
    store.update(rating_activity(framework, timepoint), {i.id: 1 for i in chosen})
    return len(items)


def test_rating_every_statement_earns_full_marks_whatever_the_ratings(folder: Path) -> None:
    total = _rate(_store(folder), "trust", "pre", "officer", "england")  # all rated 1, the lowest
    earned = grading.completion_points("trust", "pre", out_of=2, folder=folder)
    assert earned == 2.0 and earned.summary == f"You rated all {total} statements of " + (
        load_questionnaire("trust").title + "."
    )


def test_points_are_shared_by_how_many_statements_were_rated(folder: Path) -> None:
    total = _rate(_store(folder), "health_check", "post", "officer", "england", n=5)
    earned = grading.points("rate.health_check.post", out_of=2, folder=folder)
    assert earned == pytest.approx(round(2 * 5 / total, 2))
    assert "never for the ratings themselves" in earned.guidance


def test_the_other_timepoint_does_not_count(folder: Path) -> None:
    _rate(_store(folder), "trust", "pre", "officer", "england")
    with pytest.raises(NothingAnswered, match="No statement of"):
        grading.completion_points("trust", "post", out_of=2, folder=folder)


def test_the_role_framework_follows_the_participant_record(folder: Path) -> None:
    store = _store(folder, COUNCILLOR)
    _rate(store, "councillor_skills", "pre", "councillor", "scotland")
    assert grading.completion_points("role", "pre", out_of=4, folder=folder) == 4.0
    officer = folder.parent / "officer"
    _rate(_store(officer), "councillor_skills", "pre", "councillor", "scotland")
    with pytest.raises(NothingAnswered, match="National Occupational Standard SFJC21"):
        grading.completion_points("role", "pre", out_of=4, folder=officer)


def test_without_a_role_on_record_the_framework_taken_furthest_counts(folder: Path) -> None:
    store = _store(folder, {"id": "p4"})
    _rate(store, "nos_sfjc21", "pre", None, None, n=3)
    _rate(store, "councillor_skills", "pre", None, None)
    assert grading.completion_points("role", "pre", out_of=4, folder=folder) == 4.0


# scenarios -----------------------------------------------------------------------------------
@pytest.mark.parametrize(
    ("path", "expected"),
    [
        (["c4-s1-a", "c4-s2-a"], 4.0),  # the end, every choice strong
        (["c4-s1-a", "c4-s2-c"], 3.0),  # the end; strong then risky: 4 * (1/2 + 1/2 * 1/2)
        (["c4-s1-b", "c4-s3-b", "c4-s2-a"], 3.33),  # the end; reasonable, reasonable, strong
        (["c4-s1-c", "c4-s3-c"], 2.0),  # the end, two risky choices: only the end counts
        (["c4-s1-b"], 1.0),  # no end; one reasonable choice: 4 * (1/2 * 1/2)
        (["c4-s1-a", "c4-s2-a", "extra", "junk"], 4.0),  # a damaged tail is ignored
    ],
)
def test_scenario_points_follow_the_formula(folder: Path, path, expected) -> None:
    _store(folder).set(scenario_activity("challenge4"), "path", path)
    assert grading.scenario_points("challenge4", out_of=4, folder=folder) == expected


def test_scenario_mark_weights_are_the_documented_ones() -> None:
    assert grading.END_WEIGHT == 0.5
    assert grading.QUALITY_VALUE == {"best": 1.0, "acceptable": 0.5, "poor": 0.0}
    mark = grading.scenario_mark("challenge5", ["c5-s1-b", "c5-s3-b", "c5-s2-a"])
    assert (mark.reached_end, mark.quality, mark.choices) == (True, 0.5, 3)
    assert mark.fraction == 0.75


def test_an_unplayed_scenario_fails_with_a_plain_sentence(folder: Path) -> None:
    _store(folder).set(scenario_activity("challenge8"), "path", ["not-a-choice"])
    with pytest.raises(NothingAnswered, match="No choice was made in Challenge 8"):
        grading.scenario_points("challenge8", out_of=4, folder=folder)


def test_an_unfinished_scenario_says_so(folder: Path) -> None:
    _store(folder).set(scenario_activity("challenge8"), "path", ["c8-s1-a"])
    earned = grading.points("scenario.challenge8", out_of=4, folder=folder)
    assert earned == 2.0 and "did not reach the end" in earned.summary
    assert "half for reaching an end" in earned.guidance


# reading the file -----------------------------------------------------------------------------
def test_grading_reads_the_folder_of_the_running_notebook(folder: Path, monkeypatch) -> None:
    _answer(_store(folder), "roles_policy", _right("roles_policy"))
    monkeypatch.chdir(folder)
    assert grading.check_points("roles_policy", out_of=1) == 1.0


def test_grading_writes_nothing_beside_the_submission(folder: Path) -> None:
    _answer(_store(folder), "roles_policy", _right("roles_policy"))
    (folder / f"{ANSWERS_FILENAME}.lock").unlink(missing_ok=True)
    before = sorted(p.name for p in folder.iterdir())
    grading.check_points("roles_policy", out_of=1, folder=folder)
    grading.reflection_text("challenge2", folder=folder)
    assert sorted(p.name for p in folder.iterdir()) == before


def test_a_damaged_answers_file_is_reported_and_left_where_it_is(folder: Path) -> None:
    (folder / ANSWERS_FILENAME).write_text("{not json", encoding="utf-8")
    with pytest.raises(grading.AnswersUnreadable, match="could not be read"):
        grading.check_points("roles_policy", out_of=1, folder=folder)
    assert (folder / ANSWERS_FILENAME).read_text(encoding="utf-8") == "{not json"


def test_unknown_activities_are_refused_plainly(folder: Path) -> None:
    with pytest.raises(ValueError, match="not an activity that can be marked automatically"):
        grading.points("relmap", out_of=1, folder=folder)


# reflections ----------------------------------------------------------------------------------
def test_show_reflection_gives_graders_the_words_safely(folder: Path) -> None:
    text = "We meet <b>weekly</b> & talk.\n\n- brief first\n- listen"
    _store(folder).set(reflection_activity("challenge2"), "text", text)
    assert grading.reflection_text("challenge2", folder=folder) == text
    shown = grading.show_reflection("challenge2", folder=folder)
    page = shown._repr_html_()
    assert "<b>weekly</b>" not in page and "&lt;b&gt;weekly&lt;/b&gt; &amp; talk." in page
    assert page.count("<blockquote>") == 3  # one per line, in tags the sanitiser keeps
    assert "(9 words)" in page
    assert repr(shown).startswith("Challenge 2: how you work together now (9 words):")


def test_show_reflection_says_when_nothing_was_saved(folder: Path) -> None:
    shown = grading.show_reflection("challenge9", folder=folder)
    assert "no reflection has been saved yet" in shown._repr_html_()
    assert "no reflection has been saved yet" in repr(shown)


def test_show_reflection_never_raises_for_a_damaged_file(folder: Path) -> None:
    (folder / ANSWERS_FILENAME).write_text("{not json", encoding="utf-8")
    shown = grading.show_reflection("challenge2", folder=folder)
    assert "could not be read" in repr(shown) and "could not be read" in shown._repr_html_()
