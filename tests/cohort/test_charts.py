"""Every chart: from small hand-made frames, from the synthetic cohort, from empty and one-person
groups and unicode names; and (property-based) no chart ever shows a group below the threshold."""

from __future__ import annotations

import math

import pandas as pd
import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from widgets.cohort import Chart, Cohort, charts
from widgets.cohort.disclosure import safe_total

TRUST = [f"TB{i}" for i in range(1, 9)]
HC = ["HC-O1", "HC-O2", "HC-C1", "HC-C2"]
AREA = {
    "TB1": "openness",
    "TB2": "reliability",
    "TB3": "rapport",
    "TB4": "rapport",
    "TB5": "reliability",
    "TB6": "respect",
    "TB7": "respect",
    "TB8": "openness",
}
HC_AREA = {
    h: "what councillors can expect of officers"
    if "O" in h
    else "what officers can expect of councillors"
    for h in HC
}
CHECKS = ["roles_policy", "roles_staff", "officer_must_not"]
PATHS = {
    "challenge5": ["c5-s1-a → c5-s2-a", "c5-s1-c → c5-s4-a"],
    "challenge8": ["c8-s1-a → c8-s2-a"],
}


def person(i: int, cohort: str, role: str) -> dict:
    return {"pseudonym": f"p-{i:04d}", "cohort": cohort, "role": role, "jurisdiction": "england"}


def make(people: list[tuple[str, str]], seed: int = 0) -> Cohort:
    """A small cohort: every person rates trust and the health check pre and post, answers the
    checks, plays the scenarios and maps relationships, deterministically from ``seed``."""
    ratings, checks, paths, relmap = [], [], [], []
    for i, (cohort, role) in enumerate(people):
        who = person(i, cohort, role)
        for t, timepoint in enumerate(("pre", "post")):
            for j, item in enumerate(TRUST):
                value = 1 + (i * 7 + j * 3 + seed + t) % 5
                ratings.append(
                    {
                        **who,
                        "timepoint": timepoint,
                        "framework": "trust",
                        "area": AREA[item],
                        "item": item,
                        "rating": value,
                    }
                )
            for j, item in enumerate(HC):
                value = 1 + (i * 5 + j + seed + t) % 5
                ratings.append(
                    {
                        **who,
                        "timepoint": timepoint,
                        "framework": "health_check",
                        "area": HC_AREA[item],
                        "item": item,
                        "rating": value,
                    }
                )
        for j, check in enumerate(CHECKS):
            score = [1.0, 0.5, 0.0][(i + j + seed) % 3]
            checks.append(
                {
                    **who,
                    "check": check,
                    "score": score,
                    "outcome": {1.0: "right", 0.5: "partly right", 0.0: "wrong"}[score],
                }
            )
        for scenario, options in PATHS.items():
            route = options[(i + seed) % len(options)]
            paths.append(
                {**who, "scenario": scenario, "path": route, "qualities": "", "finished": True}
            )
        for k in range(1 + (i + seed) % 3):
            category = ["statutory_officer", "senior_manager", "service_officer"][(i + k) % 3]
            relmap.append(
                {
                    **who,
                    "entry": f"e{k}",
                    "category": category,
                    "importance": 1 + (i + k) % 5,
                    "quality": 1 + (i * 3 + k) % 5,
                }
            )
    return Cohort.from_records(ratings, checks, paths, relmap)


def all_charts(cohort: Cohort, threshold: int = 5) -> list[Chart]:
    return [
        charts.rating_distribution(cohort, "trust", "pre", threshold),
        charts.area_means(cohort, "pre", threshold),
        charts.area_heatmap(cohort, "pre", threshold),
        charts.paired_change(cohort, "area", threshold=threshold),
        charts.paired_change(cohort, "item", "trust", threshold=threshold),
        charts.role_comparison(cohort, "pre", threshold=threshold),
        charts.relationship_patterns(cohort, threshold),
        charts.knowledge_checks(cohort, threshold),
        charts.scenario_paths(cohort, threshold),
    ]


def assert_complete(chart: Chart) -> None:
    """A chart has a Figure (not pyplot), alt text, a table of its numbers and HTML with both."""
    from matplotlib.figure import Figure

    assert isinstance(chart.figure, Figure)
    assert len(chart.alt) > 40 and chart.title
    html = chart.html()
    assert 'alt="' in html and "data:image/png;base64," in html and "<table" in html
    assert "<caption>" in html


def assert_no_small_group(chart: Chart, threshold: int) -> None:
    """No shown count is between 1 and threshold-1, no statistic belongs to a hidden group, and
    within every margin the hidden cells add up to nothing or to a safe group."""
    cells = chart.cells
    if not len(cells):
        return
    shown = cells["n"]
    for n in shown.dropna():
        assert n == 0 or n >= threshold, (chart.key, n)
    for column in ("mean", "low", "high", "before", "after", "change"):
        if column in cells:
            assert cells[column][shown.isna()].isna().all(), (chart.key, column)
    assert set(cells["hidden"][shown.isna()]) <= {"small group", "would reveal a small group"}


def test_every_chart_from_a_small_frame_has_alt_text_and_numbers() -> None:
    cohort = make([("A", "officer")] * 6 + [("A", "councillor")] * 6 + [("B", "officer")] * 7)
    for chart in all_charts(cohort):
        assert_complete(chart)
        assert_no_small_group(chart, 5)
        assert len(chart.table) > 0, chart.key


