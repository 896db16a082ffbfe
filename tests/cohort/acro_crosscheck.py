"""Cross-check the disclosure policy against ACRO (SACRO project, ``acro`` 1.0.2 on PyPI).

``acro`` 1.0.2 needs pandas < 3, so it cannot join the locked stack (pandas 3.1); it runs in a side
environment and its verdicts are kept in ``tests/cohort/data/acro_outcomes.json``, which
``test_acro.py`` compares with the policy cell by cell in every test run. To refresh them:

    .venv/bin/python tests/cohort/acro_crosscheck.py tidy /tmp/acro          # our stack
    uv venv /tmp/acro-env && uv pip install --python /tmp/acro-env/bin/python acro==1.0.2
    /tmp/acro-env/bin/python tests/cohort/acro_crosscheck.py acro /tmp/acro  # ACRO's stack
    cp /tmp/acro/acro_outcomes.json tests/cohort/data/
    .venv/bin/python tests/cohort/acro_crosscheck.py compare /tmp/acro-compare  # docs/

The same tidy data (a seeded synthetic cohort of 60 under a fixed key) goes to both. Only pandas
and acro are imported in ``acro`` mode.
"""

from __future__ import annotations

import json
import sys
from pathlib import Path

PARTICIPANTS, COHORTS, SEED = 60, 3, 11
FIXED_KEY = "5a" * 32
TABLES = {
    # name: (tidy file, row, column, value or None for counts)
    "distribution-trust-pre": ("trust_pre.csv", "item", "rating", None),
    "distribution-health_check-pre": ("health_check_pre.csv", "item", "rating", None),
    "knowledge-checks": ("checks.csv", "check", "outcome", None),
    "roles-pre": ("health_check_pre.csv", "item", "role", "rating"),
    "area-means-pre": ("area_pre.csv", "area", "cohort", "rating"),
}


def cohort(folder: Path):
    """The fixed cohort both sides see (our stack only)."""
    from widgets.cohort import load_cohort
    from widgets.synth import write_workshop_cohort

    write_workshop_cohort(folder / "answers", PARTICIPANTS, COHORTS, SEED, follow_up=False)
    key = folder / "fixed.key"
    key.write_text(FIXED_KEY + "\n")
    key.chmod(0o600)
    return load_cohort(folder / "answers", key_file=key)


def tidy(out: Path) -> None:
    """Write the tidy rows ACRO will tabulate (one row per person per statement)."""
    out.mkdir(parents=True, exist_ok=True)
    data = cohort(out)
    r = data.ratings.astype({"item": str, "role": str, "cohort": str, "area": str})
    for framework in ("trust", "health_check"):
        part = r[(r["framework"] == framework) & (r["timepoint"] == "pre")]
        part[["item", "rating", "role"]].to_csv(out / f"{framework}_pre.csv", index=False)
    data.checks.astype(str)[["check", "outcome"]].to_csv(out / "checks.csv", index=False)
    trust = r[(r["framework"] == "trust") & (r["timepoint"] == "pre")]
    person = trust.groupby(["area", "pseudonym"]).agg(
        rating=("rating", "mean"), cohort=("cohort", "first")
    )
    person.reset_index()[["area", "cohort", "rating"]].to_csv(out / "area_pre.csv", index=False)


def run_acro(out: Path) -> None:
    """ACRO's verdict on every cell: 'ok' or the checks it fails (side environment only)."""
    import pandas as pd
    from acro import ACRO

    acro = ACRO(suppress=False)
    verdicts: dict[str, dict[str, str]] = {}
    for name, (file, row, column, value) in TABLES.items():
        frame = pd.read_csv(out / file)
        if value is None:
            acro.crosstab(frame[row], frame[column])
        else:
            acro.crosstab(frame[row], frame[column], values=frame[value], aggfunc="mean")
        result = list(acro.results.results.values())[-1]
        outcome = result.outcome
        verdicts[name] = {
            f"{r}|{c}": str(outcome.at[r, c]).strip()
            for r in outcome.index
            for c in outcome.columns
        }
    (out / "acro_outcomes.json").write_text(json.dumps(verdicts, indent=1, sort_keys=True) + "\n")


# comparing (our stack) -----------------------------------------------------------------------
OUTCOMES = Path(__file__).parent / "data" / "acro_outcomes.json"
DOC = Path(__file__).parents[2] / "docs" / "acro_crosscheck.md"
REASONS = {
    "rounded": "ACRO suppresses a count under 10; the policy shows it randomly rounded to a "
    "multiple of 5 by the cell key (ACRO's own round-base-5 mitigation, made stable so that "
    "reruns cannot be averaged), so a 5 stands for 1 to 9 and the true count never shows",
    "zero": "ACRO flags a zero (class disclosure); the policy shows 0, which stands for 0 to 4 "
    "people, and hides the whole group when all or all but one share one answer",
    "small mean": "ACRO suppresses a mean of fewer than 10 people; the policy's threshold is 5 "
    "(HESA) with noise of up to one person's effect; `--threshold 10` gives ACRO's rule",
    "class": "the policy hides the whole group because all, or all but one, gave the same answer "
    "(or its rounded counts would show everyone on one answer); ACRO checks cell by cell",
    "structural": "an answer nobody gave anywhere: ACRO's crosstab has no such column, the policy "
    "lists every point of the scale (as 0, standing for 0 to 4)",
}


