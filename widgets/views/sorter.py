"""The sorter widget: a thin ipywidgets view over :mod:`widgets.logic.sorter`.

Each item is a labelled radio group (Councillor / Officer / Joint: screen readers announce the
selection, which ToggleButtons do not) with an optional reason. Every change is saved at once, so
re-running the cell, reloading the page or restarting the kernel shows the same answers again.
"""

from __future__ import annotations

import html
from typing import Any

import ipywidgets as ipw

from ..activities import sorter_activity
from ..logic.sorter import (
    CHOICE_LABELS,
    CHOICES,
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
from .base import ActivityView
from .ui import VIEW_CLASS, WRAP_CSS, friendly, show

_WIDE = {"description_width": "initial"}


# Long item statements are the radio group's label: let them wrap above the options instead of
# being cut off with an ellipsis (ipywidgets keeps labels on one line by default).
class Sorter(ActivityView):
    """Sort tasks between councillors, officers or both, then compare with the workbook."""

    def __init__(self, sorter_id: str, store: AnswerStore) -> None:
        info = sorter_info(sorter_id)  # unknown id: a plain KeyError for ``friendly``
        self.title = info["title"]
        self.sorter_id = sorter_id
        self.init_activity(sorter_activity(sorter_id), store)
        self.items = sorter_items(sorter_id)
        saved = store.activity(self.activity)

        self.item_ids: list[str] = []
        self.own_texts: dict[str, str] = {}
        self.choice_controls: list[ipw.RadioButtons] = []
        self.reason_controls: list[ipw.Text] = []
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
        choice = ipw.RadioButtons(
            options=[(CHOICE_LABELS[c], c) for c in CHOICES],
            value=answer["choice"],
            description=label,
            style=_WIDE,
            layout=ipw.Layout(width="100%"),
        )
        choice.add_class("cg-stacked")
        reason = ipw.Text(
            value=answer["reason"],
            description=f"Reason for task {number} (optional)",
            placeholder="Why did you choose this?",
            continuous_update=False,  # saved when you leave the box or press Enter
            style=_WIDE,
            layout=ipw.Layout(width="95%"),
        )
        self.item_ids.append(item_id)
        if own:
            self.own_texts[item_id] = statement
        self.choice_controls.append(choice)
        self.reason_controls.append(reason)
        choice.observe(lambda _: self._changed(item_id), names="value")
        reason.observe(lambda _: self._changed(item_id), names="value")
        self.rows.children = (*self.rows.children, ipw.VBox([choice, reason]))

    # answers -----------------------------------------------------------------------------------
    def _answer(self, item_id: str) -> dict[str, Any]:
        index = self.item_ids.index(item_id)
        return make_answer(
            self.choice_controls[index].value,
            self.reason_controls[index].value,
            self.own_texts.get(item_id),
        )

    def answers(self) -> dict[str, dict[str, Any]]:
        """What the controls show now, by item id (a reason too long to save is left out)."""
        result = {}
        for item_id in self.item_ids:
            try:
                result[item_id] = self._answer(item_id)
            except ValueError:
                index = self.item_ids.index(item_id)
                result[item_id] = make_answer(
                    self.choice_controls[index].value, "", self.own_texts.get(item_id)
                )
        return result

    def _save(self, item_id: str, value: dict[str, Any]) -> bool:
        return self.save({item_id: value})

    def _changed(self, item_id: str) -> None:
        try:
            value = self._answer(item_id)
        except ValueError as err:  # e.g. a very long reason: keep it on screen, say why
            show(self.message, str(err), "problem")
            return
        if self._save(item_id, value):
            show(self.message, "")
        self._update_progress()
        if self.revealed:
            self._render_comparison()

    def _update_progress(self) -> None:
        done, total = progress(self.answers(), self.item_ids)
        self.progress.value = f"<p>{html.escape(progress_text(done, total))}</p>"

    def add_item(self) -> str | None:
        """Add the participant's own task; returns its id, or None when the text was refused."""
        self.store.load()  # another tab may have added an item: never hand out its id again
        known = {**self.store.activity(self.activity), **dict.fromkeys(self.item_ids)}
        try:
            item_id, value = add_own_item(known, self.new_item.value)
        except ValueError as err:
            show(self.message, str(err), "problem")
            return None
        if not self._save(item_id, value):
            return None
        self._add_row(item_id, value["text"], value, own=True)
        self.new_item.value = ""
        show(
            self.message,
            f"Added as task {len(self.item_ids)}. Now choose who should lead on it.",
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
        self._render_comparison()

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


@friendly
def sorter(sorter_id: str, store: AnswerStore | None = None) -> Sorter:
    """Show a sorting activity, e.g. ``widgets.sorter("challenge1")`` (one call in a cell)."""
    return Sorter(sorter_id, store if store is not None else answers_store())
