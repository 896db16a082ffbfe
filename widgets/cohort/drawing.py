"""Drawing the cohort charts from protected :class:`~widgets.cohort.numbers.Numbers`, nothing else.

The charts tell the truth about what is hidden: a hidden statement gets no bar (its row says
"hidden"), never a band on either side of a diverging bar; percentage axes run 0–100 % (the
diverging axis is labelled by size on both sides, never with negative percentages); heatmap and
dot-plot scales span the rating scale, not the data. Text is at least 10 pt when the image is
shown at its own size (images are drawn at 96 dots per inch and the report shows them 1:1).
Figures are ``matplotlib.figure.Figure`` objects (never pyplot): nothing leaks between charts and
no display is needed. Colour is never the only cue: bars carry numbers, markers differ in shape.
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

from .. import markup
from ..palette import PALETTE
from .disclosure import HIDDEN
from .numbers import ALL_COHORTS, OTHER_PATHS, OUTCOMES, Numbers, short

if TYPE_CHECKING:
    from matplotlib.figure import Figure

DPI = 96
FONT = 10  # points, the smallest text on any chart
MARKERS = ("o", "s", "D", "^", "v", "P", "X", "*")
NEUTRAL = "#DDDDDD"


def png(figure: Figure) -> bytes:
    return markup.png_bytes(figure, DPI, tight=False)  # the package's one figure encoder


def data_uri(figure: Figure) -> str:
    return markup.data_uri(png(figure))


def _figure(rows: int, width: float = 9.0, per_row: float = 0.33, left: float = 3.4) -> Any:
    from matplotlib.figure import Figure

    height = max(2.4, per_row * rows + 1.9)
    figure = Figure(figsize=(width, height))
    figure.subplots_adjust(
        left=left / width, right=0.97, top=1 - 0.55 / height, bottom=1.25 / height
    )
    return figure, figure.add_subplot()


def draw(numbers: Numbers) -> Figure:
    """The figure for any kind of numbers."""
    drawer = DRAWERS.get(numbers.kind)
    if drawer is None or not len(numbers.cells):
        return _empty(numbers.title, "Nothing to show for this chart.")
    return drawer(numbers)


def _empty(title: str, message: str) -> Figure:
    figure, axes = _figure(1)
    axes.set_axis_off()
    axes.text(0.5, 0.5, message, ha="center", va="center", fontsize=FONT + 1)
    axes.set_title(title, fontsize=FONT + 1)
    return figure


def _title(axes: Any, numbers: Numbers) -> None:
    """The title from the figure's left edge, so a long one is never cut off on the right."""
    axes.figure.suptitle(short(numbers.title, 100), x=0.01, ha="left", fontsize=FONT + 1)


def _legend(axes: Any, columns: int) -> None:
    """The legend under the chart, centred on the figure (never past its edges)."""
    handles, labels = axes.get_legend_handles_labels()
    if handles:
        axes.figure.legend(
            handles, labels, loc="lower center", ncol=columns, fontsize=FONT, frameon=False
        )


def _value(value: Any) -> float | None:
    """A published number as a float, or None when it is hidden."""
    import pandas as pd

    return None if value is None or pd.isna(value) else float(value)


def _hidden_row(axes: Any, x: float, y: float) -> None:
    axes.text(x, y, HIDDEN, ha="center", va="center", fontsize=FONT, style="italic")


# diverging bars ------------------------------------------------------------------------------
def _diverging_colours(count: int) -> list[str]:
    if count == 5:
        return ["#D55E00", "#E69F00", NEUTRAL, "#56B4E9", "#0072B2"]
    if count == 3:
        return ["#D55E00", NEUTRAL, "#0072B2"]
    if count == 4:
        return ["#D55E00", "#E69F00", "#56B4E9", "#0072B2"]
    return [PALETTE[i % len(PALETTE)] for i in range(count)]


