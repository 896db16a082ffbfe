"""The cohort charts: each a matplotlib Figure with alt text and its numbers beside it.

Every chart is built from *protected* cells (see :mod:`widgets.cohort.disclosure`): a group of
fewer than ``threshold`` people never gets a bar, a dot, a count or a mean, and a hidden cell is
drawn as a hatched "hidden" band or left out, never estimated. Figures are made with
``matplotlib.figure.Figure`` (never pyplot, so nothing leaks between charts or needs a display).
Colour is never the only cue: bars carry their numbers, markers differ in shape, heatmap cells are
labelled.
"""

from __future__ import annotations

import html
import math
import textwrap
from collections.abc import Sequence
from dataclasses import dataclass, field
from typing import TYPE_CHECKING, Any

from ..markup import figure_html, table_html
from ..palette import PALETTE
from .disclosure import (
    COMPLEMENT,
    DEFAULT_THRESHOLD,
    SMALL,
    check_threshold,
    protect,
    reason_text,
    safe_total,
)
from .loader import Cohort

if TYPE_CHECKING:
    import pandas as pd
    from matplotlib.figure import Figure

MARKERS = ("o", "s", "D", "^", "v", "P", "X", "*")
HIDDEN_COLOUR = "#FFFFFF"
HIDDEN_HATCH = "///"
Z95 = 1.96
OTHER_COHORTS = "other cohorts (merged: too small to show alone)"


@dataclass
class Chart:
    """One chart: the figure, its alt text, the numbers beside it and the protected cells."""

    key: str
    title: str
    figure: Figure
    alt: str
    table: pd.DataFrame  # what a reader sees beside the chart (hidden numbers say "hidden")
    cells: pd.DataFrame  # the protected cells: count column ``n`` and ``hidden``
    margins: tuple[tuple[str, ...], ...] = ()
    threshold: int = DEFAULT_THRESHOLD
    note: str = ""
    exports: dict[str, pd.DataFrame] = field(default_factory=dict)

    def hidden(self) -> dict[str, int]:
        """How many cells were hidden, by reason."""
        reasons = self.cells["hidden"] if len(self.cells) else []
        return {r: int(sum(1 for x in reasons if x == r)) for r in (SMALL, COMPLEMENT)}

    def image_html(self) -> str:
        return figure_html(self.figure, self.alt, dpi=80, tight=False)

    def table_html(self) -> str:
        return frame_html(self.title + ": the numbers", self.table)

    def html(self) -> str:
        note = f"<p>{html.escape(self.note)}</p>" if self.note else ""
        return (
            f'<section class="cg-chart" id="{html.escape(self.key)}"><h3>{html.escape(self.title)}'
            f'</h3><div class="cg-pair"><figure>{self.image_html()}<figcaption aria-hidden="true">'
            f"{html.escape(self.alt)}</figcaption></figure>{self.table_html()}</div>{note}</section>"
        )

    def _repr_html_(self) -> str:
        return self.html()


def frame_html(caption: str, frame: pd.DataFrame) -> str:
    """A DataFrame as an accessible HTML table (header cells with scope, a caption)."""
    rows = [[_cell(v) for v in row] for row in frame.itertuples(index=False)]
    return table_html(caption, list(frame.columns), rows, empty="No answers to show.")


def _cell(value: Any) -> str:
    if value is None:
        return ""
    if isinstance(value, float):
        return "" if math.isnan(value) else f"{value:.2f}"
    return str(value)


# small helpers ---------------------------------------------------------------------------------
def _figure(width: float, height: float) -> Figure:
    from matplotlib.figure import Figure

    return Figure(figsize=(width, max(1.6, height)), layout="constrained")


def _empty(title: str, message: str) -> Figure:
    figure = _figure(6, 1.6)
    axes = figure.add_subplot()
    axes.set_axis_off()
    axes.text(0.5, 0.5, message, ha="center", va="center", wrap=True)
    axes.set_title(title)
    return figure


def _short(text: str, width: int = 42) -> str:
    return textwrap.shorten(str(text), width=width, placeholder="…")


def _num(value: Any, digits: int = 2) -> str:
    """A shown number, or ``hidden`` for a suppressed one."""
    try:
        number = float(value)
    except (TypeError, ValueError):
        return "hidden"
    return "hidden" if math.isnan(number) else f"{number:.{digits}f}"


def _count(value: Any) -> str:
    try:
        return str(int(value))
    except (TypeError, ValueError):
        return "hidden"


def _hidden_note(chart_cells: pd.DataFrame, threshold: int) -> str:
    small = int((chart_cells["hidden"] == SMALL).sum()) if len(chart_cells) else 0
    other = int((chart_cells["hidden"] == COMPLEMENT).sum()) if len(chart_cells) else 0
    if not small and not other:
        return "No number had to be hidden."
    parts = []
    if small:
        parts.append(f"{small} for groups of {reason_text(SMALL, threshold)}")
    if other:
        parts.append(f"{other} more so that those could not be worked out by subtraction")
    return "Hidden numbers: " + " and ".join(parts) + "."


def _item_info(framework: str) -> dict[str, dict[str, Any]]:
    from .. import tables

    try:
        rows = tables.table(framework)
    except KeyError:
        return {}
    return {r["id"]: r for r in rows}


def _framework_title(framework: str) -> str:
    from .. import tables

    try:
        return str(tables.framework(framework)["title"])
    except KeyError:
        return framework


def _points(framework: str, present: Sequence[int]) -> list[tuple[int, str]]:
    from .. import tables

    try:
        points = [(p["value"], p["label"]) for p in tables.framework(framework)["points"]]
    except KeyError:
        points = []
    return points or [(int(v), str(v)) for v in sorted(set(present))]


