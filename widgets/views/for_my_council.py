"""Content that differs between England and Scotland: the participant's own, the other on demand."""

from __future__ import annotations

import html

import ipywidgets as ipw

from .. import reading, tables
from ..components import Checkboxes
from ..councils import COUNCIL_TYPE_NAMES
from ..logic.statutory import officers, statutory_note
from ..profile import JURISDICTION_LABELS, JURISDICTIONS, Profile, load_profile
from .ui import VIEW_CLASS, WRAP_CSS, friendly


def _rows_html(rows: list[dict]) -> str:
    sources = {r["id"]: r["title"] for r in tables.table("sources")}
    parts = []
    for row in rows:
        cite = f"Source: {sources[row['source']]}, {row['source_section']}."
        parts.append(
            f"<h3>{html.escape(row['heading'])}</h3><p>{html.escape(row['text'])}</p>"
            f'<p class="cg-source"><small>{html.escape(cite)}</small></p>'
        )
    return "".join(parts)


def _own_officers_html(profile: Profile) -> str:
    """The statutory officers of the participant's own council, by its type, with their laws."""
    place = profile.jurisdiction
    if place not in JURISDICTIONS:
        return ""
    council = profile.council
    if place == "england" and council:
        whose = f"Your council, a {COUNCIL_TYPE_NAMES[council]} in England, must appoint"
    elif place == "england":
        whose = "Depending on its type, a council in England must appoint up to"
    else:
        whose = "Your council, like every council in Scotland, must appoint"
    rows = officers(place, council)
    items = "".join(
        f"<li><strong>{html.escape(r['title'])}</strong>"
        + (f": {html.escape(r['statutory_basis'])}" if r["statutory_basis"] else "")
        + "</li>"
        for r in rows
    )
    note = statutory_note(place, council)
    count = _NUMBERS.get(len(rows), str(len(rows)))
    lead = f"<p>{html.escape(whose)} these {count} statutory officers:</p>"
    tail = f"<p>{html.escape(note)}</p>" if note else ""
    return f"<h3>For your council</h3>{lead}<ul>{items}</ul>{tail}"


_NUMBERS = {3: "three", 6: "six"}
SHOW = "show_other"  # the one option's value: ticked means "show the other country too"
# Topics whose text also depends on the type of council, not only on the country.
_BY_COUNCIL = {"statutory_officers": _own_officers_html}


class ForMyCouncil(ipw.VBox):
    def __init__(self, topic: str, profile: Profile) -> None:
        rows = [r for r in tables.table("council_differences") if r["topic"] == topic]
        if not rows:
            raise KeyError(f"There is no content called '{topic}' for England or Scotland.")
        mine = profile.jurisdiction if profile.jurisdiction in JURISDICTIONS else "england"
        other = next(j for j in JURISDICTIONS if j != mine)
        intro = (
            ""
            if profile.jurisdiction
            else "<p><em>You have not set up your profile yet, so this shows England. "
            "Open 00 Start here to choose your council.</em></p>"
        )
        extra = _BY_COUNCIL[topic](profile) if topic in _BY_COUNCIL else ""
        self.own = ipw.HTML(
            WRAP_CSS + intro + _rows_html([r for r in rows if r["jurisdiction"] == mine]) + extra
        )
        self.other = ipw.HTML(_rows_html([r for r in rows if r["jurisdiction"] == other]))
        self.other.layout.display = "none"
        self._reading_key = f"for_my_council.{topic}.show_other"
        # The course's own GOV.UK checkbox (40 px, label clickable), a reading choice with no
        # legend of its own: it is not an answer, so it is kept in the home folder (widgets.reading)
        # and never in the answers file graders and analysts read.
        self.show_other = Checkboxes(
            options=[(f"Also show how this works in {JURISDICTION_LABELS[other]}", SHOW)],
            value=[SHOW] if reading.recall(self._reading_key, False) else [],  # as left
            small=True,
        )
        self.show_other.add_class("cg-reading-choice")
        self.show_other.observe(self._toggle, names="value")
        self._toggle({"new": self.show_other.value}, remember=False)
        super().__init__([self.own, self.show_other, self.other])
        self.add_class(VIEW_CLASS)

    @property
    def showing_other(self) -> bool:
        """Whether the other country's text is shown (the tick is ticked)."""
        return SHOW in self.show_other.value

    def _toggle(self, change: dict, remember: bool = True) -> None:
        shown = SHOW in (change["new"] or [])
        self.other.layout.display = None if shown else "none"
        if remember:  # a reading choice, kept in the home folder and never sent with answers
            reading.remember(self._reading_key, shown)


@friendly
def for_my_council(topic: str, profile: Profile | None = None) -> ForMyCouncil:
    """Show what applies in the participant's own jurisdiction, with the other one a tick away."""
    return ForMyCouncil(topic, profile or load_profile())
