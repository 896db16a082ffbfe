"""The relationship map of topic 09: a thin view over :mod:`widgets.logic.relationship_map`.

Everything is done through a form (type, choose, press a button), never by dragging, so it works
with a keyboard and a screen reader (WCAG 2.2, 2.5.7). The pictures are redrawn only when the
entries change, and each comes with alt text and the same facts as a table.
"""

from __future__ import annotations

import html
import json
from collections.abc import Sequence
from typing import Any

import ipywidgets as ipw

from ..activities import map_activity, map_ids_activity
from ..drawing.relationship_map import (
    grid_figure,
    map_figure,
    map_png_bytes,
    side_by_side,
)
from ..logic import relationship_map as logic
from ..logic.statutory import statutory_note
from ..markup import data_uri, img_html, png_bytes
from ..profile import JURISDICTION_LABELS, Profile, load_profile
from ..session import answers_store
from ..store import AnswerStore
from .base import ActivityView
from .ui import (
    VIEW_CLASS,
    WRAP_CSS,
    friendly,
    show,
    table_html,
)

_WIDE = {"description_width": "initial"}
_FIELD = ipw.Layout(width="100%", max_width="42em")
# wide enough for the question and its longest answer: a cut-off option cannot be read
_CHOICE = ipw.Layout(width="100%", max_width="34em")
_NOT_RATED = 0  # the Dropdown's value for "not rated yet" (None would read as "nothing chosen")

INTRO = (
    "<p>List the people you need to work with to get good results for the people you serve. "
    "<strong>Describe each one by their role, not their name</strong> (for example “Head of "
    "Planning”, not a person's name), so nobody is identified in your answers.</p>"
    "<p>For each one, say how important the relationship is to your work and how good it is "
    "now. The map and the grid below then show which relationships to develop first.</p>"
)


entries_csv = logic.entries_csv


def downloads_html(
    entries: logic.Entries, profile: Profile | None = None, png: bytes | None = None
) -> str:
    """Two download links: the pictures as PNG and the table as CSV (with a byte-order mark so
    spreadsheet programs read accented letters correctly)."""
    png = png if png is not None else map_png_bytes(entries, profile)
    picture = data_uri(png)
    table = data_uri(logic.entries_csv(entries).encode("utf-8-sig"), "text/csv;charset=utf-8")
    return (
        "<p>"
        f'<a download="relationship_map.png" href="{picture}">'
        "Download the map and grid as a picture (PNG)</a><br>"
        f'<a download="relationship_map.csv" href="{table}">'
        "Download the table (CSV, opens in a spreadsheet)</a>"
        "</p>"
    )


def _responsive(img: str) -> str:
    return img.replace("<img ", '<img style="max-width:100%;height:auto" ', 1)


# ---------------------------------------------------------------------------------------------
# the widget


def _rating_options(scale_name: str) -> list[tuple[str, int]]:
    return [("Not rated yet", _NOT_RATED)] + [
        (f"{p['value']} – {p['label']}", p["value"]) for p in logic.scale(scale_name)
    ]


