"""Every chart: from small hand-made frames, from the synthetic cohort, from empty and one-person
groups and unicode names; the charts tell the truth about hidden numbers; numbers are computed
without matplotlib; and (property-based) no chart ever shows a group below the threshold."""

from __future__ import annotations

import subprocess
import sys

import pandas as pd
import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from tests.cohort.conftest import seeded_key
from widgets.cohort import Chart, Cohort, charts
from widgets.cohort.disclosure import BASE, HIDDEN

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


COUNTS = ("people", "percent", "important but weak", "people rating the statement")
STATS = ("mean", "low", "high", "before", "after", "change", "mean importance", "mean quality")


def assert_protected(chart: Chart, threshold: int) -> None:
    """Every shown count is a multiple of 5; a hidden row shows no number at all (no zero)."""
    cells = chart.cells
    if not len(cells):
        return
    hidden = cells["note"] == HIDDEN
    assert set(cells["note"]) <= {"", HIDDEN}, chart.key
    for column in cells.columns:
        if column in COUNTS or column.startswith("people"):
            shown = cells.loc[~hidden, column].dropna()
            if column != "percent":
                assert (shown.astype(int) % BASE == 0).all(), (chart.key, column)
            if column != "people" or chart.numbers.kind in ("distribution", "checks", "paths"):
                assert cells.loc[hidden, column].isna().all() or column.startswith("people "), (
                    chart.key,
                    column,
                )
        if column in STATS:
            assert cells.loc[hidden, column].isna().all(), (chart.key, column)
            shown = cells[column].dropna().astype(float)
            assert (shown.round(1) == shown).all(), (chart.key, column)


def test_every_chart_from_a_small_frame_has_alt_text_and_numbers() -> None:
    cohort = make([("A", "officer")] * 6 + [("A", "councillor")] * 6 + [("B", "officer")] * 7)
    for chart in all_charts(cohort):
        assert_complete(chart)
        assert_protected(chart, 5)
        assert len(chart.table) > 0, chart.key


def test_the_numbers_beside_the_chart_are_the_protected_data() -> None:
    cohort = make([("A", "officer")] * 10)
    chart = charts.rating_distribution(cohort, "trust", "pre", 3)
    raw = cohort.ratings[(cohort.ratings["timepoint"] == "pre") & (cohort.ratings["item"] == "TB1")]
    row = chart.table.iloc[0]
    assert row["people"] == "10"
    cells = chart.cells[chart.cells["item"] == "TB1"]
    for value in range(1, 6):
        count = int((raw["rating"] == value).sum())
        published = int(cells[cells["rating"] == value]["people"].iloc[0])
        assert abs(published - count) < BASE and published % BASE == 0
        column = next(c for c in chart.table.columns if c.startswith(f"{value} "))
        assert row[column].startswith(f"{published} (")


def test_every_chart_from_the_synthetic_cohort(synthetic) -> None:
    for chart in all_charts(synthetic):
        assert_complete(chart)
        assert_protected(chart, 5)
    officers = charts.rating_distribution(synthetic, "nos_sfjc21", "follow-up")
    assert_complete(officers)
    assert_protected(officers, 5)


@pytest.mark.parametrize("seed", range(1, 9))
def test_no_number_of_the_synthetic_report_is_unprotected_under_any_key(
    synthetic_answers, tmp_path, seed
) -> None:
    """The rounding and the noise follow the pseudonym key: every table of the whole report
    (numbers only, nothing drawn) is checked under eight more keys."""
    from widgets.cohort import build_report, load_cohort

    cohort = load_cohort(synthetic_answers, key_file=seeded_key(tmp_path / "key", seed))
    built = build_report(cohort)
    assert len(built.charts) >= 20
    for chart in built.charts:
        assert_protected(chart, 5)


def test_an_empty_cohort_gives_empty_charts_not_errors() -> None:
    empty = Cohort.from_records()
    for chart in all_charts(empty):
        assert_complete(chart)


def test_one_person_groups_are_hidden_everywhere() -> None:
    cohort = make([("Ynys Môn — 北", "councillor")])
    for chart in all_charts(cohort, 3):
        assert_complete(chart)
        assert_protected(chart, 3)
        numbers = chart.cells.select_dtypes("number")
        assert numbers.drop(columns=["rating"], errors="ignore").isna().all().all(), chart.key
        text = chart.table.astype(str).to_csv()
        assert HIDDEN in text or not len(chart.table), chart.key


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
    assert_protected(heat, 5)


def test_role_comparison_hides_the_small_side() -> None:
    cohort = make([("A", "officer")] * 9 + [("A", "councillor")] * 2)
    chart = charts.role_comparison(cohort, "pre", threshold=5)
    councillors = chart.cells[chart.cells["role"] == "councillor"]
    assert councillors["people"].isna().all() and councillors["mean"].isna().all()
    assert set(chart.table["councillors' mean"]) == {HIDDEN}
    assert set(chart.table["gap (officers minus councillors)"]) == {HIDDEN}


