"""The disclosure policy on its own: rounding, hiding, bounded noise, stable keys; and, property by
property over random groups, that what it publishes stays inside the bounds the README states."""

from __future__ import annotations

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from widgets.cohort.disclosure import (
    BASE,
    Cell,
    Policy,
    ThresholdError,
    cell_of,
    check_threshold,
    record_key,
    text,
)

SETTINGS = settings(max_examples=60, deadline=None)


@pytest.mark.parametrize("bad", [2, 0, -5, 4.5, "5", True, None])
def test_a_threshold_below_three_or_not_a_whole_number_is_refused(bad: object) -> None:
    with pytest.raises(ThresholdError):
        check_threshold(bad)


def people(count: int, start: int = 0) -> list[int]:
    return [record_key(f"p-{i:06d}") for i in range(start, start + count)]


def policy_of(count: int, threshold: int = 5) -> Policy:
    return Policy.for_people([f"p-{i:06d}" for i in range(count)], threshold)


def test_counts_round_to_a_multiple_of_five_within_four_and_are_unbiased() -> None:
    policy = policy_of(100)
    errors = []
    for start in range(0, 400, 4):
        for n in range(0, 13):
            cell = cell_of(people(n, start))
            published = policy.rounded(cell)
            assert published % BASE == 0 and abs(published - n) < BASE
            assert published == policy.rounded(cell)  # the same cell, the same number
            if n % BASE == 0:
                assert published == n
            errors.append(published - n)
    assert abs(sum(errors) / len(errors)) < 0.3  # unbiased: no drift up or down


def test_a_group_below_the_threshold_publishes_nothing() -> None:
    policy = policy_of(30)
    assert policy.group_count(cell_of(people(4))) is None
    assert policy.group_count(cell_of(people(5))) == 5
    assert policy.distribution(cell_of(people(4)), [cell_of(people(2)), cell_of(people(2, 2))]) == (
        None,
        None,
        None,
    )


def test_all_or_all_but_one_on_one_answer_hides_the_whole_group() -> None:
    policy = policy_of(30)
    everyone = people(12)
    total = cell_of(everyone)
    for split in (12, 11):
        parts = [cell_of(everyone[:split]), cell_of(everyone[split:])]
        assert policy.distribution(total, parts) == (None, None, None)
    size, counts, shares = policy.distribution(
        total, [cell_of(everyone[:7]), cell_of(everyone[7:])]
    )
    assert size in (10, 15) and counts is not None and sum(shares) in (99, 100, 101)


def test_means_are_perturbed_by_at_most_one_persons_reach_and_hidden_when_uniform() -> None:
    policy = policy_of(40)
    keys = people(8)
    values = [1, 2, 2, 3, 4, 4, 5, 5]
    true = sum(values) / len(values)
    published = policy.mean("x", cell_of(keys), values, 1, 5)
    assert published is not None and abs(published - true) <= 4 / 8 + 0.05
    assert round(published, 1) == published
    assert policy.mean("x", cell_of(keys), [3] * 8, 1, 5) is None
    assert policy.mean("x", cell_of(keys), [3] * 7 + [5], 1, 5) is None
    assert policy.mean("x", cell_of(keys[:4]), values[:4], 1, 5) is None
    assert policy.interval(published, values, 1, 5) is None  # fewer than 10 people
    ten = people(10)
    ten_values = [1, 2, 3, 4, 5] * 2
    centre = policy.mean("y", cell_of(ten), ten_values, 1, 5)
    low, high = policy.interval(centre, ten_values, 1, 5)
    assert low < centre < high and round(low, 1) == low


def test_another_population_draws_fresh_noise_in_every_cell() -> None:
    """One late submitter changes the report's population key, so no cell keeps its draw."""
    first, second = policy_of(20), policy_of(21)
    changed = 0
    for start in range(0, 200, 2):
        cell = cell_of(people(7, start))
        changed += first.rounded(cell) != second.rounded(cell)
    assert 20 < changed < 80  # fresh coin flips, about 40% of them land the other way


def test_hidden_text_is_one_phrase() -> None:
    assert text(None) == text(float("nan")) == "hidden to protect small groups"
    assert text(3.14159, 1) == "3.1"


cells = st.lists(st.integers(min_value=0, max_value=30), min_size=2, max_size=6)


@SETTINGS
@given(cells, st.integers(min_value=3, max_value=10), st.integers(0, 10_000))
def test_every_published_distribution_keeps_its_promises(
    parts: list[int], threshold: int, offset: int
) -> None:
    policy = policy_of(500 + offset % 7, threshold)
    keys, start = [], offset
    part_cells = []
    for n in parts:
        members = people(n, start)
        start += n
        keys += members
        part_cells.append(cell_of(members))
    total = cell_of(keys)
    size, counts, shares = policy.distribution(total, part_cells)
    dominant = max(parts) >= sum(parts) - 1
    if sum(parts) < threshold or dominant:
        assert (size, counts, shares) == (None, None, None)
        return
    if size is None:
        return
    assert size % BASE == 0 and abs(size - sum(parts)) < BASE
    for published, n in zip(counts, parts, strict=True):
        assert published % BASE == 0 and abs(published - n) < BASE
        assert n or not published  # a true zero is never published as people
    assert sum(1 for c in counts if c) >= 2  # never "everyone gave one answer"
    assert (size, counts, shares) == policy.distribution(Cell(total.n, total.key), part_cells)


@SETTINGS
@given(
    st.lists(st.integers(min_value=1, max_value=5), min_size=3, max_size=40),
    st.integers(0, 10_000),
)
def test_every_published_mean_stays_within_its_stated_bound(values: list[int], offset: int) -> None:
    policy = policy_of(300)
    keys = people(len(values), offset)
    published = policy.mean("m", cell_of(keys), values, 1, 5)
    ordered = sorted(values)
    if len(values) < 5 or ordered[-2] == ordered[0] or ordered[1] == ordered[-1]:
        assert published is None
        return
    assert published is not None and 1 <= published <= 5
    assert abs(published - sum(values) / len(values)) <= 4 / len(values) + 0.05 + 1e-9
