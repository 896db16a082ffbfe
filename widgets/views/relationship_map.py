"""The relationship map of topic 09: a thin view over :mod:`widgets.logic.relationship_map`.

Everything is done through a form (type, choose, press a button), never by dragging, so it works
with a keyboard and a screen reader (WCAG 2.2, 2.5.7). The pictures are redrawn only when the
entries change, and each comes with alt text and the same facts as a table.
"""

from __future__ import annotations

import base64
import html
import io
import json
import math
import re
import textwrap
from collections.abc import Sequence
from typing import Any

import ipywidgets as ipw

from ..activities import map_activity, map_ids_activity
from ..logic import relationship_map as logic
from ..logic.statutory import statutory_note
from ..profile import JURISDICTION_LABELS, Profile, load_profile
from ..session import answers_store
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

_WIDE = {"description_width": "initial"}
_FIELD = ipw.Layout(width="100%", max_width="42em")
# wide enough for the question and its longest answer: a cut-off option cannot be read
_CHOICE = ipw.Layout(width="100%", max_width="34em")
_NOT_RATED = 0  # the Dropdown's value for "not rated yet" (None would read as "nothing chosen")
_QUALITY_MARKERS = {None: "o", 1: "v", 2: "D", 3: "s", 4: "^", 5: "*"}
_LINE_COLOUR = "#444444"

INTRO = (
    "<p>List the people you need to work with to get good results for the people you serve. "
    "<strong>Describe each one by their role, not their name</strong> (for example “Head of "
    "Planning”, not a person's name), so nobody is identified in your answers.</p>"
    "<p>For each one, say how important the relationship is to your work and how good it is "
    "now. The map and the grid below then show which relationships to develop first.</p>"
)


# ---------------------------------------------------------------------------------------------
# drawing (matplotlib imported only here, and never pyplot)


def _colours() -> dict[str, str]:
    return {c["id"]: PALETTE[i % len(PALETTE)] for i, c in enumerate(logic.categories())}


def _text_on(colour: str) -> str:
    """Black or white, whichever reads better on ``colour`` (a #rrggbb string)."""
    red, green, blue = (int(colour[i : i + 2], 16) / 255 for i in (1, 3, 5))
    return "black" if 0.299 * red + 0.587 * green + 0.114 * blue > 0.5 else "white"


def _line_width(importance: int | None) -> float:
    return 1.0 if importance is None else 0.8 + 1.3 * (importance - 1)


def _short(text: str, limit: int) -> str:
    return text if len(text) <= limit else text[: limit - 1].rstrip() + "…"


def _quality_word(quality: int | None) -> str:
    if quality is None:
        return logic.NOT_RATED
    labels = {p["value"]: p["label"] for p in logic.scale("quality")}
    return f"quality: {labels.get(quality, quality)}"


def _you_label(profile: Profile | None) -> str:
    role = getattr(profile, "role", "") if profile else ""
    return f"You\n({role})" if role else "You"


