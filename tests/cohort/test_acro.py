"""The cross-check against ACRO: ACRO 1.0.2's verdict on every cell of five tables (recorded from
a side environment, since acro needs pandas < 3) against the policy's on the same tidy data. Every
disagreement must have a known reason, and docs/acro_crosscheck.md must list exactly them."""

from __future__ import annotations

from pathlib import Path

from tests.cohort import acro_crosscheck as cross


def test_every_disagreement_with_acro_is_explained_and_listed(tmp_path: Path) -> None:
    found = cross.disagreements(cross.cohort(tmp_path))
    assert found, "a policy at threshold 5 must differ from ACRO's threshold of 10 somewhere"
    unexplained = [f for f in found if f["reason"] not in cross.REASONS]
    assert not unexplained, unexplained
    acro = sum(len(cells) for cells in cross.json.loads(cross.OUTCOMES.read_text()).values())
    assert acro > len(found)  # most cells agree
    assert cross.DOC.read_text(encoding="utf-8") == cross.document(found), (
        "docs/acro_crosscheck.md is stale: run tests/cohort/acro_crosscheck.py compare DIR"
    )