def _distribution(numbers: Numbers) -> Figure:
    import numpy as np

    cells = numbers.cells
    items = list(dict.fromkeys(cells["item"]))
    pts = numbers.points
    values = [v for v, _ in pts]
    middle = (values[0] + values[-1]) / 2
    grid = np.zeros((len(items), len(values)))
    hidden = []
    for r, item in enumerate(items):
        part = cells[cells["item"] == item]
        if part["percent"].isna().any():
            hidden.append(r)
            continue
        grid[r] = part["percent"].astype(float).to_numpy()
    low = grid[:, [i for i, v in enumerate(values) if v < middle]].sum(axis=1)
    mid = grid[:, [i for i, v in enumerate(values) if v == middle]].sum(axis=1)
    left = -(low + mid / 2)
    figure, axes = _figure(len(items))
    colours = _diverging_colours(len(values))
    ys = np.arange(len(items))
    for index, (value, label) in enumerate(pts):
        width = grid[:, index]
        drawn = width > 0  # no empty rectangles: fewer artists to lay out and render
        axes.barh(
            ys[drawn],
            width[drawn],
            left=left[drawn],
            color=colours[index],
            edgecolor="#333333",
            linewidth=0.5,
            label=f"{value} {label}",
            hatch="//" if value < middle else None,
        )
        for y in ys:
            if width[y] >= 15:
                axes.text(
                    left[y] + width[y] / 2,
                    y,
                    f"{width[y]:.0f}",
                    ha="center",
                    va="center",
                    fontsize=FONT,
                    color="white" if index in (0, len(values) - 1) else "black",
                )
        left = left + width
    for r in hidden:
        _hidden_row(axes, 0, r)
    axes.axvline(0, color="black", linewidth=1)
    axes.set_xlim(-100, 100)
    ticks = [-100, -50, 0, 50, 100]
    axes.set_xticks(ticks, [f"{abs(t)}%" for t in ticks], fontsize=FONT)
    info_labels = [short(i, 34) for i in items]
    axes.set_yticks(ys, info_labels, fontsize=FONT)
    axes.invert_yaxis()
    axes.set_xlabel("% of the people who rated it: lower ratings left, higher right", fontsize=FONT)
    _legend(axes, 3)
    _title(axes, numbers)
    return figure


# dot plots -----------------------------------------------------------------------------------
def _area_means(numbers: Numbers) -> Figure:
    import numpy as np

    cells = numbers.cells
    areas = list(dict.fromkeys(zip(cells["framework"], cells["area"], strict=True)))
    groups = list(dict.fromkeys(cells["cohort"]))
    figure, axes = _figure(len(areas))
    offset = 0.7 / max(1, len(groups))
    row = {a: i for i, a in enumerate(areas)}
    for g, group in enumerate(groups):
        part = cells[(cells["cohort"] == group) & cells["mean"].notna()]
        if not len(part):
            continue
        ys = np.array([row[a] for a in zip(part["framework"], part["area"], strict=True)])
        ys = ys + (g - (len(groups) - 1) / 2) * offset
        xs = part["mean"].astype(float).to_numpy()
        has = part["low"].notna().to_numpy()
        lows = np.where(has, xs - part["low"].astype(float).fillna(0).to_numpy(), 0)
        highs = np.where(has, part["high"].astype(float).fillna(0).to_numpy() - xs, 0)
        axes.errorbar(
            xs,
            ys,
            xerr=[lows, highs],
            fmt=MARKERS[g % len(MARKERS)],
            linestyle="none",
            color=PALETTE[g % len(PALETTE)],
            label=short(group, 30),
            capsize=2,
        )
    for (fw, area), r in row.items():
        part = cells[(cells["framework"] == fw) & (cells["area"] == area)]
        if part["mean"].isna().all():
            _hidden_row(axes, sum(numbers.scale) / 2, r)
    axes.set_xlim(numbers.scale[0] - 0.2, numbers.scale[1] + 0.2)
    axes.set_yticks(range(len(areas)), [short(a, 34) for _, a in areas], fontsize=FONT)
    axes.tick_params(axis="x", labelsize=FONT)
    axes.invert_yaxis()
    axes.set_xlabel("mean rating (1 to 5; each person's mean over the area)", fontsize=FONT)
    _legend(axes, min(4, len(groups)))
    _title(axes, numbers)
    return figure


def _heatmap(numbers: Numbers) -> Figure:
    import numpy as np
    from matplotlib import colormaps

    cells = numbers.cells
    labels = list(dict.fromkeys(cells["area"] + " (" + cells["framework"] + ")"))
    groups = list(dict.fromkeys(cells["cohort"]))
    grid = np.full((len(labels), len(groups)), np.nan)
    for label, group, mean in zip(
        cells["area"] + " (" + cells["framework"] + ")", cells["cohort"], cells["mean"], strict=True
    ):
        if _value(mean) is not None:
            grid[labels.index(label), groups.index(group)] = float(mean)
    figure, axes = _figure(len(labels), width=max(9.0, 6 + 1.4 * len(groups)), left=4.2)
    cmap = colormaps["cividis"].with_extremes(bad=NEUTRAL)
    low, high = numbers.scale
    image = axes.imshow(np.ma.masked_invalid(grid), cmap=cmap, vmin=low, vmax=high, aspect="auto")
    for r in range(len(labels)):
        for c in range(len(groups)):
            value = grid[r, c]
            if np.isnan(value):
                axes.text(c, r, "hidden", ha="center", va="center", fontsize=FONT, style="italic")
            else:
                shade = "black" if image.norm(value) > 0.55 else "white"
                axes.text(
                    c, r, f"{value:.1f}", ha="center", va="center", fontsize=FONT, color=shade
                )
    axes.set_xticks(range(len(groups)), [short(g, 20) for g in groups], fontsize=FONT)
    axes.set_yticks(range(len(labels)), [short(a, 44) for a in labels], fontsize=FONT)
    figure.subplots_adjust(right=0.88)
    bar = figure.colorbar(
        image, ax=axes, label="mean rating (scale 1 to 5)", fraction=0.06, pad=0.02
    )
    bar.ax.tick_params(labelsize=FONT)
    _title(axes, numbers)
    return figure


