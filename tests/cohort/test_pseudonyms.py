"""Pseudonyms: keyed, stable, never the raw id; the key is private and kept out of git."""

from __future__ import annotations

import stat
from pathlib import Path

import pytest
from hypothesis import given
from hypothesis import strategies as st

from widgets.cohort.pseudonyms import KeyFileError, load_key, open_key, pseudonym


def test_the_key_is_created_once_readable_by_its_owner_only(tmp_path: Path) -> None:
    path = tmp_path / "home" / "pseudonym.key"
    key = load_key(path)
    assert path.exists() and len(key) == 32
    assert stat.S_IMODE(path.stat().st_mode) == 0o600
    assert load_key(path) == key  # reused, not replaced


def test_the_default_key_lives_in_the_common_ground_home(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv("COMMONGROUND_HOME", str(tmp_path / "cg"))
    load_key()
    assert (tmp_path / "cg" / "pseudonym.key").exists()


def test_a_key_inside_a_git_repository_is_refused(tmp_path: Path) -> None:
    (tmp_path / "repo" / ".git").mkdir(parents=True)
    with pytest.raises(KeyFileError, match="inside the git repository"):
        load_key(tmp_path / "repo" / "keys" / "pseudonym.key")
    assert not (tmp_path / "repo" / "keys" / "pseudonym.key").exists()


def test_a_key_others_can_read_is_refused_in_one_sentence(tmp_path: Path) -> None:
    path = tmp_path / "pseudonym.key"
    load_key(path)
    path.chmod(0o644)
    with pytest.raises(KeyFileError, match="can be read by other users") as caught:
        load_key(path)
    assert "chmod 600" in str(caught.value) and str(caught.value).count(". ") == 0


def test_a_short_key_is_refused(tmp_path: Path) -> None:
    path = tmp_path / "pseudonym.key"
    path.write_text("ab" * 8)
    path.chmod(0o600)
    with pytest.raises(KeyFileError, match="too short"):
        load_key(path)


def test_making_a_key_says_so_and_reopening_it_does_not(tmp_path: Path) -> None:
    path = tmp_path / "pseudonym.key"
    assert "same key for the pre and the post" in open_key(path).note
    assert open_key(path).note == ""


def test_a_damaged_key_is_refused_not_replaced(tmp_path: Path) -> None:
    path = tmp_path / "pseudonym.key"
    path.write_text("not hex at all")
    path.chmod(0o600)
    with pytest.raises(KeyFileError, match="damaged"):
        load_key(path)
    assert path.read_text() == "not hex at all"


@given(st.text(min_size=1, max_size=40))
def test_pseudonyms_are_stable_keyed_and_never_show_the_id(participant: str) -> None:
    key, other = b"k" * 32, b"o" * 32
    first = pseudonym(participant, key)
    assert first == pseudonym(participant, key)
    assert first != pseudonym(participant, other)
    assert first.startswith("p-") and len(first) == 18
    if len(participant) >= 3:
        assert participant not in first[2:]


def test_different_people_get_different_pseudonyms() -> None:
    key = b"k" * 32
    ids = [f"person-{i}" for i in range(2000)]
    assert len({pseudonym(i, key) for i in ids}) == len(ids)