def cohort_groups(cohort: Cohort, threshold: int = DEFAULT_THRESHOLD) -> dict[str, str]:
    """Cohort -> the label charts use: cohorts too small to show alone (or whose size would give
    a small one away) are merged into one ``other cohorts`` group, so a chart broken down by cohort
    never isolates a small cohort in the first place."""
    import pandas as pd

    people = cohort.people()
    if not len(people):
        return {}
    sizes = people.groupby("cohort").size().rename("n").reset_index()
    protected = protect(sizes, threshold=threshold, margins=[()])
    names = pd.Series(protected["cohort"].astype(str))
    return {
        name: (OTHER_COHORTS if reason else name)
        for name, reason in zip(names, protected["hidden"], strict=True)
    }


def _select(cohort: Cohort, framework: str | None, timepoint: str | None) -> pd.DataFrame:
    ratings = cohort.ratings
    mask = True
    if framework is not None:
        mask = ratings["framework"] == framework
    if timepoint is not None:
        mask = mask & (ratings["timepoint"] == timepoint)
    return ratings[mask] if mask is not True else ratings


# 1. diverging stacked bars ---------------------------------------------------------------------
def rating_distribution(
    cohort: Cohort,
    framework: str = "trust",
    timepoint: str = "pre",
    threshold: int = DEFAULT_THRESHOLD,
) -> Chart:
    """Diverging stacked bars of each statement's ratings: low ratings to the left of the line,
    high to the right, the middle point split across it; hidden counts as one hatched band."""
    import pandas as pd

    threshold = check_threshold(threshold)
    title = f"How people rated each statement: {_framework_title(framework)} ({timepoint})"
    data = _select(cohort, framework, timepoint)
    info = _item_info(framework)
    points = _points(framework, data["rating"].unique() if len(data) else [])
    values = [v for v, _ in points]
    items = [i for i in info if i in set(data["item"].astype(str))] or sorted(
        set(data["item"].astype(str))
    )
    counts = data.groupby(["item", "rating"], observed=True).size()
    rows = [
        {"item": item, "rating": v, "n": int(counts.get((item, v), 0))}
        for item in items
        for v in values
    ]
    cells = pd.DataFrame(rows, columns=["item", "rating", "n"])
    cells = protect(cells, threshold=threshold, margins=[("item",)])
    totals = data.groupby("item", observed=True)["pseudonym"].nunique()
    table_rows, shares = [], []
    for item in items:
        part = cells[cells["item"] == item]
        total = safe_total(int(totals.get(item, 0)), threshold)
        row: dict[str, Any] = {
            "statement": f"{item}: {_short(info.get(item, {}).get('statement', item), 60)}",
            "people": _count(total),
        }
        for (value, label), n in zip(points, part["n"], strict=True):
            pct = "" if total in (None, 0) or pd.isna(n) else f" ({100 * int(n) / total:.0f}%)"
            row[f"{value} {label}"] = ("hidden" if pd.isna(n) else str(int(n))) + pct
        table_rows.append(row)
        shares.append((item, total, part))
    table = pd.DataFrame(table_rows)
    if not len(data):
        figure = _empty(title, "No ratings to show for this framework and timepoint.")
        alt = f"{title}: there are no ratings to show."
        return Chart(
            f"distribution-{framework}-{timepoint}",
            title,
            figure,
            alt,
            table,
            cells,
            (("item",),),
            threshold,
            _hidden_note(cells, threshold),
        )
    figure = _figure(9, 0.42 * len(items) + 1.6)
    axes = figure.add_subplot()
    middle = (values[0] + values[-1]) / 2
    colours = _diverging_colours(len(values))
    hatches = [
        "xx" if i == 0 else ".." if i == 1 and len(values) > 3 else "" for i in range(len(values))
    ]
    best: tuple[float, str] | None = None
    worst: tuple[float, str] | None = None
    for y, (item, total, part) in enumerate(shares):
        if not total:
            axes.text(0, y, f"hidden: {reason_text(SMALL, threshold)}", ha="center", va="center")
            continue
        n = [0 if pd.isna(v) else int(v) for v in part["n"]]
        pct = [100 * v / total for v in n]
        left = -sum(p for v, p in zip(values, pct, strict=True) if v < middle)
        left -= sum(p for v, p in zip(values, pct, strict=True) if v == middle) / 2
        for index, share in enumerate(pct):
            if share <= 0:
                continue
            axes.barh(
                y,
                share,
                left=left,
                color=colours[index],
                hatch=hatches[index],
                edgecolor="#333333",
                linewidth=0.5,
            )
            if share >= 8:
                axes.text(
                    left + share / 2,
                    y,
                    f"{share:.0f}",
                    ha="center",
                    va="center",
                    fontsize=7,
                    color="white" if index in (0, len(values) - 1) else "black",
                )
            left += share
        hidden = total - sum(n)
        if hidden > 0:
            share = 100 * hidden / total
            axes.barh(
                y,
                share,
                left=left,
                color=HIDDEN_COLOUR,
                hatch=HIDDEN_HATCH,
                edgecolor="#333333",
                linewidth=0.5,
            )
        high = sum(p for v, p in zip(values, pct, strict=True) if v > middle)
        best = max(best or (high, item), (high, item))
        worst = min(worst or (high, item), (high, item))
    axes.axvline(0, color="black", linewidth=1)
    axes.set_yticks(
        range(len(items)),
        [
            f"{i} {_short(info.get(i, {}).get('name') or info.get(i, {}).get('statement', ''), 30)}"
            for i in items
        ],
        fontsize=8,
    )
    axes.invert_yaxis()
    axes.set_xlabel("% of the people who rated the statement (left: lower ratings, right: higher)")
    handles = [
        _patch(colours[i], hatches[i], f"{v} {label}") for i, (v, label) in enumerate(points)
    ] + [_patch(HIDDEN_COLOUR, HIDDEN_HATCH, "hidden (small group)")]
    axes.legend(
        handles=handles,
        loc="upper center",
        bbox_to_anchor=(0.5, -0.12 - 0.3 / len(items)),
        ncol=min(4, len(handles)),
        fontsize=7,
        frameon=False,
    )
    axes.set_title(title, fontsize=10)
    upper = ", ".join(label for v, label in points if v > middle)
    alt = (
        f"Diverging bar chart of {len(items)} statements of {_framework_title(framework)} rated "
        f"at {timepoint}. Bars right of the centre line are the share rating {upper}; bars to the "
        "left are the lower ratings."
    )
    if best and worst:
        alt += (
            f" Highest share of high ratings: {best[1]} ({best[0]:.0f}%); lowest: {worst[1]} "
            f"({worst[0]:.0f}%)."
        )
    alt += " " + _hidden_note(cells, threshold) + " The table beside gives every number."
    return Chart(
        f"distribution-{framework}-{timepoint}",
        title,
        figure,
        alt,
        table,
        cells,
        (("item",),),
        threshold,
        _hidden_note(cells, threshold),
    )


