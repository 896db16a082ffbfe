"""Answer the course's widgets with the keyboard alone, as a participant who cannot use a mouse.

A :class:`Keys` driver works inside one widget (one notebook cell's output). Focus is put once on
the widget's first control (as a participant would by clicking into it or tabbing from the page);
from then on only keys are pressed. Every Tab is checked: focus must move to the next control in
the widget's document order (every visible, enabled input, select, textarea, button or link), so
a control that Tab skips, or a focus that escapes the widget, fails the test. Before a key
operates a control, the focused element is checked to be the intended control.

One driver per widget type (``answer_*``) returns what it answered, as checks to run on the page
after a reload and on the answers file.
"""

from __future__ import annotations

import json
import re
import time
from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from playwright.sync_api import Locator, Page, expect

from widgets.activities import (
    check_activity,
    map_activity,
    plan_activity,
    rating_activity,
    reflection_activity,
    scenario_activity,
    sorter_activity,
)
from widgets.errors import NotForYou
from widgets.kinds import KINDS
from widgets.logic.knowledge_check import load_check, right_choices
from widgets.logic.questionnaire import load_questionnaire
from widgets.logic.ranking import load_ranking, move, ranking_activity
from widgets.logic.reflection import reflection_prompt
from widgets.logic.scenario import load_scenario, walk
from widgets.logic.sorter import CHOICE_LABELS, CHOICES, sorter_items
from widgets.logic.statutory import checks_in_order
from widgets.profile import JURISDICTION_LABELS, ROLE_LABELS
from widgets.store import read_answers_file
from widgets.tables import table

# What a control is, in words a test failure can show: kind, its label, (radio) the option, and
# its state (checked for radios and tick boxes; the chosen option's text for a drop-down; every
# option's text for a list box; else the value).
_DESCRIBE = """
(el) => {
  const text = (node) => (node ? node.textContent : '').replace(/\\s+/g, ' ').trim();
  const tag = el.tagName.toLowerCase();
  let kind = tag;
  if (tag === 'input') kind = el.type === 'radio' || el.type === 'checkbox' ? el.type : 'text';
  if (tag === 'select') kind = el.size > 1 || el.multiple ? 'listbox' : 'select';
  if (tag === 'a') kind = 'link';
  const box = el.closest('.widget-inline-hbox, .widget-inline-vbox, .widget-radio');
  // ipywidgets put a control's description beside it; GOV.UK markup has a label for its id
  const label = el.id ? document.querySelector(`label[for="${CSS.escape(el.id)}"]`) : null;
  const description = box ? text(box.querySelector(':scope > .widget-label')) : text(label);
  let name = description, option = '', state = el.value ?? '';
  if (kind === 'radio') option = text(el.closest('label'));
  // The course's own radios (widgets/components): GOV.UK markup, a label beside each input and
  // the question as the group's legend or the row's aria-labelledby text.
  const group = kind === 'radio' && el.name ? el.closest('[role="radiogroup"], fieldset') : null;
  if (group) {
    option = text(document.querySelector(`label[for="${CSS.escape(el.id)}"]`));
    const by = group.getAttribute('aria-labelledby');
    name = by ? text(document.getElementById(by)) : text(group.querySelector('legend'));
  }
  // a tick box: ipywidgets wrap it in its label; GOV.UK checkboxes have the label beside it
  else if (kind === 'checkbox') name = text(el.closest('label')
    || (el.id && document.querySelector(`label[for="${CSS.escape(el.id)}"]`)));
  else if (kind === 'button' || kind === 'link') name = text(el);
  if (kind === 'radio' || kind === 'checkbox') state = el.checked;
  if (kind === 'select') state = el.selectedIndex >= 0 ? text(el.options[el.selectedIndex]) : '';
  if (kind === 'listbox') state = [...el.options].map(text).join('\\n');
  return {kind, name, option, state: String(state)};
}
"""

# Every control Tab should reach inside a widget, in document order. Radios that share a name
# are one Tab stop (the browser's rule): the checked one stands for its group, else the first.
_CONTROLS = """
(root) => [...root.querySelectorAll(
    'input, select, textarea, button, a[href], [tabindex]:not([tabindex="-1"])')]
  .filter((el) => !el.disabled && el.getClientRects().length > 0
          && getComputedStyle(el).visibility !== 'hidden')
  .filter((el) => {
    if (el.type !== 'radio' || !el.name) return true;
    const group = [...root.querySelectorAll('input[type="radio"]')]
      .filter((r) => r.name === el.name && !r.disabled);
    return el === (group.find((r) => r.checked) || group[0]);
  })
"""

