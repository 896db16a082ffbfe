"""The sorter's rules: its content, what a valid answer is, own items, and the comparison."""

from __future__ import annotations

import pytest

from widgets.logic import sorter as logic
from widgets.tables import table


@pytest.mark.parametrize(("sorter_id", "low", "high"), [("challenge1", 10, 10), ("roles", 10, 14)])
def test_each_sorter_has_its_items_with_a_suggestion_and_a_reason(sorter_id, low, high):
    items = logic.sorter_items(sorter_id)
    assert low <= len(items) <= high
    assert len({i["id"] for i in items}) == len(items)
    known_sources = {s["id"] for s in table("sources")}
    for item in items:
        assert item["sorter"] == sorter_id
        assert item["suggested"] in logic.CHOICES
        assert item["statement"] and item["explanation"] and item["source_section"]
        assert item["source"] in known_sources
        assert not logic.is_own(item["id"])  # never clashes with a participant's own item


def test_challenge1_suggests_each_of_the_three_answers_somewhere():
    suggested = [i["suggested"] for i in logic.sorter_items("challenge1")]
    assert set(suggested) == set(logic.CHOICES)


def test_sorter_info_has_a_title_and_instructions():
    info = logic.sorter_info("roles")
    assert info["title"] and info["instructions"]


def test_unknown_sorter_is_a_plain_sentence_naming_the_known_ones():
    with pytest.raises(KeyError) as caught:
        logic.sorter_items("nonsense")
    message = caught.value.args[0]
    assert "nonsense" in message and "challenge1" in message and "roles" in message


@pytest.mark.parametrize("choice", logic.CHOICES)
def test_validate_choice_accepts_the_three_choices(choice):
    assert logic.validate_choice(choice) == choice


@pytest.mark.parametrize("empty", [None, ""])
def test_validate_choice_treats_empty_as_not_sorted_yet(empty):
    assert logic.validate_choice(empty) is None


@pytest.mark.parametrize("bad", ["maybe", "Councillor", "C", "both"])
def test_validate_choice_refuses_anything_else_in_plain_words(bad):
    with pytest.raises(ValueError, match="Councillor, Officer or Joint"):
        logic.validate_choice(bad)


def test_make_answer_strips_the_reason_and_keeps_own_text():
    assert logic.make_answer("joint", "  both know it  ") == {
        "choice": "joint",
        "reason": "both know it",
    }
    own = logic.make_answer(None, "", "Call the police")
    assert own == {"choice": None, "reason": "", "text": "Call the police"}


def test_make_answer_refuses_a_very_long_reason():
    with pytest.raises(ValueError, match="1000 characters"):
        logic.make_answer("officer", "x" * (logic.MAX_REASON + 1))


@pytest.mark.parametrize(
    ("saved", "expected"),
    [
        (None, {"choice": None, "reason": ""}),
        ("officer", {"choice": None, "reason": ""}),
        ({"choice": "maybe", "reason": 3}, {"choice": None, "reason": ""}),
        (
            {"choice": "joint", "reason": "r", "text": "t"},
            {"choice": "joint", "reason": "r", "text": "t"},
        ),
    ],
)
def test_read_answer_makes_damaged_values_safe_to_show(saved, expected):
    assert logic.read_answer(saved) == expected


def test_next_own_id_counts_on_from_the_highest_ever_used():
    assert logic.next_own_id({}) == "own-1"
    assert logic.next_own_id({"c1-01": {}, "own-1": {}}) == "own-2"
    # own-2 is missing (never saved, or removed elsewhere): the next id is still above own-3
    assert logic.next_own_id(["own-1", "own-3", "roles-01", "own-x"]) == "own-4"


def test_add_own_item_gives_new_ids_one_after_another():
    answers: dict = {}
    ids = []
    for text in ["First task", "Second task", "Third task"]:
        item_id, value = logic.add_own_item(answers, text)
        answers[item_id] = value
        ids.append(item_id)
    assert ids == ["own-1", "own-2", "own-3"]
    assert answers["own-2"] == {"choice": None, "reason": "", "text": "Second task"}


def test_add_own_item_tidies_spaces():
    _, value = logic.add_own_item({}, "  Reply   to a\nresident  ")
    assert value["text"] == "Reply to a resident"


@pytest.mark.parametrize("empty", ["", "   ", "\n\t"])
def test_add_own_item_refuses_empty_text_with_a_sentence(empty):
    with pytest.raises(ValueError, match="Please type a task"):
        logic.add_own_item({}, empty)


def test_add_own_item_refuses_very_long_text():
    with pytest.raises(ValueError, match="300 characters"):
        logic.add_own_item({}, "word " * 100)


def test_own_items_come_back_in_number_order_and_skip_damaged_ones():
    answers = {
        "own-10": {"choice": "joint", "reason": "", "text": "ten"},
        "own-2": {"choice": None, "reason": "", "text": "two"},
        "own-3": "damaged",
        "c1-01": {"choice": "officer", "reason": ""},
    }
    assert [i for i, _ in logic.own_items(answers)] == ["own-2", "own-10"]


def test_progress_counts_only_items_with_a_choice():
    answers = {"a": {"choice": "officer", "reason": ""}, "b": {"choice": None, "reason": "why"}}
    assert logic.progress(answers, ["a", "b", "c"]) == (1, 3)
    assert logic.progress_text(1, 3) == "You have sorted 1 of 3 items."
    assert logic.progress_text(3, 3) == "You have sorted all 3 items."


def _rows():
    return [
        {"id": "a", "statement": "Set policy", "suggested": "councillor", "explanation": "Why a"},
        {"id": "b", "statement": "Run services", "suggested": "officer", "explanation": "Why b"},
        {"id": "c", "statement": "Monitor", "suggested": "joint", "explanation": "Why c"},
    ]


def test_compare_counts_agreements_and_says_so_in_words():
    answers = {
        "a": {"choice": "councillor", "reason": ""},
        "b": {"choice": "joint", "reason": ""},
        "own-1": {"choice": "officer", "reason": "", "text": "My task"},
    }
    result = logic.compare(_rows(), answers)
    assert [i.item_id for i in result.items] == ["a", "b", "own-1"]  # c is not sorted yet
    assert result.agreements == 1 and result.compared == 2
    verdicts = [i.verdict for i in result.items]
    assert verdicts[0] == "You agreed: you and the workbook both chose Councillor."
    assert verdicts[1] == "You chose Joint; the workbook suggests Officer."
    assert "your own task" in verdicts[2] and "no suggestion" in verdicts[2]
    assert result.summary.startswith("You agreed with the workbook on 1 of the 2 items you sorted.")
    assert result.items[1].explanation == "Why b"


def test_compare_with_nothing_sorted_asks_to_sort_first():
    result = logic.compare(_rows(), {})
    assert result.items == [] and result.agreements == 0
    assert result.summary.startswith("Sort at least one item first")


def test_compare_all_agreed_has_no_differences_sentence():
    answers = {r["id"]: {"choice": r["suggested"], "reason": ""} for r in _rows()}
    result = logic.compare(_rows(), answers)
    assert result.agreements == 3
    assert result.summary == "You agreed with the workbook on 3 of the 3 items you sorted."
