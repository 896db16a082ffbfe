"""Notebook 05's statutory-officer questions, the reader's own council's first."""

from __future__ import annotations

import html

import ipywidgets as ipw

from .. import tables
from ..logic.knowledge_check import load_check
from ..logic.statutory import checks_in_order
from ..profile import Profile
from ..session import reader
from ..store import AnswerStore
from .knowledge_check import KnowledgeCheck
from .ui import VIEW_CLASS, WRAP_CSS, friendly


def source_line(check_id: str) -> str:
    """Where a question's facts come from; the law behind each post is named in its feedback."""
    check = load_check(check_id)
    source = tables.row_by_id("sources", check.source, "source")
    cite = f"{source['publisher']}, {source['title']} ({source['year']})"
    if check.source_section:
        cite += f', "{check.source_section}"'
    return (
        f'<p class="cg-source"><small>Source: {html.escape(cite)}; the laws named in each '
        "answer.</small></p>"
    )


class StatutoryChecks(ipw.VBox):
    """The questions for the reader's council, then the others under "for other councils"."""

    def __init__(self, store: AnswerStore, profile: Profile) -> None:
        mine, others = checks_in_order(profile.jurisdiction, profile.council)
        self.order = mine + others
        self.checks = [KnowledgeCheck(check_id, store, profile) for check_id in self.order]
        for view in self.checks:
            view.add_class("cg-statutory-question")  # one box per question, in this order
        children: list[ipw.Widget] = []
        for n, (check_id, view) in enumerate(zip(self.order, self.checks, strict=True)):
            if n == len(mine):
                children.append(
                    ipw.HTML(
                        "<h3>For other councils (optional)</h3><p>These are the questions for "
                        "other kinds of council. Answer them if you would like to compare.</p>"
                    )
                )
            children += [view, ipw.HTML(source_line(check_id))]
        if not profile.jurisdiction:
            lead = (
                "You have not set up your profile yet (00 Start here), so all three questions "
                "are shown. Do the one for your council."
            )
        elif len(mine) == 1:
            lead = "The question for your council comes first."
        else:
            lead = (
                "Your profile does not say which type of council you work for, so the questions "
                "for each type that may be yours come first. Do the one for your council."
            )
        super().__init__([ipw.HTML(f"{WRAP_CSS}<p>{html.escape(lead)}</p>"), *children])
        self.add_class(VIEW_CLASS)


@friendly
def statutory_checks(
    store: AnswerStore | None = None, profile: Profile | None = None
) -> StatutoryChecks:
    """Show the statutory-officer questions (one notebook cell), the reader's own first."""
    return StatutoryChecks(*reader(store, profile))
