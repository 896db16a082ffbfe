"""The disclosure policy: every number an analyst can see about a cohort is made here, once.

Method: a keyed ("cell-key") perturbation, after the Australian Bureau of Statistics' TableBuilder
and the ONS's 2021 Census tables, with Statistics New Zealand's fixed random rounding of counts,
HESA's publication thresholds and ACRO's class-disclosure and degrees-of-freedom rules on top.

- **Record keys.** Every person carries a fixed random key (a hash of their keyed pseudonym, so
  it is as secret as the pseudonym key). A cell's key is the sum of its people's keys, mixed with
  the sum over *everyone in the report*. The same people in the same report always give the same
  noise, so running a report again gives nothing new; a report on a different population (one
  late submitter, or pre n=20 against post n=19) draws fresh noise in every cell, so subtracting
  two runs gives the difference of two noises, not a person's answers.
- **Counts** (people) are randomly rounded to a multiple of 5: ``c`` becomes the multiple below
  with probability ``1 - (c mod 5) / 5`` and the multiple above otherwise, the draw taken from the
  cell key (unbiased, and stable for the same cell). A published count ``k`` means a true count
  from ``k - 4`` to ``k + 4``; a 0 may hide 1 to 4 people and a 5 may stand for 1 to 9.
- **Groups below the threshold** (fewer than ``threshold`` people, default 5) publish nothing at
  all: no count, share, zero or mean. Percentages are whole numbers computed from the rounded
  counts only, so they carry no information the counts do not.
- **Class disclosure** (ACRO's ``zeros`` and dominance checks): a group in which all, or all but
  one, people share one answer, or whose rounded counts put everyone on one answer, is hidden
  whole; so is a mean of a group in which all, or all but one, people have the same value.
- **Means** get bounded noise the size of one person's largest possible effect on them
  (``scale range / n`` times a triangular draw on [-1, 1] from the cell key), are kept on the
  scale, and are published to one decimal beside a rounded count, so mean × n never pins down a
  sum. A 95% interval is shown only with at least 10 people (ACRO's residual degrees of freedom),
  to one decimal.
- **The reason a number is hidden** is always the same phrase, :data:`HIDDEN`, so a hidden cell
  never says whether it held 1 to 4 people or was hidden for another reason.

References: ABS, "TableBuilder confidentiality" (Fraser and Wooton 2005; Thompson, Broadfoot and
Elazar 2013, *Methodology for the automatic confidentialisation of statistical outputs from remote
servers at the ABS*); ONS, *Protecting personal data in Census 2021 results* (cell key
perturbation); Stats NZ, *2018 Census confidentiality rules* (fixed random rounding to base 3);
HESA, *Rounding and suppression to anonymise statistics* (counts to base 5, percentages and means
only above a population size); SACRO/ACRO, ``acro`` 1.0 rules (threshold 10, p-ratio, nk rule,
zeros, degrees of freedom 10). Differential privacy (OpenDP) was weighed and not chosen: its
guarantee needs fresh noise per release, so reruns after late submissions would spend the budget
week after week and averaging them would wear the noise away; keyed noise does not average away.
What this does not promise is in the README ("How people are protected").
"""

from __future__ import annotations

import hashlib
import math
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from functools import lru_cache
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    import numpy as np
    import pandas as pd

DEFAULT_THRESHOLD = 5
MIN_THRESHOLD = 3
BASE = 5  # counts are rounded to a multiple of this
MIN_INTERVAL_PEOPLE = 10  # ACRO's safe degrees of freedom for an interval
HIDDEN = "hidden to protect small groups"
KEY_BITS = 32
_MASK = (1 << KEY_BITS) - 1


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


@lru_cache(maxsize=65536)
def record_key(pseudonym: str) -> int:
    """One person's fixed random key (32 bits), derived from their keyed pseudonym."""
    digest = hashlib.sha256(b"commonground record key\0" + str(pseudonym).encode()).digest()
    return int.from_bytes(digest[:4], "big")


def keys_of(pseudonyms: pd.Series) -> np.ndarray:
    """The record keys of a column of pseudonyms (computed once per distinct pseudonym)."""
    import numpy as np
    import pandas as pd

    column = pseudonyms if isinstance(pseudonyms.dtype, pd.CategoricalDtype) else None
    if column is None:
        column = pseudonyms.astype(str).astype("category")
    table = np.array([record_key(c) for c in column.cat.categories], dtype="int64")
    if not len(table):
        return np.zeros(len(column), dtype="int64")
    return table[column.cat.codes.to_numpy()]


def _uniforms(*parts: object) -> tuple[float, float]:
    """Two independent uniform draws in [0, 1) from a cell's key material."""
    digest = hashlib.sha256("\x1f".join(map(str, parts)).encode()).digest()
    return (
        int.from_bytes(digest[:8], "big") / 2**64,
        int.from_bytes(digest[8:16], "big") / 2**64,
    )


