"""Import cost of ``widgets`` relative to ``import ipywidgets``, measured side by side in one run.

``import widgets`` must not pull in pandas or matplotlib, so a notebook that draws nothing pays
nothing for them. Each sample is a fresh interpreter; contenders alternate round by round.
"""

from __future__ import annotations

from _timing import in_fresh_interpreter, interleaved, report

ROUNDS = 15

if __name__ == "__main__":
    medians = interleaved(
        {
            "import ipywidgets": in_fresh_interpreter("", "import ipywidgets"),
            "import widgets": in_fresh_interpreter("", "import widgets"),
            "import widgets + load and validate all tables": in_fresh_interpreter(
                "", "import widgets\nwidgets.tables.all_tables()"
            ),
            "import pandas (what widgets avoids)": in_fresh_interpreter("", "import pandas"),
        },
        ROUNDS,
    )
    report(
        f"Import time, median of {ROUNDS} fresh interpreters (ratio to import ipywidgets)",
        medians,
        "import ipywidgets",
        list(medians),
    )