def _change(numbers: Numbers) -> Figure:
    import numpy as np

    cells = numbers.cells
    by = "item" if "item" in cells else "area"
    figure, axes = _figure(len(cells))
    shown = cells["change"].notna().to_numpy()
    ys = np.arange(len(cells))
    change = cells["change"].astype(float).to_numpy()
    has = cells["low"].notna().to_numpy()
    lows = np.where(has, change - cells["low"].astype(float).fillna(0).to_numpy(), 0)
    highs = np.where(has, cells["high"].astype(float).fillna(0).to_numpy() - change, 0)
    for up, marker, colour, label in (
        (True, "^", PALETTE[0], "rise"),
        (False, "v", PALETTE[5], "fall"),
    ):
        mask = shown & ((change >= 0) == up)
        if mask.any():
            axes.errorbar(
                change[mask],
                ys[mask],
                xerr=[lows[mask], highs[mask]],
                fmt=marker,
                linestyle="none",
                color=colour,
                capsize=2,
                label=label,
            )
    for y in ys[~shown]:
        _hidden_row(axes, 0, y)
    reach = max(
        1.0, float(np.nanmax(np.abs(np.r_[change[shown], 0] if shown.any() else [1]))) + 0.6
    )
    axes.set_xlim(-reach, reach)
    axes.axvline(0, color="black", linewidth=1)
    axes.set_yticks(ys, [short(v, 34) for v in cells[by]], fontsize=FONT)
    axes.tick_params(axis="x", labelsize=FONT)
    axes.invert_yaxis()
    axes.set_xlabel("mean change in rating (later minus earlier); ▲ rise, ▼ fall", fontsize=FONT)
    _title(axes, numbers)
    return figure


def _roles(numbers: Numbers) -> Figure:
    cells = numbers.cells
    items = list(dict.fromkeys(cells["item"]))
    figure, axes = _figure(len(items))
    for y, item in enumerate(items):
        part = cells[cells["item"] == item].set_index("role")["mean"]
        c, o = _value(part.get("councillor")), _value(part.get("officer"))
        if c is None or o is None:
            _hidden_row(axes, sum(numbers.scale) / 2, y)
            continue
        axes.plot([c, o], [y, y], color="#999999", linewidth=1)
        axes.plot([c], [y], "o", color=PALETTE[0], label="councillors" if y == 0 else None)
        axes.plot([o], [y], "s", color=PALETTE[1], label="officers" if y == 0 else None)
    axes.set_xlim(numbers.scale[0] - 0.2, numbers.scale[1] + 0.2)
    axes.set_yticks(range(len(items)), items, fontsize=FONT)
    axes.tick_params(axis="x", labelsize=FONT)
    axes.invert_yaxis()
    axes.set_xlabel("mean agreement (1 strongly disagree to 5 strongly agree)", fontsize=FONT)
    _legend(axes, 2)
    _title(axes, numbers)
    return figure


# bars ----------------------------------------------------------------------------------------
def _bars(numbers: Numbers, labels: list[str], shares: list[Any], xlabel: str) -> Figure:
    figure, axes = _figure(len(labels))
    for y, share in enumerate(shares):
        if share is None:
            _hidden_row(axes, 50, y)
            continue
        axes.barh(y, share, color=PALETTE[0], edgecolor="#333333")
        axes.text(share + 1, y, f"{share:.0f}%", va="center", fontsize=FONT)
    axes.set_xlim(0, 100)
    axes.set_xticks([0, 25, 50, 75, 100], ["0%", "25%", "50%", "75%", "100%"], fontsize=FONT)
    axes.set_yticks(range(len(labels)), [short(label, 36) for label in labels], fontsize=FONT)
    axes.invert_yaxis()
    axes.set_xlabel(xlabel, fontsize=FONT)
    _title(axes, numbers)
    return figure


