"""Knowledge check logic: marking (with partial credit), answer checks, the course's checks and the
``score_check`` entry point that autograde calls."""

from __future__ import annotations

import os
import subprocess
import sys

import pytest

from widgets.logic.knowledge_check import (
    Check,
    build_check,
    check_ids,
    incomplete_message,
    load_check,
    mark,
    missing,
    right_choices,
    score_check,
    validate_answer,
    validate_check,
)
from widgets.tables import table


def make(kind: str, options: list[dict], check_id: str = "demo") -> Check:
    row = {"id": check_id, "kind": kind, "topic": "t", "prompt": "Q?", "jurisdiction": "all"}
    rows = [{"check": check_id, "feedback": f"fb {o['id']}", **o} for o in options]
    return build_check(row, rows)


SINGLE = make(
    "single",
    [{"id": "a", "label": "A", "correct": "yes"}, {"id": "b", "label": "B", "correct": "no"}],
)
MULTIPLE = make(
    "multiple",
    [
        {"id": "a", "label": "A", "correct": "yes"},
        {"id": "b", "label": "B", "correct": "yes"},
        {"id": "c", "label": "C", "correct": "no"},
        {"id": "d", "label": "D", "correct": "no"},
    ],
)
MATCH = make(
    "match",
    [
        {"id": "l1", "label": "One", "match": "uno"},
        {"id": "l2", "label": "Two", "match": "dos"},
        {"id": "l3", "label": "Three", "match": "tres"},
        {"id": "l4", "label": "Also one", "match": "uno"},
    ],
)


# marking ---------------------------------------------------------------------------------------
def test_single_choice_marking():
    right = mark(SINGLE, "a")
    assert right.score == 1.0 and right.all_correct
    assert (
        right.parts[0].correct
        and "correct" in right.parts[0].text
        and "fb a" in right.parts[0].text
    )
    wrong = mark(SINGLE, "b")
    assert wrong.score == 0.0 and not wrong.all_correct
    assert "not quite" in wrong.parts[0].text and "fb b" in wrong.parts[0].text
    assert mark(SINGLE, None).score == 0.0


def test_multiple_choice_gives_partial_credit_and_nothing_for_ticking_everything():
    assert mark(MULTIPLE, ["a", "b"]).score == 1.0
    half = mark(MULTIPLE, ["a"])
    assert half.score == 0.5
    assert "found 1 of the 2" in half.summary
    assert mark(MULTIPLE, ["a", "b", "c"]).score == 0.5  # one wrong tick costs one share
    assert mark(MULTIPLE, ["a", "b", "c", "d"]).score == 0.0
    assert mark(MULTIPLE, ["c"]).score == 0.0  # never below 0
    assert mark(MULTIPLE, []).score == 0.0


def test_multiple_choice_marks_every_option_as_a_part():
    result = mark(MULTIPLE, ["a", "c"])
    by_option = {p.option: p for p in result.parts}
    assert set(by_option) == {"a", "b", "c", "d"}
    assert by_option["a"].correct and "You ticked 'A': correct" in by_option["a"].text
    assert not by_option["b"].correct and "this one applies" in by_option["b"].text
    assert not by_option["c"].correct and "You ticked 'C': not quite" in by_option["c"].text
    assert by_option["d"].correct and "unticked: correct" in by_option["d"].text
    assert "ticked 1 that does not" in result.summary


def test_match_marking_gives_credit_per_pair():
    perfect = {"l1": "l1", "l2": "l2", "l3": "l3", "l4": "l4"}
    assert mark(MATCH, perfect).score == 1.0
    swapped = {"l1": "l2", "l2": "l1", "l3": "l3", "l4": "l4"}
    result = mark(MATCH, swapped)
    assert result.score == 0.5
    assert [p.correct for p in result.parts] == [False, False, True, True]
    assert "you chose 'dos', not quite" in result.parts[0].text
    assert "2 of the 4" in result.summary


def test_match_accepts_any_row_carrying_the_same_right_label():
    # "uno" is the partner of both l1 and l4, so either row's id names it
    assert mark(MATCH, {"l1": "l4", "l2": "l2", "l3": "l3", "l4": "l1"}).score == 1.0


def test_match_with_gaps_counts_the_gaps_as_wrong():
    result = mark(MATCH, {"l1": "l1", "l2": None})
    assert result.score == 0.25
    assert "no match chosen" in result.parts[1].text
    assert missing(MATCH, validate_answer(MATCH, {"l1": "l1"})) == 3
    assert "3 still have no match" in incomplete_message(MATCH, {"l1": "l1"})


# answers ---------------------------------------------------------------------------------------
def test_unknown_option_ids_are_a_plain_value_error():
    with pytest.raises(ValueError, match="'zz' is not one of the options of this question"):
        validate_answer(SINGLE, "zz")
    with pytest.raises(ValueError, match="'zz' is not one of the options"):
        validate_answer(MULTIPLE, ["a", "zz"])
    with pytest.raises(ValueError, match="'zz' is not one of the options"):
        validate_answer(MATCH, {"zz": "l1"})
    with pytest.raises(ValueError, match="'zz' is not one of the options"):
        validate_answer(MATCH, {"l1": "zz"})


