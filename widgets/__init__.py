"""Common Ground: the package behind every notebook cell of the course.

Imports are lazy (PEP 562) so that ``import widgets`` stays cheap: a notebook pays for ipywidgets,
pandas or matplotlib only when a cell uses something that needs them.
"""

from __future__ import annotations

from importlib import import_module
from typing import Any

from .kinds import KINDS

__version__ = "0.1.0"

# public name -> "module:attribute"
_EXPORTS = {
    "AnswerStore": "widgets.store:AnswerStore",
    "load_profile": "widgets.profile:load_profile",
    "save_profile": "widgets.profile:save_profile",
    "tables": "widgets.tables:",
    "profile_form": "widgets.views.profile_form:profile_form",
    # the damaged-answers banner at the top of every notebook (issue 13)
    "answers_banner": "widgets.views.answers_banner:answers_banner",
    "kinds": "widgets.kinds:",
    # course content helpers (issue 4)
    "for_my_council": "widgets.views.for_my_council:for_my_council",
    "statutory_checks": "widgets.views.statutory_checks:statutory_checks",
    "diagram": "widgets.views.diagrams:diagram",
    # graded assignments (issue 5)
    "submit_button": "widgets.views.submit:submit_button",
    "show_reflection": "widgets.grading:show_reflection",
    "grading": "widgets.grading:",
    # cohort analytics for analysts (issue 6)
    "cohort": "widgets.cohort:",
    # the contents page: which topics are done (issue 14)
    "contents": "widgets.views.contents:contents",
}
# one notebook call per activity kind (questionnaire, sorter, ...), named in the registry
_EXPORTS |= {kind.widget: kind.view for kind in KINDS.values()}

__all__ = sorted(_EXPORTS)


def __getattr__(name: str) -> Any:
    target = _EXPORTS.get(name)
    if target is None:
        raise AttributeError(f"module 'widgets' has no attribute {name!r}")
    module_name, _, attribute = target.partition(":")
    module = import_module(module_name)
    value = getattr(module, attribute) if attribute else module
    globals()[name] = value
    return value


def exported_from(name: str) -> str | None:
    """The module behind ``widgets.<name>``, without importing it (None: no such call): how the
    grader tells a view from a grading call by reading a cell (facilitate.without_kernel)."""
    target = _EXPORTS.get(name)
    return None if target is None else target.partition(":")[0]


def __dir__() -> list[str]:
    return sorted(list(globals()) + __all__)