class RelationshipMap(ActivityView):
    """Add, change and remove relationships by role; see the map, the grid and the table."""

    def __init__(self, store: AnswerStore, profile: Profile) -> None:
        self.init_activity(map_activity(), store)
        self.profile = profile
        saved = store.activity(self.activity)
        self.entries, mended = logic.load_entries(saved)
        recorded = store.get(map_ids_activity(), "high_water", 0)
        self.high_water = max(
            [recorded if isinstance(recorded, int) else 0, *(logic.id_number(i) for i in saved)]
        )
        self.editing: str | None = None
        self._removed: tuple[str, logic.Entry] | None = None
        self._drawn: str | None = None
        self.draw_count = 0
        self.last_added: list[str] = []

        self.role = ipw.Text(
            description="Their role (not their name)",
            placeholder="e.g. Head of Planning",
            style=_WIDE,
            layout=_FIELD,
        )
        self.category = ipw.Dropdown(
            options=[(c["label"], c["id"]) for c in logic.categories()],
            value=None,
            description="Category",
            style=_WIDE,
        )
        self.category_help = ipw.HTML()
        self.category.observe(lambda _: self._describe_category(), names="value")
        self.importance = ipw.Dropdown(
            options=_rating_options("importance"),
            value=_NOT_RATED,
            description="How important is it to your work?",
            style=_WIDE,
            layout=_CHOICE,
        )
        self.quality = ipw.Dropdown(
            options=_rating_options("quality"),
            value=_NOT_RATED,
            description="How good is it now?",
            style=_WIDE,
            layout=_CHOICE,
        )
        self.action = ipw.Text(
            description="One action to improve it (optional)",
            placeholder="e.g. Ask for a short introductory meeting",
            style=_WIDE,
            layout=_FIELD,
        )
        self.form_heading = ipw.HTML()
        self.add_button = ipw.Button(description="Add to my map", button_style="primary")
        self.add_button.on_click(lambda _: self.submit())
        self.cancel_button = ipw.Button(
            description="Cancel changes", layout=ipw.Layout(display="none")
        )
        self.cancel_button.on_click(lambda _: self.cancel_edit())
        self.undo_button = ipw.Button(description="Put it back", layout=ipw.Layout(display="none"))
        self.undo_button.on_click(lambda _: self.undo_remove())

        jurisdiction = profile.jurisdiction if profile else ""
        self.jurisdiction = jurisdiction if jurisdiction in logic.JURISDICTION_NAMES else ""
        self.council_type = profile.council if profile and self.jurisdiction else ""
        place = JURISDICTION_LABELS.get(self.jurisdiction, "")
        self.suggest_button = ipw.Button(
            description=f"Add the statutory officers for {place}",
            tooltip="Adds the officers your type of council must appoint by law, not rated yet",
            layout=ipw.Layout(width="auto", display="" if place else "none"),
        )
        self.suggest_button.on_click(lambda _: self.add_statutory_officers())
        self.suggest_note = ipw.HTML(
            "<p>A good place to start: the officers your council must appoint by law.</p>"
            if place
            else "<p>Fill in your profile in <em>00 start here</em> to have the statutory "
            "officers of your council suggested.</p>"
        )

        self.list_heading = ipw.HTML()
        self.entry_list = ipw.VBox()
        self.edit_buttons: dict[str, ipw.Button] = {}
        self.remove_buttons: dict[str, ipw.Button] = {}
        self.map_html = ipw.HTML()
        self.table_html = ipw.HTML(layout=ipw.Layout(max_width="36em"))
        self.grid_html = ipw.HTML()
        self.develop_html = ipw.HTML(layout=ipw.Layout(max_width="30em"))
        self.downloads = ipw.HTML()
        wrap = ipw.Layout(flex_flow="row wrap", align_items="flex-start", grid_gap="1em")

        super().__init__(
            [
                ipw.HTML(WRAP_CSS + INTRO),
                self.suggest_note,
                self.suggest_button,
                self.form_heading,
                self.role,
                self.category,
                self.category_help,
                self.importance,
                self.quality,
                self.action,
                ipw.HBox([self.add_button, self.cancel_button]),
                self.message,
                self.undo_button,
                self.list_heading,
                self.entry_list,
                ipw.HTML("<h3>Your map</h3>"),
                ipw.HBox([self.map_html, self.table_html], layout=wrap),
                ipw.HTML("<h3>Which relationships to develop first</h3>"),
                ipw.HBox([self.grid_html, self.develop_html], layout=wrap),
                self.downloads,
            ]
        )
        self.add_class(VIEW_CLASS)
        self._set_form_heading()
        self._describe_category()
        self._refresh()
        if store.problem:
            show(self.message, store.problem, "problem")
        elif mended:
            show(self.message, " ".join(mended), "info")

    # form --------------------------------------------------------------------------------------
    def form_value(self) -> dict[str, Any]:
        """What the form holds, as an entry (not yet checked)."""
        return {
            "role": self.role.value,
            "category": self.category.value,
            "importance": self.importance.value or None,
            "quality": self.quality.value or None,
            "action": self.action.value,
        }

    def _fill_form(self, entry: logic.Entry) -> None:
        self.role.value = entry["role"]
        self.category.value = entry["category"]
        self.importance.value = entry["importance"] or _NOT_RATED
        self.quality.value = entry["quality"] or _NOT_RATED
        self.action.value = entry.get("action") or ""

    def _clear_form(self) -> None:
        self.role.value = ""
        self.importance.value = _NOT_RATED
        self.quality.value = _NOT_RATED
        self.action.value = ""

    def _describe_category(self) -> None:
        descriptions = {c["id"]: c["description"] for c in logic.categories()}
        text = descriptions.get(self.category.value, "")
        self.category_help.value = f"<p><em>{html.escape(text)}</em></p>" if text else ""

    def _set_form_heading(self) -> None:
        if self.editing:
            role = self.entries[self.editing]["role"]
            self.form_heading.value = f"<h3>Change “{html.escape(role)}”</h3>"
            self.add_button.description = "Save changes"
            self.cancel_button.layout.display = ""
        else:
            self.form_heading.value = "<h3>Add a relationship</h3>"
            self.add_button.description = "Add to my map"
            self.cancel_button.layout.display = "none"

    # actions -----------------------------------------------------------------------------------
    def submit(self) -> bool:
        """Add the form's entry, or save the changes to the entry being edited."""
        try:
            if self.editing:
                entry_id = self.editing
                entries = logic.edit_entry(self.entries, entry_id, self.form_value())
            else:
                entries, entry_id = logic.add_entry(
                    self.entries, self.form_value(), self.high_water
                )
        except logic.EntryProblem as err:
            show(self.message, str(err), "problem")
            return False
        role = entries[entry_id]["role"]
        new = [] if self.editing else [entry_id]
        if not self._save(entries, {entry_id: entries[entry_id]}, new):
            return False
        was_editing = self.editing is not None
        self.editing = None
        self._clear_form()
        self._set_form_heading()
        done = f"Saved your changes to “{role}”" if was_editing else f"Added “{role}” to your map"
        if logic.looks_like_name(role):
            show(self.message, f"{done}, but {logic.NAME_WARNING}", "info")
        else:
            show(self.message, done + ".", "ok")
        return True

    def start_edit(self, entry_id: str) -> None:
        """Put an entry into the form so it can be changed."""
        if entry_id not in self.entries:
            show(self.message, "That relationship is no longer on your map.", "problem")
            return
        self.editing = entry_id
        self._fill_form(self.entries[entry_id])
        self._set_form_heading()
        show(
            self.message,
            f"Change “{self.entries[entry_id]['role']}” above, then press Save changes.",
            "info",
        )

    def cancel_edit(self) -> None:
        """Leave the entry as it was saved and empty the form."""
        self.editing = None
        self._clear_form()
        self._set_form_heading()
        show(self.message, "", "info")

    def remove(self, entry_id: str) -> None:
        """Take an entry off the map (and keep it, once, for Put it back)."""
        try:
            entries = logic.remove_entry(self.entries, entry_id)
        except logic.EntryProblem as err:
            show(self.message, str(err), "problem")
            return
        removed = self.entries[entry_id]
        if not self._save(entries, {entry_id: None}):
            return
        if self.editing == entry_id:
            self.editing = None
            self._clear_form()
            self._set_form_heading()
        self._removed = (entry_id, removed)
        self.undo_button.layout.display = ""
        show(
            self.message,
            f"Removed “{removed['role']}” from your map. Press Put it back if that was a mistake.",
            "ok",
        )

    def undo_remove(self) -> None:
        """Put the last removed entry back, under the same id."""
        if self._removed is None:
            return
        entry_id, entry = self._removed
        try:
            clean = logic.validate_entry(entry, self.entries)
        except logic.EntryProblem as err:
            show(self.message, str(err), "problem")
            return
        if self._save({**self.entries, entry_id: clean}, {entry_id: clean}):
            self._removed = None
            self.undo_button.layout.display = "none"
            show(self.message, f"Put “{clean['role']}” back on your map.", "ok")

    def add_statutory_officers(self) -> None:
        """Add the statutory officers of the participant's council that are not there yet."""
        try:
            entries, added = logic.add_suggestions(
                self.entries, self.jurisdiction, self.high_water, self.council_type
            )
        except logic.EntryProblem as err:
            show(self.message, str(err), "problem")
            return
        place = JURISDICTION_LABELS.get(self.jurisdiction, "")
        if not added:
            show(
                self.message,
                f"All the statutory officers for {place} are already on your map.",
                "info",
            )
            return
        if self._save(entries, {i: entries[i] for i in added}, added):
            show(
                self.message,
                f"Added {len(added)} statutory officers for {place}, not rated yet: use each "
                "one's Edit button to say how important and how good the relationship is. "
                + statutory_note(self.jurisdiction, self.council_type),
                "ok",
            )

    def _save(
        self, entries: logic.Entries, changes: dict[str, Any], new: Sequence[str] = ()
    ) -> bool:
        """Write the changes first, then show what the file holds: what is on screen is saved.

        Entries listed in ``new`` get their ids from the store, inside its locked transaction, so
        two tabs adding at once never share an id (``self.last_added`` holds the ids given). The
        map is then re-read, so entries another tab added appear too.
        """
        added = [changes[i] for i in new]
        others = {i: v for i, v in changes.items() if i not in new}
        if others and not self.save(others, what="This change"):
            return False
        if added:
            given = self.attempt(
                lambda: self.write_entries(
                    added, logic.ID_PREFIX, high_water=(map_ids_activity(), "high_water")
                ),
                what="This change",
            )
            if given is None:
                return False
            self.last_added = given
        self.entries, _ = logic.load_entries(self.store.activity(self.activity))
        self.entries = dict(logic.ordered(self.entries))
        recorded = self.store.get(map_ids_activity(), "high_water", 0)
        self.high_water = max(
            [
                self.high_water,
                recorded if isinstance(recorded, int) else 0,
                *(logic.id_number(i) for i in self.entries),
            ]
        )
        self._refresh()
        return True

    # showing -----------------------------------------------------------------------------------
    def _refresh(self) -> None:
        """Rebuild the list, pictures, table and downloads, but only if the entries changed."""
        signature = json.dumps(logic.ordered(self.entries), ensure_ascii=False)
        if signature == self._drawn:
            return
        self._drawn = signature
        self.draw_count += 1
        self._build_list()
        entries = self.entries
        if not entries:  # nothing to draw yet: do not make the participant wait for matplotlib
            self.map_html.value = (
                "<p><em>Your map and grid appear here once you add a relationship.</em></p>"
            )
            self.grid_html.value = ""
            self.downloads.value = ""
            self.table_html.value = ""
            self.develop_html.value = ""
            return
        map_png = png_bytes(map_figure(entries, self.profile))
        grid_png = png_bytes(grid_figure(entries))
        map_img = img_html(map_png, logic.map_alt(entries))
        grid_img = img_html(grid_png, logic.grid_alt(entries))
        self.map_html.value = _responsive(map_img)
        self.grid_html.value = _responsive(grid_img)
        self.table_html.value = table_html(
            "All your relationships", logic.TABLE_HEADER, logic.to_rows(entries)
        )
        develop = f"<p>{html.escape(logic.develop_first_text(entries))}</p>"
        unrated = logic.unrated_roles(entries)
        if unrated:
            develop += f"<p>Not rated yet (not on the grid): {html.escape(', '.join(unrated))}.</p>"
        self.develop_html.value = develop
        png = side_by_side(map_png, grid_png)  # the pictures just drawn, not drawn again
        self.downloads.value = downloads_html(entries, self.profile, png)

    def _build_list(self) -> None:
        labels = logic.category_labels()
        rows = []
        self.edit_buttons, self.remove_buttons = {}, {}
        for entry_id, entry in logic.ordered(self.entries):
            summary = (
                f"<strong>{html.escape(entry['role'])}</strong> — "
                f"{html.escape(labels.get(entry['category'], entry['category']))}; importance "
                f"{html.escape(logic.rating_text('importance', entry['importance']))}; quality "
                f"{html.escape(logic.rating_text('quality', entry['quality']))}"
            )
            if entry.get("action"):
                summary += f"; action: {html.escape(entry['action'])}"
            edit = ipw.Button(description="Edit", tooltip=f"Edit {entry['role']}")
            remove = ipw.Button(description="Remove", tooltip=f"Remove {entry['role']}")
            edit.on_click(lambda _, i=entry_id: self.start_edit(i))
            remove.on_click(lambda _, i=entry_id: self.remove(i))
            self.edit_buttons[entry_id] = edit
            self.remove_buttons[entry_id] = remove
            rows.append(
                ipw.HBox(
                    [ipw.HTML(summary, layout=ipw.Layout(flex="1 1 auto")), edit, remove],
                    layout=ipw.Layout(align_items="center"),
                )
            )
        count = len(rows)
        self.list_heading.value = (
            f"<h3>Your relationships ({count})</h3>"
            if count
            else "<h3>Your relationships</h3><p>None yet: add one above.</p>"
        )
        self.entry_list.children = rows


@friendly
def relationship_map(
    store: AnswerStore | None = None, profile: Profile | None = None
) -> RelationshipMap:
    """Show the relationship map (one call in a notebook cell): ``widgets.relationship_map()``."""
    return RelationshipMap(
        store if store is not None else answers_store(),
        profile if profile is not None else load_profile(),
    )