# Every control shown in a widget, enabled or not (a checked answer disables its controls).
_SHOWN = """
(root) => [...root.querySelectorAll('input, select, textarea, button')]
  .filter((el) => el.getClientRects().length > 0)
"""

STEP_TIMEOUT = 60_000  # ms for the kernel to answer one key press on a busy machine


@dataclass(frozen=True)
class Control:
    """A control as the participant meets it: e.g. ``radio 'Your answer' / 'Officer'``.

    ``name`` and ``option`` are regular expressions matched in full; empty matches anything.
    """

    kind: str
    name: str = ""
    option: str = ""

    def __str__(self) -> str:
        return f"{self.kind} {self.name!r}" + (f" / {self.option!r}" if self.option else "")

    def matches(self, info: dict[str, str]) -> bool:
        return (
            self.kind == info["kind"]
            and _fits(self.name, info["name"])
            and _fits(self.option, info["option"])
        )


def exactly(kind: str, name: str = "", option: str = "") -> Control:
    """A control named by its literal label (and option)."""
    return Control(kind, re.escape(name) if name else "", re.escape(option) if option else "")


def _fits(wanted: str, actual: str) -> bool:
    return not wanted or re.fullmatch(wanted, actual) is not None


def _words(info: dict[str, str] | None) -> str:
    if not info:
        return "nothing"
    return str(Control(info["kind"], info["name"], info["option"]))


class KeyboardProblem(AssertionError):
    """The widget could not be operated from the keyboard as a participant would."""


@dataclass
class Answered:
    """What a driver answered: checks for the reloaded page and for the saved files."""

    shown: list[Callable[[Keys], None]] = field(default_factory=list)
    saved: list[Callable[[Saved], None]] = field(default_factory=list)


@dataclass
class Saved:
    """What the server's folders hold now: the answers (``activity/item`` -> value), the profile."""

    answers: dict[str, Any]
    profile: dict[str, Any]

    def get(self, activity: str, item: str) -> Any:
        return self.answers.get(f"{activity}/{item}")

    def activity(self, activity: str) -> dict[str, Any]:
        prefix = activity + "/"
        return {k[len(prefix) :]: v for k, v in self.answers.items() if k.startswith(prefix)}


@dataclass
class Context:
    """Who the participant is (content depends on role and council)."""

    role: str
    jurisdiction: str
    council_type: str = ""


class Echoes:
    """The widget state the kernel has confirmed, read from the page's kernel WebSocket.

    ipywidgets sends typed text to the kernel one message at a time and holds back newer text
    until the kernel answers, but a button press is sent at once: pressing a button right after
    typing can reach the kernel before the last letters. A participant types slowly enough; a
    test waits for the kernel's ``echo_update`` of the whole text before moving on.
    """

    def __init__(self, page: Page) -> None:
        self.page = page
        self.frames: list[str] = []
        page.on("websocket", lambda ws: ws.on("framereceived", self._received))

    def _received(self, payload: str | bytes) -> None:
        text = payload.decode("utf-8", "replace") if isinstance(payload, bytes) else payload
        if "echo_update" in text:
            self.frames.append(text)

    def wait_for(self, value: str, timeout: float = STEP_TIMEOUT / 1000) -> None:
        """Wait until the kernel has echoed a widget value equal to ``value``."""
        needles = {f'"value": {json.dumps(value)}', f'"value":{json.dumps(value)}'}
        needles |= {
            n.replace(json.dumps(value), json.dumps(value, ensure_ascii=False)) for n in needles
        }
        deadline = time.monotonic() + timeout
        while not any(n in frame for frame in self.frames for n in needles):
            if time.monotonic() > deadline:
                raise AssertionError(f"The kernel never confirmed the value {value!r}")
            self.page.wait_for_timeout(50)


