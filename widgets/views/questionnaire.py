"""The self-rating questionnaire: a thin view over :mod:`widgets.logic.questionnaire`.

One compact grid (:class:`widgets.components.LikertGrid`): statements as rows, each row a radio
group named by its statement, grouped under area headings. A rating is saved once it is made
(not on every arrow key step). The summary chart is drawn only once every statement has a
rating, so opening even the longest questionnaire costs little more than the grid itself.
"""

from __future__ import annotations

import contextlib
import html
from typing import Any

import ipywidgets as ipw

from ..activities import rating_activity
from ..components import LikertGrid
from ..logic.questionnaire import (
    Item,
    Questionnaire,
    area_means,
    area_title,
    load_questionnaire,
    progress_text,
    strengths_and_gaps,
    valid_answers,
    validate_rating,
)
from ..profile import Profile, load_profile
from ..rated_elsewhere import carry_over, remember
from ..session import answers_store, participant_filter
from ..store import AnswerStore
from .base import ActivityView
from .ui import (
    PALETTE,
    VIEW_CLASS,
    WRAP_CSS,
    figure_html,
    friendly,
    show,
    table_html,
)


class QuestionnaireView(ActivityView):
    """Rate each statement; see progress as you go and a summary once every one is rated."""

    def __init__(
        self,
        questionnaire: Questionnaire,
        activity: str,
        store: AnswerStore,
        notes: list[str] | None = None,
    ) -> None:
        self.questionnaire = questionnaire
        self.init_activity(activity, store)
        self.items: tuple[Item, ...] = questionnaire.items
        self._remembered = False
        saved = store.activity(activity)
        self.answers, ignored = valid_answers(questionnaire, saved)
        notes = list(notes or [])
        if ignored:
            numbers = ", ".join(str(i.number) for i in self.items if i.id in ignored)
            notes.append(
                f"A saved answer to statement {numbers} was not on this scale, so it was left "
                "out; please rate it again."
                if len(ignored) == 1
                else f"Saved answers to statements {numbers} were not on this scale, so they "
                "were left out; please rate them again."
            )

        # One grid for the whole questionnaire: statements as rows, the scale as columns, one
        # synced value (item id -> rating). A row is one Tab stop; a rating is saved once.
        self.intro = ipw.HTML(_intro_html(questionnaire))
        self.grid = LikertGrid(
            legend=questionnaire.title,
            hint="Choose one answer for each statement: click it, or use Tab to reach a "
            "statement, then the arrow keys or the numbers 1 to "
            f"{len(questionnaire.points)}.",
            sections=[
                {
                    "title": area_title(area),
                    "items": [{"id": i.id, "number": i.number, "text": i.statement} for i in items],
                }
                for area, items in questionnaire.areas()
            ],
            points=[{"value": p.value, "label": p.label} for p in questionnaire.points],
            value=dict(self.answers),
        )
        self.grid.observe(self._save_changes, names="value")
        self.progress_top = ipw.HTML()
        children: list[ipw.Widget] = [self.intro, self.progress_top, self.grid]
        self.progress = ipw.HTML()
        self.summary = ipw.HTML()
        children += [self.progress, self.message, self.summary]
        super().__init__(children)
        self.add_class(VIEW_CLASS)
        self._refresh()
        problem = getattr(store, "problem", None)
        if problem:
            show(self.message, problem, "problem")
        elif notes:
            show(self.message, " ".join(notes), "info")

    @property
    def complete(self) -> bool:
        return len(self.answers) == len(self.items)

    def rate(self, item_id: str, value: int | None) -> None:
        """Give (or, with None, clear) one statement's rating, as the grid does in the browser."""
        ratings = dict(self.grid.value)
        if value is None:
            ratings.pop(item_id, None)
        else:
            ratings[item_id] = value
        self.grid.value = ratings

    def _save_changes(self, change: dict[str, Any]) -> None:
        """Save each statement whose rating changed (the grid sends them all as one value)."""
        new = change["new"] or {}
        for item in self.items:
            value = new.get(item.id)
            if value == self.answers.get(item.id):
                continue
            try:
                rating = None if value is None else validate_rating(value, self.questionnaire)
            except ValueError as err:
                show(self.message, str(err), "problem")
                return
            what = f"Your rating of statement {item.number}"
            if not self.save({item.id: rating}, f"{what[0].lower()}{what[1:]} is kept.", what=what):
                return
            self._remember()
            if rating is None:
                self.answers.pop(item.id, None)
            else:
                self.answers[item.id] = rating
        self._refresh()

    def show_value(self, answers: dict[str, Any]) -> None:
        """Show the rated statements in the grid; the grid's change saves them."""
        self.grid.value = {**self.grid.value, **answers}

    def _remember(self) -> None:
        """Note once where these ratings live, so another folder need not ask for them again."""
        if not self._remembered:
            self._remembered = True
            with contextlib.suppress(OSError):  # only saves work later: never blocks a rating
                remember(self.store.folder, self.activity)

    def _refresh(self) -> None:
        answered, total = len(self.answers), len(self.items)
        text = html.escape(progress_text(answered, total))
        self.progress_top.value = f'<p class="govuk-body cg-progress">{text}</p>'
        self.progress.value = (
            f'<p class="govuk-body cg-progress" role="status" aria-live="polite">{text}</p>'
        )
        self.summary.value = summary_html(self.questionnaire, self.answers) if self.complete else ""


