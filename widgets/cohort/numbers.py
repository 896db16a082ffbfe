"""The numbers behind every chart: plain pandas, no matplotlib, every value through the policy.

Each function returns :class:`Numbers`: ``cells`` (the protected numbers in tidy form, exactly
what the CSV and Excel exports hold), ``table`` (the same numbers as text for the page), the alt
text, and one key-finding sentence, all written from published values only. Drawing lives in
:mod:`widgets.cohort.drawing` and sees nothing but these.

Size: one short function per chart (eight charts and the summary), each building its cells, its
table text and its alt text together so that no sentence can use a number the policy did not
publish; splitting them across modules would separate a number from the words written about it.
"""

from __future__ import annotations

import textwrap
from dataclasses import dataclass, field
from functools import lru_cache
from typing import TYPE_CHECKING, Any

from .disclosure import DEFAULT_THRESHOLD, HIDDEN, Cell, Policy, cell_of, cells_by, keys_of, text
from .loader import Cohort

if TYPE_CHECKING:
    import pandas as pd

OTHER_COHORTS = "other cohorts (merged: too small to show alone)"
ALL_COHORTS = "all cohorts"
OUTCOMES = ("right", "partly right", "wrong")
OTHER_PATHS = "other paths (each taken by too few people to name)"


@dataclass
class Numbers:
    """One chart's protected numbers, their text and what is said about them."""

    key: str
    kind: str
    title: str
    cells: pd.DataFrame
    table: pd.DataFrame
    alt: str
    finding: str = ""
    scale: tuple[float, float] = (1.0, 5.0)
    points: list[tuple[int, str]] = field(default_factory=list)

    @property
    def hidden(self) -> int:
        """How many published numbers are hidden."""
        if not len(self.cells) or "note" not in self.cells:
            return 0
        return int((self.cells["note"] == HIDDEN).sum())

    def note(self) -> str:
        if not self.hidden:
            return "No number had to be hidden."
        return (
            f"{self.hidden} {'row is' if self.hidden == 1 else 'rows are'} {HIDDEN}; counts are "
            "rounded to a multiple of 5 and means are slightly perturbed."
        )


# context shared by every chart of one report -------------------------------------------------
@dataclass
class Context:
    """The policy of one report and the cohort's tables with each person's record key."""

    cohort: Cohort
    policy: Policy
    groups: dict[str, str]
    ratings: pd.DataFrame
    checks: pd.DataFrame
    paths: pd.DataFrame
    relmap: pd.DataFrame

    @classmethod
    def of(cls, cohort: Cohort, threshold: int = DEFAULT_THRESHOLD) -> Context:
        people = cohort.people()
        policy = Policy.for_people(people["pseudonym"], threshold)
        sizes = people.groupby("cohort").size() if len(people) else {}
        groups = {
            str(c): str(c) if n >= policy.threshold else OTHER_COHORTS for c, n in sizes.items()
        }
        frames = [
            f.assign(key=keys_of(f["pseudonym"]))
            for f in (cohort.ratings, cohort.checks, cohort.paths, cohort.relmap)
        ]
        return cls(cohort, policy, groups, *frames)


def _context(cohort: Cohort | Context, threshold: int) -> Context:
    return cohort if isinstance(cohort, Context) else Context.of(cohort, threshold)


# course look-ups -----------------------------------------------------------------------------
@lru_cache(maxsize=64)
def item_info(framework: str) -> dict[str, dict[str, Any]]:
    from .. import tables

    try:
        return {r["id"]: r for r in tables.table(framework)}
    except KeyError:
        return {}


@lru_cache(maxsize=64)
def framework_title(framework: str) -> str:
    from .. import tables

    try:
        return str(tables.framework(framework)["title"])
    except KeyError:
        return framework


@lru_cache(maxsize=64)
def points(framework: str) -> tuple[tuple[int, str], ...]:
    from .. import tables

    try:
        return tuple((p["value"], p["label"]) for p in tables.framework(framework)["points"])
    except KeyError:
        return tuple((v, str(v)) for v in range(1, 6))


def scale(framework: str) -> tuple[float, float]:
    values = [v for v, _ in points(framework)] or [1, 5]
    return float(min(values)), float(max(values))


def short(value: object, width: int = 42) -> str:
    return textwrap.shorten(str(value), width=width, placeholder="…")


def _select(ratings: pd.DataFrame, framework: str | None, timepoint: str | None) -> pd.DataFrame:
    mask = None
    if framework is not None:
        mask = ratings["framework"] == framework
    if timepoint is not None:
        at = ratings["timepoint"] == timepoint
        mask = at if mask is None else mask & at
    return ratings[mask] if mask is not None else ratings