def test_paired_change_counts_only_people_rated_at_both_timepoints() -> None:
    cohort = make([("A", "officer")] * 6)
    ratings = cohort.ratings
    drop = (ratings["pseudonym"] == "p-0000") & (ratings["timepoint"] == "post")
    lone = Cohort(ratings[~drop].reset_index(drop=True), cohort.checks, cohort.paths, cohort.relmap)
    chart = charts.paired_change(lone, "item", "trust", threshold=5)
    assert set(chart.cells["people"]) == {5}  # five people, exactly a multiple of five
    with pytest.raises(ValueError, match="area"):
        charts.paired_change(lone, "person")


def test_the_charts_tell_the_truth_about_hidden_numbers() -> None:
    """A hidden statement gets no bar on either side; percentages read 0-100 %, never negative;
    the heatmap's colours span the rating scale; no text is under 10 pt."""
    cohort = make([("A", "officer")] * 12)
    ratings = cohort.ratings
    same = (ratings["item"] == "TB3") & (ratings["timepoint"] == "pre")
    ratings.loc[same, "rating"] = 4  # everyone alike: the statement must be hidden, not drawn
    chart = charts.rating_distribution(cohort, "trust", "pre", 5)
    assert chart.cells[chart.cells["item"] == "TB3"]["note"].eq(HIDDEN).all()
    axes = chart.figure.axes[0]
    row = list(chart.cells["item"].drop_duplicates()).index("TB3")
    bars = [p for p in axes.patches if abs(p.get_y() + p.get_height() / 2 - row) < 0.01]
    assert all(p.get_width() == 0 for p in bars)
    labels = [t.get_text() for t in axes.get_xticklabels()]
    assert labels and not any(label.startswith(("-", "−")) for label in labels)
    assert "100%" in labels and axes.get_xlim() == (-100, 100)
    heat = charts.area_heatmap(make([("A", "officer")] * 6 + [("B", "officer")] * 6), "pre")
    image = heat.figure.axes[0].get_images()[0]
    assert image.get_clim() == (1.0, 5.0)
    for each in [
        chart,
        heat,
        *all_charts(make([("A", "officer")] * 7 + [("A", "councillor")] * 7)),
    ]:
        for text in each.figure.findobj(lambda o: hasattr(o, "get_fontsize") and o.get_text()):
            assert text.get_fontsize() >= 10, (each.key, text.get_text())


def test_the_numbers_are_computed_without_matplotlib() -> None:
    code = (
        "import sys\n"
        "from widgets.cohort import numbers, synthetic_cohort\n"
        "c = numbers.Context.of(synthetic_cohort(12, 1))\n"
        "numbers.distribution(c); numbers.area_means(c); numbers.paired_change(c)\n"
        "numbers.role_comparison(c); numbers.knowledge_checks(c); numbers.scenario_paths(c)\n"
        "numbers.relationship_patterns(c)\n"
        "print('matplotlib' in sys.modules)"
    )
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True)
    assert out.stdout.strip() == "False"


@settings(max_examples=10, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(
    st.lists(
        st.tuples(st.sampled_from(["A", "B", "Ç"]), st.sampled_from(["officer", "councillor"])),
        max_size=14,
    ),
    st.integers(0, 6),
    st.integers(3, 6),
)
def test_no_chart_ever_shows_a_group_below_the_threshold(people, seed, threshold) -> None:
    from widgets.cohort import numbers

    cohort = make(people, seed)
    context = numbers.Context.of(cohort, threshold)
    made = [
        numbers.distribution(context, "trust", "pre"),
        numbers.area_means(context, "pre"),
        numbers.paired_change(context, "item", "trust"),
        numbers.role_comparison(context, "pre"),
        numbers.knowledge_checks(context),
        numbers.scenario_paths(context),
        numbers.relationship_patterns(context),
    ]
    for made_numbers in made:
        assert_protected(Chart(made_numbers), threshold)
    distribution = made[0].cells
    raw = cohort.ratings[
        (cohort.ratings["timepoint"] == "pre") & (cohort.ratings["framework"] == "trust")
    ]
    sizes = raw.groupby("item").size()
    for item, part in distribution.groupby("item"):
        if sizes.get(item, 0) < threshold:
            assert part["note"].eq(HIDDEN).all()


def test_a_ranking_goes_through_the_same_policy() -> None:
    """The ranking kind's table (ranking, item, position): counts per place rounded, the group
    hidden when all or all but one agree, mean place perturbed; drawn as 0-100 % bars."""
    from widgets.cohort import numbers

    cohort = make([("A", "officer")] * 12)
    people = cohort.people()["pseudonym"]
    rows = []
    for i, who in enumerate(people):
        order = ["x", "y", "z"] if i % 3 else ["y", "x", "z"]
        for place, item in enumerate(order, 1):
            rows.append(
                {
                    "pseudonym": who,
                    "cohort": "A",
                    "role": "officer",
                    "jurisdiction": "england",
                    "ranking": "r1",
                    "item": item,
                    "position": place,
                }
            )
    tables = {**cohort.tables(), "rankings": pd.DataFrame(rows)}
    cohort.tables = lambda: tables  # the registry adds this table; stand in for it here
    made = numbers.ranking(cohort)
    cells = made.cells
    assert set(cells[cells["item"] == "z"]["note"]) == {HIDDEN}  # everyone put z last
    shown = cells[cells["item"] == "x"]
    assert (shown["people"].dropna() % BASE == 0).all() and shown["mean place"].notna().all()
    chart = Chart(made)
    assert_complete(chart)
    assert_protected(chart, 5)