def _intro_html(questionnaire: Questionnaire) -> str:
    """The scale once, above the grid (the grid's title is the questionnaire's own name)."""
    scale = "".join(
        f"<li><strong>{p.value} {html.escape(p.label)}</strong>: {html.escape(p.meaning)}</li>"
        for p in questionnaire.points
    )
    return (
        f"{WRAP_CSS}<p>Choose the answer that fits you best for each statement. "
        f"Your answers are saved as you go.</p><p>The scale:</p><ul>{scale}</ul>"
    )


def summary_html(questionnaire: Questionnaire, answers: dict[str, Any]) -> str:
    """Strengths, areas to develop, and the chart of area means with its table beside it."""
    strengths, gaps = strengths_and_gaps(questionnaire, answers)
    parts = ["<h3>Your summary</h3>"]
    if strengths:
        parts.append("<h4>Your strengths</h4>" + _rated_list(strengths))
        parts.append("<h4>Areas to develop</h4>" + _rated_list(gaps))
    else:
        parts.append(
            "<p>You gave every statement the same rating, so none stands out as a strength "
            "or as an area to develop.</p>"
        )
    means = area_means(questionnaire, answers)
    rows = [[area_title(a), f"{m:.1f}", n] for a, m, n in means]
    table = table_html(
        "Your mean rating in each area", ["Area", "Mean rating", "Statements rated"], rows
    )
    chart = _area_chart(questionnaire, means)
    parts.append(
        '<div style="display:flex;flex-wrap:wrap;gap:1.5em;align-items:flex-start">'
        f"<div>{chart}</div><div>{table}</div></div>"
    )
    return "".join(parts)


def _rated_list(ratings) -> str:
    entries = "".join(
        f"<li>Statement {r.item.number}: {html.escape(r.item.statement)} "
        f"(<em>{html.escape(r.label)}</em>)</li>"
        for r in ratings
    )
    return f"<ul>{entries}</ul>"


def _area_chart(questionnaire: Questionnaire, means: list[tuple[str, float, int]]) -> str:
    """A horizontal bar per area, each labelled with its value; matplotlib is imported here only."""
    from matplotlib.figure import Figure

    low, high = questionnaire.points[0], questionnaire.points[-1]
    names = [area_title(a) for a, _, _ in means]
    values = [m for _, m, _ in means]
    figure = Figure(figsize=(6, 0.6 * len(means) + 1.2))
    axes = figure.add_subplot()
    bars = axes.barh(
        range(len(means)),
        values,
        color=[PALETTE[i % len(PALETTE)] for i in range(len(means))],
        edgecolor="black",
    )
    axes.bar_label(bars, labels=[f"{v:.1f}" for v in values], padding=4)
    axes.set_yticks(range(len(means)), labels=names)
    axes.invert_yaxis()
    axes.set_xlim(0, high.value + 0.6)
    axes.set_xticks([p.value for p in questionnaire.points])
    axes.set_xlabel(f"Mean rating ({low.value} = {low.label}, {high.value} = {high.label})")
    axes.set_title(f"{questionnaire.title}: mean rating by area")
    for side in ("top", "right"):
        axes.spines[side].set_visible(False)
    listed = "; ".join(f"{n} {v:.1f}" for n, v in zip(names, values, strict=True))
    alt = (
        f"Bar chart of your mean rating in each area of {questionnaire.title}, on a scale from "
        f"{low.value} ({low.label}) to {high.value} ({high.label}): {listed}."
    )
    return figure_html(figure, alt)


@friendly
def questionnaire(
    framework: str,
    timepoint: str = "pre",
    store: AnswerStore | None = None,
    profile: Profile | None = None,
) -> QuestionnaireView:
    """Rate yourself on one framework, e.g. ``widgets.questionnaire("trust")`` (one cell)."""
    activity = rating_activity(framework, timepoint)  # a plain sentence for a bad timepoint
    profile = profile or load_profile()
    role, jurisdiction, notes = participant_filter(profile, "statement")
    content = load_questionnaire(framework, role, jurisdiction)
    store = store or answers_store()
    carried = carry_over(store, activity, {item.id for item in content.items})
    return QuestionnaireView(content, activity, store, notes + ([carried] if carried else []))
