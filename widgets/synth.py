"""A seeded synthetic cohort, written as the same answers files real participants produce.

The numbers are invented but shaped like a real workshop: people differ in overall confidence,
councillors and officers see the relationship differently (each side rates its own side's
behaviour higher), and ratings rise modestly between the pre and post self-assessments.
"""

from __future__ import annotations

import json
import random
import re
from dataclasses import dataclass
from pathlib import Path

from .activities import ASSIGNMENT_FOR_TIMEPOINT, rating_activity, self_assessment_frameworks
from .kinds import GROUPED, KINDS, by_widget, expand, resolve
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


# answering any assignment ----------------------------------------------------------------------
# A released notebook's widget cells name what the participant answers (e.g.
# ``widgets.knowledge_check("roles_policy")``); a synthetic participant answers the same things
# through the answers file beside the notebook, as the widgets would.
# The calls are the notebook calls of the kinds that have a synthetic-answer writer (widgets.kinds).
_SYNTHESISED = "|".join(sorted(k.widget for k in KINDS.values() if k.synth))
_WIDGET_CALL = re.compile(
    rf"""\b({_SYNTHESISED})\(\s*["']([\w.-]+)["']"""
    r"""(?:\s*,\s*(?:timepoint\s*=\s*)?["']([\w-]+)["'])?"""
)
# A grouped call (``widgets.kinds.GROUPED``, e.g. ``widgets.statutory_checks()``) shows several
# activities together: each is answered, as a participant answering all of them would.
_GROUPED_CALL = re.compile(rf"\b({'|'.join(sorted(GROUPED))})\(\s*\)")
SYNTHETIC_REFLECTION = (
    "Synthetic reflection (not a real participant). I would agree with officers early on how we "
    "share information, check that we both understand who decides what, and ask for a regular "
    "informal conversation so small problems are raised before they grow."
)


def assignment_activities(folder: Path) -> list[tuple[str, str, str | None]]:
    """``(widget, id, timepoint)`` for every widget call in the notebooks in ``folder``."""
    found: list[tuple[str, str, str | None]] = []
    for path in sorted(Path(folder).glob("*.ipynb")):
        notebook = json.loads(path.read_text(encoding="utf-8"))
        for cell in notebook.get("cells", []):
            if cell.get("cell_type") != "code":
                continue
            source = cell.get("source", "")
            source = "".join(source) if isinstance(source, list) else source
            calls = [(m.group(1), m.group(2), m.group(3)) for m in _WIDGET_CALL.finditer(source)]
            for grouped in dict.fromkeys(_GROUPED_CALL.findall(source)):
                calls += [(widget, ident, None) for widget, ident in expand(grouped)]
            found += [call for call in dict.fromkeys(calls) if call not in found]
    return found


def check_answer(check_id: str, correct: bool) -> object:
    """A saved answer to a knowledge check that is all right (``correct``) or all wrong."""
    from .logic.knowledge_check import load_check

    check = load_check(check_id)
    options = [o.id for o in check.options]
    if check.kind == "single":
        return next(o.id for o in check.options if bool(o.correct) == correct)
    if check.kind == "multiple":
        return [o.id for o in check.options if bool(o.correct) == correct]
    # match: the right partner of an item is the row with its own label; a rotation pairs none
    partners = options if correct else options[1:] + options[:1]
    return dict(zip(options, partners, strict=True))


def scenario_path(scenario_id: str, correct: bool) -> list[str]:
    """A route through a scenario to an end: every choice the best (``correct``) or the worst."""
    from .logic.scenario import QUALITY_WORDS, load_scenario

    scenario = load_scenario(scenario_id)
    ranking = list(QUALITY_WORDS)  # best, acceptable, poor
    path: list[str] = []
    step = scenario.start
    while step is not None and len(path) <= len(scenario.steps):
        choices = sorted(step.choices, key=lambda c: ranking.index(c.quality))
        choice = choices[0] if correct else choices[-1]
        path.append(choice.id)
        step = scenario.steps[choice.next_step] if choice.next_step else None
    return path


def answer_assignment(
    folder: Path, person: SyntheticParticipant, *, correct: bool = True, seed: int = 1
) -> Path:
    """Answer every widget of the assignment in ``folder`` as ``person`` would, through the
    answers file beside its notebooks: all right (``correct``) or all wrong; questionnaires rated
    in full (``correct``) or only half; reflections written either way. Returns the file.
    Each kind's writer is named in the registry (``widgets.kinds``)."""
    from .store import AnswerStore

    rng = random.Random(f"{seed}-{person.id}")
    store = AnswerStore(folder, person.record(), synthetic=True)
    writers = by_widget()
    for widget, ident, timepoint in assignment_activities(folder):
        writer = resolve(writers[widget].synth)
        writer(store, ident, timepoint, person, correct, rng)
    return store.path


