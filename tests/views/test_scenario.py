"""The scenario widget: choose through its controls, check the answers file, rebuild, restart."""

from __future__ import annotations

from pathlib import Path

from widgets.activities import scenario_activity
from widgets.components import Radios
from widgets.logic.scenario import build_scenario
from widgets.profile import Profile
from widgets.store import AnswerStore
from widgets.views.scenario import ScenarioView, scenario
from widgets.views.ui import Notice

OFFICER = Profile("officer", "england")
ACTIVITY = scenario_activity("challenge5")


def build(store: AnswerStore, scenario_id: str = "challenge5") -> ScenarioView:
    widget = scenario(scenario_id, store=store, profile=OFFICER)
    assert isinstance(widget, ScenarioView), getattr(widget, "text", widget)
    return widget


def pick(widget: ScenarioView, quality: str) -> str:
    """Select the choice of this quality at the current step and press Choose."""
    choice = next(c for c in widget.state.current.choices if c.quality == quality)
    widget.choice_control.value = choice.id
    widget.choose_button.click()
    return choice.id


def saved_path(store: AnswerStore):
    return AnswerStore(store.folder).get(ACTIVITY, "path")


def test_first_step_shows_the_situation_and_three_choices(store):
    widget = build(store)
    assert "Challenge 5" in widget.header.value
    assert "Step 1" in widget.situation.value and "vice-chair" in widget.situation.value
    assert len(widget.choice_control.options) == 3
    assert widget.choice_control.value is None
    assert widget.choice_control.legend == "What do you do?"  # the fieldset's accessible name
    assert isinstance(widget.choice_control, Radios)  # one Tab stop, saved only on Choose
    assert widget.restart_button.layout.display == "none"  # nothing to clear yet


def test_choosing_saves_the_path_and_shows_the_consequence(store):
    widget = build(store)
    first = pick(widget, "best")
    assert saved_path(store) == [first]
    choice = widget.scenario.choice(first)
    assert choice.consequence[:30] in widget.latest.value.replace("&#x27;", "'")
    assert "a strong choice" in widget.latest.value
    assert "Step 2" in widget.situation.value
    assert "Saved" in widget.message.value
    assert widget.restart_button.layout.display is None


def test_choosing_nothing_is_a_plain_message_and_saves_nothing(store):
    widget = build(store)
    widget.choose_button.click()
    assert "Please pick one of the options" in widget.message.value
    assert saved_path(store) is None


def test_rebuilding_restores_the_same_point_with_earlier_steps(store):
    widget = build(store)
    first = pick(widget, "poor")  # c5-s1-b leads to a three-step route
    second = pick(widget, "best")
    again = build(store)
    assert again.path == [first, second]
    assert "Step 1" in again.history.value and "Step 2" in again.latest.value
    assert "a risky choice" in again.history.value
    assert [v for _, v in again.choice_control.options] == [
        c.id for c in again.state.current.choices
    ]
    assert f"Step {len(again.path) + 1}" in again.situation.value


def test_reaching_the_end_shows_the_debrief_and_the_route_in_words(store):
    widget = build(store)
    while not widget.finished:
        pick(widget, "best")
    assert widget.step_box.layout.display == "none"
    assert "The end of the scenario" in widget.ending.value
    assert "proper officer" in widget.ending.value  # the Appendix A debrief
    assert "Every choice was a strong one" in widget.ending.value
    assert "<table" in widget.ending.value and "strong" in widget.ending.value
    assert "ended" in widget.message.value
    rebuilt = build(store)
    assert rebuilt.finished and "The end of the scenario" in rebuilt.ending.value


def test_start_again_asks_first_then_clears_the_path(store):
    widget = build(store)
    pick(widget, "best")
    widget.restart_button.click()
    assert widget.confirm_box.layout.display is None
    assert saved_path(store) is not None  # nothing cleared before confirming
    widget.cancel_button.click()
    assert widget.confirm_box.layout.display == "none"
    assert len(saved_path(store)) == 1

    widget.restart_button.click()
    widget.confirm_button.click()
    assert AnswerStore(store.folder).activity(ACTIVITY) == {}
    assert widget.path == [] and "Step 1" in widget.situation.value
    assert widget.history.value == "" and widget.latest.value == ""
    assert build(store).path == []