def draw_map(ax: Any, entries: logic.Entries, profile: Profile | None = None) -> None:
    """The participant at the centre and each relationship around them, grouped by category.

    Line width shows importance (dashed: not rated yet); marker shape and a text label show
    quality; colour shows the category and is repeated in the legend and in the table.
    """
    from matplotlib.lines import Line2D

    colours = _colours()
    labels = logic.category_labels()
    positions = logic.map_layout(entries)
    places = logic.map_labels(entries)
    for entry_id, (x, y, _angle) in positions.items():
        entry = entries[entry_id]
        ax.plot(
            [0, x],
            [0, y],
            color=_LINE_COLOUR,
            linewidth=_line_width(entry["importance"]),
            linestyle="--" if entry["importance"] is None else "-",
            solid_capstyle="round",
            zorder=1,
        )
        ax.plot(
            x,
            y,
            marker=_QUALITY_MARKERS.get(entry["quality"], "o"),
            markersize=13 if len(entries) > logic.CROWDED else 16,
            markerfacecolor=colours.get(entry["category"], "#999999"),
            markeredgecolor="black",
            linestyle="",
            zorder=3,
        )
        if entry["quality"] is None:
            face = colours.get(entry["category"], "#999999")
            ax.text(
                x,
                y,
                "?",
                ha="center",
                va="center",
                fontsize=9,
                weight="bold",
                zorder=4,
                color=_text_on(face),
            )
        lx, ly, ha, va, rotation = places[entry_id]
        quality = _quality_word(entry["quality"])
        if rotation or len(positions) > logic.CROWDED:
            text = f"{_short(entry['role'], 28)} ({quality})"
        else:
            if (
                math.hypot(lx, ly) > logic.LABEL_NEAR + 0.01
            ):  # a far label: a faint line leads to it
                ax.plot([x * 1.08, lx * 0.97], [y * 1.08, ly * 0.97], color="#aaaaaa", lw=0.6)
            text = f"{textwrap.fill(_short(entry['role'], 44), 22)}\n({quality})"
        ax.text(
            lx,
            ly,
            text,
            ha=ha,
            va=va,
            rotation=rotation,
            rotation_mode="anchor",
            fontsize=7.5,
            zorder=4,
        )
    ax.plot(0, 0, marker="o", markersize=44, markerfacecolor="white", markeredgecolor="black")
    ax.text(0, 0, _you_label(profile), ha="center", va="center", fontsize=9, weight="bold")
    if not entries:
        ax.text(0, -0.6, "No relationships added yet", ha="center", fontsize=9, style="italic")
    reach = 3.7 if len(entries) > logic.CROWDED else 2.5  # room for labels along the rays
    ax.set_xlim(-reach, reach)
    ax.set_ylim(-reach if reach > 3 else -2.1, reach if reach > 3 else 2.1)
    ax.set_aspect("equal")
    ax.axis("off")
    ax.set_title("Your relationship map", fontsize=12)

    present = {e["category"] for e in entries.values()}
    handles = [
        Line2D(
            [],
            [],
            marker="o",
            linestyle="",
            markersize=9,
            markerfacecolor=colours[c],
            markeredgecolor="black",
            label=labels[c],
        )
        for c in colours
        if c in present
    ]
    for point in logic.scale("quality"):
        handles.append(
            Line2D(
                [],
                [],
                marker=_QUALITY_MARKERS.get(point["value"], "o"),
                linestyle="",
                markersize=9,
                markerfacecolor="#dddddd",
                markeredgecolor="black",
                label=f"Quality {point['value']}: {point['label']}",
            )
        )
    for value in (1, 3, 5):
        handles.append(
            Line2D(
                [],
                [],
                color=_LINE_COLOUR,
                linewidth=_line_width(value),
                label=f"Importance {value}",
            )
        )
    handles.append(
        Line2D([], [], color=_LINE_COLOUR, linewidth=1, linestyle="--", label="Not rated yet")
    )
    ax.legend(
        handles=handles,
        loc="upper center",
        bbox_to_anchor=(0.5, 0.0),
        ncol=3,
        fontsize=7,
        frameon=False,
    )


def draw_grid(ax: Any, entries: logic.Entries) -> None:
    """Importance (up) against quality now (across), with the four parts of the grid named."""
    from matplotlib.patches import Rectangle

    colours = _colours()
    low, high = 0.4, 5.6
    top = 6.0
    split_x = logic.DEVELOP_QUALITY + 0.5
    split_y = logic.DEVELOP_IMPORTANCE - 0.5
    ax.add_patch(
        Rectangle(
            (low, split_y),
            split_x - low,
            top - split_y,
            facecolor="#D55E00",
            alpha=0.10,
            hatch="//",
            edgecolor="#D55E00",
            linewidth=0,
            zorder=0,
        )
    )
    ax.axvline(split_x, color="#777777", linestyle="--", linewidth=1)
    ax.axhline(split_y, color="#777777", linestyle="--", linewidth=1)
    corner = {"fontsize": 9, "style": "italic", "weight": "bold", "color": "#333333"}
    ax.text(low + 0.08, top - 0.08, logic.QUADRANTS["develop"], ha="left", va="top", **corner)
    ax.text(high - 0.08, top - 0.08, logic.QUADRANTS["keep"], ha="right", va="top", **corner)
    ax.text(low + 0.08, 0.38, logic.QUADRANTS["improve"], ha="left", va="bottom", **corner)
    ax.text(high - 0.08, 0.38, logic.QUADRANTS["touch"], ha="right", va="bottom", **corner)

    for entry_id, (x, y) in logic.grid_layout(entries).items():
        entry = entries[entry_id]
        ax.plot(
            x,
            y,
            marker="o",
            markersize=9,
            markerfacecolor=colours.get(entry["category"], "#999999"),
            markeredgecolor="black",
            linestyle="",
            zorder=3,
        )
        ax.annotate(
            _short(entry["role"], 24),
            (x, y),
            xytext=(7, 0),
            va="center",
            textcoords="offset points",
            fontsize=7,
            zorder=4,
        )
    if not logic.grid_layout(entries):
        ax.text(
            3,
            3,
            "No rated relationships yet",
            ha="center",
            fontsize=9,
            style="italic",
            bbox={"facecolor": "white", "edgecolor": "none"},
        )
    quality = logic.scale("quality")
    importance = logic.scale("importance")
    ax.set_xticks([p["value"] for p in quality])
    ax.set_xticklabels([f"{p['value']}\n{p['label']}" for p in quality], fontsize=7)
    ax.set_yticks([p["value"] for p in importance])
    ax.set_yticklabels([f"{p['label']} {p['value']}" for p in importance], fontsize=7)
    ax.set_xlim(low, high)
    ax.set_ylim(0.25, top)
    ax.set_xlabel("How good the relationship is now (quality)", fontsize=9)
    ax.set_ylabel("How important it is (importance)", fontsize=9)
    ax.set_title("Importance against quality", fontsize=12)