@dataclass(frozen=True)
class Cell:
    """One group of people behind a published number: how many, and the sum of their keys."""

    n: int
    key: int


@dataclass(frozen=True)
class Policy:
    """The disclosure policy for one report: its threshold and its population's key."""

    threshold: int = DEFAULT_THRESHOLD
    population: int = 0  # the sum of everyone's record keys (mod 2**32)
    people: int = 0

    @classmethod
    def for_people(cls, pseudonyms: Iterable[str], threshold: int = DEFAULT_THRESHOLD) -> Policy:
        """The policy of a report on exactly these people."""
        unique = set(map(str, pseudonyms))
        population = sum(record_key(p) for p in unique) & _MASK
        return cls(check_threshold(threshold), population, len(unique))

    # counts ------------------------------------------------------------------------------------
    def rounded(self, cell: Cell) -> int:
        """The count, randomly rounded to a multiple of 5 by the cell's key (never hidden)."""
        n = int(cell.n)
        low = n - n % BASE
        if n == low:
            return n
        u, _ = _uniforms("count", cell.n, cell.key & _MASK, self.population, self.people)
        return low + BASE if u < (n - low) / BASE else low

    def group_count(self, cell: Cell) -> int | None:
        """A group's size: rounded, or None (hidden) when the group is below the threshold."""
        if cell.n < self.threshold:
            return None
        return self.rounded(cell)

    def distribution(
        self, total: Cell, parts: Sequence[Cell]
    ) -> tuple[int | None, list[int] | None, list[int] | None]:
        """A group's size, its parts' rounded counts and whole-number percentages, or all None.

        Hidden whole: a group below the threshold, all or all but one of it in one part (class
        disclosure), or rounded counts that would show everyone in one part.
        """
        size = self.group_count(total)
        if size is None or (parts and max(p.n for p in parts) >= total.n - 1):
            return None, None, None
        counts = [self.rounded(p) for p in parts]
        if sum(1 for c in counts if c) <= 1:
            return None, None, None
        whole = sum(counts)
        shares = _percentages(counts, whole)
        return size, counts, shares

    # means -------------------------------------------------------------------------------------
    def mean(self, label: str, cell: Cell, values: object, low: float, high: float) -> float | None:
        """The group's mean of ``values`` (one per person, on the scale ``low``..``high``) with
        bounded keyed noise, to one decimal; None when hidden."""
        import numpy as np

        ordered = np.sort(np.asarray(values, dtype="float64"))
        n = len(ordered)
        if n < self.threshold or n != cell.n:
            return None
        if ordered[-2] == ordered[0] or ordered[1] == ordered[-1]:
            return None  # all, or all but one, have the same value
        u1, u2 = _uniforms("mean", label, n, cell.key & _MASK, self.population, self.people)
        noise = (high - low) / n * (u1 + u2 - 1.0)
        value = min(high, max(low, float(ordered.mean()) + noise))
        return round(value, 1)

    def interval(
        self, centre: float | None, values: object, low: float, high: float
    ) -> tuple[float, float] | None:
        """A 95% interval around a published mean, to one decimal, with 10 or more people."""
        import numpy as np

        array = np.asarray(values, dtype="float64")
        n = len(array)
        if centre is None or n < max(MIN_INTERVAL_PEOPLE, self.threshold):
            return None
        half = round(1.96 * float(array.std(ddof=1)) / math.sqrt(n), 1)
        return (round(max(low, centre - half), 1), round(min(high, centre + half), 1))


def _percentages(counts: Sequence[int], whole: int) -> list[int]:
    if not whole:
        return [0 for _ in counts]
    return [round(100 * c / whole) for c in counts]


def cell_of(keys: object) -> Cell:
    """The cell of these people's record keys."""
    import numpy as np

    array = np.asarray(keys, dtype="int64")
    return Cell(len(array), int(array.sum()) & _MASK)


def cells_by(frame: pd.DataFrame, by: list[str]) -> dict[tuple, Cell]:
    """The cell of each group of ``frame``'s rows (its ``key`` column), in one pass.

    The same cells :func:`cell_of` gives group by group, without a small frame per group: the
    report's time went on building those (issue 11's benchmark)."""
    if not len(frame):
        return {}
    sums = frame.groupby(by, observed=True, sort=False)["key"].agg(["size", "sum"])
    return {
        (k if isinstance(k, tuple) else (k,)): Cell(int(n), int(total) & _MASK)
        for k, (n, total) in zip(sums.index, sums.to_numpy(dtype="int64"), strict=True)
    }


def text(value: object, digits: int = 0, suffix: str = "") -> str:
    """A published number for the page, or :data:`HIDDEN` for a hidden one."""
    if value is None:
        return HIDDEN
    try:
        number = float(value)  # type: ignore[arg-type]
    except (TypeError, ValueError):
        return HIDDEN
    if math.isnan(number):
        return HIDDEN
    return f"{number:.{digits}f}{suffix}"
