"""Grading from the answers file: the plain functions nbgrader's hidden tests call.

Every graded part of an assignment is an autograder test cell whose visible part is a comment and
whose hidden part is one call to this module, e.g.::

    import widgets.grading
    widgets.grading.check_points("principles_match", out_of=3)

The call reads the answers file beside the notebook (autograde runs each notebook in its own
submission folder, next to the participant's ``commonground_answers.json``) and returns the
points earned as the cell's value. nbgrader uses a test cell's numeric ``execute_result`` as its
score (``nbgrader.utils.determine_grade`` → ``get_partial_grade``), so partial credit needs no
extra machinery. The value is an :class:`Earned`: a ``float`` whose plain text is the number
nbgrader parses and whose HTML tells the participant, in feedback, what they earned and where to
read more, never what the right answers were. When nothing at all was answered the call raises
:class:`NothingAnswered` with one plain sentence, so the cell fails visibly and scores 0.

The rules:

- **Knowledge checks** score ``out_of × score_check(...)`` (single: all or nothing; multiple: share
  of right ticks less wrong ticks; match: share of right pairs). The statutory officers question is
  the one for the participant's own council, from the answers file's participant record.
- **Self-assessments** earn points for completion, never for the ratings themselves:
  ``out_of × rated items / items``; every statement rated earns full marks.
- **Scenarios**: ``out_of × (END_WEIGHT × reached an end + (1 − END_WEIGHT) × mean quality)``,
  where each choice taken is worth 1 (best), ½ (acceptable) or 0 (poor).
- **Reflections** are graded by hand; :func:`show_reflection` puts the saved words in the
  notebook's output so graders read them in the formgrader.

The answers file is read without writing anything (no lock file, no moving a damaged file aside),
so grading leaves the submission folder as it was.

Size: over 500 lines because each graded kind has its scoring rule and, beside it, the feedback
in words that explains that same score (question and answer, decisions taken, statements rated);
keeping the two together means a rule and its explanation cannot drift apart.
"""

from __future__ import annotations

import html
import os
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from .activities import (
    ROLE_FRAMEWORK,
    check_activity,
    parse_rating_activity,
    rating_activity,
    reflection_activity,
    scenario_activity,
)
from .store import ANSWERS_FILENAME, AnswersFile, read_answers_file, split_key

# Scenario marks: reaching an end is worth this share; the quality of the choices the rest.
END_WEIGHT = 0.5
QUALITY_VALUE = {"best": 1.0, "acceptable": 0.5, "poor": 0.0}

# Where a participant can read again about each knowledge-check topic.
READ_AGAIN = {
    "roles": "01 Roles and responsibilities",
    "officer conduct": "04 Conduct and the seven principles",
    "seven principles": "04 Conduct and the seven principles",
    "statutory officers": "05 Statutory officers",
    "constructive challenge": "06 Constructive challenge",
    "expectations": "02 Expectations and perspectives",
}
ROLE = "role"  # completion_points("role", ...) means the participant's own role framework


class NothingAnswered(Exception):
    """Nothing was answered for a graded part: the test cell fails with this plain sentence."""


class AnswersUnreadable(Exception):
    """The answers file in the submission could not be read."""


