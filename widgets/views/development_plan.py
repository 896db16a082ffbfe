"""The development plan: a thin view over :mod:`widgets.logic.development_plan`.

Start / keep / stop lists the participant writes, the gaps their own ratings and relationship
map point to, catalogue options to tick, running totals, and download links for the plan as
Markdown and as a web page (data links, so nothing has to come back from a server).
"""

from __future__ import annotations

import html
from collections.abc import Callable, Sequence

import ipywidgets as ipw

from ..activities import TIMEPOINTS, map_activity, plan_activity
from ..components import Checkboxes, TextArea
from ..export.development_plan import (
    plan_html,
    plan_markdown,
    relationship_scale_labels,
    write_plan_files,
)
from ..logic.development_plan import (
    HTML_FILENAME,
    KINDS,
    MARKDOWN_FILENAME,
    MAX_ACTION_CHARS,
    Option,
    Plan,
    Relationship,
    add_action,
    build_plan,
    catalogue_options,
    join_words,
    match_options,
    options_by_id,
    remove_action,
    totals_sentences,
)
from ..logic.questionnaire import RatedItem, answers_by_activity
from ..markup import data_uri
from ..profile import Profile, load_profile
from ..session import answers_store, participant_filter
from ..store import AnswerStore
from .base import ActivityView
from .ui import VIEW_CLASS, WRAP_CSS, friendly, message_area, show, show_count

_WIDE = {"description_width": "initial"}
_OTHERS = {"councillor": "officers", "officer": "councillors"}
_PROMPTS = {
    "start": "Something new you will begin doing to work better with {others}.",
    "keep": "Something that already works well and that you want to carry on doing.",
    "stop": "A habit that gets in the way, which you will give up.",
}

# the best few options are suggested; the rest of the catalogue follows under them
SUGGESTED_AT_MOST = 3


class ActionList(ipw.VBox):
    """One of the start, keep and stop lists: type, Add; choose in the list, Remove."""

    def __init__(
        self,
        kind: str,
        actions: Sequence[str],
        others: str,
        on_change: Callable[..., list[str] | None],
    ) -> None:
        self.kind = kind
        self.actions = list(actions)
        self._on_change = on_change
        intro = ipw.HTML(
            f"<h4>{kind.capitalize()} doing</h4>"
            f"<p>{html.escape(_PROMPTS[kind].format(others=others))}</p>"
        )
        # a GOV.UK textarea in the body font, its characters left counted under it
        self.text = TextArea(label=f"I will {kind}", hint="A few words.", rows=2)
        self.text.layout.width = "min(40em, 100%)"
        show_count(self.text, "", MAX_ACTION_CHARS)
        self.text.observe(
            lambda change: show_count(self.text, change["new"], MAX_ACTION_CHARS), names="value"
        )
        # wide enough for the whole label: a cut-off button name is no name at all
        fits = ipw.Layout(width="auto", min_width="14em")
        self.add_button = ipw.Button(description=f"Add to my {kind} list", layout=fits)
        self.add_button.on_click(lambda _: self.add())
        self.listing = ipw.Select(
            options=self.actions, value=None, description=f"My {kind} list", style=_WIDE, rows=4
        )
        self.listing.layout.width = "min(40em, 100%)"
        self.remove_button = ipw.Button(description=f"Remove from my {kind} list", layout=fits)
        self.remove_button.on_click(lambda _: self.remove())
        self.message = message_area()
        super().__init__(
            [
                intro,
                self.text,
                self.add_button,
                ipw.HBox(
                    [self.listing, self.remove_button], layout=ipw.Layout(flex_flow="row wrap")
                ),
                self.message,
            ]
        )

    def add(self) -> bool:
        try:
            words = add_action(self.actions, self.text.value, self.kind)[-1]
        except ValueError as err:
            show(self.message, str(err), "problem")  # the text stays in the box
            return False
        saved = self._on_change(self.kind, add=[words])
        if saved is not None:
            self._set(saved)
            self.text.value = ""
            show(self.message, f"added to your {self.kind} list.", "ok")
        return True

    def remove(self) -> bool:
        try:
            remove_action(self.actions, self.listing.value)
        except ValueError as err:
            show(self.message, str(err), "problem")
            return False
        saved = self._on_change(self.kind, remove=[self.listing.value])
        if saved is not None:
            self._set(saved)
            show(self.message, f"removed from your {self.kind} list.", "ok")
        return True

    def _set(self, actions: list[str]) -> None:
        self.actions = actions
        self.listing.options = actions
        self.listing.value = None


