"""The banner at the top of every notebook: what happened to a damaged answers file, plainly.

When the store had to salvage a damaged answers file (in any notebook, any tab), it leaves a
recovery note beside it. Every notebook's first cell shows this banner: one or two sentences on
what happened and what was kept, a button back to the last good copy, and one to keep things as
they are. With no note the banner shows nothing at all.
"""

from __future__ import annotations

import ipywidgets as ipw

from ..session import answers_store
from ..store import AnswerStore, recovery_sentence
from .ui import VIEW_CLASS, WRAP_CSS, friendly, message_html

RESTORE = "Restore my last good copy"
KEEP = "Keep my answers as they are"


class AnswersBanner(ipw.VBox):
    """Shown only while a salvage has not been dealt with; empty otherwise."""

    def __init__(self, store: AnswerStore) -> None:
        self.store = store
        store.load()  # reading the file is what notices (and salvages) damage in the first place
        self.note = store.recovery_note()
        self.text = ipw.HTML()
        self.restore_button = ipw.Button(
            description=RESTORE, button_style="warning", layout=ipw.Layout(width="auto")
        )
        self.keep_button = ipw.Button(description=KEEP, layout=ipw.Layout(width="auto"))
        self.restore_button.on_click(lambda _: self.restore())
        self.keep_button.on_click(lambda _: self.keep())
        self.buttons = ipw.HBox([self.restore_button, self.keep_button])
        super().__init__([self.text, self.buttons])
        self.add_class(VIEW_CLASS)
        self._show()

    def _show(self) -> None:
        if self.note is None:
            self.layout.display = "none"
            self.text.value = ""
            return
        self.layout.display = ""
        self.text.value = (
            f'{WRAP_CSS}<div role="region" aria-label="About your saved answers" '
            'style="border-left:6px solid #8a1c1c;padding:0.5em 1em;margin:0.5em 0">'
            '<h2 style="margin-top:0">About your saved answers</h2>'
            f"{message_html(recovery_sentence(self.note), 'problem')}</div>"
        )
        self.restore_button.layout.display = "" if self.note.get("restore_point") else "none"

    def restore(self) -> str:
        """Go back to the last good copy; say what happened in one sentence."""
        sentence = self.store.restore()
        self._done(sentence)
        return sentence

    def keep(self) -> None:
        """Keep what was salvaged and hide the banner in every notebook."""
        self.store.dismiss_recovery()
        self._done("Your answers stay as they are; this message will not be shown again.")

    def _done(self, sentence: str) -> None:
        self.note = None
        self.buttons.layout.display = "none"
        self.text.value = message_html(sentence, "ok")


@friendly
def answers_banner(store: AnswerStore | None = None) -> AnswersBanner:
    """The first cell of every notebook: ``widgets.answers_banner()`` (empty if all is well)."""
    return AnswersBanner(store if store is not None else answers_store())
