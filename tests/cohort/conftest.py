"""Shared helpers for the cohort tests: answers files written by hand, a small synthetic cohort."""

from __future__ import annotations

import json
import random
from pathlib import Path

import pytest

from widgets.cohort import Cohort, load_cohort
from widgets.store import ANSWERS_FILENAME
from widgets.synth import write_workshop_cohort


def write_answers(
    folder: Path, answers: dict, participant: dict | None = None, **extra: object
) -> Path:
    """One answers file in the real format, with the given ``{key: value}`` answers."""
    folder.mkdir(parents=True, exist_ok=True)
    record = {"id": "amira", "role": "officer", "jurisdiction": "england", "cohort": "Leeds"}
    content = {
        "format": "commonground-answers",
        "version": 1,
        "synthetic": False,
        "participant": participant if participant is not None else record,
        "answers": {k: {"value": v, "at": "2026-01-01T00:00:00+00:00"} for k, v in answers.items()},
        **extra,
    }
    path = folder / ANSWERS_FILENAME
    path.write_text(json.dumps(content, ensure_ascii=False), encoding="utf-8")
    return path


def seeded_key(path: Path, seed: int) -> Path:
    """A pseudonym key file drawn from ``seed`` (private, as the loader demands). The policy's
    noise follows the key, so tests name their keys: a failure can be replayed, and a property
    is tested under several keys rather than under whichever one a run happened to make."""
    path.write_text(random.Random(seed).randbytes(32).hex() + "\n", encoding="ascii")
    path.chmod(0o600)
    return path


@pytest.fixture(scope="session")
def synthetic_answers(tmp_path_factory: pytest.TempPathFactory) -> Path:
    folder = tmp_path_factory.mktemp("synthetic") / "answers"
    write_workshop_cohort(folder, 36, 3, seed=4, follow_up=True)
    return folder


@pytest.fixture(scope="session")
def synthetic(synthetic_answers: Path) -> Cohort:
    return load_cohort(synthetic_answers, key_file=seeded_key(synthetic_answers.parent / "key", 0))