class DevelopmentPlanView(ActivityView):
    """The whole plan; every change is saved at once and the download links follow it."""

    def __init__(
        self,
        store: AnswerStore,
        role: str | None = None,
        jurisdiction: str | None = None,
        timepoint: str = "pre",
        notes: Sequence[str] = (),
    ) -> None:
        self.init_activity(plan_activity(), store)
        answers = answers_by_activity(store.items())
        saved, more_notes = build_plan(answers, role, jurisdiction, timepoint)
        self.gaps: list[RatedItem] = saved.gaps
        self.relationships: list[Relationship] = saved.relationships
        self.priorities = saved.priorities
        self.made_on = saved.made_on
        others = _OTHERS.get(role or "", "the people you work with")

        self.actions = {
            kind: ActionList(kind, saved.actions(kind), others, self._edit) for kind in KINDS
        }
        self.suggested = match_options(
            self.gaps, self.relationships, role, jurisdiction, limit=SUGGESTED_AT_MOST
        )
        suggested_ids = {o.id for o in self.suggested}
        chosen_ids = [o.id for o in saved.options]
        shown = {o.id for o in self.suggested}
        self.others: list[Option] = []
        for option in catalogue_options(role, jurisdiction) + saved.options:
            if option.id not in shown:
                self.others.append(option)
                shown.add(option.id)
        # GOV.UK checkboxes, one group (a fieldset) for the suggested options and one for the
        # rest: each option's facts are its hint, read out after its title
        self.option_groups: dict[str, Checkboxes] = {}
        self._syncing = False
        option_widgets: list[ipw.Widget] = [
            ipw.HTML(
                "<h3>Development options</h3><p>Tick the options you would like to follow. "
                "Those suggested first serve the gaps above and suit your role.</p>"
            )
        ]
        for heading, options in (
            ("Suggested for you", self.suggested),
            ("Other options", self.others),
        ):
            if not options:
                continue
            group = Checkboxes(
                [(o.title, o.id, _option_hint(o, o.id in suggested_ids)) for o in options],
                legend=heading,
                value=[o.id for o in options if o.id in chosen_ids],
            )
            group.observe(self._ticked, names="value")
            self.option_groups[heading] = group
            option_widgets.append(group)

        self.totals = ipw.HTML()
        self.downloads = ipw.HTML()
        super().__init__(
            [
                ipw.HTML(
                    f"{WRAP_CSS}<h3>My development plan</h3><p>Write three or four actions "
                    "across the start, keep and stop lists, look at where your own answers say "
                    "you could develop, and choose the options that would help. Everything is "
                    "saved as you go, and you can download the plan at the end.</p>"
                ),
                *self.actions.values(),
                ipw.HTML(
                    _gaps_html(self.gaps)
                    + _priorities_html(self.priorities)
                    + _relationships_html(self.relationships, answers)
                ),
                *option_widgets,
                self.totals,
                self.downloads,
                self.message,
            ]
        )
        self.add_class(VIEW_CLASS)
        self._refresh()
        problem = getattr(store, "problem", None)
        if problem:
            show(self.message, problem, "problem")
        elif list(notes) + more_notes:
            show(self.message, " ".join(list(notes) + more_notes), "info")

    @property
    def option_ids(self) -> list[str]:
        """Every option offered, in the order shown."""
        return [option[1] for group in self.option_groups.values() for option in group.options]

    def chosen_options(self) -> list[str]:
        ticked = {i for group in self.option_groups.values() for i in group.value}
        return [i for i in self.option_ids if i in ticked]

    def tick(self, option_id: str, ticked: bool = True) -> None:
        """Tick (or untick) one option, as the participant would; it is saved at once."""
        group = next(g for g in self.option_groups.values() if option_id in _ids(g))
        chosen = [i for i in group.value if i != option_id] + ([option_id] if ticked else [])
        group.value = [i for i in _ids(group) if i in chosen]

    def plan(self) -> Plan:
        """The plan as it stands now, for export."""
        return Plan(
            start=list(self.actions["start"].actions),
            keep=list(self.actions["keep"].actions),
            stop=list(self.actions["stop"].actions),
            gaps=self.gaps,
            relationships=self.relationships,
            options=options_by_id(self.chosen_options()),
            priorities=self.priorities,
            made_on=self.made_on,
        )

    def write_plan(self, folder: str = ".") -> list:
        """Write ``my_development_plan.md`` and ``.html`` into ``folder`` (for facilitators)."""
        return write_plan_files(self.plan(), folder)

    def _edit(
        self,
        item: str,
        add: Sequence[str] = (),
        remove: Sequence[str] = (),
        order: Callable[[str], object] | None = None,
    ) -> list[str] | None:
        """Add to or remove from one saved list against what is on disk now, so an action or
        option another tab added stays; the list as saved, or None if it could not be saved."""
        saved = self.attempt(
            lambda: self.write_list(item, add=add, remove=remove, same=_same_action, order=order),
            what="Your plan",
        )
        if saved is None:
            return None
        self._refresh()
        return saved

    def _ticked(self, change: dict) -> None:
        """A group's ticks changed (one tick or untick): save that change against what is on
        disk, then show every group as saved (another tab's ticks too)."""
        if self._syncing:
            return
        old, new = set(change["old"]), set(change["new"])
        shown = self.option_ids
        saved = self._edit(
            "options",
            add=[i for i in shown if i in new - old],
            remove=[i for i in shown if i in old - new],
            order=lambda i: shown.index(i) if i in shown else len(shown),  # the order shown
        )
        if saved is None:
            return
        self._syncing = True
        try:
            for group in self.option_groups.values():
                group.value = [i for i in _ids(group) if i in saved]
        finally:
            self._syncing = False
        self._refresh()

    def _refresh(self) -> None:
        plan = self.plan()
        sentences = "".join(f"<li>{html.escape(s)}</li>" for s in totals_sentences(plan.totals))
        self.totals.value = (
            f'<div role="status" aria-live="polite"><h4>Your totals</h4><ul>{sentences}</ul></div>'
        )
        self.downloads.value = downloads_html(plan)


