"""Branching scenario logic: tree checks on small hand-made trees, the course's own scenarios,
replaying and cutting back saved paths, and the end-of-scenario summary."""

from __future__ import annotations

import pytest

from widgets.logic.scenario import (
    QUALITY_WORDS,
    Scenario,
    all_paths,
    build_scenario,
    extend_path,
    load_scenario,
    outcome,
    scenario_ids,
    validate_scenario,
    walk,
)
from widgets.tables import table


def make(
    steps: dict[str, list[tuple[str, str | None]]],
    start: str = "s1",
    scenario_id: str = "demo",
    quality: str = "best",
) -> Scenario:
    """A hand-made scenario: {step id: [(choice id, next step or None), ...]}."""
    row = {"id": scenario_id, "title": "Demo", "start_step": start, "jurisdiction": "all"}
    step_rows = [{"id": s, "scenario": scenario_id, "situation": f"At {s}"} for s in steps]
    choice_rows = [
        {
            "id": cid,
            "step": s,
            "label": f"Pick {cid}",
            "consequence": f"After {cid}",
            "guidance": f"Why {cid}",
            "quality": quality,
            "next_step": nxt or "",
        }
        for s, choices in steps.items()
        for cid, nxt in choices
    ]
    return build_scenario(row, step_rows, choice_rows)


TREE = {
    "s1": [("a", "s2"), ("b", "s3"), ("c", None)],
    "s2": [("d", None), ("e", "s3")],
    "s3": [("f", None), ("g", None)],
}


# tree checks -----------------------------------------------------------------------------------
def test_a_well_formed_tree_validates_and_lists_every_route():
    scenario = make(TREE)
    validate_scenario(scenario)
    assert sorted(all_paths(scenario)) == sorted(
        [["a", "d"], ["a", "e", "f"], ["a", "e", "g"], ["b", "f"], ["b", "g"], ["c"]]
    )


def test_an_unreachable_step_is_named():
    scenario = make({**TREE, "s4": [("h", None)]})
    with pytest.raises(ValueError, match=r"'demo'.*step 's4' cannot be reached"):
        validate_scenario(scenario)


def test_a_cycle_is_named_with_its_step():
    looping = {"s1": [("a", "s2")], "s2": [("b", "s3"), ("c", None)], "s3": [("d", "s1")]}
    with pytest.raises(ValueError, match=r"'demo'.*step 's3' leads back to step 's1'"):
        validate_scenario(make(looping))


def test_a_self_loop_is_a_cycle():
    with pytest.raises(ValueError, match="loop"):
        validate_scenario(make({"s1": [("a", "s1"), ("b", None)]}))


def test_a_choice_leading_to_another_scenarios_step_is_refused():
    row = {"id": "demo", "title": "Demo", "start_step": "s1", "jurisdiction": "all"}
    steps = [
        {"id": "s1", "scenario": "demo", "situation": "here"},
        {"id": "x1", "scenario": "other", "situation": "elsewhere"},
    ]
    choices = [
        {"id": "a", "step": "s1", "quality": "best", "next_step": "x1"},
        {"id": "b", "step": "x1", "quality": "best", "next_step": ""},
    ]
    scenario = build_scenario(row, steps, choices)
    assert set(scenario.steps) == {"s1"}  # the other scenario's step is not taken in
    with pytest.raises(ValueError, match=r"'demo'.*step 's1'.*'x1'.*not a step of this scenario"):
        validate_scenario(scenario)


def test_a_missing_start_step_and_a_step_without_choices_are_refused():
    with pytest.raises(ValueError, match="starts at step 'nowhere'"):
        validate_scenario(make(TREE, start="nowhere"))
    with pytest.raises(ValueError, match="step 's2' offers no choices"):
        validate_scenario(make({"s1": [("a", "s2")], "s2": []}))


# the course's scenarios ------------------------------------------------------------------------
def test_the_course_has_the_three_challenge_scenarios():
    ids = scenario_ids()
    assert {"challenge5", "challenge4", "challenge8"} <= set(ids)
    assert load_scenario("challenge5").title == "Challenge 5 – ethical behaviour"
    assert load_scenario("challenge4").title == "Challenge 4 – councillor/officer relations"
    assert load_scenario("challenge8").title == "Challenge 8 – tackling poor behaviour"
    assert "proper officer" in load_scenario("challenge5").debrief