def _patterns(numbers: Numbers) -> Figure:
    cells = numbers.cells
    return _bars(
        numbers,
        list(cells["category"]),
        [_value(v) for v in cells["percent"]],
        "% of the people mapping this kind of relationship who rated one important but weak",
    )


def _paths(numbers: Numbers) -> Figure:
    cells = numbers.cells
    labels = [
        f"Ch. {c}: " + ("other paths" if p == OTHER_PATHS else short(p, 40))
        for c, p in zip(cells["challenge"], cells["path"], strict=True)
    ]
    return _bars(
        numbers, labels, [_value(v) for v in cells["percent"]], "% of the people who played it"
    )


def _checks(numbers: Numbers) -> Figure:
    import numpy as np

    cells = numbers.cells
    checks = list(dict.fromkeys(cells["check"]))
    figure, axes = _figure(len(checks))
    styles = {
        "right": (PALETTE[0], None),
        "partly right": (PALETTE[4], ".."),
        "wrong": (PALETTE[5], "xx"),
    }
    left = np.zeros(len(checks))
    for outcome in OUTCOMES:
        part = cells[cells["outcome"] == outcome].set_index("check").loc[checks]
        width = part["percent"].astype(float).fillna(0).to_numpy()
        colour, hatch = styles[outcome]
        axes.barh(
            range(len(checks)),
            width,
            left=left,
            color=colour,
            hatch=hatch,
            edgecolor="#333333",
            linewidth=0.5,
            label=outcome,
        )
        for y in range(len(checks)):
            if width[y] >= 12:
                axes.text(
                    left[y] + width[y] / 2,
                    y,
                    f"{width[y]:.0f}",
                    ha="center",
                    va="center",
                    fontsize=FONT,
                    color="black" if outcome == "partly right" else "white",
                )
        left = left + width
    questions = cells.drop_duplicates("check").set_index("check").loc[checks]
    for y, hidden in enumerate(questions["percent"].isna()):
        if hidden:
            _hidden_row(axes, 50, y)
    axes.set_xlim(0, 100)
    axes.set_xticks([0, 25, 50, 75, 100], ["0%", "25%", "50%", "75%", "100%"], fontsize=FONT)
    axes.set_yticks(
        range(len(checks)), [short(q, 36) for q in questions["question"]], fontsize=FONT
    )
    axes.invert_yaxis()
    axes.set_xlabel("% of the people who answered", fontsize=FONT)
    _legend(axes, 3)
    _title(axes, numbers)
    return figure


def _rankings(numbers: Numbers) -> Figure:
    import numpy as np

    cells = numbers.cells
    rows = list(dict.fromkeys(zip(cells["ranking"], cells["item"], strict=True)))
    places = sorted(set(cells["place"]))
    figure, axes = _figure(len(rows))
    left = np.zeros(len(rows))
    hatches = ("", "..", "//", "xx", "\\\\", "oo")
    for index, place in enumerate(places):
        part = cells[cells["place"] == place].set_index(["ranking", "item"])
        width = np.array([_value(part["percent"].get(r)) or 0.0 for r in rows])
        axes.barh(
            range(len(rows)),
            width,
            left=left,
            color=PALETTE[index % len(PALETTE)],
            hatch=hatches[index % len(hatches)],
            edgecolor="#333333",
            linewidth=0.5,
            label=f"place {place}",
        )
        left = left + width
    for y, row in enumerate(rows):
        if cells[(cells["ranking"] == row[0]) & (cells["item"] == row[1])]["percent"].isna().all():
            _hidden_row(axes, 50, y)
    axes.set_xlim(0, 100)
    axes.set_xticks([0, 25, 50, 75, 100], ["0%", "25%", "50%", "75%", "100%"], fontsize=FONT)
    axes.set_yticks(range(len(rows)), [short(i, 34) for _, i in rows], fontsize=FONT)
    axes.invert_yaxis()
    axes.set_xlabel("% of the people who ranked it, by the place they gave it", fontsize=FONT)
    _legend(axes, min(5, len(places)))
    _title(axes, numbers)
    return figure


DRAWERS = {
    "rankings": _rankings,
    "distribution": _distribution,
    "area-means": _area_means,
    "heatmap": _heatmap,
    "change": _change,
    "roles": _roles,
    "patterns": _patterns,
    "checks": _checks,
    "paths": _paths,
}
__all__ = ["ALL_COHORTS", "DRAWERS", "data_uri", "draw", "png"]
