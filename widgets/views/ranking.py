"""The ranking widget: a thin view over :mod:`widgets.logic.ranking`.

A numbered list with a Move up and a Move down button beside each item: buttons work with the
keyboard and screen readers announce them (drag and drop would need a mouse). Every move saves
the whole order; Keep this order saves the order shown without moving anything.
"""

from __future__ import annotations

import html
from typing import Any

import ipywidgets as ipw

from ..logic.ranking import Ranking, load_ranking, move, ranking_activity, read_order, top
from ..session import answers_store
from ..store import AnswerStore
from .base import ActivityView
from .ui import VIEW_CLASS, WRAP_CSS, friendly, show

_BUTTON = ipw.Layout(width="auto", min_width="6.5em", min_height="2.2em")


class RankingView(ActivityView):
    """Put the items in the order you most want to improve them; the top ones feed your plan."""

    what = "Your order"

    def __init__(self, ranking: Ranking, store: AnswerStore) -> None:
        self.ranking = ranking
        self.init_activity(ranking_activity(ranking.id), store)
        self.order, self.complete = read_order(ranking, store.get(self.activity, "order"))
        self.rows = ipw.VBox()
        self.keep_button = ipw.Button(
            description="Keep this order",
            tooltip="Save the order shown as your ranking",
            button_style="primary",
            layout=_BUTTON,
        )
        self.keep_button.on_click(lambda _: self.keep())
        self.summary = ipw.HTML()
        intro = ipw.HTML(
            f"{WRAP_CSS}<h3>{html.escape(ranking.title)}</h3>"
            f"<p>{html.escape(ranking.instructions)}</p>"
        )
        super().__init__([intro, self.rows, self.keep_button, self.message, self.summary])
        self.add_class(VIEW_CLASS)
        self._render()
        if store.problem:
            show(self.message, store.problem, "problem")

    # the single value: {"order": [...]} --------------------------------------------------------
    def show_value(self, answers: dict[str, Any]) -> None:
        order, _ = read_order(self.ranking, answers.get("order"))
        self._save_order(order)

    # actions -----------------------------------------------------------------------------------
    def move(self, item_id: str, step: int) -> bool:
        """Move one item up (``step`` < 0) or down and save the new order."""
        return self._save_order(move(self.order, item_id, step), item_id)

    def keep(self) -> bool:
        return self._save_order(self.order)

    def _save_order(self, order: list[str], moved: str | None = None) -> bool:
        done = "your order is kept."
        if moved is not None:
            done = f"{self.ranking.item(moved).name} is now number {order.index(moved) + 1}."
        if not self.save({"order": order}, done):
            return False
        self.order, self.complete = order, True
        self._render()
        return True

    # showing -----------------------------------------------------------------------------------
    def _build_rows(self) -> None:
        """One row per place, built once: a re-drawn button would lose the keyboard's focus."""
        self.texts, self.up_buttons, self.down_buttons = [], [], []
        rows = []
        for n in range(1, len(self.order) + 1):
            text = ipw.HTML(layout=ipw.Layout(flex="1 1 20em"))
            up = ipw.Button(description=f"Move {n} up", layout=_BUTTON)
            down = ipw.Button(description=f"Move {n} down", layout=_BUTTON)
            up.disabled, down.disabled = n == 1, n == len(self.order)
            up.on_click(lambda _, n=n: self.move(self.order[n - 1], -1))
            down.on_click(lambda _, n=n: self.move(self.order[n - 1], 1))
            self.texts.append(text)
            self.up_buttons.append(up)
            self.down_buttons.append(down)
            rows.append(ipw.HBox([text, up, down], layout=ipw.Layout(flex_flow="row wrap")))
        self.rows.children = rows

    def _render(self) -> None:
        if len(self.rows.children) != len(self.order):
            self._build_rows()
        for n, item_id in enumerate(self.order):
            item = self.ranking.item(item_id)
            self.texts[n].value = (
                f"<p><strong>{n + 1}. {html.escape(item.name)}</strong> "
                f"{html.escape(item.statement)}</p>"
            )
            self.up_buttons[n].tooltip = f"Move '{item.name}' up"
            self.down_buttons[n].tooltip = f"Move '{item.name}' down"
        if not self.complete:
            self.summary.value = "<p>Your order is not saved yet.</p>"
            return
        names = "".join(f"<li>{html.escape(i.name)}</li>" for i in top(self.ranking, self.order))
        self.summary.value = (
            f'<div role="status" aria-live="polite"><h4>Your top {self.ranking.feeds_plan}</h4>'
            f"<ol>{names}</ol><p>These go into your development plan in notebook 12.</p></div>"
        )


@friendly
def ranking(ranking_id: str, store: AnswerStore | None = None) -> RankingView:
    """Rank a framework's items, e.g. ``widgets.ranking("trust_priorities")`` (one cell)."""
    return RankingView(load_ranking(ranking_id), store or answers_store())
