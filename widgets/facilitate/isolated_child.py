"""The hidden tests, run again on the submitted answers file in a process the notebook never saw.

Run by :mod:`widgets.facilitate.review` as ``python -I -m widgets.facilitate.isolated_child``:
``-I`` ignores ``PYTHON*`` variables and the user's site folder and puts neither the current folder
nor a script's folder on ``sys.path``, so ``widgets`` is the installed package. The working folder
is a fresh temporary one holding only a copy of the answers file as submitted, so nothing the
participant handed in beside it (a ``widgets/`` folder, a ``sitecustomize.py``) can be imported,
and nothing the notebook did while it ran at autograde (patching ``widgets.grading``, a fake
module in ``sys.modules``, rewriting the answers file) is seen here.

Reads JSON on stdin: ``{"answers": path or null, "tests": {grade_id: {"code": ..., "points": n}}}``
and writes ``{"module": widgets.__file__, "scores": {grade_id: {"score": x, "error": ""}}}``.
Each test scores as nbgrader scores a test cell: 0 if it raises, the number it returns (capped
at the cell's points) if it returns one, full points otherwise.
"""

from __future__ import annotations

import ast
import json
import os
import shutil
import sys
import tempfile
from typing import Any


def score_test(code: str, points: float) -> tuple[float, str]:
    """What nbgrader would give a test cell whose code is ``code``, run in this folder."""
    try:
        tree = ast.parse(code)
        namespace: dict[str, Any] = {"__name__": "__main__"}
        last = tree.body.pop() if tree.body and isinstance(tree.body[-1], ast.Expr) else None
        exec(compile(tree, "<hidden test>", "exec"), namespace)
        value = None
        if last is not None:
            value = eval(compile(ast.Expression(last.value), "<hidden test>", "eval"), namespace)
    except Exception as err:
        return 0.0, f"{type(err).__name__}: {err}"
    if value is None:
        return float(points), ""
    try:
        number = float(repr(value))
    except (TypeError, ValueError):
        return float(points), ""
    return max(0.0, min(float(points), number)), ""


def main() -> int:
    request = json.load(sys.stdin)
    folder = tempfile.mkdtemp(prefix="commonground-isolated-")
    try:
        answers = request.get("answers")
        if answers and os.path.exists(answers):
            shutil.copyfile(answers, os.path.join(folder, "commonground_answers.json"))
        os.chdir(folder)
        scores = {}
        for grade_id, test in request["tests"].items():
            score, error = score_test(test["code"], float(test["points"]))
            scores[grade_id] = {"score": score, "error": error}
        import widgets

        json.dump({"module": os.path.abspath(widgets.__file__), "scores": scores}, sys.stdout)
    finally:
        os.chdir(tempfile.gettempdir())
        shutil.rmtree(folder, ignore_errors=True)
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
