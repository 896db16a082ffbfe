"""The sorter widget: a thin ipywidgets view over :mod:`widgets.logic.sorter`.

Each item is a GOV.UK radio group (Councillor / Officer / Joint side by side; the task is the
fieldset's legend, one Tab stop per task, screen readers announce the selection) with an optional
reason. A choice is saved at once and a
reason as it is typed (after a pause, like reflections, with a "Saved at" note), so re-running the
cell, reloading the page or restarting the kernel shows the same answers again. A reason is saved
against the version this page loaded, so another tab's words are merged in, never overwritten;
own tasks get their ids from the store, so two tabs adding tasks keep both.
"""

from __future__ import annotations

import html
import threading
import time
from datetime import datetime
from functools import partial
from typing import Any, NamedTuple

import ipywidgets as ipw

from .. import reading
from ..activities import sorter_activity
from ..components import Radios, TextArea
from ..logic.reflection import DEBOUNCE_SECONDS, Debouncer, saved_note
from ..logic.sorter import (
    CHOICE_LABELS,
    CHOICES,
    MAX_REASON,
    OWN_PREFIX,
    Comparison,
    add_own_item,
    compare,
    make_answer,
    own_items,
    progress,
    progress_text,
    read_answer,
    sorter_info,
    sorter_items,
)
from ..session import answers_store
from ..store import AnswerStore
from .autosave import NotSaved, TimerFactory, TimerRunner
from .base import ActivityView, storage_problem
from .drafts import keep_drafts
from .ui import VIEW_CLASS, WRAP_CSS, friendly, show, show_count

_WIDE = {"description_width": "initial"}


class RowControls(NamedTuple):
    """One task's public controls: its radio group, its reason box and its "Saved at" note."""

    choice: Radios
    reason: TextArea
    status: ipw.HTML


