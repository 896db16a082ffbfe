"""The cohort report: one self-contained HTML file, plus CSV or Excel exports of the aggregates.

The report opens with key findings an L&D lead can read in a minute, then who it covers and how
they are protected, then every chart with its alt text and its numbers beside it. Images are
embedded as data URIs so the file can be emailed or archived on its own. Exports hold only the
protected aggregates, never a row per person.
"""

from __future__ import annotations

import html
import os
import re
from collections import Counter
from dataclasses import dataclass, field
from datetime import UTC, datetime
from pathlib import Path
from typing import TYPE_CHECKING

from ..activities import TIMEPOINTS
from ..kinds import KINDS, resolve
from . import numbers as nums
from .charts import OTHER_COHORTS, Chart, frame_html
from .disclosure import BASE, DEFAULT_THRESHOLD, HIDDEN, MIN_INTERVAL_PEOPLE, check_threshold
from .loader import Cohort, load_cohort
from .numbers import Context, Numbers

if TYPE_CHECKING:
    import pandas as pd

STYLE = """
body{font-family:system-ui,sans-serif;max-width:75rem;margin:2rem auto;padding:0 1rem;color:#1a1a1a}
h1,h2,h3{line-height:1.2} .cg-pair{display:flex;flex-wrap:wrap;gap:1.5rem;align-items:flex-start}
figure{margin:0;max-width:100%} img{max-width:100%;height:auto}
.cg-findings{border-left:6px solid #1d70b8;padding:.25rem 1rem;background:#f3f8fc}
figcaption{font-size:.9rem;max-width:45rem}
table{border-collapse:collapse;font-size:.85rem;margin:.5rem 0}
caption{text-align:left;font-weight:600}
th,td{border:1px solid #888;padding:.2rem .4rem;text-align:left} th{background:#eee}
.cg-banner{border:2px solid #000;padding:.5rem 1rem;background:#fff8e0}
"""


@dataclass
class Report:
    """A built report: the summary tables and the charts, ready to write in any format."""

    cohort: Cohort
    threshold: int
    charts: list[Chart]
    summary: dict[str, Numbers]
    people: int | None
    merged_cohorts: list[str] = field(default_factory=list)

    def hidden(self) -> int:
        """Published numbers hidden across the whole report."""
        return sum(c.hidden() for c in self.charts) + sum(s.hidden for s in self.summary.values())

    def file_problems(self) -> Counter[str]:
        """Files left out, by kind of problem (names are not in the report: paths carry ids)."""
        return Counter(p.reason.split(":")[0] for p in self.cohort.problems)

    def findings(self) -> list[str]:
        """Key findings, one sentence each, written from published numbers only."""
        seen: set[str] = set()
        found = []
        for chart in self.charts:  # the first finding of each kind: area, change, roles, ...
            if chart.numbers.finding and chart.numbers.kind not in seen:
                seen.add(chart.numbers.kind)
                found.append(chart.numbers.finding)
        return found

    # html --------------------------------------------------------------------------------------
    def html(self) -> str:
        return "\n".join(
            [
                '<!DOCTYPE html><html lang="en-GB"><head><meta charset="utf-8">',
                "<title>Common Ground cohort report</title>",
                '<meta name="viewport" content="width=device-width, initial-scale=1">',
                f"<style>{STYLE}</style></head><body><main>",
                "<h1>Common Ground cohort report</h1>",
                self.findings_html(),
                self.summary_html(),
                "<h2>Contents</h2><ul>"
                + "".join(
                    f'<li><a href="#{html.escape(c.key)}">{html.escape(c.title)}</a></li>'
                    for c in self.charts
                )
                + "</ul>",
                *(chart.html() for chart in self.charts),
                "</main></body></html>",
            ]
        )

    def findings_html(self) -> str:
        who = (
            f"about {self.people} people"
            if self.people is not None
            else f"fewer than {self.threshold} people, so no numbers can be shown"
        )
        items = "".join(f"<li>{html.escape(f)}</li>" for f in self.findings())
        body = f"<ul>{items}</ul>" if items else "<p>There are too few answers for findings.</p>"
        return (
            '<section class="cg-findings" aria-labelledby="findings"><h2 id="findings">Key '
            f"findings</h2><p>This report covers {who}.</p>{body}</section>"
        )

    def summary_html(self) -> str:
        t = self.threshold
        parts = []
        if self.cohort.synthetic:
            parts.append(
                '<p class="cg-banner"><strong>Synthetic data:</strong> every answer in this report '
                "was invented by <code>commonground synth</code>; no real person is described.</p>"
            )
        who = (
            f"about {self.people} people"
            if self.people is not None
            else f"fewer than {t} people, so no numbers can be shown"
        )
        parts.append(
            f"<h2>Who this report covers</h2><p>This report covers {who}, made on "
            f"{datetime.now(UTC).strftime('%d %B %Y')}.</p>"
        )
        for name, numbers in self.summary.items():
            parts.append(frame_html(name, numbers.table))
        parts.append("<h2>How people are protected, and what was hidden</h2>")
        parts.append(
            f"<p>Every count of people is rounded to a multiple of {BASE} (a 0 can stand for a "
            f"few people, a {BASE} for anything from 1 to 9), and every mean is shown to one "
            "decimal with a little noise added, so no one person's answers can be worked out, "
            "not even by comparing this report with another. A group of fewer than "
            f"{t} people, or one in which all or all but one gave the same answer, is not shown "
            f"at all and says <em>{HIDDEN}</em>. Intervals are shown only for "
            f"{MIN_INTERVAL_PEOPLE} or more people.</p>"
        )
        parts.append(f"<p>In this report {self.hidden()} rows were {HIDDEN}.</p>")
        if self.merged_cohorts:
            parts.append(
                f"<p>{len(self.merged_cohorts)} cohorts were too small to show on their own and "
                f"are shown together as <em>{html.escape(OTHER_COHORTS)}</em>.</p>"
            )
        problems = self.file_problems()
        left_out = sum(problems.values())
        if left_out or self.cohort.dropped:
            parts.append(
                f"<h2>Files left out</h2><p>{left_out} answers files could not be used and are "
                "not counted anywhere in this report, and "
                f"{len(self.cohort.dropped)} answers unknown to this course version were "
                "dropped; the command that made the report lists them by name.</p>"
            )
        return "\n".join(parts)

    def write_html(self, path: str | os.PathLike[str]) -> Path:
        path = Path(path)
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_text(self.html(), encoding="utf-8")
        return path

    # exports -----------------------------------------------------------------------------------
    def aggregates(self) -> dict[str, pd.DataFrame]:
        """Every protected table by a short name: the same numbers as the page, at its
        precision; a hidden number is empty and its note says only that it is hidden."""
        out = {name: numbers.cells for name, numbers in self.summary.items()}
        for chart in self.charts:
            out[chart.key] = chart.cells
        return out

    def write_csv(self, folder: str | os.PathLike[str]) -> list[Path]:
        folder = Path(folder)
        folder.mkdir(parents=True, exist_ok=True)
        written = []
        for name, frame in self.aggregates().items():
            path = folder / f"{_slug(name)}.csv"
            frame.to_csv(path, index=False, float_format="%.1f")
            written.append(path)
        return written

    def write_xlsx(self, path: str | os.PathLike[str]) -> Path:
        import pandas as pd

        path = Path(path)
        path.parent.mkdir(parents=True, exist_ok=True)
        used: set[str] = set()
        with pd.ExcelWriter(path, engine="openpyxl") as writer:
            for name, frame in self.aggregates().items():
                sheet = _slug(name)[:28]
                while sheet in used:
                    sheet = sheet[:26] + f"{len(used):02d}"
                used.add(sheet)
                frame.to_excel(writer, sheet_name=sheet, index=False)
        return path

    def _repr_html_(self) -> str:
        return (self.findings_html() if self.charts else "") + self.summary_html()

    def __repr__(self) -> str:
        return f"Report({len(self.charts)} charts; {self.hidden()} rows {HIDDEN})"


