"""Typing a reload cut off, handed back by the page (widgets.views.drafts): saved, merged, said."""

from __future__ import annotations

import widgets
from widgets.activities import reflection_activity, sorter_activity
from widgets.logic.sorter import sorter_items
from widgets.store import AnswerStore
from widgets.views.reflection import DRAFT_KEPT


def _hand_back(box, content) -> None:
    """What the reloaded page's text box sends the kernel (a custom comm message)."""
    box._handle_custom_msg(content, [])


def test_a_reflection_keeps_a_draft_key_and_says_what_is_saved(store) -> None:
    view = widgets.reflection("challenge2", store=store)
    assert view.text.draft_key == "reflect.challenge2/text" and view.text.saved_value == ""
    view.text.value = "We meet"
    assert view.flush()
    assert view.text.saved_value == "We meet"  # the page may forget its draft now


def test_typing_cut_off_by_a_reload_is_saved_when_the_page_hands_it_back(store) -> None:
    first = widgets.reflection("challenge2", store=store)
    first.text.value = "O"
    first.flush()  # the old kernel saved only the first letter before the page reloaded
    again = widgets.reflection("challenge2", store=AnswerStore(store.folder))
    assert again.text.value == "O"
    _hand_back(again.text, {"draft": "Officers advise on this", "base": "O"})
    saved = AnswerStore(store.folder).activity(reflection_activity("challenge2"))
    assert saved == {"text": "Officers advise on this"}
    assert again.text.value == again.text.saved_value == "Officers advise on this"
    assert DRAFT_KEPT in again.message.value


def test_a_draft_over_words_another_tab_saved_since_keeps_both(store) -> None:
    widgets.reflection("challenge2", store=store).text.value = "We meet."
    tab = widgets.reflection("challenge2", store=AnswerStore(store.folder))
    tab.text.value = "We meet. Tab B adds this."
    tab.flush()
    reloaded = widgets.reflection("challenge2", store=AnswerStore(store.folder))
    # typed in the first tab over "We meet.", cut off by its reload
    _hand_back(reloaded.text, {"draft": "We meet. Tab A adds that.", "base": "We meet."})
    text = AnswerStore(store.folder).activity(reflection_activity("challenge2"))["text"]
    assert "Tab A adds that." in text and "Tab B adds this." in text


def test_anything_but_a_draft_from_the_page_is_ignored(store) -> None:
    view = widgets.reflection("challenge2", store=store)
    for content in (["x"], {"draft": 3}, {"draft": "x", "base": None}, {"other": "x"}):
        _hand_back(view.text, content)
    assert view.text.value == ""
    assert AnswerStore(store.folder).activity(reflection_activity("challenge2")) == {}


def test_a_sorter_reason_cut_off_by_a_reload_is_saved(store) -> None:
    first_item = sorter_items("roles")[0]["id"]
    view = widgets.sorter("roles", store=store)
    reason = view.row(first_item).reason
    assert reason.draft_key == f"sort.roles/{first_item}/reason"
    _hand_back(reason, {"draft": "It is about policy", "base": ""})
    saved = AnswerStore(store.folder).activity(sorter_activity("roles"))[first_item]
    assert saved["reason"] == "It is about policy"
    assert reason.saved_value == "It is about policy"