def _grouped(frame: pd.DataFrame, by: list[str]) -> dict[tuple, pd.DataFrame]:
    if not len(frame):
        return {}
    return {
        (k if isinstance(k, tuple) else (k,)): part
        for k, part in frame.groupby(by, observed=True, sort=False)
    }


def share_words(percent: object) -> str:
    """A share for a sentence: never "100%" or "0%", which would read as everyone or no one."""
    value = int(percent)  # type: ignore[call-overload]
    if value >= 95:
        return "95% or more"
    if value <= 5:
        return "5% or fewer"
    return f"{value}%"


def signed(value: float | None) -> str:
    """A published change with its sign; a change that rounds to nothing is 0.0, not -0.0."""
    if value is None or value != value:
        return HIDDEN
    return "0.0" if round(float(value), 1) == 0 else f"{float(value):+.1f}"


def _share_text(count: int | None, share: int | None) -> str:
    return HIDDEN if count is None else f"{count} ({share}%)"


# 1. distributions ----------------------------------------------------------------------------
def distribution(
    cohort: Cohort | Context,
    framework: str = "trust",
    timepoint: str = "pre",
    threshold: int = DEFAULT_THRESHOLD,
) -> Numbers:
    """Each statement's ratings: people, and the rounded count and share at each scale point."""
    import pandas as pd

    ctx = _context(cohort, threshold)
    data = _select(ctx.ratings, framework, timepoint)
    info, pts = item_info(framework), list(points(framework))
    present = set(data["item"].astype(str))
    items = [i for i in info if i in present] + sorted(present - set(info))
    totals, parts = cells_by(data, ["item"]), cells_by(data, ["item", "rating"])
    nobody = Cell(0, 0)
    rows, table_rows = [], []
    for item in items:
        cells = [parts.get((item, v), nobody) for v, _ in pts]
        size, counts, shares = ctx.policy.distribution(totals.get((item,), nobody), cells)
        statement = short(info.get(item, {}).get("statement", item), 60)
        row_text: dict[str, str] = {"statement": f"{item}: {statement}", "people": text(size)}
        for index, (value, label) in enumerate(pts):
            count = None if counts is None else counts[index]
            share = None if shares is None else shares[index]
            rows.append(
                {
                    "item": item,
                    "rating": value,
                    "label": label,
                    "people rating the statement": size,
                    "people": count,
                    "percent": share,
                    "note": HIDDEN if size is None else "",
                }
            )
            row_text[f"{value} {label}"] = _share_text(count, share)
        table_rows.append(row_text)
    columns = [
        "item",
        "rating",
        "label",
        "people rating the statement",
        "people",
        "percent",
        "note",
    ]
    cells = _typed(
        pd.DataFrame(rows, columns=columns),
        ints=("people rating the statement", "people", "percent"),
    )
    title = f"How people rated each statement: {framework_title(framework)} ({timepoint})"
    numbers = Numbers(
        f"distribution-{framework}-{timepoint}",
        "distribution",
        title,
        cells,
        pd.DataFrame(table_rows),
        "",
        scale=scale(framework),
        points=pts,
    )
    top = max(v for v, _ in pts)
    high = cells[cells["rating"] >= top - 1].groupby("item", sort=False)["percent"].sum(min_count=1)
    high = high.dropna()
    alt = (
        f"Diverging bar chart of {len(items)} statements of {framework_title(framework)} rated at "
        f"{timepoint}: the share giving each rating, lower ratings left of the centre line and "
        "higher ones right; a hidden statement has no bar."
    )
    if len(high):
        best, worst = high.idxmax(), high.idxmin()
        alt += f" Highest share rating {top - 1} or {top}: {best} ({share_words(high[best])})"
        alt += f"; lowest: {worst} ({share_words(high[worst])})."
        numbers.finding = (
            f"{framework_title(framework)} ({timepoint}): {best} has the most people rating "
            f"themselves {top - 1} or {top} ({share_words(high[best])}), {worst} the fewest "
            f"({share_words(high[worst])})."
        )
    numbers.alt = alt + " " + numbers.note() + " The table beside gives every number."
    return numbers


def _typed(frame: pd.DataFrame, ints: tuple[str, ...] = (), floats: tuple[str, ...] = ()):
    import pandas as pd

    for column in ints:
        if column in frame:
            frame[column] = pd.array(
                [None if pd.isna(v) else int(v) for v in frame[column]], "Int64"
            )
    for column in floats:
        if column in frame:
            frame[column] = pd.array(
                [None if pd.isna(v) else float(v) for v in frame[column]], "Float64"
            )
    return frame


