"""The knowledge check widget: a thin ipywidgets view over :mod:`widgets.logic.knowledge_check`.

Single-choice questions are GOV.UK radios, multiple-choice questions GOV.UK checkboxes (each a
fieldset with "Your answer" as its legend), and matching questions one labelled drop-down per
item. "Check my answer" marks the answer in words (never colour alone) and "Try again" clears it.
The answer is saved on every change and the attempts on every check, so a rebuilt widget shows the
same answer and feedback again.
"""

from __future__ import annotations

import html
from typing import Any

import ipywidgets as ipw

from ..activities import check_activity
from ..components import Checkboxes, Radios
from ..councils import COUNCIL_TYPE_NAMES, types_sentence
from ..logic.knowledge_check import (
    Answer,
    Result,
    incomplete_message,
    load_check,
    mark,
    missing,
    right_choices,
    validate_answer,
)
from ..profile import JURISDICTION_LABELS, Profile
from ..session import reader
from ..store import AnswerStore
from .base import ActivityView
from .ui import VIEW_CLASS, WRAP_CSS, friendly, message_area, show

_WIDE = {"description_width": "initial"}
_HIDDEN = "none"


# ipywidgets keeps labels on one line and cuts them off; options here are sentences, so let them
# wrap: radio groups get their question above the options, tick boxes and match labels wrap.
class KnowledgeCheck(ActivityView):
    """One knowledge check: answer, check, read the feedback, try again."""

    def __init__(self, check_id: str, store: AnswerStore, profile: Profile) -> None:
        self.check = load_check(check_id)  # unknown id: a plain KeyError for ``friendly``
        self.init_activity(check_activity(check_id), store)
        saved = store.activity(self.activity)
        self._loading = True

        notes = []
        if store.problem:
            notes.append(store.problem)
        place = self.check.jurisdiction
        if place in JURISDICTION_LABELS and profile.jurisdiction != place:
            mine = JURISDICTION_LABELS.get(profile.jurisdiction)
            where = f"This question is about councils in {JURISDICTION_LABELS[place]}"
            notes.append(
                f"{where}; your profile says {mine}. It still works if you want to compare."
                if mine
                else f"{where}."
            )
        elif self.check.council_types and profile.council not in ("", *self.check.council_types):
            notes.append(
                f"This question is for {types_sentence(self.check.council_types)}; your profile "
                f"says your council is a {COUNCIL_TYPE_NAMES[profile.council]}, so another "
                "question on statutory officers is the one for you. You can still answer this one "
                "to compare."
            )
        try:
            answer = validate_answer(self.check, saved.get("answer"))
        except ValueError:
            answer = None
            notes.append(
                "Your saved answer no longer fits this question (it has changed since), "
                "so please answer it again."
            )
        attempts = saved.get("attempts")
        self.attempts = attempts if isinstance(attempts, int) and attempts > 0 else 0
        checked = saved.get("checked") is True and answer is not None
        checked = checked and missing(self.check, answer) == 0

        topic = html.escape(self.check.topic.capitalize())
        self.header = ipw.HTML(
            f"{WRAP_CSS}<h3>Knowledge check: {topic}</h3>"
            f"<p><strong>{html.escape(self.check.prompt)}</strong></p>"
        )
        self.note = message_area()
        show(self.note, " ".join(notes), "problem" if store.problem else "info")
        self.controls = self._build_controls()
        self.check_button = ipw.Button(
            description="Check my answer",
            tooltip="Mark your answer and show feedback",
            button_style="primary",
            layout=ipw.Layout(width="auto"),
        )
        self.check_button.on_click(lambda _: self.submit())
        self.retry_button = ipw.Button(
            description="Try again",
            tooltip="Clear your answer and answer the question afresh",
            layout=ipw.Layout(display=_HIDDEN),
        )
        self.retry_button.on_click(lambda _: self.retry())
        self.feedback = ipw.HTML()
        self.attempts_text = ipw.HTML()

        self._set_answer(answer)
        self.checked = False
        if checked:
            self._show_result(mark(self.check, answer))
        self._update_attempts()
        self._loading = False
        super().__init__(
            [
                self.header,
                self.note,
                self.controls,
                ipw.HBox([self.check_button, self.retry_button]),
                self.message,
                self.feedback,
                self.attempts_text,
            ]
        )
        self.add_class(VIEW_CLASS)

    # building ----------------------------------------------------------------------------------
    def _build_controls(self) -> ipw.Widget:
        check = self.check
        self.single_control: Radios | None = None
        self.multiple_control: Checkboxes | None = None
        self.match_controls: dict[str, ipw.Dropdown] = {}
        if check.kind == "single":
            # GOV.UK radios: one fieldset, one Tab stop, a checked answer stays readable.
            self.single_control = Radios(
                options=[(o.label, o.id) for o in check.options], legend="Your answer"
            )
            self.single_control.observe(self._changed, names="value")
            return self.single_control
        if check.kind == "multiple":
            # GOV.UK checkboxes: 40 px boxes, clickable labels, one save per tick.
            self.multiple_control = Checkboxes(
                options=[(o.label, o.id) for o in check.options],
                legend="Your answer",
            )
            self.multiple_control.observe(self._changed, names="value")
            return self.multiple_control
        choices = right_choices(check)
        for option in check.options:
            dropdown = ipw.Dropdown(
                options=choices,
                value=None,
                description=option.label,
                style={"description_width": "35%"},
                layout=ipw.Layout(width="100%", max_width="60em"),
            )
            dropdown.add_class("cg-match")
            dropdown.observe(self._changed, names="value")
            self.match_controls[option.id] = dropdown
        return ipw.VBox(list(self.match_controls.values()))

    @property
    def _all_controls(self) -> list[ipw.Widget]:
        groups = [c for c in (self.single_control, self.multiple_control) if c is not None]
        return groups + list(self.match_controls.values())

    # the answer --------------------------------------------------------------------------------
    def answer(self) -> Answer:
        """The answer the controls hold now, in its saved form (None when nothing is chosen)."""
        if self.single_control is not None:
            return self.single_control.value or None
        if self.multiple_control is not None:
            ticked = set(self.multiple_control.value)
            return [o.id for o in self.check.options if o.id in ticked] or None
        pairs = {left: d.value for left, d in self.match_controls.items() if d.value}
        return pairs or None

    def _set_answer(self, answer: Answer) -> None:
        was_loading, self._loading = self._loading, True
        try:
            if self.single_control is not None:
                self.single_control.value = answer if isinstance(answer, str) else None
            if self.multiple_control is not None:
                chosen = answer if isinstance(answer, list) else []
                self.multiple_control.value = [o.id for o in self.check.options if o.id in chosen]
            pairs: dict[str, Any] = answer if isinstance(answer, dict) else {}
            shown = {oid: label for label, oid in right_choices(self.check)}
            for left, dropdown in self.match_controls.items():
                dropdown.value = self._dropdown_value(pairs.get(left), shown)
        finally:
            self._loading = was_loading

    def _dropdown_value(self, right: str | None, shown: dict[str, str]) -> str | None:
        """The drop-down value for a saved right option id (any row with the same label fits)."""
        if right is None:
            return None
        option = self.check.option(right)
        if option is None or option.match is None:
            return None
        return next((oid for oid, label in shown.items() if label == option.match), None)

    def _changed(self, _change: dict[str, Any]) -> None:
        if self._loading:
            return
        self.save({"answer": self.answer(), "checked": None}, "")

    def show_value(self, answers: dict[str, Any]) -> None:
        """Show a saved ``answer`` in the controls (unchecked) and save it."""
        self._set_answer(answers.get("answer"))
        self.save({"answer": self.answer(), "checked": None}, "")

    # actions -----------------------------------------------------------------------------------
    def submit(self) -> bool:
        """Mark the answer, save it with the attempt count, and show the feedback."""
        if self.checked:
            show(self.message, "Choose 'Try again' to answer this question afresh.", "info")
            return False
        answer = self.answer()
        problem = incomplete_message(self.check, answer)
        if problem:
            show(self.message, problem, "problem")
            return False
        result = mark(self.check, answer)
        if not self.save({"answer": answer, "attempts": self.attempts + 1, "checked": True}):
            return False
        self.attempts += 1
        self._show_result(result)
        self._update_attempts()
        show(self.message, f"your answer is checked and saved (attempt {self.attempts}).", "ok")
        return True

    def retry(self) -> None:
        """Clear the answer (the attempt count is kept) and show the question fresh."""
        if not self.save({"answer": None, "checked": None}):
            return
        self._set_answer(None)
        self.checked = False
        self.feedback.value = ""
        for control in self._all_controls:
            control.disabled = False
        self.check_button.disabled = False
        self.retry_button.layout.display = _HIDDEN
        show(
            self.message,
            f"Your answer was cleared. Have another go: this will be attempt {self.attempts + 1}.",
            "info",
        )

    def _show_result(self, result: Result) -> None:
        self.result = result
        self.checked = True
        items = "".join(f"<li>{html.escape(p.text)}</li>" for p in result.parts)
        self.feedback.value = (
            '<div role="status" aria-live="polite">'
            f"<p><strong>{html.escape(result.summary)}</strong></p><ul>{items}</ul></div>"
        )
        for control in self._all_controls:
            control.disabled = True
        self.check_button.disabled = True
        self.retry_button.layout.display = None

    def _update_attempts(self) -> None:
        n = self.attempts
        self.attempts_text.value = f"<p>Attempts so far: {n}</p>" if n else ""


@friendly
def knowledge_check(
    check_id: str, store: AnswerStore | None = None, profile: Profile | None = None
) -> KnowledgeCheck:
    """Show a knowledge check (one notebook cell), e.g. ``knowledge_check("roles_policy")``.

    ``store`` defaults to the answers file beside the notebook and ``profile`` to the saved profile.
    """
    return KnowledgeCheck(check_id, *reader(store, profile))