# the value a hidden test returns -------------------------------------------------------------
class Earned(float):
    """Points earned: a number for nbgrader, a sentence with guidance for people."""

    summary: str
    guidance: str
    out_of: float
    question: str  # the question in words, for feedback ("" where the notebook shows it)
    answer: str  # the participant's own answer in words ("" where the summary says it)
    details: tuple[str, ...]  # one plain line per part of the answer (a decision, a framework)

    def __new__(
        cls,
        points: float,
        out_of: float,
        summary: str = "",
        guidance: str = "",
        *,
        question: str = "",
        answer: str = "",
        details: tuple[str, ...] = (),
    ):
        value = min(float(out_of), max(0.0, round(float(points), 2)))
        self = super().__new__(cls, value)
        self.out_of = float(out_of)
        self.summary = summary
        self.guidance = guidance
        self.question = question
        self.answer = answer
        self.details = tuple(details)
        return self

    def __repr__(self) -> str:  # what nbgrader reads from text/plain
        return repr(float(self))

    __str__ = __repr__

    def _repr_pretty_(self, printer: Any, cycle: bool) -> None:
        printer.text(repr(self))

    def sentence(self) -> str:
        unit = "point" if self.out_of == 1 else "points"
        return f"{_number(self)} of {_number(self.out_of)} {unit}."

    def _repr_html_(self) -> str:
        # only tags nbconvert's sanitizer keeps (HTMLExporter.sanitize_html): no <p>, no <br>
        words = " ".join(part for part in (self.summary, self.guidance) if part)
        page = f"<strong>{html.escape(self.sentence())}</strong> {html.escape(words)}".strip()
        if self.question:
            page += f"<blockquote>Question: {html.escape(self.question)}</blockquote>"
        if self.answer:
            page += f"<blockquote>Your answer: {html.escape(self.answer)}</blockquote>"
        page += "".join(f"<blockquote>{html.escape(line)}</blockquote>" for line in self.details)
        return page


def _number(value: float) -> str:
    return f"{value:g}"


# reading the answers file ----------------------------------------------------------------------
def read_answers(folder: str | os.PathLike[str] | None = None) -> AnswersFile:
    """The answers file beside the notebook, read only; an empty one if there is none."""
    path = Path(folder if folder is not None else Path.cwd()) / ANSWERS_FILENAME
    if not path.exists():
        return AnswersFile()
    try:
        return read_answers_file(path)
    except (ValueError, OSError) as err:
        raise AnswersUnreadable(
            f"The saved answers in this submission could not be read ({err}), so nothing in it "
            "can be marked automatically."
        ) from err


def activity_answers(answers: AnswersFile, activity: str) -> dict[str, Any]:
    """All saved answers of one activity, by item id."""
    found: dict[str, Any] = {}
    for key, answer in answers.answers.items():
        name, item = split_key(key)
        if name == activity:
            found[item] = answer.value
    return found


def _record(answers: AnswersFile, field: str) -> str:
    value = answers.participant.get(field)
    return value if isinstance(value, str) else ""


# knowledge checks --------------------------------------------------------------------------------
def check_earned(answers: AnswersFile, check_id: str, out_of: float) -> Earned:
    from .logic.knowledge_check import load_check, mark

    check = load_check(check_id)
    saved = activity_answers(answers, check_activity(check_id)).get("answer")
    where = READ_AGAIN.get(check.topic)
    name = f"the question on {check.topic}"
    if saved in (None, "", [], {}):
        raise NothingAnswered(f"Nothing was answered for {name}, so it earns no points.")
    try:
        result = mark(check, saved)
    except ValueError as err:
        return Earned(0, out_of, str(err), _read_again(where))
    guidance = "" if result.all_correct else _read_again(where)
    summary = result.summary
    if check.kind == "single":  # the widget's summary says "try again", which feedback cannot
        summary = "Your saved answer is right." if result.all_correct else "Not quite."
    return Earned(
        out_of * result.score,
        out_of,
        summary,
        guidance,
        question=check.prompt,
        answer=answer_words(check, saved),
    )


def answer_words(check: Any, saved: Any) -> str:
    """A saved knowledge-check answer in the words of its options ("" if it cannot be said)."""

    def label(option_id: Any) -> str:
        option = check.option(option_id) if isinstance(option_id, str) else None
        return option.label if option is not None else ""

    if check.kind == "single":
        return label(saved)
    if check.kind == "multiple" and isinstance(saved, list):
        return "; ".join(word for word in map(label, saved) if word)
    if isinstance(saved, dict):
        pairs = []
        for left, right in saved.items():
            chosen = check.option(right) if isinstance(right, str) else None
            partner = (chosen.match or chosen.label) if chosen is not None else ""
            if label(left) and partner:
                pairs.append(f"{label(left)}: {partner}")
        return "; ".join(pairs)
    return ""


def _read_again(where: str | None) -> str:
    return f"To revise this, read notebook {where} again." if where else ""


def check_points(check_id: str, out_of: float, folder: str | os.PathLike[str] | None = None):
    """Points for one knowledge check, from the saved answer (checked or not)."""
    return check_earned(read_answers(folder), check_id, out_of)