# one synthetic-answer writer per kind: (store, id, timepoint, person, correct, rng) ----------
def answer_check(store, ident: str, timepoint, person, correct: bool, rng) -> None:
    from .activities import check_activity

    store.update(check_activity(ident), {"answer": check_answer(ident, correct)})


def answer_scenario(store, ident: str, timepoint, person, correct: bool, rng) -> None:
    from .activities import scenario_activity

    store.update(scenario_activity(ident), {"path": scenario_path(ident, correct)})


def answer_reflection(store, ident: str, timepoint, person, correct: bool, rng) -> None:
    from .activities import reflection_activity
    from .logic.reflection import TEXT_ITEM

    store.update(reflection_activity(ident), {TEXT_ITEM: SYNTHETIC_REFLECTION})


def answer_sorter(store, ident: str, timepoint, person, correct: bool, rng) -> None:
    from .activities import sorter_activity
    from .logic.sorter import make_answer, sorter_items

    choices = {}
    for item in sorter_items(ident):
        wrong = "joint" if item["suggested"] != "joint" else "officer"
        choices[item["id"]] = make_answer(item["suggested"] if correct else wrong)
    store.update(sorter_activity(ident), choices)


def rate_questionnaire(
    store, ident: str, timepoint: str | None, person, correct: bool, rng: random.Random
) -> None:
    """Rate every statement (``correct``) or only half of them."""
    from .activities import ROLE_FRAMEWORK
    from .logic.questionnaire import load_questionnaire

    if ident in ROLE_FRAMEWORK.values() and ident != ROLE_FRAMEWORK[person.role]:
        return  # the other role's questionnaire shows a note, nothing to rate
    when = timepoint or "pre"
    content = load_questionnaire(ident, person.role, person.jurisdiction)
    top = len(content.points)
    rows = {row["id"]: row for row in framework_items(ident, person.role)}
    chosen = content.items if correct else content.items[: len(content.items) // 2]
    store.update(
        rating_activity(ident, when),
        {item.id: rate(person, rows.get(item.id, {}), top, when, rng) for item in chosen},
    )


# the whole workshop, for analysts (issue 6) ----------------------------------------------------
# Every kind of answer the cohort analyses use: self-ratings at two or three timepoints, knowledge
# checks, scenario paths and a relationship map, written as separate assignment folders.
WORKSHOP_ASSIGNMENTS = {
    "pre": "pre_workshop",
    "post": "post_workshop",
    "follow-up": "follow_up",
    "checks": "knowledge_checks",
    "scenarios": "scenarios",
    "map": "relationship_map",
}
FOLLOW_UP_KEEPS = 0.7  # the share of the workshop's lift still there at follow-up


class _WorkshopContent:
    """The course content a synthetic participant answers, looked up once for a whole cohort."""

    def __init__(self) -> None:
        from .logic.knowledge_check import check_ids, load_check
        from .logic.relationship_map import categories
        from .logic.scenario import load_scenario, scenario_ids

        self._items: dict[tuple[str, str, str], list[dict]] = {}
        self._tops: dict[str, int] = {}
        self.checks = [load_check(c) for c in check_ids()]
        self.scenarios = [load_scenario(s) for s in scenario_ids()]
        self.categories = [c["id"] for c in categories()]

    def items(self, framework: str, role: str, jurisdiction: str) -> list[dict]:
        key = (framework, role, jurisdiction)
        if key not in self._items:
            rows = framework_items(framework, role, jurisdiction)
            self._items[key] = [r for r in rows if r.get("rated") != "no"]
        return self._items[key]

    def top(self, framework: str) -> int:
        if framework not in self._tops:
            self._tops[framework] = len(framework_info(framework)["points"])
        return self._tops[framework]


def workshop_ratings(
    person: SyntheticParticipant, timepoint: str, rng: random.Random, content: _WorkshopContent
) -> dict[str, Answer]:
    """Self-ratings for every framework of the person's role at ``timepoint`` (incl. follow-up)."""
    from dataclasses import replace

    stamp = {"pre": "2026-03-01", "post": "2026-04-01"}.get(timepoint, "2026-07-01")
    rater, when = person, timepoint
    if timepoint == "follow-up":  # some of the lift fades: rate as "post" with less growth
        rater, when = replace(person, growth=person.growth * FOLLOW_UP_KEEPS), "post"
    answers = {}
    for framework in self_assessment_frameworks(person.role):
        top = content.top(framework)
        for item in content.items(framework, person.role, person.jurisdiction):
            value = rate(rater, item, top, when, rng)
            answers[f"{rating_activity(framework, timepoint)}/{item['id']}"] = Answer(
                value, f"{stamp}T10:00:00.000+00:00"
            )
    return answers


def workshop_checks(
    person: SyntheticParticipant, rng: random.Random, content: _WorkshopContent
) -> dict[str, Answer]:
    """Knowledge-check answers: more confident people are right more often."""
    from .activities import check_activity

    answers = {}
    for check in content.checks:
        if check.jurisdiction not in ("all", person.jurisdiction):
            continue
        correct = rng.random() < min(0.95, max(0.2, 0.65 + 0.2 * person.confidence))
        answer = check_answer(check.id, correct)
        if not correct and check.kind == "multiple" and rng.random() < 0.5:
            right = [o.id for o in check.options if o.correct]
            answer = right[: max(1, len(right) - 1)]  # partly right: some right options missed
        stamp = "2026-04-01T11:00:00.000+00:00"
        answers[f"{check_activity(check.id)}/answer"] = Answer(answer, stamp)
        answers[f"{check_activity(check.id)}/checked"] = Answer(True, stamp)
    return answers


def workshop_paths(
    person: SyntheticParticipant, rng: random.Random, content: _WorkshopContent
) -> dict[str, Answer]:
    """A path through every scenario, leaning towards the stronger choices."""
    from .activities import scenario_activity

    weights = {"best": 3.0, "acceptable": 1.5, "poor": 0.7}
    answers = {}
    for scenario in content.scenarios:
        if scenario.jurisdiction not in ("all", person.jurisdiction):
            continue
        path, step = [], scenario.start
        while step is not None and len(path) <= len(scenario.steps):
            choice = rng.choices(step.choices, [weights.get(c.quality, 1) for c in step.choices])[0]
            path.append(choice.id)
            step = scenario.steps[choice.next_step] if choice.next_step else None
        stamp = "2026-04-01T12:00:00.000+00:00"
        answers[f"{scenario_activity(scenario.id)}/path"] = Answer(path, stamp)
    return answers


def workshop_map(
    person: SyntheticParticipant, rng: random.Random, content: _WorkshopContent
) -> dict[str, Answer]:
    """A relationship map of three to six entries; statutory officers tend to be important."""
    answers = {}
    for number in range(1, rng.randint(3, 6) + 1):
        category = rng.choice(content.categories)
        important = 4 if category.startswith("statutory") else 3
        entry = {
            "role": f"Synthetic role {number}",
            "category": category,
            "importance": max(1, min(5, round(rng.gauss(important, 1.0)))),
            "quality": max(1, min(5, round(rng.gauss(3.2 + person.confidence, 1.0)))),
            "action": "",
        }
        answers[f"relmap/e{number}"] = Answer(entry, "2026-04-01T13:00:00.000+00:00")
    return answers


def write_workshop_cohort(
    out: Path,
    participants: int,
    cohorts: int,
    seed: int = 1,
    *,
    follow_up: bool = False,
    kinds: tuple[str, ...] = ("pre", "post", "checks", "scenarios", "map"),
    start: int = 0,
    stop: int | None = None,
) -> list[Path]:
    """Write a synthetic cohort with every kind of answer the analyses use, one folder per
    assignment: ``out/<cohort>/<participant>/<assignment>/commonground_answers.json``.
    ``kinds`` picks the parts (keys of ``WORKSHOP_ASSIGNMENTS``; ``follow_up`` adds the third
    timepoint); ``start``/``stop`` write only that slice of people, so processes can share it."""
    content = _WorkshopContent()
    written = []
    people = make_participants(participants, cohorts, seed)
    for person in people[start:stop]:
        rng = random.Random(f"{seed}-workshop-{person.id}")
        makers = {
            "pre": lambda p, r: workshop_ratings(p, "pre", r, content),
            "post": lambda p, r: workshop_ratings(p, "post", r, content),
            "follow-up": lambda p, r: workshop_ratings(p, "follow-up", r, content),
            "checks": lambda p, r: workshop_checks(p, r, content),
            "scenarios": lambda p, r: workshop_paths(p, r, content),
            "map": lambda p, r: workshop_map(p, r, content),
        }
        wanted = [*kinds, "follow-up"] if follow_up and "follow-up" not in kinds else list(kinds)
        for part in wanted:
            answers = makers[part](person, rng)
            folder = out / person.cohort / person.id / WORKSHOP_ASSIGNMENTS[part]
            folder.mkdir(parents=True, exist_ok=True)
            path = folder / ANSWERS_FILENAME
            text = json.dumps(AnswersFile(person.record(), answers, synthetic=True).to_json())
            write_atomically(path, text, durable=False)
            written.append(path)
    return written