# 2. area means by cohort ---------------------------------------------------------------------
def area_means(
    cohort: Cohort | Context, timepoint: str = "pre", threshold: int = DEFAULT_THRESHOLD
) -> Numbers:
    """Each framework area's mean rating (each person's mean over its statements), for all
    cohorts and each cohort group, with a 95% interval where there are enough people."""
    import pandas as pd

    ctx = _context(cohort, threshold)
    data = _select(ctx.ratings, None, timepoint)
    rows = []
    if len(data):
        person = (
            data.groupby(["framework", "area", "pseudonym"], observed=True)
            .agg(rating=("rating", "mean"), cohort=("cohort", "first"), key=("key", "first"))
            .reset_index()
        )
        person["group"] = person["cohort"].astype(str).map(ctx.groups).fillna(OTHER_COHORTS)
        for (framework, area), part in _grouped(person, ["framework", "area"]).items():
            low, high = scale(str(framework))
            by_group = sorted(
                _grouped(part, ["group"]).items(), key=lambda kv: (kv[0][0] == OTHER_COHORTS, kv[0])
            )
            groups = [(ALL_COHORTS, part), *by_group]
            for name, members in groups:
                name = name if isinstance(name, str) else name[0]
                values, cell = members["rating"].to_numpy(), cell_of(members["key"].to_numpy())
                label = f"area|{timepoint}|{framework}|{area}"
                mean = ctx.policy.mean(label, cell, values, low, high)
                interval = ctx.policy.interval(mean, values, low, high)
                size = ctx.policy.group_count(cell)
                rows.append(
                    {
                        "framework": str(framework),
                        "area": str(area),
                        "cohort": name,
                        "people": size,
                        "mean": mean,
                        "low": interval[0] if interval else None,
                        "high": interval[1] if interval else None,
                        "note": HIDDEN if mean is None else "",
                    }
                )
    columns = ["framework", "area", "cohort", "people", "mean", "low", "high", "note"]
    cells = _typed(pd.DataFrame(rows, columns=columns), ("people",), ("mean", "low", "high"))
    table = pd.DataFrame(
        {
            "framework": cells["framework"],
            "area": cells["area"],
            "cohort": cells["cohort"],
            "people": [text(v) for v in cells["people"]],
            "mean": [text(v, 1) for v in cells["mean"]],
            "95% interval": [
                "not shown (fewer than 10 people)" if pd.isna(a) else f"{a:.1f} to {b:.1f}"
                for a, b in zip(cells["low"], cells["high"], strict=True)
            ],
        }
    )
    title = f"Mean rating by framework area, with 95% intervals ({timepoint})"
    numbers = Numbers(f"area-means-{timepoint}", "area-means", title, cells, table, "")
    whole = cells[(cells["cohort"] == ALL_COHORTS) & cells["mean"].notna()]
    areas = len(set(zip(cells["framework"], cells["area"], strict=True)))
    alt = (
        f"Dot plot with 95% intervals of the mean rating in {areas} framework areas at "
        f"{timepoint}, for all cohorts and each cohort group, each group with its own marker."
    )
    if len(whole):
        top = whole.loc[whole["mean"].astype(float).idxmax()]
        bottom = whole.loc[whole["mean"].astype(float).idxmin()]
        alt += f" Highest overall: {top['area']} ({top['mean']:.1f}); lowest: {bottom['area']}"
        alt += f" ({bottom['mean']:.1f})."
        numbers.finding = (
            f"At {timepoint}, the cohort rates itself highest on {top['area']} "
            f"(mean {top['mean']:.1f} of 5) and lowest on {bottom['area']} "
            f"(mean {bottom['mean']:.1f})."
        )
    numbers.alt = alt + " " + numbers.note()
    return numbers


def area_heatmap(
    cohort: Cohort | Context, timepoint: str = "pre", threshold: int = DEFAULT_THRESHOLD
) -> Numbers:
    """The area means of each cohort group as a grid (rows areas, columns cohort groups)."""
    import pandas as pd

    base = area_means(cohort, timepoint, threshold)
    cells = base.cells[base.cells["cohort"] != ALL_COHORTS].reset_index(drop=True)
    cells = cells.drop(columns=["low", "high"])
    labels = list(dict.fromkeys(cells["area"] + " (" + cells["framework"] + ")"))
    groups = list(dict.fromkeys(cells["cohort"]))
    table = pd.DataFrame({"area": labels})
    for group in groups:
        part = cells[cells["cohort"] == group]
        lookup = dict(zip(part["area"] + " (" + part["framework"] + ")", part.index, strict=True))
        table[f"{group}: mean"] = [
            text(cells.at[lookup[a], "mean"], 1) if a in lookup else HIDDEN for a in labels
        ]
        table[f"{group}: people"] = [
            text(cells.at[lookup[a], "people"]) if a in lookup else HIDDEN for a in labels
        ]
    title = f"Mean rating of each framework area by cohort ({timepoint})"
    numbers = Numbers(f"area-heatmap-{timepoint}", "heatmap", title, cells, table, "")
    shown = cells[cells["mean"].notna()]
    alt = (
        f"Heatmap of mean ratings: {len(labels)} framework areas (rows) by {len(groups)} cohort "
        "groups (columns), each cell labelled with its mean; the colour scale runs from 1 to 5."
    )
    if len(shown):
        top = shown.loc[shown["mean"].astype(float).idxmax()]
        bottom = shown.loc[shown["mean"].astype(float).idxmin()]
        alt += (
            f" Highest: {top['area']} in {top['cohort']} ({top['mean']:.1f}); lowest: "
            f"{bottom['area']} in {bottom['cohort']} ({bottom['mean']:.1f})."
        )
    numbers.alt = alt + " " + numbers.note()
    return numbers


