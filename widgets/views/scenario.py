"""The branching scenario widget: a thin ipywidgets view over :mod:`widgets.logic.scenario`.

Each step shows the situation and its choices as GOV.UK radios (a fieldset with the question as
its legend: one Tab stop, the arrow keys move, screen readers announce the selection) with a
"Choose" button, so nothing is taken until the participant says so. After a choice the
consequence and guidance appear, then the next step, until the end shows the debrief and a summary
of the route in words. The route is saved on every choice, so re-running the cell, reloading the
page or restarting the kernel puts the participant back at the same point.
"""

from __future__ import annotations

import html
from typing import Any

import ipywidgets as ipw

from ..activities import scenario_activity
from ..components import Radios
from ..logic.scenario import (
    Choice,
    Walk,
    extend_path,
    for_country,
    load_scenario,
    outcome,
    walk,
)
from ..profile import JURISDICTION_LABELS, Profile
from ..session import reader
from ..store import AnswerStore
from .base import ActivityView
from .ui import VIEW_CLASS, WRAP_CSS, friendly, message_area, show, table_html

_HIDDEN = "none"


# ipywidgets keeps labels and radio options on one line; a choice is a sentence, so let it wrap.
def _para(label: str, text: str) -> str:
    return f"<p><strong>{html.escape(label)}</strong> {html.escape(text)}</p>"


def _taken_html(number: int, situation: str, choice: Choice) -> str:
    return (
        f"<h4>Step {number}</h4><p>{html.escape(situation)}</p>"
        + _para("You chose:", choice.label)
        + _para("What happened:", choice.consequence)
        + _para("Guidance:", choice.guidance)
        + f"<p><em>This was {html.escape(choice.quality_words)}.</em></p>"
    )


_CAST = {"councillor": "a councillor", "officer": "an officer"}


