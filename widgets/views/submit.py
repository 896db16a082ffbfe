"""The Submit button at the end of every assignment: a thin view over :mod:`widgets.logic.submit`.

Voilà has no Assignments tab, so the last cell of each assignment is ``widgets.submit_button()``.
Pressing it saves any reflection still waiting to be written, submits the folder the notebook is
in through nbgrader's exchange, and says in one sentence what was submitted and when, or why
nothing was. Participants never see a traceback.
"""

from __future__ import annotations

import html
import os
import sys
from collections.abc import Callable
from pathlib import Path

import ipywidgets as ipw

from ..logic.submit import Submission, SubmitError, submit_assignment, submitted_message
from .ui import friendly, message_area

_STYLE = {
    "done": ("Done", "status", "#1b5e20"),
    "wait": ("Please wait", "status", "#0d47a1"),
    "problem": ("Please check", "alert", "#8a1c1c"),
}


def _message(text: str, kind: str) -> str:
    word, role, colour = _STYLE[kind]
    return (
        f'<div role="{role}" aria-live="polite" style="color:{colour};margin:4px 0">'
        f"<strong>{word}:</strong> {html.escape(text)}</div>"
    )


def save_pending_answers() -> None:
    """Write any typed text (reflections, sorter reasons) still waiting for the typing pause."""
    autosave = sys.modules.get("widgets.views.autosave")
    if autosave is not None:
        autosave.flush_all()


class SubmitButton(ipw.VBox):
    """One button that submits this assignment, and a line that says what happened."""

    def __init__(
        self,
        folder: str | os.PathLike[str] | None = None,
        submitter: Callable[..., Submission] = submit_assignment,
    ) -> None:
        self.folder = Path(folder) if folder is not None else Path.cwd()
        self.submitter = submitter
        self.last: Submission | None = None
        self.button = ipw.Button(
            description="Submit this assignment",
            tooltip=f"Send '{self.folder.name}' and your saved answers to your facilitator",
            button_style="primary",
            icon="paper-plane",
            layout=ipw.Layout(width="auto"),
        )
        self.button.on_click(lambda _: self.submit())
        self.message = message_area()
        intro = ipw.HTML(
            "<p>Your answers are saved as you go. Submitting sends this notebook and your saved "
            "answers to your facilitator; you can submit again later, and the last submission "
            "is the one that counts.</p>"
        )
        super().__init__([intro, self.button, self.message])

    @property
    def text(self) -> str:
        """The message shown now, as plain text (for tests and screen readers alike)."""
        return html.unescape(self.message.value.split("</strong> ", 1)[-1].split("</div>")[0])

    def submit(self) -> Submission | None:
        self.button.disabled = True
        self.message.value = _message(
            "Submitting your assignment; this can take a few seconds.", "wait"
        )
        try:
            save_pending_answers()
            submission = self.submitter(self.folder)
        except SubmitError as err:
            self.message.value = _message(str(err), "problem")
            return None
        except Exception as err:  # never a traceback for a participant
            self.message.value = _message(
                f"Your assignment could not be submitted ({err}); your answers are safe in this "
                "folder, but please tell your facilitator.",
                "problem",
            )
            return None
        finally:
            self.button.disabled = False
        self.last = submission
        kind = "done" if submission.answers else "problem"
        self.message.value = _message(submitted_message(submission), kind)
        return submission


@friendly
def submit_button(folder: str | os.PathLike[str] | None = None) -> SubmitButton:
    """The Submit button for the assignment this notebook belongs to (its last cell)."""
    return SubmitButton(folder)
