"""The sorter widget: set answers through its controls, read them back from disk, rebuild."""

from __future__ import annotations

import ipywidgets as ipw
import pytest

import widgets
from widgets.activities import sorter_activity
from widgets.components import Radios, TextArea
from widgets.logic.sorter import CHOICES, sorter_items
from widgets.store import AnswerStore
from widgets.views.sorter import Sorter
from widgets.views.ui import Notice


def _all_widgets(widget):
    yield widget
    for child in getattr(widget, "children", ()):
        yield from _all_widgets(child)


def _saved(store, sorter_id):
    return AnswerStore(store.folder).activity(sorter_activity(sorter_id))


@pytest.mark.parametrize("sorter_id", ["challenge1", "roles"])
def test_every_item_can_be_sorted_and_is_saved_then_shown_again(store, sorter_id):
    w = widgets.sorter(sorter_id, store=store)
    assert isinstance(w, Sorter)
    items = sorter_items(sorter_id)
    assert w.item_ids == [i["id"] for i in items]
    for index, item in enumerate(items):
        w.row(item["id"]).choice.value = CHOICES[index % 3]
        w.row(item["id"]).reason.value = f"reason {item['id']}"
    # reasons wait for a pause in typing
    assert "Not saved yet" in w.row(items[0]["id"]).status.value
    w.flush()

    saved = _saved(store, sorter_id)
    assert set(saved) == {i["id"] for i in items}
    for index, item in enumerate(items):
        assert saved[item["id"]] == {"choice": CHOICES[index % 3], "reason": f"reason {item['id']}"}
    assert f"all {len(items)} items" in w.progress.value

    again = widgets.sorter(sorter_id, store=AnswerStore(store.folder))
    assert [again.row(i["id"]).choice.value for i in items] == [
        CHOICES[n % 3] for n in range(len(items))
    ]
    assert [again.row(i["id"]).reason.value for i in items] == [f"reason {i['id']}" for i in items]


def test_controls_are_govuk_radio_groups_never_toggle_buttons(store):
    w = widgets.sorter("challenge1", store=store)
    everything = list(_all_widgets(w))
    assert not [x for x in everything if isinstance(x, ipw.ToggleButtons | ipw.RadioButtons)]
    for item in sorter_items("challenge1"):
        control = w.row(item["id"]).choice
        assert isinstance(control, Radios)  # a fieldset per task: one Tab stop, not three
        assert item["statement"] in control.legend
        assert [label for label, _ in control.options] == ["Councillor", "Officer", "Joint"]
    for number, item_id in enumerate(w.item_ids, start=1):
        reason = w.row(item_id).reason
        assert isinstance(reason, TextArea)  # GOV.UK textarea with a character count
        assert reason.label == f"Reason for task {number} (optional)"
        assert reason.count == "You have 1,000 characters remaining"
    assert w.new_item.description and w.add_button.description == "Add task"


def test_progress_counts_sorted_items(store):
    w = widgets.sorter("challenge1", store=store)
    assert "sorted 0 of 10" in w.progress.value
    w.row("c1-01").choice.value = "officer"
    w.row("c1-04").choice.value = "joint"
    assert "sorted 2 of 10" in w.progress.value


def test_a_reason_without_a_choice_is_kept(store):
    w = widgets.sorter("roles", store=store)
    w.row("roles-03").reason.value = "Not sure yet"
    w.flush()
    assert _saved(store, "roles") == {"roles-03": {"choice": None, "reason": "Not sure yet"}}
    again = widgets.sorter("roles", store=AnswerStore(store.folder))
    assert again.row("roles-03").choice.value is None
    assert again.row("roles-03").reason.value == "Not sure yet"


