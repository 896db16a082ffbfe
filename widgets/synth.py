"""A seeded synthetic cohort, written as the same answers files real participants produce.

The numbers are invented but shaped like a real workshop: people differ in overall confidence,
councillors and officers see the relationship differently (each side rates its own side's
behaviour higher), and ratings rise modestly between the pre and post self-assessments.
"""

from __future__ import annotations

import json
import random
from dataclasses import dataclass
from pathlib import Path

from .activities import ASSIGNMENT_FOR_TIMEPOINT, rating_activity, self_assessment_frameworks
from .profile import JURISDICTIONS, ROLES
from .store import ANSWERS_FILENAME, Answer, AnswersFile, write_atomically
from .tables import framework as framework_info
from .tables import items as framework_items

SYNTHETIC_PREFIX = "synth"


@dataclass(frozen=True)
class SyntheticParticipant:
    id: str
    cohort: str
    role: str
    jurisdiction: str
    confidence: float  # how this person rates themselves overall, in scale points
    growth: float  # how much the workshop moved them

    def record(self) -> dict[str, str]:
        return {
            "id": self.id,
            "role": self.role,
            "jurisdiction": self.jurisdiction,
            "cohort": self.cohort,
        }


def make_participants(n: int, cohorts: int, seed: int = 1) -> list[SyntheticParticipant]:
    if n < 1 or cohorts < 1:
        raise ValueError("A synthetic cohort needs at least one participant and one cohort.")
    rng = random.Random(seed)
    people = []
    for index in range(n):
        cohort = f"{SYNTHETIC_PREFIX}-cohort-{index % cohorts + 1:02d}"
        people.append(
            SyntheticParticipant(
                id=f"{SYNTHETIC_PREFIX}-{index + 1:05d}",
                cohort=cohort,
                role=ROLES[0] if rng.random() < 0.45 else ROLES[1],
                jurisdiction=JURISDICTIONS[0] if rng.random() < 0.6 else JURISDICTIONS[1],
                confidence=rng.gauss(0.0, 0.6),
                growth=max(0.0, rng.gauss(0.45, 0.3)),
            )
        )
    return people


def rate(
    person: SyntheticParticipant, item: dict, top: int, timepoint: str, rng: random.Random
) -> int:
    middle = (top + 1) / 2 + 0.3
    bias = 0.0
    if item.get("expected_of"):  # two-sided health check: each side rates its own side higher
        bias = 0.5 if item["expected_of"] == person.role else -0.4
    lift = person.growth if timepoint == "post" else 0.0
    score = middle + person.confidence + bias + lift + rng.gauss(0.0, 0.7)
    return max(1, min(top, round(score)))


def answers_for(person: SyntheticParticipant, timepoint: str, rng: random.Random) -> AnswersFile:
    stamp = f"2026-{3 if timepoint == 'pre' else 4:02d}-01T10:00:00.000+00:00"
    answers: dict[str, Answer] = {}
    for framework in self_assessment_frameworks(person.role):
        points = framework_info(framework)["points"]
        top = len(points)
        for item in framework_items(framework, person.role, person.jurisdiction):
            if item.get("rated") == "no":
                continue
            key = f"{rating_activity(framework, timepoint)}/{item['id']}"
            answers[key] = Answer(rate(person, item, top, timepoint, rng), stamp)
    return AnswersFile(person.record(), answers, synthetic=True)


def write_cohort(out: Path, participants: int, cohorts: int, seed: int = 1) -> list[Path]:
    """Write ``out/<cohort>/<participant>/<assignment>/commonground_answers.json`` (nbgrader's
    submitted layout, one level up) for the pre and post self-assessments."""
    rng = random.Random(seed + 1)
    written = []
    for person in make_participants(participants, cohorts, seed):
        for timepoint, assignment in ASSIGNMENT_FOR_TIMEPOINT.items():
            folder = out / person.cohort / person.id / assignment
            folder.mkdir(parents=True, exist_ok=True)
            path = folder / ANSWERS_FILENAME
            content = answers_for(person, timepoint, rng).to_json()
            write_atomically(path, json.dumps(content, indent=1), durable=False)
            written.append(path)
    return written
