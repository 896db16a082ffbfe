"""The self-rating questionnaire: a thin view over :mod:`widgets.logic.questionnaire`.

One labelled set of radio buttons per statement (screen readers announce the choice; toggle
buttons and sliders would not), grouped under area headings. Every rating is saved as it is
given. The summary chart is drawn only once every statement has a rating, so opening even the
longest questionnaire costs little more than the radio buttons themselves.
"""

from __future__ import annotations

import contextlib
import html
from typing import Any

import ipywidgets as ipw
from ipywidgets.widgets.widget_description import DescriptionStyle
from ipywidgets.widgets.widget_string import HTMLStyle

from ..activities import rating_activity
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

        # One layout and one style shared by every control: the longest questionnaire then costs
        # about what its radio buttons alone would (each widget otherwise makes two more).
        layout, text_style = ipw.Layout(), HTMLStyle()
        radio_style = DescriptionStyle(description_width="initial")
        options = [(p.label, p.value) for p in questionnaire.points]
        intro = _intro_html(questionnaire)
        children: list[ipw.Widget] = []
        self.rating_controls: list[ipw.RadioButtons] = []
        for area, items in questionnaire.areas():
            heading = f"{intro}<h4>{html.escape(area_title(area))}</h4>"
            intro = ""
            for item in items:
                text = heading + _statement_html(item)
                children.append(ipw.HTML(text, layout=layout, style=text_style))
                heading = ""
                control = ipw.RadioButtons(
                    options=options,
                    value=self.answers.get(item.id),
                    description=f"Statement {item.number}",
                    tooltip=item.statement,
                    layout=layout,
                    style=radio_style,
                )
                control.observe(self._saver(item), names="value")
                children.append(control)
                self.rating_controls.append(control)

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

    def _saver(self, item: Item):
        def save(change: dict[str, Any]) -> None:
            value = change["new"]
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

        return save

    def show_value(self, answers: dict[str, Any]) -> None:
        """Set each rated statement's radio buttons; each change saves itself."""
        for item, control in zip(self.items, self.rating_controls, strict=True):
            if item.id in answers:
                control.value = answers[item.id]

    def _remember(self) -> None:
        """Note once where these ratings live, so another folder need not ask for them again."""
        if not self._remembered:
            self._remembered = True
            with contextlib.suppress(OSError):  # only saves work later: never blocks a rating
                remember(self.store.folder, self.activity)

    def _refresh(self) -> None:
        answered, total = len(self.answers), len(self.items)
        self.progress.value = (
            f'<p role="status" aria-live="polite"><strong>Progress:</strong> '
            f"{progress_text(answered, total)}</p>"
        )
        self.summary.value = summary_html(self.questionnaire, self.answers) if self.complete else ""


def _intro_html(questionnaire: Questionnaire) -> str:
    scale = "".join(
        f"<li><strong>{p.value} {html.escape(p.label)}</strong>: {html.escape(p.meaning)}</li>"
        for p in questionnaire.points
    )
    return (
        f"{WRAP_CSS}<h3>{html.escape(questionnaire.title)}</h3>"
        f"<p>Choose the answer that fits you best for each statement. "
        f"Your answers are saved as you go.</p><p>The scale:</p><ul>{scale}</ul>"
    )


def _statement_html(item: Item) -> str:
    return (
        f'<p style="margin:0.6em 0 0.2em"><strong>Statement {item.number}.</strong> '
        f"{html.escape(item.statement)}</p>"
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