def _diverging_colours(count: int) -> list[str]:
    low = ["#D55E00", "#E69F00"]
    high = ["#56B4E9", "#0072B2"]
    if count == 5:
        return [*low, "#DDDDDD", *high]
    if count == 3:
        return ["#D55E00", "#DDDDDD", "#0072B2"]
    if count == 4:
        return [*low, *high]
    return [PALETTE[i % len(PALETTE)] for i in range(count)]


def _patch(colour: str, hatch: str, label: str) -> Any:
    from matplotlib.patches import Patch

    return Patch(facecolor=colour, hatch=hatch, edgecolor="#333333", label=label)


# 2. and 3. area means by cohort ----------------------------------------------------------------
def _area_cells(cohort: Cohort, timepoint: str, threshold: int) -> pd.DataFrame:
    """Per framework area and cohort (small cohorts merged), the mean of each person's mean."""
    import pandas as pd

    data = _select(cohort, None, timepoint)
    columns = ["framework", "area", "cohort", "n", "mean", "low", "high"]
    if not len(data):
        return protect(
            pd.DataFrame(columns=columns), threshold=threshold, stats=("mean", "low", "high")
        )
    groups = cohort_groups(cohort, threshold)
    person = (
        data.groupby(["framework", "area", "pseudonym"], observed=True)
        .agg(rating=("rating", "mean"), cohort=("cohort", "first"))
        .reset_index()
    )
    person["cohort"] = person["cohort"].astype(str).map(groups).fillna(OTHER_COHORTS)
    rows = []
    for column in (["framework", "area", "cohort"], ["framework", "area"]):
        summary = person.groupby(column, observed=True)["rating"].agg(["count", "mean", "std"])
        summary = summary.reset_index()
        if "cohort" not in column:
            summary["cohort"] = "all cohorts"
        rows.append(summary)
    cells = pd.concat(rows, ignore_index=True).rename(columns={"count": "n"})
    spread = Z95 * cells["std"].fillna(0) / cells["n"].clip(lower=1) ** 0.5
    cells["low"], cells["high"] = cells["mean"] - spread, cells["mean"] + spread
    cells = cells[columns].sort_values(["framework", "area", "cohort"], kind="stable")
    parts = cells[cells["cohort"] != "all cohorts"]
    whole = cells[cells["cohort"] == "all cohorts"]
    parts = protect(
        parts, threshold=threshold, stats=("mean", "low", "high"), margins=[("framework", "area")]
    )
    whole = protect(whole, threshold=threshold, stats=("mean", "low", "high"), margins=[])
    return pd.concat([whole, parts], ignore_index=True)


def area_means(cohort: Cohort, timepoint: str = "pre", threshold: int = DEFAULT_THRESHOLD) -> Chart:
    """Each framework area's mean rating with a 95% interval, for all cohorts and each cohort."""
    import pandas as pd

    threshold = check_threshold(threshold)
    title = f"Mean rating by framework area, with 95% intervals ({timepoint})"
    cells = _area_cells(cohort, timepoint, threshold)
    table = pd.DataFrame(
        {
            "framework": cells["framework"].astype(str),
            "area": cells["area"].astype(str),
            "cohort": cells["cohort"].astype(str),
            "people": [_count(v) for v in cells["n"]],
            "mean": [_num(v) for v in cells["mean"]],
            "95% interval": [
                "hidden" if pd.isna(a) else f"{a:.2f} to {b:.2f}"
                for a, b in zip(cells["low"], cells["high"], strict=True)
            ],
        }
    )
    margins = (("framework", "area"),)
    note = _hidden_note(cells, threshold)
    if not len(cells):
        return Chart(
            f"area-means-{timepoint}",
            title,
            _empty(title, "No ratings to show."),
            f"{title}: there are no ratings to show.",
            table,
            cells,
            margins,
            threshold,
            note,
        )
    areas = list(
        dict.fromkeys(zip(cells["framework"].astype(str), cells["area"].astype(str), strict=True))
    )
    groups = list(dict.fromkeys(cells["cohort"].astype(str)))
    figure = _figure(9, 0.5 * len(areas) + 1.8)
    axes = figure.add_subplot()
    offset = 0.7 / max(1, len(groups))
    for g, group in enumerate(groups):
        part = cells[cells["cohort"].astype(str) == group]
        ys, xs, errs = [], [], []
        for (fw, area), mean, low, high in zip(
            zip(part["framework"].astype(str), part["area"].astype(str), strict=True),
            part["mean"],
            part["low"],
            part["high"],
            strict=True,
        ):
            if pd.isna(mean):
                continue
            ys.append(areas.index((fw, area)) + (g - (len(groups) - 1) / 2) * offset)
            xs.append(mean)
            errs.append((mean - low, high - mean))
        if xs:
            axes.errorbar(
                xs,
                ys,
                xerr=list(zip(*errs, strict=True)),
                fmt=MARKERS[g % len(MARKERS)],
                color=PALETTE[g % len(PALETTE)],
                label=group,
                capsize=2,
            )
    axes.set_yticks(range(len(areas)), [f"{_short(a, 34)} ({fw})" for fw, a in areas], fontsize=8)
    axes.invert_yaxis()
    axes.set_xlabel("mean rating (each person's mean over the area's statements)")
    if axes.get_legend_handles_labels()[0]:
        axes.legend(fontsize=7, loc="best")
    axes.set_title(title, fontsize=10)
    whole = cells[cells["cohort"] == "all cohorts"].dropna(subset=["mean"])
    alt = (
        f"Dot plot with 95% intervals of the mean rating in {len(areas)} framework areas at "
        f"{timepoint}, for all cohorts and for {len(groups) - 1} cohort groups, each with its own "
        "marker shape."
    )
    if len(whole):
        top = whole.loc[whole["mean"].idxmax()]
        bottom = whole.loc[whole["mean"].idxmin()]
        alt += (
            f" Highest overall: {top['area']} ({top['mean']:.2f}); "
            f"lowest: {bottom['area']} ({bottom['mean']:.2f})."
        )
    alt += " " + note
    return Chart(
        f"area-means-{timepoint}", title, figure, alt, table, cells, margins, threshold, note
    )