class Keys:
    """Keyboard-only operation of one widget (``root``: its cell's output) on ``page``."""

    def __init__(self, page: Page, root: Locator, echoes: Echoes | None = None) -> None:
        self.page = page
        self.root = root
        self.echoes = echoes
        self.presses = 0
        self.tabs = 0  # Tab and Shift+Tab, of the presses

    # reading -----------------------------------------------------------------------------------
    def _list(self, source: str) -> list[dict[str, str]]:
        return self.root.evaluate(
            "(root, src) => eval(src[0])(root).map((el) => eval(src[1])(el))", [source, _DESCRIBE]
        )

    def controls(self) -> list[dict[str, str]]:
        """The controls Tab should reach, in document order."""
        return self._list(_CONTROLS)

    def shown(self) -> list[dict[str, str]]:
        """Every control on show, enabled or not (for checking answers after a reload)."""
        return self._list(_SHOWN)

    def focus(self) -> tuple[int, dict[str, str] | None]:
        """Where focus is among the widget's controls (-1 when outside it), and what it is."""
        return self.root.evaluate(
            """(root, src) => {
                 const el = document.activeElement;
                 if (!el || el === document.body) return [-1, null];
                 const list = eval(src[0])(root);
                 let index = list.indexOf(el);
                 if (index < 0 && el.type === 'radio' && el.name && root.contains(el))
                   index = list.findIndex((c) => c.type === 'radio' && c.name === el.name);
                 return [index, eval(src[1])(el)];
               }""",
            [_CONTROLS, _DESCRIBE],
        )

    def state_of(self, wanted: Control) -> str:
        """The state of the one shown control that is ``wanted``."""
        found = [c for c in self.shown() if wanted.matches(c)]
        if len(found) != 1:
            raise AssertionError(f"Expected one {wanted} on show, found {len(found)}")
        return found[0]["state"]

    # moving ------------------------------------------------------------------------------------
    def start(self, wanted: Control | None = None) -> None:
        """Put focus on the widget's first control (or ``wanted``): the one non-keyboard step,
        as a participant who clicks into the widget or tabs to it from the page."""
        controls = self.controls()
        indexes = [i for i, c in enumerate(controls) if wanted is None or wanted.matches(c)]
        if not indexes:
            raise KeyboardProblem(f"No {wanted or 'control'} in this widget: {controls}")
        self.root.evaluate(
            "(root, args) => eval(args[0])(root)[args[1]].focus()", [_CONTROLS, indexes[0]]
        )
        self.expect_focus(wanted or Control(controls[0]["kind"]))

    def expect_focus(self, wanted: Control) -> dict[str, str]:
        """Check the focused control is ``wanted`` (inside this widget) before a key acts on it."""
        index, info = self.focus()
        if index < 0 or info is None or not wanted.matches(info):
            where = "" if index >= 0 or info is None else " (outside this widget)"
            raise KeyboardProblem(f"Expected focus on {wanted}, but it is on {_words(info)}{where}")
        return info

    def tab_to(self, wanted: Control, *, backward: bool = False, limit: int = 600) -> None:
        """Press Tab (or Shift+Tab) until ``wanted`` has focus; every press must move focus to
        the next (previous) control of the widget in document order."""
        key, step = ("Shift+Tab", -1) if backward else ("Tab", 1)
        for _ in range(limit):
            index, info = self.focus()
            if index >= 0 and info is not None and wanted.matches(info):
                return
            if index < 0:
                raise KeyboardProblem(
                    f"Focus is outside the widget (on {_words(info)}), not {wanted}"
                )
            controls = self.controls()
            if not 0 <= index + step < len(controls):
                raise KeyboardProblem(f"{wanted} cannot be reached with {key} from {_words(info)}")
            expected = controls[index + step]
            self.key(key)
            new_index, landed = self.focus()
            if new_index != index + step:
                outside = " (outside the widget)" if new_index < 0 else ""
                raise KeyboardProblem(
                    f"{key} from {_words(info)} went to {_words(landed)}{outside}, "
                    f"not to the next control, {_words(expected)}"
                )
        raise KeyboardProblem(f"{wanted} not reached after {limit} presses of {key}")

    def key(self, key: str) -> None:
        self.presses += 1
        self.tabs += key in ("Tab", "Shift+Tab")
        self.page.keyboard.press(key)

    # operating ---------------------------------------------------------------------------------
    def press(self, wanted: Control, key: str) -> None:
        """Press ``key`` on ``wanted``, after checking that it is the focused control."""
        self.expect_focus(wanted)
        self.key(key)

    def wait_state(self, state: str) -> None:
        """Wait until the focused control shows ``state`` (the key press has taken effect)."""
        self.page.wait_for_function(
            "(args) => eval(args[0])(document.activeElement).state === args[1]",
            arg=[_DESCRIBE, state],
            timeout=STEP_TIMEOUT,
        )

    def choose_radio(self, name: str, option: str, **moves: Any) -> None:
        """Tab to one radio option and select it with Space; in a group that is one Tab stop
        (the course's own radios), Tab to the group and press the option's number."""
        target = exactly("radio", name, option)
        grouped = self.root.evaluate(
            "(root, args) => [...root.querySelectorAll('input[type=radio]')].map("
            "(el) => [eval(args[0])(el), el.name]).filter(([info, name]) => name)"
            ".map(([info]) => info)",
            [_DESCRIBE],
        )
        options = [c["option"] for c in grouped if _fits(target.name, c["name"])]
        if not options:
            self.tab_to(target, **moves)
            self.press(target, "Space")
            self.wait_state("true")
            return
        self.tab_to(exactly("radio", name), **moves)
        if option not in options:
            raise KeyboardProblem(f"{target} is not among the options {options}")
        self.press(exactly("radio", name), str(options.index(option) + 1))
        self.expect_focus(target)
        self.wait_state("true")

    def tick(self, name: str, **moves: Any) -> None:
        """Tab to a tick box and tick it with Space."""
        target = exactly("checkbox", name)
        self.tab_to(target, **moves)
        if self.expect_focus(target)["state"] == "true":
            raise KeyboardProblem(f"{target} was ticked already")
        self.press(target, "Space")
        self.wait_state("true")

    def type_into(
        self, kind: str, name: str, text: str, *, echo: bool = True, **moves: Any
    ) -> None:
        """Tab to a text box (``text`` or ``textarea``) and type ``text`` key by key; then (unless
        the box sends its text only when left, ``echo=False``) wait for the kernel to have it."""
        target = exactly(kind, name)
        self.tab_to(target, **moves)
        self.expect_focus(target)
        self.presses += len(text)
        self.page.keyboard.type(text)
        self.wait_state(text)
        if echo and self.echoes is not None:
            self.echoes.wait_for(text)

    def select(self, name: str, option: str, **moves: Any) -> None:
        """Tab to a drop-down, open its list (Alt+Down), move with the arrows, choose with Enter.

        (In JupyterLab the arrow keys on a closed drop-down move between notebook cells instead,
        so the list is opened first, as the browser's keyboard support for a drop-down allows.)
        """
        target = exactly("select", name)
        self.tab_to(target, **moves)
        options, current = self.page.evaluate(
            "() => [[...document.activeElement.options]"
            ".map((o) => o.text.replace(/\\s+/g, ' ').trim()),"
            " document.activeElement.selectedIndex]"
        )
        if option not in options:
            raise KeyboardProblem(f"{target} has no option {option!r}: {options}")
        wanted = options.index(option)
        self.press(target, "Alt+ArrowDown")
        arrow = "ArrowDown" if wanted > current else "ArrowUp"
        for _ in range(abs(wanted - current)):
            self.press(target, arrow)
        self.press(target, "Enter")
        self.wait_state(option)

    def click_button(self, name: str, key: str = "Enter", **moves: Any) -> None:
        """Tab to a button and press it (Enter, or Space)."""
        target = exactly("button", name)
        self.tab_to(target, **moves)
        self.press(target, key)


