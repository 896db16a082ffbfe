"""The contents page: every topic as a GOV.UK task list, with how far the participant has got.

A thin view over :mod:`widgets.logic.progress`. Each topic's title links to its page and its
status is a word ("Not started", "In progress", "Done"), never a colour alone; the count ("7 of
11 answered") is the task's hint, read with the status by a screen reader. Worked out afresh on
every page load, from the answers file beside this notebook.
"""

from __future__ import annotations

import html
from pathlib import Path

import ipywidgets as ipw

from ..logic.progress import DONE, IN_PROGRESS, CourseProgress, TopicProgress, read_progress
from ..navigation import page_path, serves_folder
from ..profile import Profile, load_profile
from ..session import answers_store
from ..store import AnswerStore
from .ui import VIEW_CLASS, friendly, message_html

_TAGS = {IN_PROGRESS: "govuk-tag--light-blue", DONE: ""}  # Not started: the blue tag
# JupyterLab has no GOV.UK Frontend styles: the task list's layout, so it reads the same there.
# In Voilà (body.cg-voila) the template's govuk-frontend.min.css does it all.
_LAB_CSS = """<style>
body:not(.cg-voila) .govuk-task-list { list-style: none; padding: 0; margin: 0 0 1em 0; }
body:not(.cg-voila) .govuk-task-list__item { display: flex; flex-wrap: wrap; gap: 0.5em 1em;
  justify-content: space-between; padding: 0.6em 0; border-bottom: 1px solid #b1b4b6; }
body:not(.cg-voila) .govuk-task-list__hint { color: #484949; margin-top: 0.2em; }
body:not(.cg-voila) .govuk-tag { padding: 2px 8px; background: #bbd4ea; color: #0c2d4a;
  font-weight: normal; }
body:not(.cg-voila) .govuk-tag--light-blue { background: #e8f1f8; }
</style>"""


def _hint(row: TopicProgress) -> str:
    if not row.total:
        return "Nothing to answer: read it when you like"
    if row.status == DONE:
        return f"All {row.total} answered" if row.total > 1 else "Answered"
    things = "thing" if row.total == 1 else "things"
    return (
        f"{row.answered} of {row.total} answered"
        if row.started
        else f"{row.total} {things} to answer"
    )


def _status(row: TopicProgress) -> str:
    if row.status == DONE:  # GOV.UK: a finished task's status is plain text
        return DONE
    return f'<strong class="govuk-tag {_TAGS.get(row.status, "")}">{row.status}</strong>'


def task_list_html(progress: CourseProgress, links: bool = True) -> str:
    """The GOV.UK task list (govuk-frontend 6.6.0 markup) for the course's topics."""
    items = []
    for row in progress.topics:
        ident = f"cg-topic-{row.topic.number:02d}"
        title = html.escape(f"{row.topic.number:02d} {row.topic.title}")
        hint = f'<div id="{ident}-hint" class="govuk-task-list__hint">{_hint(row)}</div>'
        if links:
            name = (
                f'<a class="govuk-link govuk-task-list__link" href="{html.escape(row.topic.file)}" '
                f'aria-describedby="{ident}-hint {ident}-status">{title}</a>'
            )
            extra = " govuk-task-list__item--with-link"
        else:
            name, extra = f"<span>{title}</span>", ""
        items.append(
            f'<li class="govuk-task-list__item{extra}">'
            f'<div class="govuk-task-list__name-and-hint">{name}{hint}</div>'
            f'<div class="govuk-task-list__status" id="{ident}-status">{_status(row)}</div></li>'
        )
    return f'<ul class="govuk-task-list">{"".join(items)}</ul>'


def summary_sentence(progress: CourseProgress) -> str:
    done = sum(1 for row in progress.topics if row.status == DONE)
    begun = sum(1 for row in progress.topics if row.status == IN_PROGRESS)
    total = len(progress.topics)
    more = f", and started {begun} more" if begun else ""
    return f"You have done {done} of {total} topics{more}."


def contents_html(progress: CourseProgress, links: bool = True) -> str:
    notes = "".join(message_html(note, "info") for note in progress.notes)
    if not progress.topics:
        return notes
    tip = (
        ""
        if links
        else '<p class="govuk-body">This page was opened on its own, so the topics are not '
        "linked: open the course folder in Voilà or JupyterLab to go to each one.</p>"
    )
    return (
        f'{notes}<p class="govuk-body">{summary_sentence(progress)}</p>{tip}'
        f"{task_list_html(progress, links)}"
    )


class Contents(ipw.HTML):
    """The course's topics with this participant's progress (one notebook cell)."""

    def __init__(self, store: AnswerStore, profile: Profile, folder: Path | None = None) -> None:
        self.progress = read_progress(store, profile, folder)
        self.links = serves_folder(page_path())
        super().__init__(value=_LAB_CSS + contents_html(self.progress, self.links))
        self.add_class(VIEW_CLASS)


@friendly
def contents(store: AnswerStore | None = None, profile: Profile | None = None) -> Contents:
    """The contents page's one call: ``widgets.contents()``."""
    return Contents(store if store is not None else answers_store(), profile or load_profile())
