"""The relationship map's pictures: the map of people around "you" and the importance/quality grid.

Drawing lives here, apart from the widget (``widgets.views.relationship_map``), so the view stays a
thin layer over the logic and the pictures can be made without a notebook. matplotlib is imported
only inside these functions, and never pyplot.
"""

from __future__ import annotations

import io
import math
import textwrap
from typing import Any

from ..logic import relationship_map as logic
from ..markup import png_bytes
from ..palette import PALETTE
from ..profile import Profile

_QUALITY_MARKERS = {None: "o", 1: "v", 2: "D", 3: "s", 4: "^", 5: "*"}
_LINE_COLOUR = "#444444"


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
    least_important, most_weak = logic.develop_first_thresholds()
    split_x = most_weak + 0.5
    split_y = least_important - 0.5
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
    return png_bytes(figure)


def side_by_side(left: bytes, right: bytes) -> bytes:
    """Two PNG pictures joined into one, tops aligned (cheaper than drawing both again)."""
    from matplotlib.figure import Figure
    from matplotlib.image import imread

    a, b = imread(io.BytesIO(left)), imread(io.BytesIO(right))
    height, width = max(a.shape[0], b.shape[0]), a.shape[1] + b.shape[1]
    figure = Figure(figsize=(width / 100, height / 100), dpi=100)
    figure.figimage(a, xo=0, yo=height - a.shape[0])
    figure.figimage(b, xo=a.shape[1], yo=height - b.shape[0])
    return png_bytes(figure, dpi=100, tight=False)


def map_png_bytes(entries: logic.Entries, profile: Profile | None = None) -> bytes:
    """The map and the grid side by side in one PNG picture, to keep or share."""
    return side_by_side(_png(map_figure(entries, profile)), _png(grid_figure(entries)))
