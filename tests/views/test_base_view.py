"""Every activity view shares one base: a single ``value``, one save path, one failure sentence."""

from __future__ import annotations

import shutil

import pytest

import widgets
from widgets.kinds import KINDS
from widgets.profile import Profile
from widgets.store import AnswerStore
from widgets.views.base import ActivityView

OFFICER = Profile("officer", "england")


def _views(store: AnswerStore) -> dict[str, ActivityView]:
    return {
        "check": widgets.knowledge_check("roles_policy", store=store, profile=OFFICER),
        "scenario": widgets.scenario("challenge4", store=store, profile=OFFICER),
        "rate": widgets.questionnaire("trust", store=store, profile=OFFICER),
    }


VALUES = {
    "check": {"answer": "roles_policy-a"},
    "scenario": {"path": ["c4-s1-a"]},
    "rate": {"TB1": 4, "TB2": 2},
}


def test_every_kinds_view_is_an_activity_view(store: AnswerStore) -> None:
    views = _views(store)
    views["sort"] = widgets.sorter("roles", store=store)
    views["reflect"] = widgets.reflection("challenge2", store=store)
    views["relmap"] = widgets.relationship_map(store=store, profile=OFFICER)
    views["plan"] = widgets.development_plan(store=store, profile=OFFICER)
    views["rank"] = widgets.ranking("trust_priorities", store=store)
    assert set(views) == set(KINDS)
    assert all(isinstance(v, ActivityView) for v in views.values())


@pytest.mark.parametrize("kind", VALUES)
def test_setting_value_shows_saves_and_comes_back(store: AnswerStore, kind: str) -> None:
    view = _views(store)[kind]
    view.value = VALUES[kind]
    assert view.value.items() >= VALUES[kind].items()
    again = _views(AnswerStore(store.folder))[kind]  # a rebuilt view (a re-run cell)
    assert again.value.items() >= VALUES[kind].items()


def test_a_damaged_value_is_refused_in_one_sentence(store: AnswerStore) -> None:
    view = _views(store)["scenario"]
    with pytest.raises(ValueError, match=r"'scenario.challenge4/path' is damaged"):
        view.value = {"path": "c4-s1-a"}
    assert view.value == {}


@pytest.mark.parametrize("kind", VALUES)
def test_a_storage_failure_is_one_sentence_and_nothing_is_lost_on_screen(
    store: AnswerStore, kind: str
) -> None:
    view = _views(store)[kind]
    shutil.rmtree(store.folder, ignore_errors=True)
    store.folder.write_text("not a folder")  # the real failure: nowhere to write the file
    if kind == "check":
        view.single_control.value = "roles_policy-b"
        assert not view.submit()
        assert view.single_control.value == "roles_policy-b"
    elif kind == "scenario":
        view.choice_control.value = view.choice_control.options[0][1]
        assert not view.choose()
        assert view.state.path == []
    else:
        view.rate(view.items[0].id, 3)
        assert view.grid.value[view.items[0].id] == 3  # the rating stays on screen
    text = view.message.value
    assert "could not be saved" in text and "Traceback" not in text
    assert text.count(". ") + text.count("; ") <= 2, text  # one sentence, however it is worded
