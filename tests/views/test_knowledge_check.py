"""The knowledge check widget: answer through its controls, check, rebuild, try again."""

from __future__ import annotations

from pathlib import Path

from widgets.activities import check_activity
from widgets.components import Checkboxes, Radios
from widgets.logic.knowledge_check import load_check, right_choices
from widgets.profile import Profile
from widgets.store import AnswerStore
from widgets.views.knowledge_check import KnowledgeCheck, knowledge_check
from widgets.views.ui import Notice

OFFICER = Profile("officer", "england")


def build(store: AnswerStore, check_id: str, profile: Profile = OFFICER) -> KnowledgeCheck:
    widget = knowledge_check(check_id, store=store, profile=profile)
    assert isinstance(widget, KnowledgeCheck), getattr(widget, "text", widget)
    return widget


def saved(store: AnswerStore, check_id: str) -> dict:
    return AnswerStore(store.folder).activity(check_activity(check_id))


# single choice ---------------------------------------------------------------------------------
def test_single_choice_saves_on_change_and_marks_on_check(store):
    widget = build(store, "roles_policy")
    assert widget.single_control.legend == "Your answer"
    widget.single_control.value = "roles_policy-a"
    assert saved(store, "roles_policy") == {"answer": "roles_policy-a"}  # saved, not yet checked
    assert widget.feedback.value == ""
    widget.check_button.click()
    assert saved(store, "roles_policy") == {
        "answer": "roles_policy-a",
        "attempts": 1,
        "checked": True,
    }
    assert "Correct, well done" in widget.feedback.value
    assert "correct" in widget.feedback.value
    assert widget.single_control.disabled and widget.check_button.disabled
    assert widget.retry_button.layout.display is None
    assert "Attempts so far: 1" in widget.attempts_text.value


def test_rebuilding_restores_the_answer_and_the_feedback(store):
    widget = build(store, "roles_policy")
    widget.single_control.value = "roles_policy-b"
    widget.check_button.click()
    again = build(store, "roles_policy")
    assert again.single_control.value == "roles_policy-b"
    assert "Not quite" in again.feedback.value and "not quite" in again.feedback.value
    assert again.single_control.disabled and again.attempts == 1


def test_an_answer_not_yet_checked_is_restored_without_feedback(store):
    build(store, "roles_policy").single_control.value = "roles_policy-c"
    again = build(store, "roles_policy")
    assert again.single_control.value == "roles_policy-c"
    assert again.feedback.value == "" and not again.single_control.disabled


def test_checking_without_an_answer_is_a_plain_message(store):
    widget = build(store, "roles_policy")
    widget.check_button.click()
    assert "Please choose an answer" in widget.message.value
    assert saved(store, "roles_policy") == {}


def test_try_again_clears_the_answer_and_keeps_counting_attempts(store):
    widget = build(store, "roles_policy")
    widget.single_control.value = "roles_policy-b"
    widget.check_button.click()
    widget.retry_button.click()
    assert saved(store, "roles_policy") == {"attempts": 1}
    assert widget.single_control.value is None and not widget.single_control.disabled
    assert widget.feedback.value == "" and not widget.check_button.disabled
    assert "attempt 2" in widget.message.value
    widget.single_control.value = "roles_policy-a"
    widget.check_button.click()
    assert saved(store, "roles_policy")["attempts"] == 2
    fresh = build(store, "roles_policy")
    assert fresh.single_control.value == "roles_policy-a" and "Correct" in fresh.feedback.value