def _new_figure(width: float, height: float) -> Any:
    from matplotlib.figure import Figure

    return Figure(figsize=(width, height))


def map_figure(entries: logic.Entries, profile: Profile | None = None) -> Any:
    """The map alone (a crowded map gets a bigger canvas so its labels fit)."""
    crowded = len(entries) > logic.CROWDED
    figure = _new_figure(*((9.5, 11.0) if crowded else (7.2, 7.6)))
    draw_map(figure.add_subplot(1, 1, 1), entries, profile)
    return figure


def grid_figure(entries: logic.Entries) -> Any:
    """The importance-against-quality grid alone."""
    figure = _new_figure(8.2, 5.8)
    draw_grid(figure.add_subplot(1, 1, 1), entries)
    return figure


def _png(figure: Any) -> bytes:
    buffer = io.BytesIO()
    figure.savefig(buffer, format="png", dpi=96, bbox_inches="tight")
    return buffer.getvalue()


def side_by_side(left: bytes, right: bytes) -> bytes:
    """Two PNG pictures joined into one, tops aligned (cheaper than drawing both again)."""
    from matplotlib.figure import Figure
    from matplotlib.image import imread

    a, b = imread(io.BytesIO(left)), imread(io.BytesIO(right))
    height, width = max(a.shape[0], b.shape[0]), a.shape[1] + b.shape[1]
    figure = Figure(figsize=(width / 100, height / 100), dpi=100)
    figure.figimage(a, xo=0, yo=height - a.shape[0])
    figure.figimage(b, xo=a.shape[1], yo=height - b.shape[0])
    buffer = io.BytesIO()
    figure.savefig(buffer, format="png", dpi=100)
    return buffer.getvalue()


def map_png_bytes(entries: logic.Entries, profile: Profile | None = None) -> bytes:
    """The map and the grid side by side in one PNG picture, to keep or share."""
    return side_by_side(_png(map_figure(entries, profile)), _png(grid_figure(entries)))


entries_csv = logic.entries_csv


def downloads_html(
    entries: logic.Entries, profile: Profile | None = None, png: bytes | None = None
) -> str:
    """Two download links: the pictures as PNG and the table as CSV (with a byte-order mark so
    spreadsheet programs read accented letters correctly)."""
    png = png if png is not None else map_png_bytes(entries, profile)
    picture = base64.b64encode(png).decode("ascii")
    data = base64.b64encode(logic.entries_csv(entries).encode("utf-8-sig")).decode("ascii")
    return (
        "<p>"
        f'<a download="relationship_map.png" href="data:image/png;base64,{picture}">'
        "Download the map and grid as a picture (PNG)</a><br>"
        f'<a download="relationship_map.csv" href="data:text/csv;charset=utf-8;base64,{data}">'
        "Download the table (CSV, opens in a spreadsheet)</a>"
        "</p>"
    )


def _img_bytes(img: str) -> bytes | None:
    """The PNG inside an ``<img>`` from ``figure_html``, so it need not be drawn twice."""
    match = re.search(r'src="data:image/png;base64,([A-Za-z0-9+/=]+)"', img)
    return base64.b64decode(match.group(1)) if match else None


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
        map_img = figure_html(map_figure(entries, self.profile), logic.map_alt(entries))
        grid_img = figure_html(grid_figure(entries), logic.grid_alt(entries))
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
        left, right = _img_bytes(map_img), _img_bytes(grid_img)
        png = side_by_side(left, right) if left and right else None
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
