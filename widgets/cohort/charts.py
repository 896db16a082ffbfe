"""The cohort charts an analyst calls: protected numbers (:mod:`.numbers`) drawn (:mod:`.drawing`).

Each function returns a :class:`Chart`: the numbers, the figure drawn from them only, the alt
text and the table beside it. Displayed in a notebook it shows the image, the alt text and the
table, all protected (see :mod:`widgets.cohort.disclosure`).
"""

from __future__ import annotations

import html
import math
from dataclasses import dataclass, field
from typing import TYPE_CHECKING, Any

from ..markup import table_html
from ..palette import PALETTE
from . import numbers as nums
from .disclosure import DEFAULT_THRESHOLD, HIDDEN, check_threshold
from .loader import Cohort
from .numbers import OTHER_COHORTS, Context, Numbers

if TYPE_CHECKING:
    import pandas as pd
    from matplotlib.figure import Figure

__all__ = [
    "OTHER_COHORTS",
    "PALETTE",
    "Chart",
    "area_heatmap",
    "area_means",
    "cohort_groups",
    "frame_html",
    "knowledge_checks",
    "paired_change",
    "rating_distribution",
    "relationship_patterns",
    "role_comparison",
    "scenario_paths",
]


@dataclass
class Chart:
    """One chart: its protected numbers, and the figure drawn from them on first use."""

    numbers: Numbers
    _figure: Any = field(default=None, repr=False)

    @property
    def key(self) -> str:
        return self.numbers.key

    @property
    def title(self) -> str:
        return self.numbers.title

    @property
    def alt(self) -> str:
        return self.numbers.alt

    @property
    def table(self) -> pd.DataFrame:
        return self.numbers.table

    @property
    def cells(self) -> pd.DataFrame:
        """The protected numbers (what the exports hold)."""
        return self.numbers.cells

    @property
    def note(self) -> str:
        return self.numbers.note()

    @property
    def figure(self) -> Figure:
        if self._figure is None:
            from .drawing import draw

            self._figure = draw(self.numbers)
        return self._figure

    def hidden(self) -> int:
        return self.numbers.hidden

    def image_html(self) -> str:
        from .drawing import DPI, data_uri

        width = int(self.figure.get_figwidth() * DPI)
        return (
            f'<img src="{data_uri(self.figure)}" width="{width}" '
            f'alt="{html.escape(self.alt, quote=True)}">'
        )

    def table_html(self) -> str:
        return frame_html(self.title + ": the numbers", self.table)

    def html(self) -> str:
        return (
            f'<section class="cg-chart" id="{html.escape(self.key)}"><h3>{html.escape(self.title)}'
            f'</h3><figure>{self.image_html()}<figcaption aria-hidden="true">'
            f"{html.escape(self.alt)}</figcaption></figure>{self.table_html()}"
            f"<p>{html.escape(self.note)}</p></section>"
        )

    def _repr_html_(self) -> str:
        return self.html()

    def __repr__(self) -> str:
        return f"Chart({self.title!r}; {self.note})"


def frame_html(caption: str, frame: pd.DataFrame) -> str:
    """A DataFrame as an accessible HTML table (header cells with scope, a caption)."""
    rows = [[_cell(v) for v in row] for row in frame.itertuples(index=False)]
    return table_html(caption, list(frame.columns), rows, empty="No answers to show.")


def _cell(value: Any) -> str:
    if value is None:
        return HIDDEN
    if isinstance(value, float):
        return HIDDEN if math.isnan(value) else f"{value:.1f}"
    return str(value)


def _ctx(cohort: Cohort | Context, threshold: int) -> Context:
    check_threshold(threshold)
    return cohort if isinstance(cohort, Context) else Context.of(cohort, threshold)


def cohort_groups(cohort: Cohort, threshold: int = DEFAULT_THRESHOLD) -> dict[str, str]:
    """Cohort -> the label charts use: cohorts below the threshold share one "other" group."""
    return _ctx(cohort, threshold).groups


def rating_distribution(
    cohort: Cohort | Context,
    framework: str = "trust",
    timepoint: str = "pre",
    threshold: int = DEFAULT_THRESHOLD,
) -> Chart:
    """Diverging stacked bars of each statement's ratings (hidden statements have no bar)."""
    return Chart(nums.distribution(_ctx(cohort, threshold), framework, timepoint))


def area_means(
    cohort: Cohort | Context, timepoint: str = "pre", threshold: int = DEFAULT_THRESHOLD
) -> Chart:
    """Each framework area's mean rating with a 95% interval, for all cohorts and each cohort."""
    return Chart(nums.area_means(_ctx(cohort, threshold), timepoint))


def area_heatmap(
    cohort: Cohort | Context, timepoint: str = "pre", threshold: int = DEFAULT_THRESHOLD
) -> Chart:
    """Framework areas by cohort: each cell's mean written in it; the scale spans 1 to 5."""
    return Chart(nums.area_heatmap(_ctx(cohort, threshold), timepoint))


def paired_change(
    cohort: Cohort | Context,
    by: str = "area",
    framework: str | None = None,
    before: str = "pre",
    after: str = "post",
    threshold: int = DEFAULT_THRESHOLD,
) -> Chart:
    """Change in rating for the same people between two timepoints, by area or statement."""
    return Chart(nums.paired_change(_ctx(cohort, threshold), by, framework, before, after))


def role_comparison(
    cohort: Cohort | Context,
    timepoint: str = "pre",
    framework: str = "health_check",
    threshold: int = DEFAULT_THRESHOLD,
) -> Chart:
    """Councillors' and officers' mean agreement with each health-check statement."""
    return Chart(nums.role_comparison(_ctx(cohort, threshold), timepoint, framework))


def relationship_patterns(
    cohort: Cohort | Context,
    threshold: int = DEFAULT_THRESHOLD,
    important: int | None = None,
    weak: int | None = None,
) -> Chart:
    """For each category, the share of people who mapped one rated important but weak."""
    return Chart(
        nums.relationship_patterns(_ctx(cohort, threshold), important=important, weak=weak)
    )


def knowledge_checks(cohort: Cohort | Context, threshold: int = DEFAULT_THRESHOLD) -> Chart:
    """How the cohort answered each knowledge check: right, partly right or wrong."""
    return Chart(nums.knowledge_checks(_ctx(cohort, threshold)))


def scenario_paths(cohort: Cohort | Context, threshold: int = DEFAULT_THRESHOLD) -> Chart:
    """Which routes the cohort took through each scenario; rare routes are never named."""
    return Chart(nums.scenario_paths(_ctx(cohort, threshold)))