def area_heatmap(
    cohort: Cohort, timepoint: str = "pre", threshold: int = DEFAULT_THRESHOLD
) -> Chart:
    """Framework areas by cohort: each cell's mean written in it, hidden cells hatched."""
    import numpy as np
    import pandas as pd

    threshold = check_threshold(threshold)
    title = f"Mean rating of each framework area by cohort ({timepoint})"
    cells = _area_cells(cohort, timepoint, threshold)
    parts = cells[cells["cohort"] != "all cohorts"].reset_index(drop=True)
    margins = (("framework", "area"),)
    note = _hidden_note(parts, threshold)
    if not len(parts):
        empty = pd.DataFrame(columns=["area"])
        return Chart(
            f"area-heatmap-{timepoint}",
            title,
            _empty(title, "No ratings to show."),
            f"{title}: there are no ratings to show.",
            empty,
            parts,
            margins,
            threshold,
            note,
        )
    parts["label"] = parts["area"].astype(str) + " (" + parts["framework"].astype(str) + ")"
    areas = list(dict.fromkeys(parts["label"]))
    groups = sorted(set(parts["cohort"].astype(str)), key=lambda g: (g == OTHER_COHORTS, g))
    grid = np.full((len(areas), len(groups)), np.nan)
    counts = [["hidden"] * len(groups) for _ in areas]
    table = pd.DataFrame({"area": areas})
    for label, group, mean, n in zip(
        parts["label"], parts["cohort"].astype(str), parts["mean"], parts["n"], strict=True
    ):
        r, c = areas.index(label), groups.index(group)
        grid[r, c] = mean
        counts[r][c] = _count(n)
    for c, group in enumerate(groups):
        table[f"{group}: mean"] = [_num(grid[r, c]) for r in range(len(areas))]
        table[f"{group}: people"] = [counts[r][c] for r in range(len(areas))]
    figure = _figure(max(7.0, 4 + 1.3 * len(groups)), 0.45 * len(areas) + 1.6)
    axes = figure.add_subplot()
    image = axes.imshow(np.ma.masked_invalid(grid), cmap="cividis", aspect="auto")
    for r in range(len(areas)):
        for c in range(len(groups)):
            value = grid[r, c]
            if np.isnan(value):
                axes.add_patch(_rect(c, r))
                axes.text(c, r, "hidden", ha="center", va="center", fontsize=7)
            else:
                shade = "black" if image.norm(value) > 0.6 else "white"
                axes.text(c, r, f"{value:.2f}", ha="center", va="center", fontsize=8, color=shade)
    axes.set_xticks(range(len(groups)), [_short(g, 22) for g in groups], fontsize=8, rotation=20)
    axes.set_yticks(range(len(areas)), [_short(a, 44) for a in areas], fontsize=8)
    figure.colorbar(image, ax=axes, label="mean rating")
    axes.set_title(title, fontsize=10)
    shown = parts.dropna(subset=["mean"])
    alt = (
        f"Heatmap of mean ratings: {len(areas)} framework areas (rows) by {len(groups)} cohorts "
        "(columns), each cell labelled with its mean."
    )
    if len(shown):
        top, bottom = shown.loc[shown["mean"].idxmax()], shown.loc[shown["mean"].idxmin()]
        alt += (
            f" Highest: {top['area']} in {top['cohort']} ({top['mean']:.2f}); lowest: "
            f"{bottom['area']} in {bottom['cohort']} ({bottom['mean']:.2f})."
        )
    alt += " " + note
    return Chart(
        f"area-heatmap-{timepoint}", title, figure, alt, table, parts, margins, threshold, note
    )


def _rect(x: float, y: float) -> Any:
    from matplotlib.patches import Rectangle

    return Rectangle(
        (x - 0.5, y - 0.5), 1, 1, facecolor=HIDDEN_COLOUR, hatch=HIDDEN_HATCH, edgecolor="#999999"
    )