# ---------------------------------------------------------------------------------------------
# checks shared by the drivers


def shows(control: Control, state: str) -> Callable[[Keys], None]:
    """After a reload, ``control`` shows ``state``."""

    def check(keys: Keys) -> None:
        actual = keys.state_of(control)
        assert actual == state, f"{control} shows {actual!r} after the reload, not {state!r}"

    return check


def shows_text(text: str) -> Callable[[Keys], None]:
    def check(keys: Keys) -> None:
        expect(keys.root).to_contain_text(text, timeout=STEP_TIMEOUT)

    return check


def saved_as(activity: str, item: str, value: Any) -> Callable[[Saved], None]:
    def check(saved: Saved) -> None:
        actual = saved.get(activity, item)
        assert actual == value, f"{activity}/{item} is saved as {actual!r}, not {value!r}"

    return check


def _wait_text(keys: Keys, text: str) -> None:
    expect(keys.root).to_contain_text(text, timeout=STEP_TIMEOUT)


# ---------------------------------------------------------------------------------------------
# one driver per widget type


def answer_profile_form(keys: Keys, _arg: str | None, _ctx: Context) -> Answered:
    """Set up as a councillor in Scotland, with a group and a name."""
    role, place = ROLE_LABELS["councillor"], JURISDICTION_LABELS["scotland"]
    cohort, name = "Keyboard cohort", "Kay"
    keys.start()
    keys.choose_radio("I am a", role)
    keys.choose_radio("My council is in", place)
    # the kernel then offers Scotland's one type of council, chosen: wait for it before tabbing
    scottish = keys.root.get_by_text("My council is a", exact=True)
    expect(scottish).to_be_visible(timeout=STEP_TIMEOUT)
    keys.type_into("text", "Workshop group (optional)", cohort)
    keys.type_into("text", "What should we call you? (optional)", name)
    keys.click_button("Save my profile")
    message = "you are set up as a councillor (elected member) in Scotland"
    _wait_text(keys, message)

    def profile_saved(saved: Saved) -> None:
        got = {k: saved.profile.get(k) for k in ("role", "jurisdiction", "cohort", "display_name")}
        want = {"role": "councillor", "jurisdiction": "scotland", "cohort": cohort}
        assert got == {**want, "display_name": name}, f"the profile saved is {got}"

    return Answered(
        shown=[
            shows(exactly("radio", "I am a", role), "true"),
            shows(exactly("radio", "My council is in", place), "true"),
            shows(exactly("text", "Workshop group (optional)"), cohort),
            shows(exactly("text", "What should we call you? (optional)"), name),
            shows_text(message),
        ],
        saved=[profile_saved],
    )


