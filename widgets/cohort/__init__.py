"""Cohort analytics for analysts: load answers, pseudonymise, hide small groups, chart, report.

One call per notebook cell::

    cohort = widgets.cohort.load_cohort("submitted/")      # or synthetic_cohort()
    widgets.cohort.summary(cohort)                         # size, and what was hidden and why
    widgets.cohort.rating_distribution(cohort, "trust")    # a chart with its numbers beside it

pandas and matplotlib are imported only when a function needs them.
"""

from __future__ import annotations

import shutil
import tempfile
from pathlib import Path

from .charts import (
    OTHER_COHORTS,
    PALETTE,
    Chart,
    area_heatmap,
    area_means,
    cohort_groups,
    knowledge_checks,
    paired_change,
    rating_distribution,
    relationship_patterns,
    role_comparison,
    scenario_paths,
)
from .disclosure import (
    DEFAULT_THRESHOLD,
    HIDDEN,
    MIN_THRESHOLD,
    Policy,
    ThresholdError,
    check_threshold,
)
from .loader import Cohort, FileProblem, load_cohort
from .pseudonyms import KeyFileError, load_key, pseudonym
from .report import Report, build_report, report

__all__ = [
    "DEFAULT_THRESHOLD",
    "HIDDEN",
    "MIN_THRESHOLD",
    "PALETTE",
    "Chart",
    "Cohort",
    "FileProblem",
    "KeyFileError",
    "Policy",
    "Report",
    "ThresholdError",
    "area_heatmap",
    "area_means",
    "build_report",
    "check_threshold",
    "cohort_groups",
    "knowledge_checks",
    "load_cohort",
    "load_key",
    "paired_change",
    "pseudonym",
    "rating_distribution",
    "relationship_patterns",
    "report",
    "role_comparison",
    "scenario_paths",
    "summary",
    "synthetic_cohort",
]


def synthetic_cohort(
    participants: int = 60, cohorts: int = 3, seed: int = 1, *, follow_up: bool = True
) -> Cohort:
    """A synthetic cohort with every kind of answer, written to a temporary folder, loaded with
    a throwaway pseudonym key and the folder removed again (nothing is written to the course)."""
    from ..synth import write_workshop_cohort

    folder = Path(tempfile.mkdtemp(prefix="commonground-synthetic-"))
    try:
        write_workshop_cohort(folder / "answers", participants, cohorts, seed, follow_up=follow_up)
        cohort = load_cohort(folder / "answers", key_file=folder / "throwaway.key")
        cohort.notes.clear()  # the throwaway key is gone with the folder: nothing to keep
        return cohort
    finally:
        shutil.rmtree(folder, ignore_errors=True)


def summary(cohort: Cohort, threshold: int = DEFAULT_THRESHOLD) -> Report:
    """The report's opening only: who it covers and how they are protected (no charts)."""
    from . import numbers as nums

    ctx = nums.Context.of(cohort, check_threshold(threshold))
    merged = sorted(n for n, label in ctx.groups.items() if label == OTHER_COHORTS)
    return Report(
        cohort, ctx.policy.threshold, [], nums.summary(ctx), nums.people_covered(ctx), merged
    )
