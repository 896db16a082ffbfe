"""The rules of a self-rating questionnaire, without any widget."""

from __future__ import annotations

import pytest

from widgets.activities import rating_activity
from widgets.logic.questionnaire import (
    answers_by_activity,
    area_means,
    is_complete,
    load_questionnaire,
    lowest_rated,
    progress,
    progress_text,
    strengths_and_gaps,
    valid_answers,
    validate_rating,
)
from widgets.store import AnswerStore


def test_nos_items_are_for_officers_and_leave_out_the_unrated_scope_rows():
    officer = load_questionnaire("nos_sfjc21", "officer", "england")
    ids = [i.id for i in officer.items]
    assert len(ids) == 26
    assert not [i for i in ids if i.startswith("S")]  # scope rows are not rated
    assert ids[:2] == ["P1", "P2"]
    assert [i.number for i in officer.items] == list(range(1, 27))
    with pytest.raises(ValueError, match="for council officers"):
        load_questionnaire("nos_sfjc21", "councillor", "england")


def test_councillor_skills_are_for_councillors_only():
    assert len(load_questionnaire("councillor_skills", "councillor", "scotland").items) == 12
    with pytest.raises(ValueError, match="for councillors"):
        load_questionnaire("councillor_skills", "officer", "scotland")


def test_items_follow_the_jurisdiction():
    england = {i.id for i in load_questionnaire("governance_actions", "officer", "england").items}
    scotland = {i.id for i in load_questionnaire("governance_actions", "officer", "scotland").items}
    assert "GA10" in scotland
    assert "GA10" not in england
    assert scotland - england == {"GA10"}


def test_the_scale_comes_from_the_framework():
    q = load_questionnaire("governance_actions", "councillor", "scotland")
    assert q.values == (1, 2, 3)
    assert q.label(1) == "Not yet"
    assert load_questionnaire("health_check", "officer", "england").label(5) == "Strongly agree"


def test_unknown_framework_is_one_plain_sentence():
    with pytest.raises(KeyError) as caught:
        load_questionnaire("no_such_thing")
    text = caught.value.args[0]
    assert "no_such_thing" in text
    assert "trust" in text
    assert text.count(". ") == 0 and text.endswith(".")


def test_a_framework_without_a_scale_is_not_rated():
    with pytest.raises(ValueError, match="is not something you rate"):
        load_questionnaire("principles", "officer", "england")


def test_items_are_grouped_under_their_areas_in_order():
    areas = load_questionnaire("nos_sfjc21", "officer", "england").areas()
    assert [a for a, _ in areas] == ["performance", "knowledge", "behaviour"]
    assert [len(items) for _, items in areas] == [6, 11, 9]


def test_items_are_numbered_in_the_order_shown():
    q = load_questionnaire("trust")
    assert [i.id for i in q.items] == ["TB1", "TB8", "TB2", "TB5", "TB3", "TB4", "TB6", "TB7"]
    assert [i.number for i in q.items] == list(range(1, 9))
    assert [i.id for _, items in q.areas() for i in items] == [i.id for i in q.items]


@pytest.mark.parametrize("value", [1, 3, 5])
def test_a_rating_on_the_scale_is_accepted(value):
    assert validate_rating(value, load_questionnaire("trust")) == value


@pytest.mark.parametrize("value", [0, 6, -1, "3", 3.0, True, None, [3]])
def test_anything_else_is_refused_in_a_plain_sentence(value):
    with pytest.raises(ValueError, match="whole number from 1 to 5"):
        validate_rating(value, load_questionnaire("trust"))


def test_a_three_point_scale_refuses_four():
    with pytest.raises(ValueError, match="from 1 to 3"):
        validate_rating(4, load_questionnaire("governance_actions"))


def test_out_of_scale_answers_are_ignored_and_named():
    q = load_questionnaire("trust")
    good, bad = valid_answers(q, {"TB1": 4, "TB2": 9, "TB3": "2", "XX": 3})
    assert good == {"TB1": 4}
    assert bad == ["TB2", "TB3"]


def test_progress_counts_only_valid_answers_of_this_questionnaire():
    q = load_questionnaire("trust")
    assert progress(q, {"TB1": 4, "TB2": 9, "other": 3}) == (1, 8)
    assert progress_text(7, 11) == "7 of 11 answered"
    assert not is_complete(q, {"TB1": 4})
    assert is_complete(q, {f"TB{n}": 3 for n in range(1, 9)})