@pytest.mark.parametrize("scenario_id", scenario_ids())
def test_every_course_scenario_validates_and_every_route_ends(scenario_id):
    scenario = load_scenario(scenario_id)  # validates
    for step in scenario.steps.values():
        assert len(step.choices) == 3, step.id
        qualities = {c.quality for c in step.choices}
        assert "best" in qualities and "poor" in qualities, step.id
        assert all(c.label and c.consequence and c.guidance for c in step.choices)
    routes = all_paths(scenario)
    assert routes
    assert {len(r) for r in routes} <= {2, 3}, "each scenario is 2 to 3 steps deep"
    assert max(len(r) for r in routes) >= 2
    for route in routes:
        state = walk(scenario, route)
        assert state.finished and state.path == route and not state.note


def test_course_rows_name_their_source():
    for name in ("scenarios", "scenario_steps", "scenario_choices"):
        for row in table(name):
            assert row["source"] and row["source_section"], (name, row["id"])


def test_an_unknown_scenario_is_a_plain_key_error():
    with pytest.raises(KeyError, match="There is no scenario called 'nope'"):
        load_scenario("nope")


# walking a saved path --------------------------------------------------------------------------
def test_walking_a_path_reaches_the_right_step():
    scenario = make(TREE)
    assert walk(scenario, None).current.id == "s1"
    assert walk(scenario, []).step_number == 1
    middle = walk(scenario, ["a", "e"])
    assert middle.current.id == "s3" and middle.step_number == 3 and not middle.finished
    end = walk(scenario, ["a", "e", "g"])
    assert end.finished and end.path == ["a", "e", "g"]


def test_an_unknown_choice_cuts_the_path_back_to_its_valid_start():
    state = walk(make(TREE), ["a", "zzz", "f"])
    assert state.path == ["a"] and state.current.id == "s2"
    assert state.dropped == 2
    assert "no longer part of this scenario" in state.note
    assert "after your first 1 choice" in state.note


def test_a_choice_from_another_step_is_cut_back():
    state = walk(make(TREE), ["f"])  # "f" belongs to s3, not to the start step
    assert state.path == [] and state.current.id == "s1"
    assert "different step" in state.note and "from the first step" in state.note


def test_choices_after_the_end_and_damaged_values_are_cut_back():
    scenario = make(TREE)
    past_end = walk(scenario, ["c", "d"])
    assert past_end.path == ["c"] and past_end.finished and "past the end" in past_end.note
    for junk in (42, {"a": 1}, [None], "zzz"):
        state = walk(scenario, junk)
        assert state.path == [] and state.note, junk
    assert walk(scenario, "a").path == ["a"]  # a lone id still counts as a one-step path


def test_extending_a_path():
    scenario = make(TREE)
    assert extend_path(scenario, ["a"], "e") == ["a", "e"]
    assert extend_path(scenario, ["a", "bogus"], "d") == ["a", "d"]  # from the valid prefix
    with pytest.raises(ValueError, match="pick one of the options"):
        extend_path(scenario, ["a"], "f")
    with pytest.raises(ValueError, match="has ended"):
        extend_path(scenario, ["c"], "a")


def test_the_outcome_summary_uses_words_for_quality():
    scenario = load_scenario("challenge5")
    best_route = next(
        r for r in all_paths(scenario) if all(scenario.choice(c).quality == "best" for c in r)
    )
    summary = outcome(walk(scenario, best_route))
    assert summary.counts["best"] == len(best_route) and summary.counts["poor"] == 0
    assert "Every choice was a strong one" in summary.text
    assert [row[2] for row in summary.rows] == ["strong"] * len(best_route)

    poor = next(c for c in scenario.start.choices if c.quality == "poor")
    mixed = walk(scenario, [poor.id])
    text = outcome(mixed).text
    assert "1 risky choice" in text and "guidance" in text
    assert poor.quality_words == QUALITY_WORDS["poor"] == "a risky choice"
    assert outcome(walk(scenario, [])).text == "You have not made any choices yet."