def _slug(name: str) -> str:
    return re.sub(r"[^a-z0-9]+", "-", name.lower()).strip("-") or "table"


def build_report(cohort: Cohort, threshold: int = DEFAULT_THRESHOLD) -> Report:
    """Every chart the cohort's answers allow, through the disclosure policy at ``threshold``."""
    ctx = Context.of(cohort, check_threshold(threshold))
    ratings = cohort.ratings
    timepoints = [t for t in TIMEPOINTS if t in set(ratings["timepoint"].astype(str))]
    frameworks = [f for f in dict.fromkeys(ratings["framework"].astype(str))]
    order = ["trust", "health_check", "challenge", "councillor_skills", "nos_sfjc21"]
    frameworks = sorted(frameworks, key=lambda f: (order.index(f) if f in order else 99, f))
    made: list[Numbers] = []
    for timepoint in timepoints:
        made.append(nums.area_means(ctx, timepoint))
    for later in timepoints[1:]:
        made.append(nums.paired_change(ctx, "area", None, timepoints[0], later))
    if "health_check" in frameworks:
        made += [nums.role_comparison(ctx, timepoint) for timepoint in timepoints]
    tables = cohort.tables()
    for kind in KINDS.values():  # each kind's own chart, named in the registry
        spec = kind.cohort
        if spec is not None and spec.chart and len(tables.get(spec.name, ())):
            made.append(resolve(spec.chart)(ctx))
    for timepoint in timepoints:
        made += [nums.distribution(ctx, framework, timepoint) for framework in frameworks]
        made.append(nums.area_heatmap(ctx, timepoint))
    if len(timepoints) > 1:
        made += [
            nums.paired_change(ctx, "item", framework, timepoints[0], timepoints[1])
            for framework in frameworks
        ]
    merged = sorted(name for name, label in ctx.groups.items() if label == OTHER_COHORTS)
    return Report(
        cohort,
        ctx.policy.threshold,
        [Chart(n) for n in made],
        nums.summary(ctx),
        nums.people_covered(ctx),
        merged,
    )


def report(
    *sources: str | os.PathLike[str],
    threshold: int = DEFAULT_THRESHOLD,
    key_file: str | os.PathLike[str] | None = None,
) -> Report:
    """Load ``sources`` and build the report: ``report("submitted").write_html("r.html")``."""
    return build_report(load_cohort(*sources, key_file=key_file), threshold)