class Sorter(ActivityView):
    """Sort tasks between councillors, officers or both, then compare with the workbook."""

    def __init__(
        self,
        sorter_id: str,
        store: AnswerStore,
        *,
        clock=time.monotonic,
        timer_factory: TimerFactory = threading.Timer,
        delay: float = DEBOUNCE_SECONDS,
    ) -> None:
        self._clock, self._timer_factory, self._delay = clock, timer_factory, delay
        info = sorter_info(sorter_id)  # unknown id: a plain KeyError for ``friendly``
        self.title = info["title"]
        self.sorter_id = sorter_id
        self.init_activity(sorter_activity(sorter_id), store)
        self.items = sorter_items(sorter_id)
        saved = store.activity(self.activity)

        self.item_ids: list[str] = []
        self.own_texts: dict[str, str] = {}
        self._rows: dict[str, RowControls] = {}
        self.reason_runners: dict[str, TimerRunner] = {}
        self._merged: dict[str, tuple[str, bool]] = {}
        self.rows = ipw.VBox()
        for row in self.items:
            self._add_row(row["id"], row["statement"], read_answer(saved.get(row["id"])))
        for item_id, answer in own_items(saved):
            self._add_row(item_id, answer["text"], answer, own=True)

        self.new_item = ipw.Text(
            description="Add a task of your own",
            placeholder="e.g. Reply to a resident's email about a planning application",
            style=_WIDE,
            layout=ipw.Layout(width="95%"),
        )
        self.add_button = ipw.Button(description="Add task", tooltip="Add your task to the list")
        self.add_button.on_click(lambda _: self.add_item())
        self.progress = ipw.HTML()
        self.compare_button = ipw.Button(
            description="Compare with the workbook's view",
            tooltip="Show what the workbook suggests for each item you have sorted",
            layout=ipw.Layout(width="auto"),
        )
        self.compare_button.on_click(lambda _: self.reveal())
        self.comparison = ipw.HTML()
        self.revealed = False
        self._update_progress()
        if reading.recall(self._reading_key, False):  # the panel was open last time
            self.reveal()
        if store.problem:
            show(self.message, store.problem, "problem")

        intro = ipw.HTML(
            f"{WRAP_CSS}<h3>{html.escape(info['title'])}</h3>"
            f"<p>{html.escape(info['instructions'])}</p>"
        )
        super().__init__(
            [
                intro,
                self.progress,
                self.rows,
                ipw.HBox([self.new_item, self.add_button]),
                self.message,
                self.compare_button,
                self.comparison,
            ]
        )
        self.add_class(VIEW_CLASS)

    # building ----------------------------------------------------------------------------------
    def _add_row(self, item_id: str, statement: str, answer: dict[str, Any], own: bool = False):
        number = len(self.item_ids) + 1
        label = f"{number}. {statement}" + (" (your own task)" if own else "")
        choice = Radios(
            [(CHOICE_LABELS[c], c) for c in CHOICES],
            legend=label,
            value=answer["choice"],
            inline=True,
        )
        reason = TextArea(
            value=answer["reason"],
            label=f"Reason for task {number} (optional)",
            hint="Why did you choose this?",
            rows=2,
        )
        show_count(reason, answer["reason"], MAX_REASON)
        status = ipw.HTML()
        self.item_ids.append(item_id)
        if own:
            self.own_texts[item_id] = statement
        self._rows[item_id] = RowControls(choice, reason, status)
        debouncer = Debouncer(
            partial(self._save_reason, item_id), delay=self._delay, saved_text=answer["reason"]
        )
        self.reason_runners[item_id] = TimerRunner(
            debouncer,
            self._clock,
            self._timer_factory,
            self._save_failed,
            after=partial(self._show_merged, item_id),
        )
        choice.observe(lambda _: self._changed(item_id), names="value")
        reason.observe(partial(self._typed, item_id), names="value")
        keep_drafts(reason, self.reason_runners[item_id], f"{self.activity}/{item_id}/reason")
        self.rows.children = (*self.rows.children, ipw.VBox([choice, reason, status]))

    # answers -----------------------------------------------------------------------------------
    def row(self, item_id: str) -> RowControls:
        """The controls a participant uses for one task, by its id (tests and drivers use these)."""
        return self._rows[item_id]

    def _answer(self, item_id: str) -> dict[str, Any]:
        row = self._rows[item_id]
        return make_answer(row.choice.value, row.reason.value, self.own_texts.get(item_id))

    def answers(self) -> dict[str, dict[str, Any]]:
        """What the controls show now, by item id (a reason too long to save is left out)."""
        result = {}
        for item_id in self.item_ids:
            try:
                result[item_id] = self._answer(item_id)
            except ValueError:
                choice = self._rows[item_id].choice.value
                result[item_id] = make_answer(choice, "", self.own_texts.get(item_id))
        return result

    def _fields(self, item_id: str) -> dict[str, Any]:
        """What is saved beside the reason: the choice (and an own task's words)."""
        fields: dict[str, Any] = {"choice": self._rows[item_id].choice.value}
        if item_id in self.own_texts:
            fields["text"] = self.own_texts[item_id]
        return fields

    def _save_reason(self, item_id: str, text: str) -> str:
        """Save a reason against the version this box last saved; returns what is saved now."""
        if len(text.strip()) > MAX_REASON:
            raise NotSaved(f"Please keep your reason to {MAX_REASON} characters or fewer.")
        runner = self.reason_runners[item_id]
        outcome = self.write_text(
            item_id,
            text,
            runner.debouncer.saved_text or "",
            field="reason",
            fields=self._fields(item_id),
        )
        self._rows[item_id].status.value = _note(saved_note(datetime.now()))
        if outcome.text != text:
            self._merged[item_id] = (outcome.text, outcome.conflict)
        return outcome.text

    def _show_merged(self, item_id: str) -> None:
        merged = self._merged.pop(item_id, None)
        if merged is not None:
            text, both = merged
            self._rows[item_id].reason.value = text
            show(self.message, _BOTH_KEPT if both else _COMBINED, "info")

    def _save_failed(self, err: OSError) -> None:
        if isinstance(err, NotSaved):
            show(self.message, f"Your reason is not saved yet: {err}", "problem")
        else:
            show(self.message, storage_problem("Your reason", err), "problem")

    def _typed(self, item_id: str, change: dict[str, Any]) -> None:
        show_count(self._rows[item_id].reason, change["new"], MAX_REASON)
        runner = self.reason_runners[item_id]
        runner.push(change["new"])
        status = self._rows[item_id].status
        if change["new"] != runner.debouncer.saved_text and status.value != _PENDING:
            status.value = _PENDING

    def flush(self) -> bool:
        """Save every reason typed but still waiting for the pause (closing, submitting)."""
        runners = getattr(self, "reason_runners", {})  # empty if building the widget failed
        return any([runner.flush() for runner in runners.values()])

    def close(self) -> None:
        self.flush()
        super().close()

    def _changed(self, item_id: str) -> None:
        """A choice changed: save it at once, with the reason merged like any reason save."""
        runner = self.reason_runners[item_id]
        try:
            runner.debouncer.push(self._rows[item_id].reason.value, self._clock())
            runner.flush()  # a reason still waiting for the pause goes first
            if runner.debouncer.pending:  # the reason could not be saved: neither can the choice
                return
            runner.debouncer.saved_text = self._save_reason(
                item_id, runner.debouncer.saved_text or ""
            )
        except OSError as err:
            self._save_failed(err)
            return
        self._show_merged(item_id)
        show(self.message, "")
        self._update_progress()
        if self.revealed:
            self._render_comparison()

    def _update_progress(self) -> None:
        done, total = progress(self.answers(), self.item_ids)
        self.progress.value = f"<p>{html.escape(progress_text(done, total))}</p>"

    def add_item(self) -> str | None:
        """Add the participant's own task; returns its id, or None when the text was refused.

        The id comes from the store inside its locked transaction, so a task another tab added
        keeps its own id; tasks added elsewhere since this page loaded are shown too.
        """
        try:
            _, value = add_own_item({}, self.new_item.value)
        except ValueError as err:
            show(self.message, str(err), "problem")
            return None
        given = self.attempt(lambda: self.write_entries([value], OWN_PREFIX), what="Your task")
        if given is None:
            return None
        (item_id,) = given
        for other_id, answer in own_items(self.store.activity(self.activity)):
            if other_id not in self.item_ids:
                self._add_row(other_id, answer["text"], answer, own=True)
        self.new_item.value = ""
        show(
            self.message,
            f"Added as task {self.item_ids.index(item_id) + 1}. Now choose who should lead on it.",
            "ok",
        )
        self._update_progress()
        return item_id

    # comparison --------------------------------------------------------------------------------
    def comparison_result(self) -> Comparison:
        return compare(self.items, self.answers())

    def reveal(self) -> None:
        """Show the workbook's view beside each sorted item (and keep it updated from now on)."""
        self.revealed = True
        reading.remember(self._reading_key, True)  # a reading choice: kept out of the answers
        self._render_comparison()

    @property
    def _reading_key(self) -> str:
        return f"{self.activity}.compare"

    def _render_comparison(self) -> None:
        result = self.comparison_result()
        parts = [f"<h4>The workbook's view</h4><p>{html.escape(result.summary)}</p>"]
        if result.items:
            parts.append("<ul>")
            for item in result.items:
                number = self.item_ids.index(item.item_id) + 1
                why = f"<br>Why: {html.escape(item.explanation)}" if item.explanation else ""
                parts.append(
                    f"<li><strong>Task {number}: {html.escape(item.statement)}</strong><br>"
                    f"{html.escape(item.verdict)}{why}</li>"
                )
            parts.append("</ul>")
        body = "".join(parts)
        # one region per sorter, named after it: two on a page must not share a name
        label = html.escape(f"The workbook's view: {self.title}", quote=True)
        self.comparison.value = f'<div role="region" aria-label="{label}">{body}</div>'


def _note(text: str) -> str:
    return f'<span style="color:#333">{html.escape(text)}</span>'


_PENDING = _note("Not saved yet: saving when you pause")
_BOTH_KEPT = (
    "A reason was also changed in another tab or window, so both versions are now in its box, "
    "yours first: please tidy it up."
)
_COMBINED = "What you wrote in another tab or window has been added to a reason."


@friendly
def sorter(sorter_id: str, store: AnswerStore | None = None) -> Sorter:
    """Show a sorting activity, e.g. ``widgets.sorter("challenge1")`` (one call in a cell)."""
    return Sorter(sorter_id, store if store is not None else answers_store())