# 3. paired change ----------------------------------------------------------------------------
def paired_change(
    cohort: Cohort | Context,
    by: str = "area",
    framework: str | None = None,
    before: str = "pre",
    after: str = "post",
    threshold: int = DEFAULT_THRESHOLD,
) -> Numbers:
    """Change for the same people between two timepoints, by area or by statement."""
    import pandas as pd

    if by not in ("area", "item"):
        raise ValueError("Show change by 'area' or by 'item'.")
    ctx = _context(cohort, threshold)
    data = _select(ctx.ratings, framework, None)
    keys = ["pseudonym", "framework", "area", "item"]
    first = data[data["timepoint"] == before][[*keys, "key", "rating"]]
    second = data[data["timepoint"] == after][[*keys, "rating"]]
    first = first.astype({k: str for k in keys})
    second = second.astype({k: str for k in keys})
    both = first.merge(second, on=keys, suffixes=("_before", "_after"))
    group = ["framework", by]
    rows = []
    if len(both):
        both["change"] = both["rating_after"].astype(float) - both["rating_before"].astype(float)
        person = (
            both.groupby([*group, "pseudonym"], sort=False)
            .agg(
                before=("rating_before", "mean"),
                after=("rating_after", "mean"),
                change=("change", "mean"),
                key=("key", "first"),
            )
            .reset_index()
        )
        order = {i: n for n, i in enumerate(item_info(framework))} if framework else {}
        for (fw, name), part in sorted(
            _grouped(person, group).items(),
            key=lambda kv: (kv[0][0], order.get(kv[0][1], 99), kv[0][1]),
        ):
            low, high = scale(str(fw))
            cell = cell_of(part["key"].to_numpy())
            label = f"change|{before}|{after}|{fw}|{by}|{name}"
            published = {
                stat: ctx.policy.mean(f"{label}|{stat}", cell, part[stat].to_numpy(), lo, hi)
                for stat, lo, hi in (
                    ("before", low, high),
                    ("after", low, high),
                    ("change", low - high, high - low),
                )
            }
            interval = ctx.policy.interval(
                published["change"], part["change"].to_numpy(), low - high, high - low
            )
            hidden = any(v is None for v in published.values())
            rows.append(
                {
                    "framework": str(fw),
                    by: str(name),
                    "people": ctx.policy.group_count(cell),
                    **{k: None if hidden else v for k, v in published.items()},
                    "low": None if hidden or not interval else interval[0],
                    "high": None if hidden or not interval else interval[1],
                    "note": HIDDEN if hidden else "",
                }
            )
    columns = ["framework", by, "people", "before", "after", "change", "low", "high", "note"]
    cells = _typed(
        pd.DataFrame(rows, columns=columns),
        ("people",),
        ("before", "after", "change", "low", "high"),
    )
    what = "statement" if by == "item" else "framework area"
    table = pd.DataFrame(
        {
            what: [
                f"{n} ({fw})" if by == "area" else str(n)
                for fw, n in zip(cells["framework"], cells[by], strict=True)
            ],
            "people rating both times": [text(v) for v in cells["people"]],
            f"mean {before}": [text(v, 1) for v in cells["before"]],
            f"mean {after}": [text(v, 1) for v in cells["after"]],
            "mean change": [HIDDEN if pd.isna(v) else signed(v) for v in cells["change"]],
            "95% interval": [
                "not shown (fewer than 10 people)" if pd.isna(a) else f"{a:+.1f} to {b:+.1f}"
                for a, b in zip(cells["low"], cells["high"], strict=True)
            ],
        }
    )
    scope = f": {framework_title(framework)}" if framework else ""
    title = f"Change in rating from {before} to {after} for the same people, by {what}{scope}"
    key = f"change-{by}-{framework or 'all'}-{before}-{after}"
    lo, hi = scale(framework) if framework else (1.0, 5.0)
    numbers = Numbers(key, "change", title, cells, table, "", scale=(lo - hi, hi - lo))
    shown = cells[cells["change"].notna()]
    alt = (
        f"Dot plot with 95% intervals of the mean change in rating from {before} to {after} for "
        f"{len(cells)} {what}s, counting only people who rated both times; an upward triangle "
        "marks a rise, a downward one a fall."
    )
    if len(shown):
        up = shown.loc[shown["change"].astype(float).idxmax()]
        down = shown.loc[shown["change"].astype(float).idxmin()]
        alt += f" Largest rise: {up[by]} ({signed(up['change'])}); smallest: {down[by]}"
        alt += f" ({signed(down['change'])})."
        numbers.finding = (
            f"From {before} to {after}{scope}, the same people's ratings changed most in "
            f"{up[by]} ({signed(up['change'])} on average) and least in {down[by]} "
            f"({signed(down['change'])})."
        )
    numbers.alt = alt + " " + numbers.note()
    return numbers