def answer_for_my_council(keys: Keys, topic: str | None, ctx: Context) -> Answered:
    """Tick "Also show how this works in …" and see the other country's text appear."""
    assert topic
    other_id = next(k for k in JURISDICTION_LABELS if k != (ctx.jurisdiction or "england"))
    label = f"Also show how this works in {JURISDICTION_LABELS[other_id]}"
    rows = [r for r in table("council_differences") if r["topic"] == topic]
    other_text = next(r["text"] for r in rows if r["jurisdiction"] == other_id)[:60]
    expect(keys.root).not_to_contain_text(other_text, use_inner_text=True)
    keys.start()
    keys.tick(label)
    expect(keys.root).to_contain_text(other_text, use_inner_text=True, timeout=STEP_TIMEOUT)
    # A reading choice, remembered like an answer (in the home folder, never in the answers file).
    return Answered(shown=[shows(exactly("checkbox", label), "true")])


def answer_knowledge_check(keys: Keys, check_id: str | None, _ctx: Context) -> Answered:
    """Answer (first option; first two; or a match for every item), then Check my answer."""
    assert check_id
    check = load_check(check_id)
    activity = check_activity(check_id)
    keys.start()
    shown: list[Callable[[Keys], None]] = []
    answer: Any
    if check.kind == "single":
        option = check.options[0]
        keys.choose_radio("Your answer", option.label)
        answer = option.id
        shown.append(shows(exactly("radio", "Your answer", option.label), "true"))
    elif check.kind == "multiple":
        chosen = check.options[:2]
        for option in chosen:
            keys.tick(option.label)
            shown.append(shows(exactly("checkbox", option.label), "true"))
        answer = [o.id for o in chosen]
    else:
        choices = right_choices(check)
        answer = {}
        for n, option in enumerate(check.options):
            label, right = choices[n % len(choices)]
            keys.choose_radio(option.label, label)  # one radios group per item
            answer[option.id] = right
            shown.append(shows(exactly("radio", option.label, label), "true"))
    keys.click_button("Check my answer")
    _wait_text(keys, "Attempts so far: 1")
    shown.append(shows_text("Attempts so far: 1"))
    feedback = keys.root.locator("[role=status]:not(.cg-message) p > strong").first
    shown.append(shows_text(feedback.inner_text()))  # the marked result, not "Saved:"
    return Answered(
        shown=shown,
        saved=[
            saved_as(activity, "answer", answer),
            saved_as(activity, "checked", True),
            saved_as(activity, "attempts", 1),
        ],
    )


def answer_statutory_checks(keys: Keys, _arg: str | None, ctx: Context) -> Answered:
    """Notebook 05's three statutory-officer questions, in the order the reader's profile gives
    (their own council's first), each answered as a knowledge check inside its own box."""
    mine, others = checks_in_order(ctx.jurisdiction, ctx.council_type)
    boxes = keys.root.locator(".cg-statutory-question")
    expect(boxes).to_have_count(len(mine) + len(others), timeout=STEP_TIMEOUT)
    shown: list[Callable[[Keys], None]] = []
    saved: list[Callable[[Saved], None]] = []
    for n, check_id in enumerate(mine + others):
        expect(boxes.nth(n)).to_contain_text(load_check(check_id).prompt)
        inner = Keys(keys.page, boxes.nth(n), keys.echoes)
        result = answer_knowledge_check(inner, check_id, ctx)
        keys.presses, keys.tabs = keys.presses + inner.presses, keys.tabs + inner.tabs

        def narrowed(check: Callable[[Keys], None], n: int = n) -> Callable[[Keys], None]:
            return lambda k: check(Keys(k.page, k.root.locator(".cg-statutory-question").nth(n)))

        shown += [narrowed(check) for check in result.shown]
        saved += result.saved
    return Answered(shown=shown, saved=saved)


