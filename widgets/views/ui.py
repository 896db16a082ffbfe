"""Small view helpers shared by every widget: plain-English messages that never rely on colour."""

from __future__ import annotations

import html

import ipywidgets as ipw

from ..components import TextArea
from ..logic.reflection import remaining_text, word_count, word_count_text
from ..markup import figure_html, table_html  # noqa: F401 - re-exported for the views
from ..palette import PALETTE  # noqa: F401 - re-exported for the views

# GOV.UK Frontend's patterns: a success notification banner for "Saved", the error summary for
# "Please check", inset text for a note. The inline border and colour keep each readable where
# the page has no GOV.UK styles (JupyterLab); a word says what it is, so colour is never the cue.
_KINDS = {
    "ok": (
        "Saved",
        "status",
        "#00703c",
        "govuk-notification-banner govuk-notification-banner--success",
    ),
    "info": ("Note", "status", "#1d70b8", "govuk-inset-text"),
    "problem": ("Please check", "alert", "#d4351c", "govuk-error-summary"),
}


def message_html(text: str, kind: str = "info") -> str:
    """A message with a word that says what it is, so colour is never the only cue."""
    word, role, colour, classes = _KINDS[kind]
    return (
        f'<div class="{classes} cg-message" role="{role}" aria-live="polite" '
        f'style="border:0 solid {colour};border-left-width:5px;padding:10px 15px;margin:10px 0">'
        f'<p class="govuk-body" style="margin:0"><strong>{word}:</strong> {html.escape(text)}</p>'
        "</div>"
    )


def message_area() -> ipw.HTML:
    return ipw.HTML(value="", layout=ipw.Layout(min_height="1.5em"))


def show(area: ipw.HTML, text: str, kind: str = "info") -> None:
    area.value = message_html(text, kind) if text else ""


def show_count(box: TextArea, text: str, limit: int | None = None) -> None:
    """Word the count under a text box: its words, or (with a ``limit`` in characters, counted
    as they are saved, trimmed) how many are left; ``over`` marks a text too long to save."""
    if limit is None:
        box.count, box.over = word_count_text(word_count(text)), False
        return
    used = len(text.strip())
    box.count, box.over = remaining_text(used, limit), used > limit


class Notice(ipw.HTML):
    """What a notebook cell shows instead of a traceback when a widget cannot be built."""

    def __init__(self, text: str, kind: str = "problem") -> None:
        super().__init__(value=message_html(text, kind))
        self.text = text


def friendly(build):
    """Wrap a notebook-facing function so a mistake shows one plain sentence, not a traceback.

    Only the errors our own code raises on purpose (an unknown framework id, a broken table, a bad
    argument) are caught; a genuine bug still surfaces so that tests see it.
    """
    import functools

    from ..errors import NotForYou
    from ..profile import ProfileError
    from ..tables import DataTableError

    @functools.wraps(build)
    def wrapper(*args, **kwargs):
        try:
            return build(*args, **kwargs)
        except NotForYou as err:
            return Notice(str(err), "info")
        except KeyError as err:
            return Notice(str(err.args[0]) if err.args else "Something named here does not exist.")
        except (ValueError, ProfileError, DataTableError) as err:
            return Notice(str(err))

    return wrapper


# The class on every view's outermost box: the rules below touch the course's widgets only.
VIEW_CLASS = "cg-widget"

# Lets long labels of radio groups, tick boxes and dropdowns wrap above their options instead of
# being cut off on one line (ipywidgets labels do not wrap by default). Then what axe-core found
# in Voilà: radio buttons 13 px wide and drop-downs squashed to 17 px high by a wrapping label
# (WCAG 2.2 target size, 2.5.8: at least 24 by 24 CSS px), and links told apart from the text
# around them by colour alone (WCAG 1.4.1: Jupyter's theme does not underline them).
WRAP_CSS = """<style>
.cg-stacked { flex-direction: column !important; align-items: flex-start !important;
  height: auto !important; width: 100% !important; }
.cg-stacked > .widget-label, .cg-stacked > .jupyter-widget-label { white-space: normal !important;
  overflow: visible !important; height: auto !important; width: auto !important;
  max-width: 100%; text-align: left !important; line-height: 1.4 !important;
  font-weight: bold; margin: 0.5em 0 0.2em 0; }
.cg-stacked label, .cg-tick label, .cg-tick .widget-label-basic,
.cg-tick .jupyter-widget-label-basic { height: auto !important; line-height: 1.4 !important;
  white-space: normal !important; }
.cg-tick { height: auto !important; margin: 0.2em 0 !important; }
.cg-widget .widget-radio-box label, .cg-widget .jupyter-widget-radio-box label {
  display: flex !important; align-items: center; height: auto !important; min-height: 28px;
  line-height: 1.4 !important; }
.cg-widget .widget-radio-box input[type="radio"],
.cg-widget .jupyter-widget-radio-box input[type="radio"] { width: 24px; height: 24px;
  margin: 2px 8px 2px 1px; flex: none; order: -1; }
.cg-widget .widget-dropdown > select, .cg-widget .jupyter-widget-dropdown > select {
  min-height: var(--jp-widgets-inline-height, 28px); }
.jp-RenderedMarkdown a:not(.anchor-link), .cg-widget a { text-decoration: underline; }
</style>"""


def style_holder() -> ipw.HTML:
    """The course's style sheet for a view with no HTML of its own (hidden, it still applies)."""
    return ipw.HTML(WRAP_CSS, layout=ipw.Layout(display="none"))