# 4. paired change ------------------------------------------------------------------------------
def paired_change(
    cohort: Cohort,
    by: str = "area",
    framework: str | None = None,
    before: str = "pre",
    after: str = "post",
    threshold: int = DEFAULT_THRESHOLD,
) -> Chart:
    """Change in rating for the same people between two timepoints, by area or by statement:
    only people who rated the same statement both times count, each person once per row."""
    import pandas as pd

    threshold = check_threshold(threshold)
    if by not in ("area", "item"):
        raise ValueError("Show change by 'area' or by 'item'.")
    what = "statement" if by == "item" else "framework area"
    scope = f": {_framework_title(framework)}" if framework else ""
    title = f"Change in rating from {before} to {after} for the same people, by {what}{scope}"
    key = f"change-{by}-{framework or 'all'}-{before}-{after}"
    data = _select(cohort, framework, None)
    keys = ["pseudonym", "framework", "area", "item"]
    first = data[data["timepoint"] == before][[*keys, "rating"]]
    second = data[data["timepoint"] == after][[*keys, "rating"]]
    for part in (first, second):
        for column in keys:
            part[column] = part[column].astype(str)
    both = first.merge(second, on=keys, suffixes=("_before", "_after"))
    both["change"] = both["rating_after"].astype(float) - both["rating_before"].astype(float)
    group = ["framework", "area"] if by == "area" else ["framework", "item"]
    person = both.groupby([*group, "pseudonym"]).agg(
        before=("rating_before", "mean"), after=("rating_after", "mean"), change=("change", "mean")
    )
    summary = (
        person.groupby(level=group)
        .agg(
            n=("change", "size"),
            before=("before", "mean"),
            after=("after", "mean"),
            change=("change", "mean"),
            sd=("change", "std"),
        )
        .reset_index()
    )
    spread = Z95 * summary["sd"].fillna(0) / summary["n"].clip(lower=1) ** 0.5
    summary["low"], summary["high"] = summary["change"] - spread, summary["change"] + spread
    cells = protect(
        summary.drop(columns="sd"),
        threshold=threshold,
        stats=("before", "after", "change", "low", "high"),
        margins=[],
    )
    if by == "item":
        order = {i: n for n, i in enumerate(_item_info(framework))} if framework else {}
        cells = cells.sort_values(
            ["framework", "item"],
            key=lambda s: s.map(order) if s.name == "item" and order else s,
            kind="stable",
        ).reset_index(drop=True)
    labels = [
        f"{r} ({fw})" if by == "area" else f"{r}"
        for fw, r in zip(cells["framework"].astype(str), cells[group[1]].astype(str), strict=True)
    ]
    table = pd.DataFrame(
        {
            what: labels,
            "people rating both times": [_count(v) for v in cells["n"]],
            f"mean {before}": [_num(v) for v in cells["before"]],
            f"mean {after}": [_num(v) for v in cells["after"]],
            "mean change": [_num(v) for v in cells["change"]],
            "95% interval": [
                "hidden" if pd.isna(a) else f"{a:+.2f} to {b:+.2f}"
                for a, b in zip(cells["low"], cells["high"], strict=True)
            ],
        }
    )
    note = _hidden_note(cells, threshold)
    if not len(cells):
        return Chart(
            key,
            title,
            _empty(title, f"Nobody rated the same statements at {before} and {after}."),
            f"{title}: nobody rated the same statements at both timepoints.",
            table,
            cells,
            (),
            threshold,
            note,
        )
    figure = _figure(8, 0.32 * len(cells) + 1.6)
    axes = figure.add_subplot()
    for y, (change, low, high, n) in enumerate(
        zip(cells["change"], cells["low"], cells["high"], cells["n"], strict=True)
    ):
        if pd.isna(change):
            axes.text(
                0,
                y,
                f"hidden: {reason_text(SMALL, threshold)}",
                va="center",
                ha="center",
                fontsize=7,
            )
            continue
        colour = PALETTE[0] if change >= 0 else PALETTE[5]
        marker = "^" if change >= 0 else "v"
        axes.errorbar(
            [change],
            [y],
            xerr=[[change - low], [high - change]],
            fmt=marker,
            color=colour,
            capsize=2,
        )
        axes.annotate(
            f"{change:+.2f} (n={int(n)})",
            (high, y),
            xytext=(4, 0),
            textcoords="offset points",
            va="center",
            fontsize=7,
        )
    axes.axvline(0, color="black", linewidth=1)
    axes.set_yticks(range(len(cells)), [_short(label, 40) for label in labels], fontsize=7)
    axes.invert_yaxis()
    axes.set_xlabel(f"mean change in rating ({after} minus {before}); ▲ up, ▼ down")
    axes.set_title(title, fontsize=10)
    shown = cells.dropna(subset=["change"])
    alt = (
        f"Dot plot with 95% intervals of the mean change in rating from {before} to {after} for "
        f"{len(cells)} {what}s, counting only people who rated both times; an upward triangle "
        "marks a rise, a downward one a fall."
    )
    if len(shown):
        up = shown.loc[shown["change"].idxmax()]
        down = shown.loc[shown["change"].idxmin()]
        alt += (
            f" Largest rise: {up[group[1]]} ({up['change']:+.2f}); "
            f"smallest: {down[group[1]]} ({down['change']:+.2f})."
        )
    alt += " " + note
    return Chart(key, title, figure, alt, table, cells, (), threshold, note)