def statutory_check_for(answers: AnswersFile) -> str:
    """The statutory officers question for the participant's council.

    From the participant record's country and council type (``widgets.logic.statutory``); when
    they leave more than one question (no record, or an English council of unknown type), the one
    answered best, so nobody loses points for a question that was not theirs.
    """
    from .logic.knowledge_check import score_check
    from .logic.statutory import checks_for

    candidates = checks_for(_record(answers, "jurisdiction"), _record(answers, "council_type"))
    best, best_score = candidates[0], -1.0
    if len(candidates) == 1:
        return best
    for check_id in candidates:
        saved = activity_answers(answers, check_activity(check_id)).get("answer")
        if saved in (None, "", [], {}):
            continue
        try:
            score = score_check(check_id, saved)
        except ValueError:
            score = 0.0
        if score > best_score:
            best, best_score = check_id, score
    return best


def statutory_points(out_of: float, folder: str | os.PathLike[str] | None = None) -> Earned:
    """Points for the statutory officers match of the participant's own council."""
    answers = read_answers(folder)
    return check_earned(answers, statutory_check_for(answers), out_of)


# self-assessments --------------------------------------------------------------------------------
def completion_earned(answers: AnswersFile, framework: str, timepoint: str, out_of: float):
    """Points for rating every statement of a questionnaire the participant was shown."""
    from .logic.questionnaire import load_questionnaire, progress

    role = _record(answers, "role")
    jurisdiction = _record(answers, "jurisdiction") or None
    if framework == ROLE:
        if role in ROLE_FRAMEWORK:
            candidates = [ROLE_FRAMEWORK[role]]
        else:  # no role recorded: whichever role framework they got furthest with
            candidates = list(ROLE_FRAMEWORK.values())
    else:
        candidates = [framework]
    best: tuple[int, int, str, tuple[str, ...]] | None = None
    for candidate in candidates:
        questionnaire = load_questionnaire(candidate, role or None, jurisdiction)
        saved = activity_answers(answers, rating_activity(candidate, timepoint))
        answered, total = progress(questionnaire, saved)
        if best is None or answered / total > best[0] / best[1]:
            best = (answered, total, questionnaire.title, rated_by_area(questionnaire, saved))
    assert best is not None
    answered, total, title, by_area = best
    if answered == 0:
        raise NothingAnswered(f"No statement of {title} was rated, so it earns no points.")
    earned = for_completion(
        answered,
        total,
        out_of,
        f"rated {{}} statements of {title}",
        "Points are for rating every statement, never for the ratings themselves.",
    )
    earned.question = f"Rate yourself on each statement of {title}."
    earned.answer = f"{answered} of the {total} statements rated."
    earned.details = by_area if len(by_area) > 1 else ()
    return earned


def rated_by_area(questionnaire: Any, saved: dict[str, Any]) -> tuple[str, ...]:
    """ "Area: n of m statements rated", one line per area of the framework, for feedback."""
    from .logic.questionnaire import area_title, valid_answers

    good, _ = valid_answers(questionnaire, saved)
    lines = []
    for area, items in questionnaire.areas():
        rated = sum(1 for item in items if item.id in good)
        lines.append(f"{area_title(area)}: {rated} of {len(items)} statements rated.")
    return tuple(lines)


def for_completion(done: int, total: int, out_of: float, did: str, rule: str) -> Earned:
    """Points for the share done, never for what was chosen (self-ratings, rankings).
    ``did`` is what was done with ``{}`` for the count ("rated {} statements of Trust"); ``rule``
    is the guidance shown when something was left undone."""
    if done >= total:
        return Earned(out_of, out_of, f"You {did.format(f'all {total}')}.")
    return Earned(
        out_of * done / total,
        out_of,
        f"You {did.format(f'{done} of the {total}')}.",
        rule,
    )


def completion_points(
    framework: str, timepoint: str, out_of: float, folder: str | os.PathLike[str] | None = None
) -> Earned:
    """Points for completing one self-assessment questionnaire. ``framework="role"`` means the
    framework for the participant's role: SFJC21 for officers, councillor skills for councillors."""
    return completion_earned(read_answers(folder), framework, timepoint, out_of)