# 4. councillors against officers -------------------------------------------------------------
ROLES = ("councillor", "officer")


def role_comparison(
    cohort: Cohort | Context,
    timepoint: str = "pre",
    framework: str = "health_check",
    threshold: int = DEFAULT_THRESHOLD,
) -> Numbers:
    """Councillors' and officers' mean rating of each statement, the widest gap first."""
    import pandas as pd

    ctx = _context(cohort, threshold)
    data = _select(ctx.ratings, framework, timepoint)
    info = item_info(framework)
    low, high = scale(framework)
    groups = _grouped(data, ["item", "role"])
    present = set(data["item"].astype(str))
    rows, wide = [], []
    for item in [i for i in info if i in present]:
        means: dict[str, float | None] = {}
        sizes: dict[str, int | None] = {}
        for role in ROLES:
            part = groups.get((item, role), data.iloc[:0])
            cell = cell_of(part["key"].to_numpy())
            label = f"role|{timepoint}|{framework}|{item}|{role}"
            means[role] = ctx.policy.mean(label, cell, part["rating"].to_numpy(), low, high)
            sizes[role] = ctx.policy.group_count(cell)
            rows.append(
                {
                    "item": item,
                    "role": role,
                    "people": sizes[role],
                    "mean": means[role],
                    "note": HIDDEN if means[role] is None else "",
                }
            )
        c, o = means["councillor"], means["officer"]
        gap = None if c is None or o is None else round(o - c, 1)
        wide.append(
            {
                "statement": f"{item}: {short(info[item].get('statement', item), 60)}",
                "councillors": text(sizes["councillor"]),
                "councillors' mean": text(c, 1),
                "officers": text(sizes["officer"]),
                "officers' mean": text(o, 1),
                "gap (officers minus councillors)": signed(gap),
                "_gap": gap,
                "_item": item,
            }
        )
    cells = _typed(
        pd.DataFrame(rows, columns=["item", "role", "people", "mean", "note"]),
        ("people",),
        ("mean",),
    )
    table = pd.DataFrame(wide)
    if len(table):
        order = sorted(
            range(len(wide)),
            key=lambda i: -(abs(wide[i]["_gap"]) if wide[i]["_gap"] is not None else -1),
        )
        table = table.iloc[order].reset_index(drop=True)
        cells = cells.set_index("item").loc[list(table["_item"])].reset_index()
        table = table.drop(columns=["_gap", "_item"])
    title = f"Councillors and officers on the relationship health check ({timepoint})"
    numbers = Numbers(f"roles-{timepoint}", "roles", title, cells, table, "", scale=(low, high))
    shown = [w for w in wide if w["_gap"] is not None]
    alt = (
        f"Dot plot of councillors' (circles) and officers' (squares) mean agreement with "
        f"{len(wide)} health-check statements at {timepoint}, widest gap first."
    )
    if shown:
        first = max(shown, key=lambda w: abs(w["_gap"]))
        gap = signed(first["_gap"])
        alt += f" Widest gap: {first['_item']} (officers minus councillors {gap})."
        numbers.finding = (
            f"Councillors and officers see the relationship most differently on "
            f"“{short(info[first['_item']].get('statement', first['_item']), 70)}” "
            f"(officers minus councillors {gap} at {timepoint})."
        )
    numbers.alt = alt + " " + numbers.note()
    return numbers


