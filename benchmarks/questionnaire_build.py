"""Build-and-show time of the largest questionnaire (NOS SFJC21, every rated item) relative to a
plain ipywidgets VBox of the same number of RadioButtons, measured side by side in one run."""

from __future__ import annotations

import os
import tempfile
import time
from pathlib import Path

import ipywidgets as ipw
from _timing import interleaved, report

ROUNDS = 25

os.environ["COMMONGROUND_HOME"] = tempfile.mkdtemp(prefix="cg-bench-home-")

import widgets  # noqa: E402
from widgets.profile import save_profile  # noqa: E402
from widgets.store import AnswerStore  # noqa: E402

PROFILE = save_profile("officer", "england")
FOLDER = Path(tempfile.mkdtemp(prefix="cg-bench-answers-"))
LABELS = [p["label"] for p in widgets.tables.framework("nos_sfjc21")["points"]]


def _show(widget: ipw.Widget) -> None:
    widget._repr_mimebundle_()


def build_questionnaire() -> float:
    started = time.perf_counter()
    widget = widgets.questionnaire("nos_sfjc21", store=AnswerStore(FOLDER), profile=PROFILE)
    _show(widget)
    elapsed = time.perf_counter() - started
    widget.close()
    return elapsed


COUNT = len(widgets.questionnaire("nos_sfjc21", store=AnswerStore(FOLDER), profile=PROFILE).items)


def build_plain() -> float:
    started = time.perf_counter()
    box = ipw.VBox(
        [
            ipw.RadioButtons(options=LABELS, value=None, description=f"Item {i}")
            for i in range(COUNT)
        ]
    )
    _show(box)
    elapsed = time.perf_counter() - started
    box.close()
    return elapsed


if __name__ == "__main__":
    medians = interleaved(
        {
            "plain VBox of RadioButtons": build_plain,
            "widgets.questionnaire('nos_sfjc21')": build_questionnaire,
        },
        ROUNDS,
    )
    report(
        f"Build and show {COUNT} rated items, median of {ROUNDS} rounds (ratio to the plain VBox)",
        medians,
        "plain VBox of RadioButtons",
        list(medians),
    )