def test_area_means():
    q = load_questionnaire("challenge")
    answers = {f"CC-O{n}": 4 for n in range(1, 9)} | {"CC-R1": 1, "CC-R2": 2}
    assert area_means(q, answers) == [("offering", 4.0, 8), ("receiving", 1.5, 2)]


def test_strengths_and_gaps_break_ties_by_questionnaire_order():
    q = load_questionnaire("trust")
    answers = {"TB1": 3, "TB2": 5, "TB3": 1, "TB4": 5, "TB5": 1, "TB6": 5, "TB7": 5, "TB8": 2}
    strengths, gaps = strengths_and_gaps(q, answers)
    assert [r.item.id for r in strengths] == ["TB2", "TB4", "TB6"]
    # shown order: openness TB1 TB8, reliability TB2 TB5, rapport TB3 TB4, respect TB6 TB7
    assert [r.item.id for r in gaps] == ["TB5", "TB3", "TB8"]
    assert strengths[0].label == "Very confident"
    # the same answers give the same lists every time
    assert strengths_and_gaps(q, dict(reversed(answers.items()))) == (strengths, gaps)


def test_a_gap_is_never_rated_as_high_as_the_strengths():
    q = load_questionnaire("trust")
    answers = {"TB1": 4, "TB2": 4, "TB3": 4, "TB4": 4, "TB5": 2}
    strengths, gaps = strengths_and_gaps(q, answers)
    assert [r.item.id for r in strengths] == ["TB1", "TB2", "TB3"]
    assert [r.item.id for r in gaps] == ["TB5"]


def test_when_every_rating_is_the_same_nothing_stands_out():
    q = load_questionnaire("trust")
    assert strengths_and_gaps(q, {f"TB{n}": 3 for n in range(1, 9)}) == ([], [])


def test_lowest_rated_compares_ratings_on_their_own_scale():
    answers = {
        rating_activity("trust", "pre"): {"TB1": 2, "TB2": 5, "TB3": 4},
        # 2 of 3 sits in the middle of its scale: higher than 2 of 5
        rating_activity("governance_actions", "pre"): {"GA1": 2, "GA2": 1, "GA3": 3},
        "reflect.challenge2": {"text": "not a rating"},
        rating_activity("no_such_framework", "pre"): {"X": 1},
    }
    lowest = lowest_rated(answers, "officer", "england", count=10)
    assert [(r.framework, r.item.id) for r in lowest] == [
        ("governance_actions", "GA2"),
        ("trust", "TB1"),
        ("governance_actions", "GA1"),
        ("trust", "TB3"),
    ]  # TB2 and GA3 are at the top of their scales, so they are never gaps
    assert lowest[1].label == "Slightly confident"
    assert lowest_rated(answers, "officer", "england", count=2) == lowest[:2]


def test_lowest_rated_uses_the_chosen_timepoint_or_else_the_newest():
    answers = {
        rating_activity("trust", "pre"): {"TB1": 1},
        rating_activity("trust", "post"): {"TB1": 4, "TB2": 2},
        rating_activity("challenge", "pre"): {"CC-O1": 2},
    }
    pre = lowest_rated(answers, "officer", "england", timepoint="pre")
    assert [(r.item.id, r.timepoint) for r in pre] == [("TB1", "pre"), ("CC-O1", "pre")]
    newest = lowest_rated(answers, "officer", "england", timepoint=None)
    assert [(r.item.id, r.timepoint) for r in newest] == [
        ("TB2", "post"),
        ("CC-O1", "pre"),
        ("TB1", "post"),
    ]


def test_lowest_rated_leaves_out_items_not_for_this_role_and_bad_values():
    answers = {
        rating_activity("nos_sfjc21", "pre"): {"P1": 1},
        rating_activity("trust", "pre"): {"TB1": 9, "TB2": 2},
    }
    assert [r.item.id for r in lowest_rated(answers, "councillor", "scotland")] == ["TB2"]
    assert [r.item.id for r in lowest_rated(answers, "officer", "scotland")] == ["P1", "TB2"]


def test_answers_by_activity_reads_a_store(tmp_path):
    store = AnswerStore(tmp_path)
    store.update(rating_activity("trust", "pre"), {"TB1": 2, "TB2": 3})
    store.set("relmap", "e1", {"role": "Chief executive"})
    grouped = answers_by_activity(AnswerStore(tmp_path).items())
    assert grouped["rate.trust.pre"] == {"TB1": 2, "TB2": 3}
    assert grouped["relmap"]["e1"]["role"] == "Chief executive"