class ScenarioView(ActivityView):
    """Play one branching scenario, resuming from the route saved in the answers file."""

    def __init__(self, scenario_id: str, store: AnswerStore, profile: Profile) -> None:
        # unknown id or broken tree: plain error; guidance and ratings for the participant's country
        self.scenario = for_country(load_scenario(scenario_id), profile.jurisdiction or None)
        self.init_activity(scenario_activity(scenario_id), store)

        header = f"{WRAP_CSS}<h3>{html.escape(self.scenario.title)}</h3>"
        self.header = ipw.HTML(header)
        self.note = message_area()
        self.history = ipw.HTML()
        self.latest = ipw.HTML()
        self.situation = ipw.HTML()
        self.choice_control = Radios(legend="What do you do?")
        self.choose_button = ipw.Button(
            description="Choose",
            tooltip="Make the choice you have selected",
            button_style="primary",
        )
        self.choose_button.on_click(lambda _: self.choose())
        self.step_box = ipw.VBox([self.situation, self.choice_control, self.choose_button])
        self.ending = ipw.HTML()

        self.restart_button = ipw.Button(
            description="Start again",
            tooltip="Clear your route and play the scenario from the beginning",
        )
        self.restart_button.on_click(lambda _: self.ask_restart())
        self.confirm_text = ipw.HTML(
            "<p><strong>Start again?</strong> This clears the route you have taken so far.</p>"
        )
        self.confirm_button = ipw.Button(
            description="Yes, start again", tooltip="Clear your route and start again"
        )
        self.confirm_button.on_click(lambda _: self.restart())
        self.cancel_button = ipw.Button(
            description="No, keep my route", tooltip="Keep your route and carry on"
        )
        self.cancel_button.on_click(lambda _: self.cancel_restart())
        self.confirm_box = ipw.VBox(
            [self.confirm_text, ipw.HBox([self.confirm_button, self.cancel_button])],
            layout=ipw.Layout(display=_HIDDEN),
        )

        notes = []
        if store.problem:
            notes.append(store.problem)
        place = self.scenario.jurisdiction
        if place in JURISDICTION_LABELS and place != profile.jurisdiction:
            where = f"This scenario is set in a council in {JURISDICTION_LABELS[place]}"
            mine = JURISDICTION_LABELS.get(profile.jurisdiction)
            notes.append(
                f"{where}; your profile says {mine}. You can still play it."
                if mine
                else f"{where}."
            )
        cast = self.scenario.played_as
        if profile.role in _CAST and cast != profile.role:
            notes.append(
                f"In this scenario you play {_CAST[cast]}; your profile says you are "
                f"{_CAST[profile.role]}. You can still play it, to see the other side."
            )
        self.state = walk(self.scenario, store.get(self.activity, "path"))
        if self.state.note:
            notes.append(self.state.note)
        show(self.note, " ".join(notes), "problem" if store.problem else "info")
        self._render()

        super().__init__(
            [
                self.header,
                self.note,
                self.history,
                self.latest,
                self.step_box,
                self.ending,
                self.message,
                self.restart_button,
                self.confirm_box,
            ]
        )
        self.add_class(VIEW_CLASS)

    # reading the state -------------------------------------------------------------------------
    @property
    def path(self) -> list[str]:
        """The route shown now, as choice ids."""
        return self.state.path

    @property
    def finished(self) -> bool:
        return self.state.finished

    # drawing -----------------------------------------------------------------------------------
    def _render(self) -> None:
        state = self.state
        blocks = [
            _taken_html(n, self.scenario.steps[choice.step].situation, choice)
            for n, choice in enumerate(state.taken, 1)
        ]
        self.history.value = "".join(blocks[:-1])
        self.latest.value = (
            f'<div role="status" aria-live="polite">{blocks[-1]}</div>' if blocks else ""
        )
        if state.current is not None:
            self.situation.value = (
                f"<h4>Step {state.step_number}</h4><p>{html.escape(state.current.situation)}</p>"
            )
            self.choice_control.value = None
            self.choice_control.options = [[c.label, c.id] for c in state.current.choices]
            self.step_box.layout.display = None
            self.ending.value = ""
        else:
            self.step_box.layout.display = _HIDDEN
            self.ending.value = self._ending_html(state)
        self.restart_button.layout.display = None if state.taken else _HIDDEN
        self.confirm_box.layout.display = _HIDDEN

    def _ending_html(self, state: Walk) -> str:
        summary = outcome(state)
        rows = [[n, label, quality] for n, label, quality in summary.rows]
        debrief = self.scenario.debrief
        return (
            "<h4>The end of the scenario</h4>"
            + (f"<p>{html.escape(debrief)}</p>" if debrief else "")
            + "<h4>Your route</h4>"
            + f"<p>{html.escape(summary.text)}</p>"
            + table_html(
                "The choices you made, step by step",
                ["Step", "Your choice", "How it rates"],
                rows,
            )
        )

    # actions -----------------------------------------------------------------------------------
    def choose(self) -> bool:
        """Take the selected choice: save the longer route, then show what happened."""
        selected = self.choice_control.value
        if not selected:
            show(self.message, "Please pick one of the options before pressing Choose.", "problem")
            return False
        try:
            path = extend_path(self.scenario, self.state.path, selected)
        except ValueError as err:
            show(self.message, str(err), "problem")
            return False
        if not self.save({"path": path}, what="Your choice"):
            return False
        self.state = walk(self.scenario, path)
        show(self.note, "")
        self._render()
        where = (
            "The scenario has ended: read the debrief and your route below."
            if self.state.finished
            else f"Read what happened, then carry on with step {self.state.step_number}."
        )
        show(self.message, f"your choice is recorded. {where}", "ok")
        return True

    def show_value(self, answers: dict[str, Any]) -> None:
        """Take the saved route ``path`` and show where it leads."""
        if self.save({"path": answers.get("path")}, what="Your route"):
            self.state = walk(self.scenario, self.store.get(self.activity, "path"))
            self._render()

    def ask_restart(self) -> None:
        self.confirm_box.layout.display = None
        show(self.message, "")

    def cancel_restart(self) -> None:
        self.confirm_box.layout.display = _HIDDEN
        show(self.message, "Your route is kept.", "info")

    def restart(self) -> None:
        """Clear the saved route (after the participant confirmed) and show the first step."""
        if not self.clear_answers():
            return
        self.state = walk(self.scenario, None)
        show(self.note, "")
        self._render()
        show(self.message, "Your route was cleared. The scenario starts again at step 1.", "info")


@friendly
def scenario(
    scenario_id: str, store: AnswerStore | None = None, profile: Profile | None = None
) -> ScenarioView:
    """Play a branching scenario (one call in a notebook cell), e.g. ``scenario("challenge5")``.

    ``store`` defaults to the answers file beside the notebook and ``profile`` to the saved profile.
    """
    return ScenarioView(scenario_id, *reader(store, profile))