# 5. relationship maps ------------------------------------------------------------------------
def relationship_patterns(
    cohort: Cohort | Context,
    threshold: int = DEFAULT_THRESHOLD,
    important: int | None = None,
    weak: int | None = None,
) -> Numbers:
    """For each category, the people who mapped a relationship of it and how many of them rated
    one important (at least ``important``) but weak (at most ``weak``)."""
    import pandas as pd

    from ..logic.relationship_map import category_labels, develop_first_thresholds

    if important is None or weak is None:  # the course's rule, from data/scales.csv
        important, weak = develop_first_thresholds()
    ctx = _context(cohort, threshold)
    labels = category_labels()
    data = ctx.relmap
    rows, table_rows = [], []
    if len(data):
        flagged = data.assign(
            flag=(data["importance"].fillna(0) >= important) & (data["quality"].fillna(99) <= weak)
        )
        person = (
            flagged.groupby(["category", "pseudonym"], observed=True)
            .agg(
                flag=("flag", "max"),
                importance=("importance", "mean"),
                quality=("quality", "mean"),
                key=("key", "first"),
            )
            .reset_index()
        )
        parts = _grouped(person, ["category"])
        for category in [c for c in labels if (c,) in parts]:
            part = parts[(category,)]
            keys = part["key"].to_numpy()
            flag = part["flag"].to_numpy(bool)
            size, counts, shares = ctx.policy.distribution(
                cell_of(keys), [cell_of(keys[flag]), cell_of(keys[~flag])]
            )
            means = {}
            for stat in ("importance", "quality"):
                values = part[stat].dropna()
                subset = part.loc[values.index, "key"].to_numpy()
                means[stat] = ctx.policy.mean(
                    f"relmap|{category}|{stat}", cell_of(subset), values.to_numpy(float), 1, 5
                )
            # One group, one row: if its split or either mean must be hidden, the row shows
            # nothing (as the change chart does). Means beside a split hidden because all or all
            # but one are flagged would make that shared answer likely (class disclosure).
            if counts is None or shares is None or None in means.values():
                size, counts, shares = None, None, None
                means = dict.fromkeys(means)
            rows.append(
                {
                    "category": labels[category],
                    "people who mapped one": size,
                    "important but weak": None if counts is None else counts[0],
                    "percent": None if shares is None else shares[0],
                    "mean importance": means["importance"],
                    "mean quality": means["quality"],
                    "note": HIDDEN if counts is None else "",
                }
            )
            table_rows.append(
                {
                    "category": labels[category],
                    "people who mapped one": text(size),
                    "of them: one important but weak": _share_text(
                        None if counts is None else counts[0], None if shares is None else shares[0]
                    ),
                    "mean importance": text(means["importance"], 1),
                    "mean quality": text(means["quality"], 1),
                }
            )
    columns = [
        "category",
        "people who mapped one",
        "important but weak",
        "percent",
        "mean importance",
        "mean quality",
        "note",
    ]
    cells = _typed(
        pd.DataFrame(rows, columns=columns),
        ("people who mapped one", "important but weak", "percent"),
        ("mean importance", "mean quality"),
    )
    title = "Relationships rated important but weak, by category"
    numbers = Numbers(
        "relationship-patterns", "patterns", title, cells, pd.DataFrame(table_rows), ""
    )
    shown = cells[cells["percent"].notna()]
    alt = (
        f"Bar chart: for {len(cells)} categories of working relationship, the share of people who "
        f"mapped one and rated it important (at least {important}) but weak (at most {weak})."
    )
    if len(shown):
        top = shown.loc[shown["percent"].astype(float).idxmax()]
        alt += f" Highest: {top['category']} ({share_words(top['percent'])})."
        numbers.finding = (
            f"The relationships most often rated important but weak are with "
            f"{top['category'].lower()} ({share_words(top['percent'])} of the people who mapped "
            "one)."
        )
    numbers.alt = alt + " " + numbers.note()
    return numbers