# multiple choice -------------------------------------------------------------------------------
def test_multiple_choice_with_partial_credit(store):
    widget = build(store, "officer_must_not")
    options = load_check("officer_must_not").options
    boxes = widget.multiple_control
    assert isinstance(boxes, Checkboxes) and boxes.legend == "Your answer"  # a GOV.UK fieldset
    assert [label for label, _ in boxes.options] == [o.label for o in options]
    right = next(i for i, o in enumerate(options) if o.correct)
    wrong = next(i for i, o in enumerate(options) if not o.correct)
    widget.check_button.click()
    assert "Please tick at least one option" in widget.message.value
    boxes.value = [options[wrong].id]  # ticked in any order, saved in the options' order
    boxes.value = [options[wrong].id, options[right].id]
    widget.check_button.click()
    answer = saved(store, "officer_must_not")["answer"]
    assert answer == [options[right].id, options[wrong].id]
    assert "You found 1 of the 3" in widget.feedback.value
    assert "not quite" in widget.feedback.value and ": correct" in widget.feedback.value
    again = build(store, "officer_must_not")
    assert again.multiple_control.value == [o.id for o in options if o.id in answer]
    assert again.multiple_control.disabled  # checked: the ticks stay readable, not editable
    assert "You found 1 of the 3" in again.feedback.value


# matching --------------------------------------------------------------------------------------
def test_match_items_are_radio_groups_labelled_and_shuffled_deterministically(store):
    widget = build(store, "principles_match")
    check = load_check("principles_match")
    assert all(isinstance(g, Radios) for g in widget.match_controls.values())
    assert [g.legend for g in widget.match_controls.values()] == [o.label for o in check.options]
    for group in widget.match_controls.values():
        assert [tuple(o) for o in group.options] == right_choices(check)
        assert group.value is None


def test_match_must_be_complete_then_marks_each_pair(store):
    widget = build(store, "principles_match")
    lefts = list(widget.match_controls)
    widget.match_controls[lefts[0]].value = lefts[0]
    widget.check_button.click()
    assert "6 still have no match" in widget.message.value
    assert "attempts" not in saved(store, "principles_match")
    assert saved(store, "principles_match")["answer"] == {lefts[0]: lefts[0]}
    for left in lefts[1:]:
        widget.match_controls[left].value = left
    # swap two partners: five of seven right
    widget.match_controls[lefts[1]].value = lefts[2]
    widget.match_controls[lefts[2]].value = lefts[1]
    widget.check_button.click()
    assert "You matched 5 of the 7" in widget.feedback.value
    stored = saved(store, "principles_match")
    assert stored["attempts"] == 1 and stored["answer"][lefts[1]] == lefts[2]
    again = build(store, "principles_match")
    assert {k: d.value for k, d in again.match_controls.items()} == stored["answer"]
    assert "You matched 5 of the 7" in again.feedback.value
    assert all(d.disabled for d in again.match_controls.values())


def test_a_saved_answer_that_no_longer_fits_is_set_aside(store):
    store.set(check_activity("roles_policy"), "answer", "roles_policy-gone")
    widget = build(store, "roles_policy")
    assert "no longer fits this question" in widget.note.value
    assert widget.single_control.value is None and widget.feedback.value == ""


# jurisdiction, errors, defaults ----------------------------------------------------------------
def test_a_check_for_the_other_jurisdiction_works_with_a_note(store, councillor_scotland):
    widget = knowledge_check("statutory_england_match", store=store)  # profile from home
    assert isinstance(widget, KnowledgeCheck)
    assert "councils in England" in widget.note.value and "Scotland" in widget.note.value
    own = build(store, "statutory_scotland_match", councillor_scotland)
    assert own.note.value == ""
    for left, dropdown in widget.match_controls.items():
        dropdown.value = left
    widget.check_button.click()
    assert "All correct" in widget.feedback.value


def test_an_unknown_check_is_a_notice(store):
    widget = knowledge_check("no_such_check", store=store, profile=OFFICER)
    assert isinstance(widget, Notice)
    assert "There is no knowledge check called 'no_such_check'" in widget.text


def test_default_store_is_beside_the_notebook(officer_england):
    widget = knowledge_check("who_conflict_of_interest")
    assert isinstance(widget, KnowledgeCheck)
    widget.single_control.value = "who_conflict_of_interest-a"
    widget.check_button.click()
    on_disk = AnswerStore(Path.cwd()).activity(check_activity("who_conflict_of_interest"))
    assert on_disk["answer"] == "who_conflict_of_interest-a" and on_disk["attempts"] == 1