def test_a_saved_path_that_no_longer_fits_is_cut_back_with_a_note(store):
    widget = build(store)
    first = pick(widget, "best")
    store.set(ACTIVITY, "path", [first, "c5-gone", "c5-s2-a"])
    rebuilt = build(store)
    assert rebuilt.path == [first]
    assert "no longer fits" in rebuilt.note.value
    assert "Step 2" in rebuilt.situation.value
    assert saved_path(store) == [first, "c5-gone", "c5-s2-a"]  # not rewritten by looking at it
    chosen = pick(rebuilt, "best")
    assert saved_path(store) == [first, chosen]
    assert rebuilt.note.value == ""


def test_a_choice_saved_against_the_wrong_step_is_cut_back(store):
    store.set(ACTIVITY, "path", ["c5-s2-a"])  # a real choice, but of step 2
    widget = build(store)
    assert widget.path == [] and "different step" in widget.note.value
    assert "Step 1" in widget.situation.value


def test_an_unknown_scenario_is_a_notice(store):
    widget = scenario("no-such-scenario", store=store, profile=OFFICER)
    assert isinstance(widget, Notice)
    assert "There is no scenario called 'no-such-scenario'" in widget.text


def test_a_broken_tree_is_a_notice_naming_scenario_and_step(store, monkeypatch):
    from widgets.logic import scenario as logic

    def looping(_scenario_id):
        row = {"id": "loopy", "title": "Loopy", "start_step": "s1", "jurisdiction": "all"}
        steps = [{"id": s, "scenario": "loopy", "situation": s} for s in ("s1", "s2")]
        choices = [
            {"id": "a", "step": "s1", "quality": "best", "next_step": "s2"},
            {"id": "b", "step": "s2", "quality": "best", "next_step": "s1"},
        ]
        built = build_scenario(row, steps, choices)
        logic.validate_scenario(built)
        return built

    monkeypatch.setattr("widgets.views.scenario.load_scenario", looping)
    widget = scenario("loopy", store=store, profile=OFFICER)
    assert isinstance(widget, Notice)
    assert "'loopy'" in widget.text and "step 's2'" in widget.text


def test_a_scenario_for_the_other_jurisdiction_still_plays_with_a_note(store, monkeypatch):
    from widgets.logic.scenario import load_scenario

    def scottish(scenario_id):
        original = load_scenario(scenario_id)
        return type(original)(**{**original.__dict__, "jurisdiction": "scotland"})

    monkeypatch.setattr("widgets.views.scenario.load_scenario", scottish)
    widget = build(store)
    assert "set in a council in Scotland" in widget.note.value
    assert "England" in widget.note.value
    pick(widget, "best")
    assert len(saved_path(store)) == 1


def test_default_store_and_profile_are_beside_the_notebook(officer_england):
    widget = scenario("challenge4")
    assert isinstance(widget, ScenarioView)
    pick(widget, "best")
    saved = AnswerStore(Path.cwd())
    assert len(saved.get(scenario_activity("challenge4"), "path")) == 1
    assert saved.load().participant["role"] == "officer"


def test_the_officer_scenarios_cast_an_officer_and_note_it_for_a_councillor(store):
    from widgets.logic.scenario import load_scenario, scenario_ids

    cast_as_officer = [s for s in scenario_ids() if load_scenario(s).played_as == "officer"]
    assert len(cast_as_officer) >= 2
    for scenario_id in cast_as_officer:
        as_officer = scenario(scenario_id, store=store, profile=OFFICER)
        assert "you play" not in as_officer.note.value
        while as_officer.state.current is not None:
            pick(as_officer, "best")
        assert "What this scenario is about" in as_officer.ending.value
        councillor = Profile("councillor", "scotland")
        as_councillor = scenario(scenario_id, store=store, profile=councillor)
        assert "you play an officer" in as_councillor.note.value
