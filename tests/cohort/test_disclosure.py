"""Disclosure control: no group below the threshold is ever shown, even by subtraction."""

from __future__ import annotations

import math

import pandas as pd
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from widgets.cohort.disclosure import (
    COMPLEMENT,
    SMALL,
    ThresholdError,
    check_threshold,
    protect,
    safe_total,
)


@pytest.mark.parametrize("bad", [2, 1, 0, -5, 2.5, "5", True, None])
def test_a_threshold_below_three_or_not_a_whole_number_is_refused(bad: object) -> None:
    with pytest.raises(ThresholdError):
        check_threshold(bad)
    with pytest.raises(ThresholdError):
        protect(pd.DataFrame({"g": ["a"], "n": [10]}), threshold=bad)  # type: ignore[arg-type]


def test_three_and_above_are_accepted() -> None:
    assert check_threshold(3) == 3 and check_threshold(10) == 10


def test_a_small_group_is_hidden_and_so_is_the_next_smallest() -> None:
    table = pd.DataFrame({"g": ["a", "b", "c", "d"], "n": [20, 2, 9, 7], "mean": [1.0, 2, 3, 4]})
    out = protect(table, threshold=5, stats=("mean",))
    assert list(out["hidden"]) == ["", SMALL, "", COMPLEMENT]
    assert out["n"].isna().tolist() == [False, True, False, True]
    assert math.isnan(out["mean"][1]) and math.isnan(out["mean"][3])
    assert out["mean"][0] == 1.0


def test_two_small_groups_that_add_up_to_a_small_one_still_need_cover() -> None:
    table = pd.DataFrame({"g": list("abcd"), "n": [1, 2, 6, 30]})
    out = protect(table, threshold=5)
    # 1 + 2 hidden = 3, which the total minus the others would reveal: hide the 6 too
    assert list(out["hidden"]) == [SMALL, SMALL, COMPLEMENT, ""]


def test_crossing_margins_are_applied_until_nothing_changes() -> None:
    table = pd.DataFrame(
        {"cohort": ["A", "A", "B", "B"], "role": ["c", "o", "c", "o"], "n": [2, 10, 9, 11]}
    )
    out = protect(table, threshold=5, margins=[("cohort",), ("role",)])
    # A/c small -> A/o hidden (cohort A) and B/c hidden (role c); B/o alone reveals only B/c = 9
    assert out["n"].isna().tolist() == [True, True, True, False]


def test_zero_cells_are_shown_and_never_used_as_cover() -> None:
    table = pd.DataFrame({"g": list("abc"), "n": [0, 3, 12]})
    out = protect(table, threshold=5)
    assert out["n"][0] == 0 and list(out["hidden"]) == ["", SMALL, COMPLEMENT]


def test_without_margins_only_small_groups_are_hidden() -> None:
    out = protect(pd.DataFrame({"g": list("ab"), "n": [2, 40]}), threshold=5, margins=[])
    assert list(out["hidden"]) == [SMALL, ""]


def test_safe_total() -> None:
    assert safe_total(0, 5) == 0 and safe_total(4, 5) is None and safe_total(5, 5) == 5


def _check_margins(out: pd.DataFrame, raw: list[int], margins, threshold: int) -> None:
    shown = out["n"]
    for value, original in zip(shown, raw, strict=True):
        if not pd.isna(value):  # every shown count is nothing or at least the threshold
            assert value == original and (value == 0 or value >= threshold)
        else:
            assert original > 0
    for margin in margins:
        keys = (
            out[list(margin)].astype(str).agg("|".join, axis=1)
            if margin
            else pd.Series([""] * len(out))
        )
        for key in set(keys):
            rows = [i for i, k in enumerate(keys) if k == key]
            total = sum(raw[i] for i in rows)
            hidden = sum(raw[i] for i in rows if pd.isna(shown[i]))
            # what subtraction from the published total reveals: nothing, or a safe group, or the
            # total is itself small (then every non-empty cell is hidden and the total is not shown)
            if 0 < hidden < threshold:
                assert total < threshold and safe_total(total, threshold) is None
                assert all(pd.isna(shown[i]) for i in rows if raw[i] > 0)


@settings(max_examples=300, deadline=None)
@given(
    st.integers(3, 8),
    st.lists(st.lists(st.integers(0, 14), min_size=1, max_size=4), min_size=1, max_size=5),
)
def test_no_cell_or_difference_reveals_a_small_group_in_a_two_way_table(
    threshold: int, grid: list[list[int]]
) -> None:
    width = max(len(r) for r in grid)
    rows = [
        {"row": f"r{r}", "col": f"c{c}", "n": (line + [0] * width)[c], "mean": float(c)}
        for r, line in enumerate(grid)
        for c in range(width)
    ]
    table = pd.DataFrame(rows)
    margins = [("row",), ("col",), ()]
    out = protect(table, threshold=threshold, stats=("mean",), margins=margins)
    _check_margins(out, list(table["n"]), margins, threshold)
    assert out["mean"].isna().tolist() == out["n"].isna().tolist()


@settings(max_examples=200, deadline=None)
@given(st.integers(3, 10), st.lists(st.integers(0, 30), max_size=12))
def test_no_cell_or_difference_reveals_a_small_group_in_a_list(threshold: int, counts) -> None:
    table = pd.DataFrame({"g": [f"g{i}" for i in range(len(counts))], "n": counts})
    out = protect(table, threshold=threshold)
    _check_margins(out, counts, [()], threshold)