# scenarios ---------------------------------------------------------------------------------------
@dataclass(frozen=True)
class ScenarioMark:
    reached_end: bool
    quality: float  # mean value of the choices taken, 0 to 1
    choices: int

    @property
    def fraction(self) -> float:
        return END_WEIGHT * (1.0 if self.reached_end else 0.0) + (1 - END_WEIGHT) * self.quality


def scenario_mark(scenario_id: str, path: Any, jurisdiction: str | None = None) -> ScenarioMark:
    """How far a saved route went and how good its choices were (a damaged tail is ignored), with
    the ratings for the participant's country where they differ."""
    from .logic.scenario import for_country, load_scenario, walk

    walked = walk(for_country(load_scenario(scenario_id), jurisdiction), path)
    values = [QUALITY_VALUE.get(choice.quality, 0.0) for choice in walked.taken]
    quality = sum(values) / len(values) if values else 0.0
    return ScenarioMark(bool(values) and walked.finished, quality, len(values))


def scenario_earned(answers: AnswersFile, scenario_id: str, out_of: float) -> Earned:
    from .logic.scenario import QUALITY_SHORT, for_country, load_scenario, outcome, walk

    jurisdiction = _record(answers, "jurisdiction") or None
    scenario = for_country(load_scenario(scenario_id), jurisdiction)
    path = activity_answers(answers, scenario_activity(scenario_id)).get("path")
    result = scenario_mark(scenario_id, path, jurisdiction)
    if result.choices == 0:
        raise NothingAnswered(f"No choice was made in {scenario.title}, so it earns no points.")
    summary = outcome(walk(scenario, path)).text
    if not result.reached_end:
        summary += " You did not reach the end of the scenario."
    guidance = ""
    if result.fraction < 1:
        guidance = (
            f"Points: half for reaching an end, half for your choices ({QUALITY_SHORT['best']} "
            f"choices count fully, {QUALITY_SHORT['acceptable']} ones half). Play it again and "
            "read the guidance after each choice."
        )
    return Earned(
        out_of * result.fraction,
        out_of,
        summary,
        guidance,
        question=f"The scenario {scenario.title}: what would you do at each point?",
        details=decision_lines(scenario, walk(scenario, path).taken, result, out_of),
    )


def decision_lines(scenario: Any, taken: list[Any], result: ScenarioMark, out_of: float):
    """Each decision in words (the situation in brief, the option chosen, its points), then the
    points for reaching an end: what the feedback page shows, so nobody needs the notebook."""
    from .logic.scenario import QUALITY_SHORT

    share = out_of * (1 - END_WEIGHT) / len(taken) if taken else 0.0
    lines = []
    for number, choice in enumerate(taken, start=1):
        situation = brief(scenario.steps[choice.step].situation)
        earned = share * QUALITY_VALUE.get(choice.quality, 0.0)
        lines.append(
            f"Decision {number}: {situation} You chose: {choice.label} "
            f"({QUALITY_SHORT.get(choice.quality, 'unrated')} choice, "
            f"{_of(earned, share)})."
        )
    end = out_of * END_WEIGHT
    reached = "You reached an end" if result.reached_end else "You did not reach an end"
    lines.append(f"{reached}: {_of(end if result.reached_end else 0, end)}.")
    return tuple(lines)


def _of(earned: float, out_of: float) -> str:
    out_of = round(out_of, 2)
    return f"{_number(round(earned, 2))} of {_number(out_of)} point{'' if out_of == 1 else 's'}"


def brief(text: str, limit: int = 160) -> str:
    """The first sentence of ``text``, cut at a word near ``limit`` characters if longer."""
    words = " ".join(text.split())
    for end in (". ", "? ", "! "):
        if end in words:
            words = words[: words.index(end) + 1]
            break
    if len(words) <= limit:
        return words
    return words[:limit].rsplit(" ", 1)[0].rstrip(",;:") + "…"


