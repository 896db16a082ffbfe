"""Every notebook states the time its words and activities add up to, and so does the guide."""

from __future__ import annotations

from pathlib import Path

import pytest

from widgets import timing

ROOT = Path(__file__).resolve().parents[2]
GUIDE = (ROOT / "notebooks" / "facilitator_guide.md").read_text(encoding="utf-8")


def test_the_count_grows_with_words_and_activities(tmp_path: Path) -> None:
    page = tmp_path / "99_x.md"
    page.write_text("# X\n\n" + "word " * 300, encoding="utf-8")
    assert timing.estimate(page).minutes == pytest.approx(2.0, abs=0.1)
    page.write_text('# X\n\n```{code-cell}\nwidgets.reflection("challenge2")\n```\n')
    assert timing.estimate(page).activities == {"reflection": 1}
    # every kind of the registry is counted, each by its own units (a ranking: its items)
    page.write_text('# X\n\n```{code-cell}\nwidgets.ranking("trust_priorities")\n```\n')
    assert timing.estimate(page).activities == {"ranking": 8}


@pytest.mark.parametrize("path", timing.topics(), ids=lambda p: p.stem)
def test_the_stated_time_is_the_counted_time(path: Path) -> None:
    counted, stated = timing.estimate(path), timing.stated_in(path)
    low, _, high = (stated or "0").partition("–")
    assert int(low) <= counted.minutes <= int(high or low), (
        f"course/{path.name} says {stated} minutes but its {counted.words} words and activities "
        f"come to {counted.minutes:.0f}: write **About {counted.stated} minutes.**"
    )
    assert f"({path.stem}.ipynb) | " in GUIDE
    row = GUIDE.split(f"({path.stem}.ipynb) | ", 1)[1].split("\n", 1)[0]
    assert row.split(" | ")[1] == stated, f"the guide's timing for {path.stem} differs from it"
