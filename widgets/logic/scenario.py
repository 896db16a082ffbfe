"""Branching scenarios: a situation, three choices, a consequence, and on to the next step.

Plain Python over the ``scenarios``, ``scenario_steps`` and ``scenario_choices`` tables, so the
rules (a scenario is a tree that always ends, a saved path is replayed step by step, a path that no
longer fits the data is cut back) are tested without a browser. The view in
:mod:`widgets.views.scenario` is a thin layer over these functions.

A participant's path is saved under :func:`widgets.activities.scenario_activity` as item ``path``:
the list of chosen choice ids, in order.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from dataclasses import dataclass, field, replace
from pathlib import Path
from typing import Any

from ..tables import row_by_id, table

QUALITY_WORDS = {
    "best": "a strong choice",
    "acceptable": "a reasonable choice, though there was a better one",
    "poor": "a risky choice",
}
QUALITY_SHORT = {"best": "strong", "acceptable": "reasonable", "poor": "risky"}


@dataclass(frozen=True)
class Choice:
    """One option at a step; ``next_step`` is None when choosing it ends the scenario."""

    id: str
    step: str
    label: str
    consequence: str
    guidance: str
    quality: str
    next_step: str | None
    source: str = ""
    source_section: str = ""

    @property
    def quality_words(self) -> str:
        return QUALITY_WORDS.get(self.quality, "a choice")

    @property
    def final(self) -> bool:
        return self.next_step is None


@dataclass(frozen=True)
class Step:
    id: str
    scenario: str
    situation: str
    choices: tuple[Choice, ...]
    source: str = ""
    source_section: str = ""

    def choice(self, choice_id: str) -> Choice | None:
        return next((c for c in self.choices if c.id == choice_id), None)


@dataclass(frozen=True)
class Scenario:
    id: str
    title: str
    challenge: str
    start_step: str
    debrief: str
    jurisdiction: str
    steps: Mapping[str, Step]
    played_as: str = "councillor"
    source: str = ""
    source_section: str = ""

    @property
    def start(self) -> Step:
        return self.steps[self.start_step]

    def choice(self, choice_id: str) -> Choice | None:
        """The choice with this id at any step of the scenario, or None."""
        for step in self.steps.values():
            found = step.choice(choice_id)
            if found is not None:
                return found
        return None


# building --------------------------------------------------------------------------------------
def _text(row: Mapping[str, Any], key: str) -> str:
    value = row.get(key)
    return "" if value is None else str(value)


def build_scenario(
    row: Mapping[str, Any],
    step_rows: Iterable[Mapping[str, Any]],
    choice_rows: Iterable[Mapping[str, Any]],
) -> Scenario:
    """A scenario from table rows (its own steps, and the choices of those steps).

    Rows of other scenarios are ignored, so whole tables can be passed in. The result is not yet
    checked: call :func:`validate_scenario`.
    """
    scenario_id = _text(row, "id")
    own_steps = [s for s in step_rows if s.get("scenario") == scenario_id]
    step_ids = {_text(s, "id") for s in own_steps}
    by_step: dict[str, list[Choice]] = {sid: [] for sid in step_ids}
    for c in choice_rows:
        if c.get("step") in by_step:
            by_step[_text(c, "step")].append(
                Choice(
                    id=_text(c, "id"),
                    step=_text(c, "step"),
                    label=_text(c, "label"),
                    consequence=_text(c, "consequence"),
                    guidance=_text(c, "guidance"),
                    quality=_text(c, "quality"),
                    next_step=_text(c, "next_step") or None,
                    source=_text(c, "source"),
                    source_section=_text(c, "source_section"),
                )
            )
    steps = {
        _text(s, "id"): Step(
            id=_text(s, "id"),
            scenario=scenario_id,
            situation=_text(s, "situation"),
            choices=tuple(by_step[_text(s, "id")]),
            source=_text(s, "source"),
            source_section=_text(s, "source_section"),
        )
        for s in own_steps
    }
    return Scenario(
        id=scenario_id,
        title=_text(row, "title"),
        challenge=_text(row, "challenge"),
        start_step=_text(row, "start_step"),
        debrief=_text(row, "debrief"),
        jurisdiction=_text(row, "jurisdiction") or "all",
        steps=steps,
        played_as=_text(row, "played_as") or "councillor",
        source=_text(row, "source"),
        source_section=_text(row, "source_section"),
    )


def scenario_ids(folder: Path | None = None) -> list[str]:
    """The ids of every scenario in the course tables, in table order."""
    return [r["id"] for r in table("scenarios", folder)]


def load_scenario(scenario_id: str, folder: Path | None = None) -> Scenario:
    """One scenario from the course tables, checked; an unknown id is a plain KeyError."""
    scenario = build_scenario(
        row_by_id("scenarios", scenario_id, "scenario", folder),
        table("scenario_steps", folder),
        table("scenario_choices", folder),
    )
    validate_scenario(scenario)
    return scenario


def for_country(
    scenario: Scenario, jurisdiction: str | None, folder: Path | None = None
) -> Scenario:
    """The scenario as a participant from one country plays it and is marked on it.

    Where the law or the usual route differs, ``scenario_guidance`` holds a choice's guidance (and
    sometimes its rating) for England or Scotland; those replace the choice's own, so England's
    route is never shown to a Scottish participant as theirs. Without a country the choices keep
    their own, country-neutral guidance.
    """
    if not jurisdiction:
        return scenario
    rows = {
        str(r["choice"]): r
        for r in table("scenario_guidance", folder)
        if r["jurisdiction"] == jurisdiction
    }
    if not rows:
        return scenario

    def local(choice: Choice) -> Choice:
        row = rows.get(choice.id)
        if row is None:
            return choice
        return replace(
            choice,
            guidance=_text(row, "guidance"),
            quality=_text(row, "quality") or choice.quality,
            source=_text(row, "source"),
            source_section=_text(row, "source_section"),
        )

    steps = {
        sid: replace(step, choices=tuple(local(c) for c in step.choices))
        for sid, step in scenario.steps.items()
    }
    return replace(scenario, steps=steps)


# checking the tree -----------------------------------------------------------------------------
def validate_scenario(scenario: Scenario) -> None:
    """Check the scenario is a tree that always ends; raise ValueError naming scenario and step.

    Every step must be reachable from the start, every step must offer a choice, every choice that
    does not end the scenario must lead to a step of the same scenario, and no route may loop back
    on itself (otherwise a participant could go round for ever).
    """
    name = scenario.id
    if scenario.start_step not in scenario.steps:
        raise ValueError(
            f"The scenario '{name}' starts at step '{scenario.start_step}', "
            "which is not one of its steps."
        )
    for step in scenario.steps.values():
        if not step.choices:
            raise ValueError(f"In the scenario '{name}', step '{step.id}' offers no choices.")
        for choice in step.choices:
            if choice.next_step is not None and choice.next_step not in scenario.steps:
                raise ValueError(
                    f"In the scenario '{name}', step '{step.id}' has a choice '{choice.id}' that "
                    f"leads to '{choice.next_step}', which is not a step of this scenario."
                )

    # depth-first walk from the start: grey = on the current route, black = fully explored
    state: dict[str, str] = {}

    def visit(step_id: str) -> None:
        state[step_id] = "grey"
        for choice in scenario.steps[step_id].choices:
            target = choice.next_step
            if target is None:
                continue
            if state.get(target) == "grey":
                raise ValueError(
                    f"In the scenario '{name}', step '{step_id}' leads back to step '{target}', "
                    "so a participant could go round in a loop."
                )
            if target not in state:
                visit(target)
        state[step_id] = "black"

    visit(scenario.start_step)
    for step_id in scenario.steps:
        if step_id not in state:
            raise ValueError(
                f"In the scenario '{name}', step '{step_id}' cannot be reached from the "
                f"start step '{scenario.start_step}'."
            )


def all_paths(scenario: Scenario) -> list[list[str]]:
    """Every complete route through a valid scenario, as lists of choice ids (for checking)."""
    paths: list[list[str]] = []

    def extend(step_id: str, so_far: list[str]) -> None:
        for choice in scenario.steps[step_id].choices:
            route = [*so_far, choice.id]
            if choice.next_step is None:
                paths.append(route)
            else:
                extend(choice.next_step, route)

    extend(scenario.start_step, [])
    return paths


# walking a path --------------------------------------------------------------------------------
@dataclass
class Walk:
    """Where a path leads: the choices that fit, the step now waiting, and what was cut off."""

    scenario: Scenario
    taken: list[Choice] = field(default_factory=list)
    current: Step | None = None
    dropped: int = 0
    note: str = ""

    @property
    def finished(self) -> bool:
        return self.current is None

    @property
    def path(self) -> list[str]:
        """The valid path, as choice ids: what the store should hold."""
        return [c.id for c in self.taken]

    @property
    def step_number(self) -> int:
        """The number of the step now shown (1 for the first), counting steps already taken."""
        return len(self.taken) + 1


def walk(scenario: Scenario, path: Any) -> Walk:
    """Replay a saved path from the start; anything that no longer fits is cut off with a note.

    A saved path may be damaged or out of date (the scenario was edited after it was saved): an
    unknown choice id, a choice that belongs to a different step, or choices after the end. The
    valid beginning of the path is kept and the rest dropped, never raising.
    """
    result = Walk(scenario, current=scenario.start)
    if path is None:
        return result
    ids = list(path) if isinstance(path, list | tuple) else [path]
    for index, choice_id in enumerate(ids):
        step = result.current
        choice = step.choice(choice_id) if step is not None and isinstance(choice_id, str) else None
        if choice is None:
            result.dropped = len(ids) - index
            result.note = _cut_note(scenario, result, choice_id, step)
            break
        result.taken.append(choice)
        result.current = scenario.steps[choice.next_step] if choice.next_step else None
    return result


def _cut_note(scenario: Scenario, result: Walk, choice_id: Any, step: Step | None) -> str:
    kept = len(result.taken)
    if kept == 0:
        where = "from the first step"
    else:
        where = f"after your first {kept} choice{'s' if kept != 1 else ''}, which are kept"
    if step is None:
        why = "it went on past the end of the scenario"
    elif isinstance(choice_id, str) and scenario.choice(choice_id) is not None:
        why = "one choice belongs to a different step"
    else:
        why = "one choice is no longer part of this scenario"
    return (
        f"Part of your saved route no longer fits this scenario ({why}), so it was cut back "
        f"and you carry on {where}."
    )


def extend_path(scenario: Scenario, path: Any, choice_id: str) -> list[str]:
    """The valid path plus one choice made at the current step; ValueError if it does not fit."""
    state = walk(scenario, path)
    if state.current is None:
        raise ValueError("This scenario has ended. Choose 'Start again' to play it again.")
    if state.current.choice(choice_id) is None:
        raise ValueError("Please pick one of the options shown before pressing Choose.")
    return [*state.path, choice_id]


# the end -----------------------------------------------------------------------------------------
@dataclass(frozen=True)
class Outcome:
    """A summary of the route taken: each step's choice, its quality in words, and the counts."""

    rows: list[tuple[int, str, str]]  # (step number, choice label, quality in words)
    counts: dict[str, int]
    text: str


def outcome(walked: Walk) -> Outcome:
    """Summarise a walk in words: how many strong, reasonable and risky choices were made."""
    rows = [(n, c.label, QUALITY_SHORT.get(c.quality, "")) for n, c in enumerate(walked.taken, 1)]
    counts = {q: sum(1 for c in walked.taken if c.quality == q) for q in QUALITY_WORDS}
    parts = [
        f"{counts[q]} {QUALITY_SHORT[q]} choice{'s' if counts[q] != 1 else ''}"
        for q in QUALITY_WORDS
        if counts[q]
    ]
    if not parts:
        text = "You have not made any choices yet."
    else:
        listed = parts[0] if len(parts) == 1 else ", ".join(parts[:-1]) + " and " + parts[-1]
        steps = len(walked.taken)
        text = f"You made {steps} choice{'s' if steps != 1 else ''}: {listed}."
        if counts["best"] == steps:
            text += " Every choice was a strong one."
        elif counts["poor"]:
            text += " Look again at the guidance beside the risky choices."
    return Outcome(rows, counts, text)