def _same_action(value: object) -> object:
    """Two actions differing only in case are one (as :func:`add_action` already says)."""
    return value.casefold() if isinstance(value, str) else value


def _data_link(text: str, mime: str, filename: str, label: str) -> str:
    address = data_uri(text.encode("utf-8"), f"{mime};charset=utf-8")
    return f'<a download="{filename}" href="{address}">{html.escape(label)}</a>'


def downloads_html(plan: Plan) -> str:
    """Two download links that carry the plan itself, so they work without a server."""
    markdown = _data_link(
        plan_markdown(plan), "text/markdown", MARKDOWN_FILENAME, "Download my plan (Markdown)"
    )
    page = _data_link(
        plan_html(plan), "text/html", HTML_FILENAME, "Download my plan (web page, HTML)"
    )
    return (
        "<h4>Take your plan with you</h4><p>The links below save your plan as it is now. "
        f"The web page opens in any browser and prints well.</p><ul><li>{markdown}</li>"
        f"<li>{page}</li></ul>"
    )


def _ids(group: Checkboxes) -> list[str]:
    return [option[1] for option in group.options]


def _option_hint(option: Option, suggested: bool) -> str:
    """An option's facts as its tick box's hint: the summary, then provider and cost, then why
    it is suggested (plain text, one line each)."""
    hours = "" if option.hours is None else f" (about {option.hours:g} hours)"
    facts = f"{option.provider}; {option.method}; {option.duration}{hours}; cost: {option.cost}"
    lines = [option.summary, facts]
    if suggested and option.reasons:
        lines.append(f"Suggested because of {join_words(option.reasons)}.")
    return "\n".join(lines)


def _gaps_html(gaps: Sequence[RatedItem]) -> str:
    heading = "<h3>Where you most want to develop</h3>"
    if not gaps:
        return heading + (
            "<p>There are no self-ratings in this folder yet. Fill in a questionnaire, such "
            "as the trust or competency self-assessment, and your lowest ratings will show "
            "here.</p>"
        )
    entries = "".join(
        f"<li>{html.escape(g.item.statement)} ({html.escape(g.framework_title)}: you chose "
        f"<em>{html.escape(g.label)}</em>)</li>"
        for g in gaps
    )
    return heading + f"<p>Your lowest ratings in your own self-assessments:</p><ul>{entries}</ul>"


def _priorities_html(priorities: Sequence[tuple[str, list[str]]]) -> str:
    """The top of each ranking the participant completed (e.g. the trust behaviours in 08)."""
    parts = []
    for title, names in priorities:
        entries = "".join(f"<li>{html.escape(name)}</li>" for name in names)
        parts.append(f"<p>{html.escape(title)} Your top {len(names)}:</p><ol>{entries}</ol>")
    if not parts:
        return ""
    return "<h3>What you chose to work on first</h3>" + "".join(parts)


def _relationships_html(relationships: Sequence[Relationship], answers: dict) -> str:
    heading = "<h3>Relationships to develop first</h3>"
    if not relationships:
        if answers.get(map_activity()):
            return heading + (
                "<p>None of the relationships on your map is both very important to you "
                "and working badly.</p>"
            )
        return heading + "<p>You have not made a relationship map in this folder yet.</p>"
    labels = relationship_scale_labels()
    entries = "".join(
        f"<li>{html.escape(r.role)}"
        + (f" ({html.escape(r.category)})" if r.category else "")
        + f": {html.escape(labels['importance'].get(r.importance, str(r.importance)).lower())}"
        + f", and the relationship is {html.escape(labels['quality'].get(r.quality, '').lower())}"
        + (f". Your action: {html.escape(r.action)}" if r.action else "")
        + "</li>"
        for r in relationships
    )
    return heading + (
        "<p>From your relationship map, the ones that matter most to you and work least "
        f"well:</p><ul>{entries}</ul>"
    )


@friendly
def development_plan(
    store: AnswerStore | None = None,
    profile: Profile | None = None,
    timepoint: str = "pre",
) -> DevelopmentPlanView:
    """Build your development plan (one cell: ``widgets.development_plan()``)."""
    if timepoint not in TIMEPOINTS:
        raise ValueError(f"'{timepoint}' is not a timepoint; use one of {', '.join(TIMEPOINTS)}.")
    profile = profile or load_profile()
    role, jurisdiction, notes = participant_filter(profile, "option")
    return DevelopmentPlanView(store or answers_store(), role, jurisdiction, timepoint, notes)