def test_answers_of_the_wrong_shape_are_refused_in_plain_words():
    with pytest.raises(ValueError, match="single option"):
        validate_answer(SINGLE, ["a"])
    with pytest.raises(ValueError, match="list of options"):
        validate_answer(MULTIPLE, "a")
    with pytest.raises(ValueError, match="pair each item"):
        validate_answer(MATCH, ["l1"])


def test_empty_answers_mean_not_answered_and_duplicates_are_dropped():
    for empty in (None, "", [], {}):
        assert validate_answer(MULTIPLE, empty) is None
    assert validate_answer(MULTIPLE, ["a", "a", "b"]) == ["a", "b"]
    assert incomplete_message(SINGLE, None).startswith("Please choose an answer")
    assert incomplete_message(MULTIPLE, None).startswith("Please tick at least one")
    assert incomplete_message(SINGLE, "a") == ""


def test_broken_checks_are_refused_with_the_check_named():
    two_right = make(
        "single",
        [{"id": "a", "label": "A", "correct": "yes"}, {"id": "b", "label": "B", "correct": "yes"}],
    )
    with pytest.raises(ValueError, match="'demo' is single-choice but has 2 correct"):
        validate_check(two_right)
    no_partner = make("match", [{"id": "a", "label": "A", "match": "x"}, {"id": "b", "label": "B"}])
    with pytest.raises(ValueError, match="'demo' has the row 'b' with no partner"):
        validate_check(no_partner)
    no_yes_no = make("multiple", [{"id": "a", "label": "A", "correct": "yes"}, {"id": "b"}])
    with pytest.raises(ValueError, match="'b' with no yes/no"):
        validate_check(no_yes_no)


def test_the_right_hand_order_is_shuffled_the_same_way_every_time():
    order = right_choices(MATCH)
    assert sorted(label for label, _ in order) == ["dos", "tres", "uno"]  # duplicates merged
    assert order == right_choices(MATCH)
    check = load_check("principles_match")
    shuffled = [label for label, _ in right_choices(check)]
    assert shuffled != [o.match for o in check.options]  # never the left-hand order
    # seeded by the check id, not by Python's per-process hash seed
    code = (
        "from widgets.logic.knowledge_check import load_check, right_choices;"
        "print([l for l, _ in right_choices(load_check('principles_match'))])"
    )
    env = {**os.environ, "PYTHONHASHSEED": "12345"}
    out = subprocess.run(
        [sys.executable, "-c", code], capture_output=True, text=True, env=env, check=True
    )
    assert out.stdout.strip() == str(shuffled)


# the course's checks ---------------------------------------------------------------------------
def _perfect(check: Check):
    if check.kind == "single":
        return next(o.id for o in check.options if o.correct)
    if check.kind == "multiple":
        return [o.id for o in check.options if o.correct]
    return {o.id: o.id for o in check.options}


def test_the_course_has_the_required_checks():
    ids = check_ids()
    assert 8 <= len(ids) <= 16
    kinds = {cid: load_check(cid).kind for cid in ids}
    assert kinds["roles_policy"] == "single"
    assert kinds["officer_must_not"] == "multiple"
    for cid in ("principles_match", "statutory_england_match", "statutory_scotland_match"):
        assert kinds[cid] == "match"
    assert kinds["question_types_match"] == "match"
    assert load_check("statutory_england_match").jurisdiction == "england"
    assert load_check("statutory_scotland_match").jurisdiction == "scotland"


def test_match_checks_agree_with_the_course_tables():
    names = {r["name"] for r in table("principles") if r["jurisdiction"] == "all"}  # the seven
    assert {o.label for o in load_check("principles_match").options} == names
    for place, cid in (
        ("england", "statutory_england_match"),
        ("scotland", "statutory_scotland_match"),
    ):
        titles = {r["title"] for r in table("statutory_officers") if r["jurisdiction"] == place}
        assert {o.label for o in load_check(cid).options} == titles
    types = {r["name"] for r in table("question_types")}
    assert {o.label for o in load_check("question_types_match").options} == types


@pytest.mark.parametrize("check_id", check_ids())
def test_every_course_check_validates_and_its_right_answer_scores_one(check_id):
    check = load_check(check_id)
    assert check.prompt and all(o.feedback for o in check.options)
    assert score_check(check_id, _perfect(check)) == 1.0
    assert score_check(check_id, None) == 0.0


def test_score_check_refuses_unknown_checks_and_options():
    with pytest.raises(KeyError, match="There is no knowledge check called 'nope'"):
        score_check("nope", "a")
    with pytest.raises(ValueError, match="'roles_policy-z' is not one of the options"):
        score_check("roles_policy", "roles_policy-z")
    assert score_check("roles_policy", "roles_policy-b") == 0.0
