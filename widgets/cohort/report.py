"""The cohort report: one self-contained HTML file, plus CSV or Excel exports of the aggregates.

The report opens with the cohort's size and what was hidden and why, then every chart with its alt
text and its numbers beside it. Images are embedded as data URIs so the file can be emailed or
archived on its own. Exports hold only the protected aggregates, never a row per person.
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
from .charts import (
    OTHER_COHORTS,
    Chart,
    area_heatmap,
    area_means,
    cohort_groups,
    frame_html,
    knowledge_checks,
    paired_change,
    rating_distribution,
    relationship_patterns,
    role_comparison,
    scenario_paths,
)
from .disclosure import COMPLEMENT, DEFAULT_THRESHOLD, SMALL, check_threshold, protect, safe_total
from .loader import Cohort, load_cohort

if TYPE_CHECKING:
    import pandas as pd

STYLE = """
body{font-family:system-ui,sans-serif;max-width:75rem;margin:2rem auto;padding:0 1rem;color:#1a1a1a}
h1,h2,h3{line-height:1.2} .cg-pair{display:flex;flex-wrap:wrap;gap:1.5rem;align-items:flex-start}
figure{margin:0;max-width:100%} img{max-width:100%;height:auto}
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
    summary: dict[str, pd.DataFrame]
    summary_cells: dict[str, pd.DataFrame]
    people: int | None
    merged_cohorts: list[str] = field(default_factory=list)

    def hidden(self) -> Counter[str]:
        """Cells hidden across the whole report, by reason."""
        counts: Counter[str] = Counter()
        for chart in self.charts:
            counts.update({k: v for k, v in chart.hidden().items() if v})
        for cells in self.summary_cells.values():
            counts.update(r for r in cells["hidden"] if r)
        return counts

    def file_problems(self) -> Counter[str]:
        """Files left out, by kind of problem (names are not in the report: paths carry ids)."""
        return Counter(p.reason.split(":")[0] for p in self.cohort.problems)

    # html --------------------------------------------------------------------------------------
    def html(self) -> str:
        return "\n".join(
            [
                '<!DOCTYPE html><html lang="en-GB"><head><meta charset="utf-8">',
                "<title>Common Ground cohort report</title>",
                '<meta name="viewport" content="width=device-width, initial-scale=1">',
                f"<style>{STYLE}</style></head><body><main>",
                "<h1>Common Ground cohort report</h1>",
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

    def summary_html(self) -> str:
        t = self.threshold
        parts = []
        if self.cohort.synthetic:
            parts.append(
                '<p class="cg-banner"><strong>Synthetic data:</strong> every answer in this report '
                "was invented by <code>commonground synth</code>; no real person is described.</p>"
            )
        who = (
            f"{self.people} people"
            if self.people is not None
            else f"fewer than {t} people, so no numbers can be shown"
        )
        parts.append(
            f"<h2>Who this report covers</h2><p>This report covers {who}, from "
            f"{self.cohort.files} answers files, made on "
            f"{datetime.now(UTC).strftime('%d %B %Y')}.</p>"
        )
        for name, table in self.summary.items():
            parts.append(frame_html(name, table))
        hidden = self.hidden()
        parts.append("<h2>What was hidden, and why</h2>")
        parts.append(
            f"<p>No count, percentage or mean is shown for a group of fewer than {t} people, "
            "because a number about so few people could tell you about one of them. When a total "
            "is shown and only one of its parts is hidden, that part could be worked out by "
            "subtraction, so the next smallest part is hidden too. Hidden numbers say "
            "<em>hidden</em> in the tables and are hatched in the charts.</p>"
        )
        parts.append(
            f"<p>In this report {hidden.get(SMALL, 0)} numbers were hidden because their group "
            f"had fewer than {t} people, and {hidden.get(COMPLEMENT, 0)} more so that those "
            "could not be worked out from the others.</p>"
        )
        if self.merged_cohorts:
            parts.append(
                f"<p>{len(self.merged_cohorts)} cohorts were too small to show on their own (or "
                "would have let a small one be worked out) and are shown together as "
                f"<em>{html.escape(OTHER_COHORTS)}</em>.</p>"
            )
        problems = self.file_problems()
        if problems:
            listed = "".join(
                f"<li>{n} {'file' if n == 1 else 'files'}: {html.escape(k)}</li>"
                for k, n in sorted(problems.items())
            )
            parts.append(
                "<h2>Files left out</h2><p>These files could not be used and are not counted "
                "anywhere in this report (the command that made it lists them by name):</p>"
                f"<ul>{listed}</ul>"
            )
        return "\n".join(parts)

    def write_html(self, path: str | os.PathLike[str]) -> Path:
        path = Path(path)
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_text(self.html(), encoding="utf-8")
        return path

    # exports -----------------------------------------------------------------------------------
    def aggregates(self) -> dict[str, pd.DataFrame]:
        """Every protected aggregate by a short name: hidden numbers are empty, with the reason."""
        out = dict(self.summary_cells)
        for chart in self.charts:
            out[chart.key] = chart.cells
        return out

    def write_csv(self, folder: str | os.PathLike[str]) -> list[Path]:
        folder = Path(folder)
        folder.mkdir(parents=True, exist_ok=True)
        written = []
        for name, frame in self.aggregates().items():
            path = folder / f"{_slug(name)}.csv"
            frame.to_csv(path, index=False)
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
        return self.summary_html()


def _slug(name: str) -> str:
    return re.sub(r"[^a-z0-9]+", "-", name.lower()).strip("-") or "table"


def _summary(cohort: Cohort, threshold: int) -> tuple[dict, dict]:
    import pandas as pd

    people = cohort.people()
    tables, cells = {}, {}
    for column, caption in (
        ("cohort", "People in each cohort"),
        ("role", "Councillors and officers"),
        ("jurisdiction", "Councils in England and Scotland"),
    ):
        counts = (
            people.groupby(column).size().rename("n").reset_index()
            if len(people)
            else (pd.DataFrame(columns=[column, "n"]))
        )
        protected = protect(counts, threshold=threshold, margins=[()])
        cells[caption] = protected
        tables[caption] = pd.DataFrame(
            {
                column: protected[column].astype(str),
                "people": ["hidden" if pd.isna(n) else str(int(n)) for n in protected["n"]],
            }
        )
    return tables, cells


def build_report(cohort: Cohort, threshold: int = DEFAULT_THRESHOLD) -> Report:
    """Every chart the cohort's answers allow, with disclosure control at ``threshold``."""
    threshold = check_threshold(threshold)
    ratings = cohort.ratings
    timepoints = [t for t in TIMEPOINTS if t in set(ratings["timepoint"].astype(str))]
    frameworks = [f for f in dict.fromkeys(ratings["framework"].astype(str))]
    order = ["trust", "health_check", "challenge", "councillor_skills", "nos_sfjc21"]
    frameworks = sorted(frameworks, key=lambda f: (order.index(f) if f in order else 99, f))
    charts: list[Chart] = []
    for timepoint in timepoints:
        for framework in frameworks:
            charts.append(rating_distribution(cohort, framework, timepoint, threshold))
    for timepoint in timepoints:
        charts.append(area_means(cohort, timepoint, threshold))
        charts.append(area_heatmap(cohort, timepoint, threshold))
    for later in timepoints[1:]:
        charts.append(paired_change(cohort, "area", None, timepoints[0], later, threshold))
    if len(timepoints) > 1:
        for framework in frameworks:
            charts.append(
                paired_change(cohort, "item", framework, timepoints[0], timepoints[1], threshold)
            )
    if "health_check" in frameworks:
        for timepoint in timepoints:
            charts.append(role_comparison(cohort, timepoint, threshold=threshold))
    if len(cohort.relmap):
        charts.append(relationship_patterns(cohort, threshold))
    if len(cohort.checks):
        charts.append(knowledge_checks(cohort, threshold))
    if len(cohort.paths):
        charts.append(scenario_paths(cohort, threshold))
    summary, summary_cells = _summary(cohort, threshold)
    groups = cohort_groups(cohort, threshold)
    merged = sorted(name for name, label in groups.items() if label == OTHER_COHORTS)
    people = safe_total(cohort.participants, threshold)
    return Report(cohort, threshold, charts, summary, summary_cells, people, merged)


def report(
    *sources: str | os.PathLike[str],
    threshold: int = DEFAULT_THRESHOLD,
    key_file: str | os.PathLike[str] | None = None,
) -> Report:
    """Load ``sources`` and build the report: ``report("submitted").write_html("r.html")``."""
    return build_report(load_cohort(*sources, key_file=key_file), threshold)
