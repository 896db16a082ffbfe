"""Small view helpers shared by every widget: plain-English messages that never rely on colour."""

from __future__ import annotations

import html

import ipywidgets as ipw

_KINDS = {
    "ok": ("Saved", "status", "#1b5e20"),
    "info": ("Note", "status", "#0d47a1"),
    "problem": ("Please check", "alert", "#8a1c1c"),
}


def message_html(text: str, kind: str = "info") -> str:
    """A message with a word that says what it is, so colour is never the only cue."""
    word, role, colour = _KINDS[kind]
    return (
        f'<div role="{role}" aria-live="polite" style="color:{colour};margin:4px 0">'
        f"<strong>{word}:</strong> {html.escape(text)}</div>"
    )


def message_area() -> ipw.HTML:
    return ipw.HTML(value="", layout=ipw.Layout(min_height="1.5em"))


def show(area: ipw.HTML, text: str, kind: str = "info") -> None:
    area.value = message_html(text, kind) if text else ""


class Notice(ipw.HTML):
    """What a notebook cell shows instead of a traceback when a widget cannot be built."""

    def __init__(self, text: str) -> None:
        super().__init__(value=message_html(text, "problem"))
        self.text = text


def friendly(build):
    """Wrap a notebook-facing function so a mistake shows one plain sentence, not a traceback.

    Only the errors our own code raises on purpose (an unknown framework id, a broken table, a bad
    argument) are caught; a genuine bug still surfaces so that tests see it.
    """
    import functools

    from ..profile import ProfileError
    from ..tables import DataTableError

    @functools.wraps(build)
    def wrapper(*args, **kwargs):
        try:
            return build(*args, **kwargs)
        except KeyError as err:
            return Notice(str(err.args[0]) if err.args else "Something named here does not exist.")
        except (ValueError, ProfileError, DataTableError) as err:
            return Notice(str(err))

    return wrapper
