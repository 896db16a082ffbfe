"""Form controls in GOV.UK Frontend's patterns, as small anywidget components.

ipywidgets' radios have no shared ``name``, ``fieldset`` or ``legend``: every option is its own
Tab stop and every arrow key press changes (and saves) the value. Each component here is one
ES module with one synced ``value`` (as in anywidget's own examples): views observe ``value``
and save through the answers store, and the logic stays in :mod:`widgets.logic`.

The JavaScript is in the ``.js`` files beside this module (``commit.js`` holds what they share:
when a radio choice counts as made, the fieldset and option markup); the styles are GOV.UK
Frontend's form rules (``govuk-forms.min.css``, built by ``widgets/share/update_govuk_frontend.sh``)
and ``components.css``.
"""

from __future__ import annotations

from collections.abc import Callable
from functools import cache
from pathlib import Path
from typing import Any

import anywidget
import traitlets

HERE = Path(__file__).parent


@cache
def _module(name: str) -> str:
    """One ES module: the shared helpers (without their ``export``) then the component."""
    shared = (HERE / "commit.js").read_text(encoding="utf-8").replace("export ", "")
    return shared + "\n" + (HERE / f"{name}.js").read_text(encoding="utf-8")


@cache
def _styles() -> str:
    return "\n".join(
        (HERE / name).read_text(encoding="utf-8")
        for name in ("govuk-forms.min.css", "components.css")
    )


class _Component(anywidget.AnyWidget):
    disabled = traitlets.Bool(False).tag(sync=True)

    def __init__(self, **kwargs: Any) -> None:
        super().__init__(**kwargs)
        self.add_class("cg-component")


class _Question(_Component):
    """A fieldset question with ``options`` as ``[(label, value), ...]`` (radios, checkboxes);
    an option may carry a third item, its hint (plain text, read out after its label)."""

    _css = traitlets.Unicode(_styles()).tag(sync=True)
    legend = traitlets.Unicode("").tag(sync=True)
    hint = traitlets.Unicode("").tag(sync=True)
    options = traitlets.List().tag(sync=True)
    small = traitlets.Bool(False).tag(sync=True)

    def __init__(self, options: list[tuple[Any, ...]] | None = None, **kwargs: Any) -> None:
        super().__init__(options=[list(option) for option in options or []], **kwargs)


class Radios(_Question):
    """One question, one answer: ``value`` is the chosen option's value (None until chosen)."""

    _esm = traitlets.Unicode(_module("radios")).tag(sync=True)
    inline = traitlets.Bool(False).tag(sync=True)  # short options side by side (they wrap)
    value = traitlets.Any(None, allow_none=True).tag(sync=True)


class Checkboxes(_Question):
    """Select all that apply: ``value`` is the list of ticked values, in the options' order
    (one change per tick, so one save)."""

    _esm = traitlets.Unicode(_module("checkboxes")).tag(sync=True)
    value = traitlets.List().tag(sync=True)


class TextArea(_Component):
    """A labelled text box in the body font with a count under it (GOV.UK's character count):
    ``value`` syncs as the participant types; the view words ``count`` (and sets ``over`` when
    past a limit), so the counting rule stays in Python."""

    _esm = traitlets.Unicode(_module("textarea")).tag(sync=True)
    _css = traitlets.Unicode(_styles()).tag(sync=True)
    label = traitlets.Unicode("").tag(sync=True)
    hint = traitlets.Unicode("").tag(sync=True)
    placeholder = traitlets.Unicode("").tag(sync=True)
    rows = traitlets.Int(5).tag(sync=True)
    count = traitlets.Unicode("").tag(sync=True)
    over = traitlets.Bool(False).tag(sync=True)
    value = traitlets.Unicode("").tag(sync=True)
    # With a draft key, the page keeps what is typed in the tab's sessionStorage until the kernel
    # says it is saved (``saved_value``), and sends it back after a reload (widgets.views.drafts).
    draft_key = traitlets.Unicode("").tag(sync=True)
    saved_value = traitlets.Unicode("").tag(sync=True)

    def on_draft(self, callback: Callable[[str, str], None]) -> None:
        """Call ``callback(text, base)`` when a reloaded page hands back unsaved typing: ``text``
        as typed, over ``base``, the text that was saved when it was typed."""

        def received(_widget: Any, content: Any, _buffers: Any) -> None:
            if not isinstance(content, dict):
                return
            text, base = content.get("draft"), content.get("base", "")
            if isinstance(text, str) and isinstance(base, str):  # from the browser: untrusted
                callback(text, base)

        self.on_msg(received)


class LikertGrid(_Component):
    """Many statements on one scale: ``sections`` as ``[{"title", "items": [{"id", "number",
    "text"}]}]``, ``points`` as ``[{"value", "label"}]``; ``value`` maps item id to a point."""

    _esm = traitlets.Unicode(_module("likert")).tag(sync=True)
    _css = traitlets.Unicode(_styles()).tag(sync=True)
    legend = traitlets.Unicode("").tag(sync=True)
    hint = traitlets.Unicode("").tag(sync=True)
    sections = traitlets.List().tag(sync=True)
    points = traitlets.List().tag(sync=True)
    value = traitlets.Dict().tag(sync=True)