# 6. knowledge checks and scenario paths ------------------------------------------------------
def knowledge_checks(cohort: Cohort | Context, threshold: int = DEFAULT_THRESHOLD) -> Numbers:
    """How the cohort answered each knowledge check: right, partly right or wrong."""
    import pandas as pd

    from ..logic.knowledge_check import check_ids, load_check

    ctx = _context(cohort, threshold)
    data = ctx.checks
    present = set(data["check"].astype(str))
    order = [c for c in check_ids() if c in present] + sorted(present - set(check_ids()))
    groups = _grouped(data, ["check"])
    rows, table_rows = [], []
    for check in order:
        part = groups[(check,)]
        by = {o: g["key"].to_numpy() for o, g in part.groupby("outcome", observed=True)}
        size, counts, shares = ctx.policy.distribution(
            cell_of(part["key"].to_numpy()), [cell_of(by.get(o, [])) for o in OUTCOMES]
        )
        try:
            prompt = load_check(check).prompt
        except KeyError:
            prompt = check
        row_text = {"question": short(prompt, 70), "people": text(size)}
        for index, outcome in enumerate(OUTCOMES):
            count = None if counts is None else counts[index]
            share = None if shares is None else shares[index]
            rows.append(
                {
                    "check": check,
                    "question": short(prompt, 70),
                    "outcome": outcome,
                    "people who answered": size,
                    "people": count,
                    "percent": share,
                    "note": HIDDEN if size is None else "",
                }
            )
            row_text[outcome] = _share_text(count, share)
        table_rows.append(row_text)
    columns = ["check", "question", "outcome", "people who answered", "people", "percent", "note"]
    cells = _typed(
        pd.DataFrame(rows, columns=columns), ("people who answered", "people", "percent")
    )
    title = "Workshop debrief: knowledge checks"
    numbers = Numbers("knowledge-checks", "checks", title, cells, pd.DataFrame(table_rows), "")
    right = cells[(cells["outcome"] == "right") & cells["percent"].notna()]
    alt = (
        f"Stacked bar chart of how people answered {len(order)} knowledge checks: right, partly "
        "right (dotted) or wrong (crossed); a hidden check has no bar."
    )
    if len(right):
        worst = right.loc[right["percent"].astype(float).idxmin()]
        alt += f" Least often right: {worst['question']} ({share_words(worst['percent'])})."
        numbers.finding = (
            f"The knowledge check answered right least often: “{worst['question']}” "
            f"({share_words(worst['percent'])} right): worth revisiting in the debrief."
        )
    numbers.alt = alt + " " + numbers.note()
    return numbers


def scenario_paths(cohort: Cohort | Context, threshold: int = DEFAULT_THRESHOLD) -> Numbers:
    """Which routes the cohort took through each scenario. A route is named only when at least
    ``threshold`` people took it; rarer routes are counted together, never listed."""
    import pandas as pd

    from ..logic.scenario import QUALITY_SHORT, load_scenario, scenario_ids

    ctx = _context(cohort, threshold)
    data = ctx.paths
    present = set(data["scenario"].astype(str))
    groups = _grouped(data, ["scenario"])
    rows, table_rows = [], []
    for sid in [s for s in scenario_ids() if s in present]:
        scenario = load_scenario(sid)
        part = groups[(sid,)]
        by_path = {str(p): g["key"].to_numpy() for p, g in part.groupby("path", observed=True)}
        common = sorted(
            (p for p, k in by_path.items() if len(k) >= ctx.policy.threshold),
            key=lambda p: (-len(by_path[p]), p),
        )
        rare = [k for p, k in by_path.items() if p not in common]
        import numpy as np

        named = [cell_of(by_path[p]) for p in common]
        other = cell_of(np.concatenate(rare) if rare else [])
        size, counts, shares = ctx.policy.distribution(
            cell_of(part["key"].to_numpy()), [*named, other]
        )
        labels = [_route_words(scenario, p, QUALITY_SHORT) for p in common] + [OTHER_PATHS]
        if size is None:
            labels = ["all paths"]
        for index, label in enumerate(labels):
            count = None if counts is None else counts[index]
            share = None if shares is None else shares[index]
            if count == 0 and label == OTHER_PATHS:
                continue
            rows.append(
                {
                    "scenario": scenario.title,
                    "challenge": scenario.challenge,
                    "path": label,
                    "people who played it": size,
                    "people": count,
                    "percent": share,
                    "note": HIDDEN if size is None else "",
                }
            )
            table_rows.append(
                {"scenario": scenario.title, "path": label, "people": _share_text(count, share)}
            )
    columns = ["scenario", "challenge", "path", "people who played it", "people", "percent", "note"]
    cells = _typed(
        pd.DataFrame(rows, columns=columns), ("people who played it", "people", "percent")
    )
    title = "Workshop debrief: paths through the scenarios"
    table = pd.DataFrame(table_rows, columns=["scenario", "path", "people"])
    numbers = Numbers("scenario-paths", "paths", title, cells, table, "")
    alt = (
        f"Bar chart of the paths people took through {cells['scenario'].nunique()} scenarios; a "
        "path is named only when enough people took it, and each choice is marked strong, "
        "reasonable or risky."
    )
    top = cells[cells["percent"].notna() & (cells["path"] != OTHER_PATHS)]
    if len(top):
        first = top.loc[top["percent"].astype(float).idxmax()]
        alt += (
            f" Most common: {first['path']} in {first['scenario']} "
            f"({share_words(first['percent'])})."
        )
    numbers.alt = alt + " " + numbers.note()
    return numbers