# 5. councillors against officers on the health check ------------------------------------------
def role_comparison(
    cohort: Cohort,
    timepoint: str = "pre",
    framework: str = "health_check",
    threshold: int = DEFAULT_THRESHOLD,
) -> Chart:
    """Councillors' and officers' mean agreement with each health-check statement, the biggest
    gaps first: where the two sides see the relationship differently."""
    import pandas as pd

    threshold = check_threshold(threshold)
    title = f"Councillors and officers on the relationship health check ({timepoint})"
    data = _select(cohort, framework, timepoint)
    info = _item_info(framework)
    rows = []
    stats = data.groupby(["item", "role"], observed=True)["rating"].agg(["count", "mean"])
    for item in [i for i in info if i in set(data["item"].astype(str))]:
        for role in ("councillor", "officer"):
            n, mean = stats.loc[(item, role)] if (item, role) in stats.index else (0, float("nan"))
            rows.append({"item": item, "role": role, "n": int(n), "mean": float(mean)})
    cells = protect(
        pd.DataFrame(rows, columns=["item", "role", "n", "mean"]),
        threshold=threshold,
        stats=("mean",),
        margins=[("item",)],
    )
    wide = cells.pivot(index="item", columns="role", values=["n", "mean"]) if len(cells) else None
    table_rows = []
    if wide is not None:
        for item in wide.index:
            c_mean, o_mean = (
                wide.loc[item, ("mean", "councillor")],
                wide.loc[item, ("mean", "officer")],
            )
            gap = o_mean - c_mean
            table_rows.append(
                {
                    "statement": f"{item}: {_short(info.get(item, {}).get('statement', item), 60)}",
                    "about": "what officers do"
                    if info.get(item, {}).get("expected_of") == "officer"
                    else "what councillors do",
                    "councillors": _count(wide.loc[item, ("n", "councillor")]),
                    "councillors' mean": _num(c_mean),
                    "officers": _count(wide.loc[item, ("n", "officer")]),
                    "officers' mean": _num(o_mean),
                    "gap (officers minus councillors)": _num(gap),
                    "_gap": gap,
                    "_item": item,
                }
            )
    table = pd.DataFrame(table_rows)
    if len(table):
        table = table.sort_values("_gap", key=lambda s: -s.abs().fillna(-1), kind="stable")
    note = _hidden_note(cells, threshold)
    shown = table.dropna(subset=["_gap"]) if len(table) else table
    if not len(table):
        return Chart(
            f"roles-{timepoint}",
            title,
            _empty(title, "No health-check ratings to show."),
            f"{title}: there are no ratings to show.",
            table,
            cells,
            (("item",),),
            threshold,
            note,
        )
    figure = _figure(9, 0.4 * len(table) + 1.6)
    axes = figure.add_subplot()
    for y in range(len(table)):
        item = table["_item"].iloc[y]
        c, o = wide.loc[item, ("mean", "councillor")], wide.loc[item, ("mean", "officer")]
        if pd.isna(c) or pd.isna(o):
            axes.text(
                (1 + max(v for v, _ in _points(framework, [5]))) / 2,
                y,
                f"hidden: {reason_text(SMALL, threshold)}",
                va="center",
                ha="center",
                fontsize=7,
            )
            continue
        axes.plot([c, o], [y, y], color="#999999", linewidth=1)
        axes.plot([c], [y], "o", color=PALETTE[0], label="councillors" if y == 0 else None)
        axes.plot([o], [y], "s", color=PALETTE[1], label="officers" if y == 0 else None)
        axes.annotate(
            f"{o - c:+.2f}",
            (max(c, o), y),
            xytext=(6, 0),
            textcoords="offset points",
            va="center",
            fontsize=7,
        )
    axes.set_yticks(range(len(table)), [_short(s, 46) for s in table["statement"]], fontsize=7)
    top = max(v for v, _ in _points(framework, [5]))
    axes.set_xlim(0.5, top + 0.9)
    axes.invert_yaxis()
    axes.set_xlabel(
        "mean agreement (1 strongly disagree to 5 strongly agree); ● councillors, ■ officers"
    )
    if axes.get_legend_handles_labels()[0]:
        axes.legend(fontsize=7, loc="lower right")
    axes.set_title(title, fontsize=10)
    alt = (
        f"Dot plot of councillors' (circles) and officers' (squares) mean agreement with "
        f"{len(table)} health-check statements at {timepoint}, largest gap first."
    )
    if len(shown):
        first = shown.iloc[0]
        alt += f" Largest gap: {first['_item']} (officers minus councillors {first['_gap']:+.2f})."
    alt += " " + note
    table = table.drop(columns=["_gap", "_item"])
    return Chart(
        f"roles-{timepoint}", title, figure, alt, table, cells, (("item",),), threshold, note
    )