def answer_sorter(keys: Keys, sorter_id: str | None, _ctx: Context) -> Answered:
    """Sort every task (Councillor, Officer, Joint in turn), give a reason, add a task of one's
    own and sort it too, then ask for the workbook's view."""
    assert sorter_id
    activity = sorter_activity(sorter_id)
    items = sorter_items(sorter_id)
    reason, own = "It is about policy", "Answer a resident's letter"
    shown: list[Callable[[Keys], None]] = []
    saved: list[Callable[[Saved], None]] = []
    keys.start()
    for n, item in enumerate(items):
        choice = CHOICES[n % len(CHOICES)]
        label = f"{n + 1}. {item['statement']}"
        keys.choose_radio(label, CHOICE_LABELS[choice])
        if n == 0:
            keys.type_into("textarea", "Reason for task 1 (optional)", reason)
            shown.append(shows(exactly("textarea", "Reason for task 1 (optional)"), reason))
        shown.append(shows(exactly("radio", label, CHOICE_LABELS[choice]), "true"))
        saved.append(
            saved_as(activity, item["id"], {"choice": choice, "reason": reason * (n == 0)})
        )
    keys.type_into("text", "Add a task of your own", own)
    keys.click_button("Add task")
    number = len(items) + 1
    _wait_text(keys, f"Added as task {number}")
    own_label = f"{number}. {own} (your own task)"
    keys.choose_radio(own_label, CHOICE_LABELS["officer"], backward=True)
    shown.append(shows(exactly("radio", own_label, CHOICE_LABELS["officer"]), "true"))
    saved.append(saved_as(activity, "own-1", {"choice": "officer", "reason": "", "text": own}))
    keys.click_button("Compare with the workbook's view")
    _wait_text(keys, "The workbook's view")
    return Answered(shown=shown, saved=saved)


def answer_questionnaire(keys: Keys, framework: str | None, ctx: Context) -> Answered:
    """Rate every statement (ratings cycle through the scale), then see the summary."""
    assert framework
    try:
        content = load_questionnaire(framework, ctx.role, ctx.jurisdiction)
    except NotForYou as err:  # e.g. the councillors' skills for an officer: a note, no controls
        _wait_text(keys, str(err))
        assert keys.controls() == [], "a questionnaire not meant for this role has controls"
        return Answered(shown=[shows_text(str(err))])
    activity = rating_activity(framework, "pre")
    shown: list[Callable[[Keys], None]] = []
    saved: list[Callable[[Saved], None]] = []
    points = content.points
    keys.start()
    order = [item for _area, items in content.areas() for item in items]
    for n, item in enumerate(order):
        point = points[n % len(points)]
        name = f"{item.number}. {item.statement}"
        keys.choose_radio(name, point.label)
        shown.append(shows(exactly("radio", name, point.label), "true"))
        saved.append(saved_as(activity, item.id, point.value))
    _wait_text(keys, "Your summary")
    shown.append(shows_text("Your summary"))
    return Answered(shown=shown, saved=saved)