def _route_words(scenario: Any, path: str, quality: dict[str, str]) -> str:
    words = []
    for choice_id in path.split(" → "):
        choice = scenario.choice(choice_id)
        words.append(
            f"{short(choice.label, 40)} ({quality.get(choice.quality, choice.quality)})"
            if choice
            else "a choice no longer in the course"
        )
    return " → ".join(words)


# 7. rankings (the registry's ranking kind) ---------------------------------------------------
def ranking(
    cohort: Cohort | Context,
    table: str = "rankings",
    threshold: int = DEFAULT_THRESHOLD,
) -> Numbers:
    """For each ranking and each of its items: how many people put it at each place (rounded,
    through :meth:`Policy.distribution`, so a group below the threshold or one where all or all
    but one agree is hidden) and its mean place (perturbed like any mean). The table has one row
    per person, ranking and item, with columns ``ranking``, ``item`` and ``position`` (1 = top)."""
    import pandas as pd

    ctx = _context(cohort, threshold)
    frames = ctx.cohort.tables() if hasattr(ctx.cohort, "tables") else {}
    data = frames.get(table)
    rows, table_rows = [], []
    if data is not None and len(data):
        data = data.assign(key=keys_of(data["pseudonym"]))
        for (name,), part in _grouped(data, ["ranking"]).items():
            places = sorted(int(p) for p in part["position"].dropna().unique())
            for (item,), answers in _grouped(part, ["item"]).items():
                by_place = {
                    int(p): g["key"].to_numpy()
                    for p, g in answers.groupby("position", observed=True)
                }
                size, counts, shares = ctx.policy.distribution(
                    cell_of(answers["key"].to_numpy()),
                    [cell_of(by_place.get(p, [])) for p in places],
                )
                mean = ctx.policy.mean(
                    f"rank|{name}|{item}",
                    cell_of(answers["key"].to_numpy()),
                    answers["position"].to_numpy(float),
                    1,
                    max(places),
                )
                text_row = {"ranking": str(name), "item": str(item), "people": text(size)}
                for index, place in enumerate(places):
                    count = None if counts is None else counts[index]
                    share = None if shares is None else shares[index]
                    rows.append(
                        {
                            "ranking": str(name),
                            "item": str(item),
                            "place": place,
                            "people ranking it": size,
                            "people": count,
                            "percent": share,
                            "mean place": mean,
                            "note": HIDDEN if size is None else "",
                        }
                    )
                    text_row[f"place {place}"] = _share_text(count, share)
                text_row["mean place"] = text(mean, 1)
                table_rows.append(text_row)
    columns = [
        "ranking",
        "item",
        "place",
        "people ranking it",
        "people",
        "percent",
        "mean place",
        "note",
    ]
    cells = _typed(
        pd.DataFrame(rows, columns=columns),
        ("people ranking it", "people", "percent"),
        ("mean place",),
    )
    title = "How people ranked the items"
    numbers = Numbers("rankings", "rankings", title, cells, pd.DataFrame(table_rows), "")
    numbers.alt = (
        f"Table of how people ranked {len(table_rows)} items: the share putting each at each "
        "place, and its mean place. " + numbers.note()
    )
    return numbers


# the summary ---------------------------------------------------------------------------------
def summary(cohort: Cohort | Context, threshold: int = DEFAULT_THRESHOLD) -> dict[str, Numbers]:
    """People in each cohort, each role and each jurisdiction, through the policy."""
    import pandas as pd

    ctx = _context(cohort, threshold)
    people = ctx.cohort.people()
    people = people.assign(key=keys_of(people["pseudonym"]))
    out = {}
    for column, caption in (
        ("cohort", "People in each cohort"),
        ("role", "Councillors and officers"),
        ("jurisdiction", "Councils in England and Scotland"),
    ):
        rows = []
        for (value,), part in sorted(_grouped(people, [column]).items()):
            size = ctx.policy.group_count(cell_of(part["key"].to_numpy()))
            rows.append({column: value, "people": size, "note": HIDDEN if size is None else ""})
        cells = _typed(pd.DataFrame(rows, columns=[column, "people", "note"]), ("people",))
        table = pd.DataFrame({column: cells[column], "people": [text(v) for v in cells["people"]]})
        out[caption] = Numbers(caption, "summary", caption, cells, table, caption)
    return out


def people_covered(cohort: Cohort | Context, threshold: int = DEFAULT_THRESHOLD) -> int | None:
    """How many people the report covers, rounded; None below the threshold."""
    ctx = _context(cohort, threshold)
    people = ctx.cohort.people()
    return ctx.policy.group_count(cell_of(keys_of(people["pseudonym"])))