# 6. relationship maps --------------------------------------------------------------------------
def relationship_patterns(
    cohort: Cohort,
    threshold: int = DEFAULT_THRESHOLD,
    important: int | None = None,
    weak: int | None = None,
) -> Chart:
    """For each category of relationship, the share of people who mapped one that is important
    (at least ``important``) but weak (at most ``weak``): where to develop relationships first."""
    import pandas as pd

    from ..logic.relationship_map import category_labels, develop_first_thresholds

    if important is None or weak is None:  # the course's rule, from data/scales.csv
        important, weak = develop_first_thresholds()

    threshold = check_threshold(threshold)
    title = "Relationships rated important but weak, by category"
    labels = category_labels()
    data = cohort.relmap
    flagged = data.assign(
        flag=(data["importance"].fillna(0) >= important) & (data["quality"].fillna(99) <= weak)
    )
    person = (
        flagged.groupby(["category", "pseudonym"], observed=True)
        .agg(flag=("flag", "max"), importance=("importance", "mean"), quality=("quality", "mean"))
        .reset_index()
    )
    rows, means = [], {}
    categories = [c for c in labels if c in set(person["category"].astype(str))]
    for category in categories:
        part = person[person["category"].astype(str) == category]
        k = int(part["flag"].sum())
        rows += [
            {"category": category, "group": "important but weak", "n": k},
            {"category": category, "group": "other", "n": len(part) - k},
        ]
        means[category] = (
            len(part),
            part["importance"].astype(float).mean(),
            part["quality"].astype(float).mean(),
        )
    cells = protect(
        pd.DataFrame(rows, columns=["category", "group", "n"]),
        threshold=threshold,
        margins=[("category",)],
    )
    table_rows, bars = [], []
    for category in categories:
        total, imp, qual = means[category]
        shown_total = safe_total(total, threshold)
        k = cells[(cells["category"] == category) & (cells["group"] == "important but weak")][
            "n"
        ].iloc[0]
        share = None if shown_total in (None, 0) or pd.isna(k) else 100 * int(k) / shown_total
        table_rows.append(
            {
                "category": labels[category],
                "people who mapped one": _count(shown_total),
                "of them: one important but weak": "hidden" if pd.isna(k) else str(int(k)),
                "share": "hidden" if share is None else f"{share:.0f}%",
                "mean importance": _num(imp) if shown_total else "hidden",
                "mean quality": _num(qual) if shown_total else "hidden",
            }
        )
        bars.append((labels[category], share, shown_total))
    table = pd.DataFrame(table_rows)
    note = _hidden_note(cells, threshold)
    if not categories:
        return Chart(
            "relationship-patterns",
            title,
            _empty(title, "No relationship maps to show."),
            f"{title}: there are no relationship maps to show.",
            table,
            cells,
            (("category",),),
            threshold,
            note,
        )
    figure = _figure(8, 0.45 * len(bars) + 1.6)
    axes = figure.add_subplot()
    for y, (_label, share, total) in enumerate(bars):
        if share is None:
            axes.barh(y, 100, color=HIDDEN_COLOUR, hatch=HIDDEN_HATCH, edgecolor="#999999")
            axes.text(50, y, "hidden (small group)", ha="center", va="center", fontsize=7)
            continue
        axes.barh(y, share, color=PALETTE[5], edgecolor="#333333")
        axes.text(share + 1, y, f"{share:.0f}% of {total}", va="center", fontsize=7)
    axes.set_yticks(range(len(bars)), [_short(b[0], 36) for b in bars], fontsize=8)
    axes.invert_yaxis()
    axes.set_xlim(0, 110)
    axes.set_xlabel(
        "% of people mapping this kind of relationship who rated one "
        f"important (≥{important}) but weak (≤{weak})"
    )
    axes.set_title(title, fontsize=10)
    shown = [b for b in bars if b[1] is not None]
    alt = (
        f"Bar chart: for {len(bars)} categories of working relationship, the share of people who "
        "mapped one rated important but weak."
    )
    if shown:
        top = max(shown, key=lambda b: b[1])
        alt += f" Highest: {top[0]} ({top[1]:.0f}% of {top[2]} people)."
    alt += " " + note
    return Chart(
        "relationship-patterns", title, figure, alt, table, cells, (("category",),), threshold, note
    )


# 7. and 8. the workshop debrief ----------------------------------------------------------------
OUTCOMES = ("right", "partly right", "wrong")
OUTCOME_STYLE = {
    "right": (PALETTE[0], ""),
    "partly right": (PALETTE[4], ".."),
    "wrong": (PALETTE[5], "xx"),
}


def knowledge_checks(cohort: Cohort, threshold: int = DEFAULT_THRESHOLD) -> Chart:
    """How the cohort answered each knowledge check: right, partly right or wrong."""
    import pandas as pd

    from ..logic.knowledge_check import check_ids, load_check

    threshold = check_threshold(threshold)
    title = "Workshop debrief: knowledge checks"
    data = cohort.checks
    present = set(data["check"].astype(str))
    order = [c for c in check_ids() if c in present] + sorted(present - set(check_ids()))
    counts = data.groupby(["check", "outcome"], observed=True).size()
    rows = [
        {"check": c, "outcome": o, "n": int(counts.get((c, o), 0))} for c in order for o in OUTCOMES
    ]
    cells = protect(
        pd.DataFrame(rows, columns=["check", "outcome", "n"]),
        threshold=threshold,
        margins=[("check",)],
    )
    prompts = {}
    for c in order:
        try:
            prompts[c] = load_check(c).prompt
        except KeyError:
            prompts[c] = c
    totals = data.groupby("check", observed=True).size()
    table_rows, bars = [], []
    for c in order:
        total = safe_total(int(totals.get(c, 0)), threshold)
        part = cells[cells["check"] == c]
        row = {"question": _short(prompts[c], 70), "people": _count(total)}
        shares = []
        for outcome, n in zip(OUTCOMES, part["n"], strict=True):
            pct = None if not total or pd.isna(n) else 100 * int(n) / total
            row[outcome] = (
                "hidden"
                if pd.isna(n)
                else f"{int(n)} ({pct:.0f}%)"
                if pct is not None
                else str(int(n))
            )
            shares.append(pct)
        table_rows.append(row)
        bars.append((c, total, shares))
    table = pd.DataFrame(table_rows)
    note = _hidden_note(cells, threshold)
    if not order:
        return Chart(
            "knowledge-checks",
            title,
            _empty(title, "No knowledge-check answers to show."),
            f"{title}: there are no answers to show.",
            table,
            cells,
            (("check",),),
            threshold,
            note,
        )
    figure = _figure(9, 0.42 * len(bars) + 1.8)
    axes = figure.add_subplot()
    best = None
    for y, (c, total, shares) in enumerate(bars):
        if not total:
            axes.text(
                50,
                y,
                f"hidden: {reason_text(SMALL, threshold)}",
                ha="center",
                va="center",
                fontsize=7,
            )
            continue
        left = 0.0
        for outcome, share in zip(OUTCOMES, shares, strict=True):
            if not share:
                continue
            colour, hatch = OUTCOME_STYLE[outcome]
            axes.barh(
                y, share, left=left, color=colour, hatch=hatch, edgecolor="#333333", linewidth=0.5
            )
            if share >= 8:
                axes.text(
                    left + share / 2,
                    y,
                    f"{share:.0f}",
                    ha="center",
                    va="center",
                    fontsize=7,
                    color="white" if outcome != "partly right" else "black",
                )
            left += share
        if left < 99.9:
            axes.barh(
                y,
                100 - left,
                left=left,
                color=HIDDEN_COLOUR,
                hatch=HIDDEN_HATCH,
                edgecolor="#333333",
                linewidth=0.5,
            )
        if shares[0] is not None:
            best = max(best or (shares[0], c), (shares[0], c))
    axes.set_yticks(range(len(bars)), [_short(prompts[c], 44) for c, _, _ in bars], fontsize=7)
    axes.invert_yaxis()
    axes.set_xlim(0, 100)
    axes.set_xlabel("% of the people who answered")
    handles = [_patch(*OUTCOME_STYLE[o], o) for o in OUTCOMES] + [
        _patch(HIDDEN_COLOUR, HIDDEN_HATCH, "hidden (small group)")
    ]
    axes.legend(
        handles=handles,
        loc="upper center",
        bbox_to_anchor=(0.5, -0.15),
        ncol=4,
        fontsize=7,
        frameon=False,
    )
    axes.set_title(title, fontsize=10)
    alt = (
        f"Stacked bar chart of how people answered {len(bars)} knowledge checks: right, "
        "partly right (dotted) or wrong (crossed)."
    )
    if best:
        alt += f" Most often right: {_short(prompts[best[1]], 60)} ({best[0]:.0f}%)."
    alt += " " + note
    return Chart(
        "knowledge-checks", title, figure, alt, table, cells, (("check",),), threshold, note
    )