def scenario_points(
    scenario_id: str, out_of: float, folder: str | os.PathLike[str] | None = None
) -> Earned:
    """Points for one branching scenario: reaching an end and the quality of the choices."""
    return scenario_earned(read_answers(folder), scenario_id, out_of)


# one entry point by activity id ------------------------------------------------------------------
def points(activity: str, out_of: float, folder: str | os.PathLike[str] | None = None) -> Earned:
    """Points for any autograded activity by its id: ``check.<id>``, ``scenario.<id>`` or
    ``rate.<framework>.<timepoint>`` (framework ``role`` = the participant's role framework);
    ``check.statutory`` is the statutory officers match of the participant's own council.
    Each kind's grader is named in the registry (``widgets.kinds``)."""
    from .kinds import kind_of, resolve

    kind = kind_of(activity)
    if kind is None or kind.grader is None or "." not in activity:
        raise ValueError(f"'{activity}' is not an activity that can be marked automatically.")
    return resolve(kind.grader)(activity, out_of, folder)


# one grader per kind: (activity, out_of, folder) -> Earned
def _grade_check(activity: str, out_of: float, folder: str | os.PathLike[str] | None) -> Earned:
    from .kinds import GROUPED, resolve

    for grouped in GROUPED.values():  # a grouped call's marked part (``check.statutory``)
        if grouped.graded == activity:
            return resolve(grouped.grader)(out_of, folder)
    return check_points(activity.partition(".")[2], out_of, folder)


def _grade_scenario(activity: str, out_of: float, folder: str | os.PathLike[str] | None) -> Earned:
    return scenario_points(activity.partition(".")[2], out_of, folder)


def _grade_rating(activity: str, out_of: float, folder: str | os.PathLike[str] | None) -> Earned:
    parsed = parse_rating_activity(activity)
    if parsed is None:
        raise ValueError(f"'{activity}' is not an activity that can be marked automatically.")
    return completion_points(parsed[0], parsed[1], out_of, folder)


# reflections -------------------------------------------------------------------------------------
def reflection_text(prompt_id: str, folder: str | os.PathLike[str] | None = None) -> str:
    """The participant's saved reflection ("" when there is none)."""
    from .logic.reflection import TEXT_ITEM

    saved = activity_answers(read_answers(folder), reflection_activity(prompt_id)).get(TEXT_ITEM)
    return saved if isinstance(saved, str) else ""


@dataclass(frozen=True)
class SavedReflection:
    """A saved reflection as a cell output: what graders read in the formgrader."""

    title: str
    text: str
    problem: str = ""

    def _words(self) -> str:
        from .logic.reflection import word_count, word_count_text

        return word_count_text(word_count(self.text))

    def __repr__(self) -> str:
        if self.problem:
            return f"{self.title}: {self.problem}"
        if not self.text.strip():
            return f"{self.title}: no reflection has been saved yet."
        return f"{self.title} ({self._words()}):\n\n{self.text}"

    def _repr_pretty_(self, printer: Any, cycle: bool) -> None:
        printer.text(repr(self))

    def _repr_html_(self) -> str:
        # only tags nbconvert's sanitizer keeps (no <p> or <br>): one blockquote per line
        title = html.escape(self.title)
        if self.problem:
            return f"<strong>{title}:</strong> {html.escape(self.problem)}"
        if not self.text.strip():
            return f"<strong>{title}:</strong> no reflection has been saved yet."
        paragraphs = "".join(
            f"<blockquote>{html.escape(line.strip())}</blockquote>"
            for line in self.text.splitlines()
            if line.strip()
        )
        return f"<strong>{title}</strong> ({html.escape(self._words())}), as saved:{paragraphs}"


def show_reflection(
    prompt_id: str, folder: str | os.PathLike[str] | None = None
) -> SavedReflection:
    """The saved reflection as output (for the grader; the participant sees what was saved).

    Never raises for a damaged answers file: the output says so in one sentence instead.
    """
    from .logic.reflection import reflection_prompt

    title = reflection_prompt(prompt_id)["title"]
    try:
        return SavedReflection(title, reflection_text(prompt_id, folder))
    except AnswersUnreadable as err:
        return SavedReflection(title, "", problem=str(err))