def answer_scenario(keys: Keys, scenario_id: str | None, _ctx: Context) -> Answered:
    """Play to the end: at each step pick an option (a different one each step), press Choose."""
    assert scenario_id
    scenario = load_scenario(scenario_id)
    activity = scenario_activity(scenario_id)
    chosen: list[str] = []
    keys.start()
    for step in range(len(scenario.steps) + 1):
        options = [c["option"] for c in keys.shown() if c["kind"] == "radio"]
        if not options:
            break
        label = options[step % len(options)]
        # the choices are drawn afresh at every step: go back to them from the Choose button
        keys.choose_radio("What do you do?", label, backward=step > 0)
        keys.click_button("Choose")
        chosen.append(label)
        expect(keys.root.get_by_text("You chose:", exact=True)).to_have_count(
            len(chosen), timeout=STEP_TIMEOUT
        )
        # the next step's choices (or the ending) replace these: wait for them before moving on
        keys.page.wait_for_function(
            """([root, before]) => root.innerText.includes('The end of the scenario') ||
                 (() => { const now = [...root.querySelectorAll('input[type=radio]')]
                            .map((r) => root.querySelector(`label[for="${CSS.escape(r.id)}"]`)
                                        .textContent.trim());
                          return now.length > 0 && now.join('|') !== before; })()""",
            arg=[keys.root.element_handle(), "|".join(options)],
            timeout=STEP_TIMEOUT,
        )
    _wait_text(keys, "The end of the scenario")

    def route_saved(saved: Saved) -> None:
        path = saved.get(activity, "path")
        state = walk(scenario, path)
        assert state.finished, f"the saved route {path} does not reach the end"
        assert [c.label for c in state.taken] == chosen, f"the saved route is {path}"

    return Answered(
        shown=[shows_text("The end of the scenario"), *(shows_text(c) for c in chosen)],
        saved=[route_saved],
    )


def answer_reflection(keys: Keys, prompt_id: str | None, _ctx: Context) -> Answered:
    """Type a few sentences and wait for the autosave (after a pause of about a second)."""
    assert prompt_id
    title = reflection_prompt(prompt_id)["title"]
    text = f"Keyboard notes on {prompt_id}: we agreed to meet monthly, and to say thank you."
    name = f"Your thoughts on {title}"
    keys.start()
    keys.type_into("textarea", name, text)
    _wait_text(keys, "Saved at")
    return Answered(
        shown=[shows(exactly("textarea", name), text), shows_text("Saved")],
        saved=[saved_as(reflection_activity(prompt_id), "text", text)],
    )


def answer_relationship_map(keys: Keys, _arg: str | None, ctx: Context) -> Answered:
    """Add two relationships through the form, then the statutory officers by their button."""
    from widgets.logic import relationship_map as logic

    categories = [c["label"] for c in logic.categories()]
    category_ids = {c["label"]: c["id"] for c in logic.categories()}

    def rating(scale: str, value: int) -> str:
        point = next(p for p in logic.scale(scale) if p["value"] == value)
        return f"{value} – {point['label']}"

    entries = [
        ("Head of Planning", categories[1], 4, 2, "Ask for a monthly catch-up"),
        ("Democratic services manager", categories[2], 5, 1, ""),
    ]
    place = JURISDICTION_LABELS[ctx.jurisdiction]
    keys.start()
    for n, (role, category, importance, quality, action) in enumerate(entries, 1):
        keys.type_into("text", "Their role (not their name)", role, backward=n > 1)
        keys.select("Category", category)
        keys.select("How important is it to your work?", rating("importance", importance))
        keys.select("How good is it now?", rating("quality", quality))
        if action:
            keys.type_into("text", "One action to improve it (optional)", action)
        keys.click_button("Add to my map")
        # the form is emptied before this message: typing earlier could race with the emptying
        _wait_text(keys, f"Added “{role}” to your map")
    keys.click_button(f"Add the statutory officers for {place}", backward=True)
    _wait_text(keys, f"statutory officers for {place}, not rated yet")
    found = re.search(r"Your relationships \(\d+\)", keys.root.inner_text())
    assert found, "the list of relationships has no heading with their number"
    total = found.group(0)

    def entries_saved(saved: Saved) -> None:
        stored = list(saved.activity(map_activity()).values())
        for role, category, importance, quality, action in entries:
            want = {
                "role": role,
                "category": category_ids[category],
                "importance": importance,
                "quality": quality,
            }
            assert any({k: e.get(k) for k in want} == want for e in stored), (
                f"{want} is not among the saved entries {stored}"
            )
            if action:
                assert any(e.get("action") == action for e in stored)
        assert len(stored) > len(entries), "the statutory officers were not saved"

    return Answered(
        shown=[
            shows_text(total),
            *(shows_text(role) for role, *_ in entries),
            lambda k: expect(k.root.locator("img[alt]")).to_have_count(2, timeout=STEP_TIMEOUT),
        ],
        saved=[entries_saved],
    )