def scenario_paths(cohort: Cohort, threshold: int = DEFAULT_THRESHOLD) -> Chart:
    """Which routes the cohort took through each scenario, with the quality of each choice."""
    import pandas as pd

    from ..logic.scenario import QUALITY_SHORT, load_scenario, scenario_ids

    threshold = check_threshold(threshold)
    title = "Workshop debrief: paths through the scenarios"
    data = cohort.paths
    present = set(data["scenario"].astype(str))
    order = [s for s in scenario_ids() if s in present]
    counts = data.groupby(["scenario", "path"], observed=True).size().reset_index(name="n")
    counts["scenario"] = counts["scenario"].astype(str)
    counts = counts[counts["scenario"].isin(order)]
    counts["rank"] = counts["scenario"].map({s: i for i, s in enumerate(order)})
    counts = counts.sort_values(["rank", "n", "path"], ascending=[True, False, True]).drop(
        columns="rank"
    )
    cells = protect(counts.reset_index(drop=True), threshold=threshold, margins=[("scenario",)])
    scenarios = {s: load_scenario(s) for s in order}
    table_rows, bars = [], []
    for s in order:
        scenario = scenarios[s]
        part = cells[cells["scenario"] == s]
        raw_total = int(counts[counts["scenario"] == s]["n"].sum())
        total = safe_total(raw_total, threshold)
        for path, n in zip(part["path"], part["n"], strict=True):
            if pd.isna(n):
                continue
            words = []
            for choice_id in str(path).split(" → "):
                choice = scenario.choice(choice_id)
                words.append(
                    f"{_short(choice.label, 40)} "
                    f"({QUALITY_SHORT.get(choice.quality, choice.quality)})"
                    if choice
                    else choice_id
                )
            table_rows.append(
                {
                    "scenario": scenario.title,
                    "path": " → ".join(words),
                    "people": str(int(n)),
                    "share": f"{100 * int(n) / total:.0f}%" if total else "hidden",
                }
            )
            quality = " → ".join(
                QUALITY_SHORT.get(scenario.choice(c).quality, "?") if scenario.choice(c) else "?"
                for c in str(path).split(" → ")
            )
            bars.append((f"Ch. {scenario.challenge}: {quality}", int(n), total))
        hidden_people = raw_total - int(part["n"].fillna(0).sum()) if total else 0
        if total and hidden_people:
            table_rows.append(
                {
                    "scenario": scenario.title,
                    "path": "other paths, each taken by too few people to show",
                    "people": str(hidden_people),
                    "share": f"{100 * hidden_people / total:.0f}%",
                }
            )
            bars.append((f"Ch. {scenario.challenge}: other paths (hidden)", hidden_people, None))
        if not total and len(part):
            table_rows.append(
                {
                    "scenario": scenario.title,
                    "path": "all paths",
                    "people": "hidden",
                    "share": "hidden",
                }
            )
            bars.append((f"Ch. {scenario.challenge}: hidden (small group)", None, None))
    table = pd.DataFrame(table_rows, columns=["scenario", "path", "people", "share"])
    note = _hidden_note(cells, threshold)
    if not order:
        return Chart(
            "scenario-paths",
            title,
            _empty(title, "No scenario paths to show."),
            f"{title}: there are no paths to show.",
            table,
            cells,
            (("scenario",),),
            threshold,
            note,
        )
    figure = _figure(9, 0.32 * len(bars) + 1.6)
    axes = figure.add_subplot()
    for y, (_label, n, total) in enumerate(bars):
        if n is None:
            axes.text(0, y, "hidden (small group)", va="center", fontsize=7)
            continue
        hidden = total is None
        axes.barh(
            y,
            n,
            color=HIDDEN_COLOUR if hidden else PALETTE[0],
            hatch=HIDDEN_HATCH if hidden else "",
            edgecolor="#333333",
        )
        axes.text(n, y, f" {n}", va="center", fontsize=7)
    axes.set_yticks(range(len(bars)), [_short(b[0], 60) for b in bars], fontsize=7)
    axes.invert_yaxis()
    axes.set_xlabel("people who took this path (choices in order: strong, reasonable or risky)")
    axes.set_title(title, fontsize=10)
    alt = (
        f"Bar chart of the paths people took through {len(order)} scenarios, each path named by "
        "the quality of its choices in order (strong, reasonable, risky)."
    )
    top = [b for b in bars if b[1] is not None and b[2] is not None]
    if top:
        first = max(top, key=lambda b: b[1])
        alt += f" Most common: {first[0]} ({first[1]} people)."
    alt += " " + note
    return Chart(
        "scenario-paths", title, figure, alt, table, cells, (("scenario",),), threshold, note
    )
