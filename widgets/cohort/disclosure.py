"""Disclosure control: no number about a group of fewer than ``threshold`` people is shown.

Primary suppression hides every count, percentage or mean of a group with between 1 and
``threshold - 1`` people. That alone is not enough: when a total is published and every part of it
but one is shown, the hidden part is the total minus the others. So within each *margin* (a set of
cells that together make up a published total) the hidden cells must add up to nothing or to at
least ``threshold`` people; until they do, the next smallest shown cell is hidden too (secondary
suppression). Margins can cross (cohort by role: the roles make up each cohort and the cohorts make
up each role), so the rule is applied again until nothing changes.
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    import pandas as pd

DEFAULT_THRESHOLD = 5
MIN_THRESHOLD = 3
SHOWN = ""
SMALL = "small group"
COMPLEMENT = "would reveal a small group"


class ThresholdError(ValueError):
    """A threshold too low to protect anyone; one plain sentence."""


def check_threshold(threshold: object) -> int:
    """The threshold as an int; refuse anything below the floor of 3 people."""
    if isinstance(threshold, bool) or not isinstance(threshold, int):
        raise ThresholdError("The threshold must be a whole number of people.")
    if threshold < MIN_THRESHOLD:
        raise ThresholdError(
            f"The threshold cannot be below {MIN_THRESHOLD} people: a smaller group could "
            "identify someone."
        )
    return threshold


def reason_text(reason: str, threshold: int) -> str:
    """Why a number is hidden, in words for the report."""
    if reason == SMALL:
        return f"fewer than {threshold} people"
    if reason == COMPLEMENT:
        return "hidden so that a small group beside it cannot be worked out by subtraction"
    return ""


def protect(
    table: pd.DataFrame,
    *,
    threshold: int = DEFAULT_THRESHOLD,
    count: str = "n",
    stats: Sequence[str] = (),
    margins: Iterable[Sequence[str]] = ((),),
) -> pd.DataFrame:
    """A copy of ``table`` (one row per group, ``count`` people in it) with small groups hidden.

    ``margins`` lists the column sets whose cells add up to a published total: ``()`` means the
    whole table is one total; ``("item",)`` means the rows of each item make up that item's total.
    Hidden cells get ``<NA>`` in ``count`` and every column of ``stats``; ``hidden`` says why
    (``small group`` or ``would reveal a small group``) and is empty for shown rows.
    """
    import pandas as pd

    threshold = check_threshold(threshold)
    out = table.reset_index(drop=True).copy()
    counts = [int(v) for v in out[count].fillna(0)]
    reasons = [SMALL if 0 < n < threshold else SHOWN for n in counts]
    groups: list[list[int]] = []
    for margin in margins:
        margin = list(margin)
        if not margin:
            groups.append(list(range(len(out))))
        elif len(out):
            groups += [list(rows) for rows in out.groupby(margin, sort=False).indices.values()]
    changed = True
    while changed:
        changed = False
        for rows in groups:
            hidden = sum(counts[i] for i in rows if reasons[i])
            while 0 < hidden < threshold:
                shown = [i for i in rows if not reasons[i] and counts[i] > 0]
                if not shown:
                    break  # the whole total is small: the caller never shows it (see safe_total)
                smallest = min(shown, key=lambda i: (counts[i], i))
                reasons[smallest] = COMPLEMENT
                hidden += counts[smallest]
                changed = True
    mask = pd.Series([bool(r) for r in reasons], index=out.index)
    out[count] = pd.array([None if m else c for m, c in zip(mask, counts, strict=True)], "Int64")
    for column in stats:
        out[column] = out[column].astype("float64").mask(mask)
    out["hidden"] = reasons
    return out


def safe_total(total: int, threshold: int = DEFAULT_THRESHOLD) -> int | None:
    """A total to publish, or None when it is itself a small group."""
    threshold = check_threshold(threshold)
    return int(total) if total == 0 or total >= threshold else None
