"""The synthetic cohort: labelled synthetic, seeded, realistic in shape, in the real file format."""

from __future__ import annotations

import statistics
import subprocess
import sys
from pathlib import Path

from widgets.activities import parse_rating_activity
from widgets.store import ANSWERS_FILENAME, read_answers_file
from widgets.synth import make_participants, write_cohort
from widgets.tables import framework, items


def _ratings(out: Path):
    for path in sorted(out.rglob(ANSWERS_FILENAME)):
        content = read_answers_file(path)
        for key, answer in content.answers.items():
            activity, item = key.split("/", 1)
            fw, timepoint = parse_rating_activity(activity)
            yield content, path, fw, timepoint, item, answer.value


def test_the_command_writes_one_file_per_participant_and_timepoint(tmp_path: Path) -> None:
    result = subprocess.run(
        [
            Path(sys.executable).parent / "commonground",
            "synth",
            "--participants",
            "12",
            "--cohorts",
            "3",
            "--out",
            str(tmp_path),
        ],
        capture_output=True,
        text=True,
        check=True,
    )
    assert "24 synthetic answers files" in result.stdout
    files = list(tmp_path.rglob(ANSWERS_FILENAME))
    assert len(files) == 24
    assert {p.parent.name for p in files} == {"pre_workshop", "post_workshop"}
    assert len({p.parents[2].name for p in files}) == 3


def test_every_file_is_labelled_synthetic_and_every_rating_is_on_its_scale(tmp_path: Path) -> None:
    write_cohort(tmp_path, 20, 2, seed=7)
    tops = {}
    for content, _path, fw, _tp, item, value in _ratings(tmp_path):
        assert content.synthetic is True
        assert content.participant["id"].startswith("synth-")
        role, where = content.participant["role"], content.participant["jurisdiction"]
        allowed = {r["id"] for r in items(fw, role, where)}
        assert item in allowed
        tops.setdefault(fw, len(framework(fw)["points"]))
        assert 1 <= value <= tops[fw]


def test_the_same_seed_gives_the_same_cohort(tmp_path: Path) -> None:
    write_cohort(tmp_path / "a", 8, 2, seed=3)
    write_cohort(tmp_path / "b", 8, 2, seed=3)
    first = sorted(
        (p.relative_to(tmp_path / "a"), p.read_text()) for p in (tmp_path / "a").rglob("*.json")
    )
    second = sorted(
        (p.relative_to(tmp_path / "b"), p.read_text()) for p in (tmp_path / "b").rglob("*.json")
    )
    assert first == second


def test_ratings_rise_from_pre_to_post_and_each_side_rates_its_own_side_higher(
    tmp_path: Path,
) -> None:
    write_cohort(tmp_path, 200, 4, seed=11)
    by_time: dict[str, list[int]] = {"pre": [], "post": []}
    own_side, other_side = [], []
    health = {r["id"]: r["expected_of"] for r in items("health_check")}
    for content, _p, fw, timepoint, item, value in _ratings(tmp_path):
        by_time[timepoint].append(value)
        if fw == "health_check":
            same = health[item] == content.participant["role"]
            (own_side if same else other_side).append(value)
    assert statistics.mean(by_time["post"]) > statistics.mean(by_time["pre"]) + 0.2
    assert statistics.mean(own_side) > statistics.mean(other_side) + 0.4


def test_both_roles_and_jurisdictions_appear() -> None:
    people = make_participants(100, 2, seed=1)
    assert {p.role for p in people} == {"councillor", "officer"}
    assert {p.jurisdiction for p in people} == {"england", "scotland"}


def test_a_cohort_needs_someone_in_it(tmp_path: Path) -> None:
    result = subprocess.run(
        [
            Path(sys.executable).parent / "commonground",
            "synth",
            "--participants",
            "0",
            "--out",
            str(tmp_path),
        ],
        capture_output=True,
        text=True,
    )
    assert result.returncode == 2
    assert "at least one participant" in result.stderr and "Traceback" not in result.stderr