def test_own_items_are_added_saved_numbered_and_restored(store):
    w = widgets.sorter("challenge1", store=store)
    w.new_item.value = "Ask the youth service for ideas"
    w.add_button.click()
    w.new_item.value = "Write to local shops"
    w.add_button.click()
    assert w.new_item.value == ""
    assert w.item_ids[-2:] == ["own-1", "own-2"]
    assert "Added as task 12" in w.message.value
    assert "your own task" in w.row("own-2").choice.legend
    w.row("own-1").choice.value = "joint"
    w.row("own-1").reason.value = "Both have contacts"
    w.flush()

    saved = _saved(store, "challenge1")
    assert saved["own-1"] == {
        "choice": "joint",
        "reason": "Both have contacts",
        "text": "Ask the youth service for ideas",
    }
    assert saved["own-2"] == {"choice": None, "reason": "", "text": "Write to local shops"}
    assert "sorted 1 of 12" in w.progress.value

    again = widgets.sorter("challenge1", store=AnswerStore(store.folder))
    assert again.item_ids[-2:] == ["own-1", "own-2"]
    assert again.row("own-1").choice.value == "joint"
    assert again.row("own-1").choice.legend.startswith("11. Ask the youth service for ideas")
    again.new_item.value = "A third one"
    again.add_button.click()
    assert again.item_ids[-1] == "own-3"  # numbering carries on after a rebuild
    assert _saved(store, "challenge1")["own-3"]["text"] == "A third one"


def test_own_item_ids_are_never_reused_even_when_another_tab_added_one(store):
    w = widgets.sorter("roles", store=store)
    other_tab = AnswerStore(store.folder)
    other_tab.set(sorter_activity("roles"), "own-4", {"choice": None, "reason": "", "text": "x"})
    w.new_item.value = "Mine"
    w.add_button.click()
    assert w.item_ids[-1] == "own-5"
    assert _saved(store, "roles")["own-4"]["text"] == "x"  # the other tab's item survives


def test_empty_own_item_gives_a_sentence_and_saves_nothing(store):
    w = widgets.sorter("challenge1", store=store)
    w.row("c1-01").choice.value = "officer"
    w.new_item.value = "   "
    w.add_button.click()
    assert "Please type a task" in w.message.value
    assert "Traceback" not in w.message.value
    assert len(w.item_ids) == 10
    assert set(_saved(store, "challenge1")) == {"c1-01"}  # what was entered is kept


def test_too_long_reason_is_refused_in_words_and_the_earlier_answer_kept(store):
    w = widgets.sorter("challenge1", store=store)
    first = w.row("c1-01")
    first.choice.value = "officer"
    first.reason.value = "x" * 1200
    assert not w.flush()
    assert "1000 characters" in w.message.value
    assert _saved(store, "challenge1")["c1-01"] == {"choice": "officer", "reason": ""}
    assert first.reason.value == "x" * 1200  # still on screen to shorten
    assert first.reason.count == "You have 200 characters too many"
    assert first.reason.over


def test_compare_button_reveals_the_workbook_view_in_words(store):
    w = widgets.sorter("challenge1", store=store)
    w.compare_button.click()
    assert "Sort at least one item first" in w.comparison.value

    items = sorter_items("challenge1")
    first, second = items[0], items[1]
    w.row(first["id"]).choice.value = first["suggested"]
    wrong = next(c for c in CHOICES if c != second["suggested"])
    w.row(second["id"]).choice.value = wrong
    w.compare_button.click()
    text = w.comparison.value
    assert "You agreed with the workbook on 1 of the 2 items you sorted" in text
    assert "You agreed: you and the workbook both chose" in text
    assert f"You chose {wrong.title()}; the workbook suggests {second['suggested'].title()}" in text
    assert "Why:" in text and "Task 2:" in text
    assert w.comparison_result().agreements == 1

    w.row(second["id"]).choice.value = second["suggested"]  # once revealed, it follows changes
    assert "on 2 of the 2 items" in w.comparison.value


def test_unknown_sorter_is_one_plain_sentence(store):
    result = widgets.sorter("no-such-sorter", store=store)
    assert isinstance(result, Notice)
    assert "no sorting activity called 'no-such-sorter'" in result.text
    assert "Traceback" not in result.value


def test_damaged_saved_answers_do_not_break_the_widget(store):
    store.set(sorter_activity("roles"), "roles-01", {"choice": "maybe", "reason": 5})
    store.set(sorter_activity("roles"), "roles-02", "officer")
    w = widgets.sorter("roles", store=AnswerStore(store.folder))
    assert w.row("roles-01").choice.value is None and w.row("roles-01").reason.value == ""
    assert w.row("roles-02").choice.value is None


def test_default_store_is_the_answers_file_beside_the_notebook(officer_england):
    w = widgets.sorter("roles")
    w.row("roles-01").choice.value = "councillor"
    saved = AnswerStore(".").activity(sorter_activity("roles"))
    assert saved["roles-01"]["choice"] == "councillor"
    assert AnswerStore(".").load().participant["role"] == "officer"