def answer_development_plan(keys: Keys, _arg: str | None, _ctx: Context) -> Answered:
    """Write one action in each of the start, keep and stop lists; tick two options."""
    plans = {
        "start": "Ask officers early",
        "keep": "Thank people",
        "stop": "Emailing late at night",
    }
    shown: list[Callable[[Keys], None]] = []
    keys.start()
    for kind, text in plans.items():
        keys.type_into("textarea", f"I will {kind}", text)
        keys.click_button(f"Add to my {kind} list")
        _wait_text(keys, f"added to your {kind} list")
        shown.append(shows(exactly("listbox", f"My {kind} list"), text))
    boxes = [c["name"] for c in keys.controls() if c["kind"] == "checkbox"][:2]
    assert len(boxes) == 2, "the plan offers fewer than two development options"
    for box in boxes:
        keys.tick(box)
        shown.append(shows(exactly("checkbox", box), "true"))

    def plan_saved(saved: Saved) -> None:
        for kind, text in plans.items():
            assert saved.get(plan_activity(), kind) == [text], saved.activity(plan_activity())
        chosen = saved.get(plan_activity(), "options")
        assert isinstance(chosen, list) and len(chosen) == 2, f"options saved: {chosen}"

    return Answered(shown=shown, saved=[plan_saved])


def answer_ranking(keys: Keys, ranking_id: str | None, _ctx: Context) -> Answered:
    """Move the second item to the top with "Move 2 up", then the new third one down."""
    assert ranking_id
    ranking = load_ranking(ranking_id)
    order = move(ranking.ids, ranking.ids[1], -1)
    keys.start()
    keys.click_button("Move 2 up")
    _wait_text(keys, f"{ranking.item(order[0]).name} is now number 1")
    order = move(order, order[2], 1)
    keys.click_button("Move 3 down")
    _wait_text(keys, f"{ranking.item(order[3]).name} is now number 4")
    first = f"1. {ranking.item(order[0]).name}"
    return Answered(
        shown=[shows_text(first), shows_text(f"Your top {ranking.feeds_plan}")],
        saved=[saved_as(ranking_activity(ranking_id), "order", order)],
    )


def answer_nothing(keys: Keys, _arg: str | None, _ctx: Context) -> Answered:
    """A diagram: nothing to answer; it must still be there after a reload."""
    expect(keys.root.locator("img[alt]").first).to_be_visible(timeout=STEP_TIMEOUT)
    return Answered(shown=[lambda k: expect(k.root.locator("img[alt]").first).to_be_visible()])


def answer_banner(keys: Keys, _arg: str | None, _ctx: Context) -> Answered:
    """The damaged-answers banner: with a whole answers file it shows nothing, before or after."""

    def hidden(k: Keys) -> None:
        expect(k.root.get_by_text("About your saved answers")).to_have_count(0)

    hidden(keys)
    return Answered(shown=[hidden])


Driver = Callable[[Keys, str | None, Context], Answered]
# one keyboard driver per activity kind of the registry (widgets.kinds), by kind name
KIND_DRIVERS: dict[str, Driver] = {
    "check": answer_knowledge_check,
    "sort": answer_sorter,
    "rate": answer_questionnaire,
    "scenario": answer_scenario,
    "reflect": answer_reflection,
    "relmap": answer_relationship_map,
    "plan": answer_development_plan,
    "rank": answer_ranking,
}
# the notebook calls that are not activities
CONTENT_DRIVERS: dict[str, Driver] = {
    "profile_form": answer_profile_form,
    "for_my_council": answer_for_my_council,
    "statutory_checks": answer_statutory_checks,
    "diagram": answer_nothing,
    "answers_banner": answer_banner,
}
# by the name of the notebook call, as a notebook cell makes it
DRIVERS: dict[str, Driver] = CONTENT_DRIVERS | {
    KINDS[kind].widget: driver for kind, driver in KIND_DRIVERS.items()
}

_CALL = re.compile(r"widgets\.(\w+)\((?:\"([^\"]*)\")?")


def widget_calls(source: str) -> tuple[str, str | None]:
    """The widget a notebook cell calls and its first argument, e.g. ``("sorter", "roles")``."""
    calls = _CALL.findall(source)
    if len(calls) != 1:
        raise ValueError(f"Expected one widgets call in the cell, found {calls}: {source!r}")
    name, arg = calls[0]
    return name, arg or None


def read_saved(answers_path: Path, profile_path: Path) -> Saved:
    """The answers file and the profile as they are on disk now (empty when not written yet)."""
    answers: dict[str, Any] = {}
    if answers_path.exists():
        parsed = read_answers_file(answers_path)
        answers = {key: answer.value for key, answer in parsed.answers.items()}
    profile = json.loads(profile_path.read_text("utf-8")) if profile_path.exists() else {}
    return Saved(answers, profile)