def test_the_numbers_beside_the_chart_are_the_data() -> None:
    cohort = make([("A", "officer")] * 10)
    chart = charts.rating_distribution(cohort, "trust", "pre", 3)
    raw = cohort.ratings[(cohort.ratings["timepoint"] == "pre") & (cohort.ratings["item"] == "TB1")]
    row = chart.table.iloc[0]
    assert row["people"] == "10"
    for value in range(1, 6):
        count = int((raw["rating"] == value).sum())
        column = next(c for c in chart.table.columns if c.startswith(f"{value} "))
        assert row[column] == "hidden" if 0 < count < 3 else row[column].startswith(str(count))
    means = charts.area_means(cohort, "pre", 3).cells
    whole = means[(means["cohort"] == "all cohorts") & (means["area"] == "openness")]
    people = raw.groupby("pseudonym")["rating"].mean()  # TB1 only; openness = TB1 and TB8
    assert whole["n"].iloc[0] == 10 and not math.isnan(whole["mean"].iloc[0])
    assert len(people) == 10


def test_every_chart_from_the_synthetic_cohort(synthetic) -> None:
    for chart in all_charts(synthetic):
        assert_complete(chart)
        assert_no_small_group(chart, 5)
    officers = charts.rating_distribution(synthetic, "nos_sfjc21", "follow-up")
    assert_complete(officers) and assert_no_small_group(officers, 5)


def test_an_empty_cohort_gives_empty_charts_not_errors() -> None:
    empty = Cohort.from_records()
    for chart in all_charts(empty):
        assert_complete(chart)
        assert "no" in chart.alt.lower()


def test_one_person_groups_are_hidden_everywhere() -> None:
    cohort = make([("Ynys Môn — 北", "councillor")])
    for chart in all_charts(cohort, 3):
        assert_complete(chart)
        assert_no_small_group(chart, 3)
        assert chart.cells["n"].fillna(0).sum() == 0, chart.key
        text = chart.table.astype(str).to_csv()
        assert "hidden" in text or not len(chart.table), chart.key


def test_a_one_person_cohort_is_merged_and_unicode_names_survive() -> None:
    people = (
        [("Ynys Môn — 北", "officer")] * 8
        + [("Gàidhealtachd", "officer")]
        + [("Sir Gâr", "councillor")] * 7
    )
    cohort = make(people)
    groups = charts.cohort_groups(cohort, 5)
    assert groups["Gàidhealtachd"] == charts.OTHER_COHORTS
    heat = charts.area_heatmap(cohort, "pre", 5)
    assert "Gàidhealtachd" not in heat.table.to_csv()
    assert any("Ynys Môn — 北" in c for c in heat.table.columns)
    assert_no_small_group(heat, 5)


def test_role_comparison_hides_both_sides_when_one_is_small() -> None:
    cohort = make([("A", "officer")] * 9 + [("A", "councillor")] * 2)
    chart = charts.role_comparison(cohort, "pre", threshold=5)
    assert chart.cells["n"].isna().all()
    assert set(chart.table["councillors' mean"]) == {"hidden"}
    assert set(chart.table["officers' mean"]) == {"hidden"}


def test_paired_change_counts_only_people_rated_at_both_timepoints() -> None:
    cohort = make([("A", "officer")] * 6)
    ratings = cohort.ratings
    drop = (ratings["pseudonym"] == "p-0000") & (ratings["timepoint"] == "post")
    lone = Cohort(ratings[~drop].reset_index(drop=True), cohort.checks, cohort.paths, cohort.relmap)
    chart = charts.paired_change(lone, "item", "trust", threshold=5)
    assert set(chart.cells["n"]) == {5}
    with pytest.raises(ValueError, match="area"):
        charts.paired_change(lone, "person")


@settings(max_examples=12, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(
    st.lists(
        st.tuples(st.sampled_from(["A", "B", "Ç"]), st.sampled_from(["officer", "councillor"])),
        max_size=14,
    ),
    st.integers(0, 6),
    st.integers(3, 6),
)
def test_no_chart_ever_shows_a_group_below_the_threshold(people, seed, threshold) -> None:
    cohort = make(people, seed)
    for chart in all_charts(cohort, threshold):
        assert_no_small_group(chart, threshold)
        for margin in chart.margins:
            raw = chart.cells.copy()
            # recover the true counts of hidden cells by recomputing without suppression
            if not len(raw):
                continue
            keys = raw[list(margin)].astype(str).agg("|".join, axis=1)
            for key in set(keys):
                part = raw[keys == key]
                shown_total = part["n"].fillna(0).sum()
                if part["n"].isna().any():
                    # what subtraction reveals is the hidden sum; it must never be a small group
                    true_total = _true_total(chart, cohort, margin, part)
                    if true_total is not None:
                        hidden = true_total - shown_total
                        assert (
                            hidden == 0
                            or hidden >= threshold
                            or safe_total(true_total, threshold) is None
                        )


def _true_total(chart: Chart, cohort: Cohort, margin, part: pd.DataFrame) -> int | None:
    """The published total of one margin group, where the chart is built on a simple count."""
    first = part.iloc[0]
    if chart.key.startswith("distribution"):
        r = cohort.ratings
        r = r[
            (r["framework"] == "trust") & (r["timepoint"] == "pre") & (r["item"] == first["item"])
        ]
        return len(r)
    if chart.key == "knowledge-checks":
        return int((cohort.checks["check"] == first["check"]).sum())
    if chart.key == "scenario-paths":
        return int((cohort.paths["scenario"] == first["scenario"]).sum())
    return None
