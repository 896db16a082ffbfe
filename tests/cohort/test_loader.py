"""The loader: one tidy, pseudonymous table from good files; every bad file named, none fatal."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from tests.cohort.conftest import write_answers
from widgets.cohort import load_cohort
from widgets.cohort.loader import RATING_COLUMNS
from widgets.synth import SYNTHETIC_REFLECTION, write_workshop_cohort


def test_a_synthetic_cohort_loads_into_one_tidy_table(synthetic) -> None:
    ratings = synthetic.ratings
    assert tuple(ratings.columns) == RATING_COLUMNS
    assert set(ratings["timepoint"].astype(str)) == {"pre", "post", "follow-up"}
    assert set(ratings["framework"].astype(str)) == {
        "trust",
        "health_check",
        "challenge",
        "nos_sfjc21",
        "councillor_skills",
    }
    assert ratings["rating"].between(1, 5).all()
    assert synthetic.participants == 36 and not synthetic.problems and synthetic.synthetic
    assert len(synthetic.checks) and len(synthetic.paths) and len(synthetic.relmap)
    assert set(synthetic.checks["outcome"].astype(str)) <= {"right", "partly right", "wrong"}
    assert not ratings.duplicated(["pseudonym", "framework", "timepoint", "item"]).any()


def test_ids_become_pseudonyms_and_free_text_never_enters(tmp_path: Path) -> None:
    write_answers(
        tmp_path / "src" / "amira" / "reflections",
        {
            "reflect.challenge2/text": "My private thoughts about Councillor Smith",
            "rate.trust.pre/TB1": 4,
            "relmap/e1": {
                "role": "Siân, head of housing",
                "category": "senior_manager",
                "importance": 5,
                "quality": 1,
                "action": "Ring Siân on Monday",
            },
            "sort.challenge1/i1": {"choice": "officer", "reason": "A secret reason"},
            "plan/start": ["Write to Siân"],
        },
    )
    cohort = load_cohort(tmp_path / "src", key_file=tmp_path / "key")
    everything = " ".join(
        frame.astype(str).to_csv()
        for frame in (cohort.ratings, cohort.checks, cohort.paths, cohort.relmap)
    )
    for secret in ("amira", "private thoughts", "Siân", "Ring", "secret reason", "Write to"):
        assert secret not in everything
    assert cohort.ratings["pseudonym"][0].startswith("p-")
    assert cohort.relmap["category"][0] == "senior_manager" and cohort.relmap["quality"][0] == 1


BROKEN = {
    "corrupt": (b"{not json", "corrupt"),
    "not-utf8": (b"\xff\xfe\x00bad", "corrupt"),
    "other-format": (json.dumps({"format": "something-else"}).encode(), "corrupt"),
}


def test_each_bad_file_is_named_with_its_reason_and_the_rest_load(tmp_path: Path) -> None:
    src = tmp_path / "src"
    good = write_answers(src / "good" / "pre_workshop", {"rate.trust.pre/TB1": 3})
    bad: dict[str, str] = {}
    for name, (content, reason) in BROKEN.items():
        folder = src / name / "pre_workshop"
        folder.mkdir(parents=True)
        (folder / "commonground_answers.json").write_bytes(content)
        bad[name] = reason
    cases = {
        "off-scale": ({"rate.trust.pre/TB1": 9}, "rating off the scale"),
        "bool-rating": ({"rate.trust.pre/TB1": True}, "rating off the scale"),
        "list-rating": ({"rate.trust.pre/TB1": [3]}, "rating off the scale"),
        "dict-rating": ({"rate.trust.pre/TB1": {"v": 3}}, "rating off the scale"),
        "bad-check-answer": ({"check.roles_policy/answer": "zz"}, "damaged answer"),
        "bad-path": ({"scenario.challenge5/path": ["c8-s1-a"]}, "damaged answer"),
        "path-not-list": ({"scenario.challenge5/path": {"a": 1}}, "damaged answer"),
        "bad-map": ({"relmap/e1": {"category": "aliens"}}, "damaged answer"),
        "map-off-scale": (
            {"relmap/e1": {"category": "senior_manager", "importance": 7}},
            "rating off the scale",
        ),
    }
    for name, (answers, reason) in cases.items():
        write_answers(
            src / name / "pre_workshop",
            answers,
            {"id": name, "role": "officer", "jurisdiction": "england"},
        )
        bad[name] = reason
    schema = {
        "no-role": {"id": "x", "jurisdiction": "england"},
        "bad-jurisdiction": {"id": "y", "role": "officer", "jurisdiction": "wales"},
    }
    for name, record in schema.items():
        write_answers(src / name / "pre_workshop", {"rate.trust.pre/TB1": 3}, record)
        bad[name] = "wrong schema"
    cohort = load_cohort(src, key_file=tmp_path / "key")
    assert cohort.files == 1 and len(cohort.ratings) == 1
    named = {p.path.parent.parent.name: p.reason for p in cohort.problems}
    assert set(named) == set(bad)
    for name, reason in bad.items():
        assert named[name].startswith(reason), (name, named[name])
    assert good not in [p.path for p in cohort.problems]


def test_submitted_and_autograded_copies_count_once_and_the_folder_names_the_cohort(
    tmp_path: Path,
) -> None:
    course = tmp_path / "Ynys Môn 2026"
    for top in ("submitted", "autograded"):
        write_answers(
            course / top / "siân" / "pre_workshop",
            {"rate.trust.pre/TB1": 4},
            {"id": "siân", "role": "councillor", "jurisdiction": "scotland"},
        )
    cohort = load_cohort(course / "submitted", course / "autograded", key_file=tmp_path / "key")
    assert len(cohort.ratings) == 1 and cohort.participants == 1
    assert cohort.ratings["cohort"][0] == "Ynys Môn 2026"


def test_the_nbgrader_student_folder_stands_in_for_a_missing_id(tmp_path: Path) -> None:
    write_answers(
        tmp_path / "submitted" / "student7" / "pre_workshop",
        {"rate.trust.pre/TB2": 2},
        {"role": "officer", "jurisdiction": "england", "cohort": "A"},
    )
    cohort = load_cohort(tmp_path / "submitted", key_file=tmp_path / "key")
    assert cohort.files == 1 and cohort.participants == 1


def test_the_same_key_gives_the_same_pseudonyms_across_loads(tmp_path: Path) -> None:
    write_workshop_cohort(tmp_path / "a", 4, 1, kinds=("pre",))
    first = load_cohort(tmp_path / "a", key_file=tmp_path / "key")
    second = load_cohort(tmp_path / "a", key_file=tmp_path / "key")
    other = load_cohort(tmp_path / "a", key_file=tmp_path / "other.key")
    assert set(first.ratings["pseudonym"]) == set(second.ratings["pseudonym"])
    assert not set(first.ratings["pseudonym"]) & set(other.ratings["pseudonym"])


def test_a_missing_source_is_one_plain_sentence(tmp_path: Path) -> None:
    with pytest.raises(FileNotFoundError, match="There is no file or folder"):
        load_cohort(tmp_path / "nowhere", key_file=tmp_path / "key")
    with pytest.raises(ValueError, match="at least one"):
        load_cohort(key_file=tmp_path / "key")


def test_synthetic_reflections_are_not_loaded(synthetic) -> None:
    text = " ".join(f.astype(str).to_csv() for f in (synthetic.ratings, synthetic.relmap))
    assert SYNTHETIC_REFLECTION[:30] not in text and "Synthetic role" not in text


def test_an_answer_from_an_older_course_version_is_dropped_with_a_note_not_the_person(
    tmp_path: Path,
) -> None:
    write_answers(
        tmp_path / "src" / "old" / "pre_workshop",
        {
            "rate.trust.pre/TB1": 4,
            "rate.trust.pre/TB99": 3,
            "rate.nonsense.pre/X1": 2,
            "check.nope/answer": "a",
            "scenario.gone/path": ["x"],
        },
        {"id": "old-timer", "role": "officer", "jurisdiction": "england"},
    )
    cohort = load_cohort(tmp_path / "src", key_file=tmp_path / "key")
    assert cohort.files == 1 and not cohort.problems and len(cohort.ratings) == 1
    assert len(cohort.dropped) == 4
    assert all(p.reason.startswith("unknown item dropped") for p in cohort.dropped)
    assert "answers dropped as unknown to this course version: 4" in repr(cohort)


def test_the_cohort_displays_counts_never_rows_or_paths(tmp_path: Path) -> None:
    write_answers(
        tmp_path / "src" / "student-siobhan" / "pre_workshop",
        {"rate.trust.pre/TB1": 9},
        {"id": "student-siobhan", "role": "officer", "jurisdiction": "england"},
    )
    write_answers(tmp_path / "src" / "ok" / "pre_workshop", {"rate.trust.pre/TB1": 3})
    cohort = load_cohort(tmp_path / "src", key_file=tmp_path / "key")
    shown = repr(cohort) + cohort._repr_html_()
    assert "1 rating off the scale" in shown and "siobhan" not in shown
    assert "p-" not in shown and "TB1" not in shown
    assert "siobhan" not in repr(cohort.problems) and "siobhan" in str(cohort.problems[0])
    assert "A new pseudonym key was made" in shown  # the key file did not exist before
    again = load_cohort(tmp_path / "src", key_file=tmp_path / "key")
    assert "new pseudonym key" not in repr(again)