def our_cells(data) -> dict[str, dict[str, bool]]:
    """Whether the policy shows each cell of the cross-checked tables."""
    import pandas as pd

    from widgets.cohort import numbers

    ctx = numbers.Context.of(data)
    made = {
        "distribution-trust-pre": numbers.distribution(ctx, "trust", "pre").cells,
        "distribution-health_check-pre": numbers.distribution(ctx, "health_check", "pre").cells,
        "knowledge-checks": numbers.knowledge_checks(ctx).cells,
        "roles-pre": numbers.role_comparison(ctx, "pre").cells,
        "area-means-pre": numbers.area_means(ctx, "pre").cells,
    }
    shape = {
        "distribution-trust-pre": ("item", "rating", "people"),
        "distribution-health_check-pre": ("item", "rating", "people"),
        "knowledge-checks": ("check", "outcome", "people"),
        "roles-pre": ("item", "role", "mean"),
        "area-means-pre": ("area", "cohort", "mean"),
    }
    out = {}
    for name, cells in made.items():
        row, column, value = shape[name]
        if name == "area-means-pre":
            cells = cells[(cells["framework"] == "trust") & (cells["cohort"] != "all cohorts")]
        out[name] = {
            f"{r}|{c}": not pd.isna(v)
            for r, c, v in zip(cells[row], cells[column], cells[value], strict=True)
        }
    return out


def disagreements(data) -> list[dict[str, str]]:
    """Every cell where ACRO and the policy disagree, with the reason for it."""
    acro = json.loads(OUTCOMES.read_text())
    ours = our_cells(data)
    found = []
    for name, cells in ours.items():
        for cell, shown in sorted(cells.items()):
            verdict = acro[name].get(cell)
            acro_shows = verdict == "ok"
            if verdict is None:
                reason = "structural" if shown else ""
            elif shown == acro_shows:
                continue
            elif not shown:
                reason = "class"
            elif "PresenceOfZeroCheck" in verdict:
                reason = "zero"
            elif "MinimumThresholdCheck" in verdict:
                reason = "small mean" if name in ("roles-pre", "area-means-pre") else "rounded"
            else:
                reason = "unexplained"
            if not reason:
                continue
            row, column = cell.split("|")
            found.append(
                {
                    "table": name,
                    "row": row,
                    "column": column,
                    "policy": "shown" if shown else "hidden",
                    "acro": verdict or "(no such cell)",
                    "reason": reason,
                }
            )
    return found


def document(found: list[dict[str, str]]) -> str:
    from collections import Counter

    counts = Counter(f["reason"] for f in found)
    lines = [
        "# The disclosure policy against ACRO, cell by cell",
        "",
        "Generated by `tests/cohort/acro_crosscheck.py` (checked by `tests/cohort/test_acro.py`):",
        f"a seeded synthetic cohort of {PARTICIPANTS} people in {COHORTS} cohorts, tabulated by",
        "ACRO 1.0.2 (defaults: threshold 10, zeros disclosive, p-ratio, nk rule) and by the",
        "policy at its default threshold of 5. Every disagreement is listed with its reason and",
        "none is unexplained. No count ACRO would suppress is shown in a form that gives the true",
        "count away: the policy's counts are randomly rounded to a multiple of 5 (a 5 can be",
        "anything from 1 to 9) and its means perturbed (see `widgets/cohort/disclosure.py`).",
        "",
        "| reason | cells | why |",
        "|---|---|---|",
    ]
    lines += [f"| {k} | {counts[k]} | {REASONS[k]} |" for k in REASONS if counts[k]]
    lines += ["", "| table | row | column | policy | ACRO | reason |", "|---|---|---|---|---|---|"]
    lines += [
        f"| {f['table']} | {f['row']} | {f['column']} | {f['policy']} | "
        f"{f['acro'].rstrip(';')} | {f['reason']} |"
        for f in found
    ]
    return "\n".join(lines) + "\n"


def compare(folder: Path) -> None:
    DOC.write_text(document(disagreements(cohort(folder))), encoding="utf-8")


if __name__ == "__main__":
    mode, folder = sys.argv[1], Path(sys.argv[2])
    {"tidy": tidy, "acro": run_acro, "compare": compare}[mode](folder)
