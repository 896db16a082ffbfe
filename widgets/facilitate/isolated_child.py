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

With ``"cells": [code, ...]`` in the request it also runs those cells one after another in one
namespace, as a kernel would, and replies ``"outputs"``: for each cell the nbformat outputs a
kernel would have given (streams, the last expression's result, or the error), for
:mod:`widgets.facilitate.without_kernel` to put in the notebook in place of a kernel's.
"""

from __future__ import annotations

import ast
import contextlib
import io
import json
import linecache
import os
import shutil
import sys
import tempfile
import traceback
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


class _Printer:
    """The part of IPython's pretty printer that the course's ``_repr_pretty_`` methods use."""

    def __init__(self) -> None:
        self.parts: list[str] = []

    def text(self, text: str) -> None:
        self.parts.append(text)


def display_data(value: Any) -> dict[str, Any]:
    """The mime bundle IPython would show for ``value`` as a cell's result.

    The course's own results (``widgets.grading``) give plain text through ``_repr_pretty_`` and
    HTML through ``_repr_html_``, which need no IPython; anything else goes through IPython's
    own formatter, imported only then."""
    if type(value).__module__.startswith("widgets.") and hasattr(value, "_repr_pretty_"):
        printer = _Printer()
        value._repr_pretty_(printer, False)
        data = {"text/plain": "".join(printer.parts)}
        page = value._repr_html_() if hasattr(value, "_repr_html_") else None
        if page is not None:
            data["text/html"] = page
        return data
    from IPython.core.formatters import DisplayFormatter

    data, _ = DisplayFormatter().format(value)
    return data


def run_cell(code: str, namespace: dict[str, Any], number: int) -> list[dict[str, Any]]:
    """Run one cell's ``code`` in ``namespace``: the outputs a kernel would record for it."""
    filename = f"<cell {number + 1}>"
    linecache.cache[filename] = (len(code), None, code.splitlines(True), filename)
    out, err = io.StringIO(), io.StringIO()
    outputs: list[dict[str, Any]] = []
    result = error = None
    with contextlib.redirect_stdout(out), contextlib.redirect_stderr(err):
        try:
            tree = ast.parse(code, filename)
            last = tree.body.pop() if tree.body and isinstance(tree.body[-1], ast.Expr) else None
            exec(compile(tree, filename, "exec"), namespace)
            if last is not None:
                value = eval(compile(ast.Expression(last.value), filename, "eval"), namespace)
                if value is not None:
                    result = display_data(value)
        except Exception as exc:
            frames = traceback.format_exception(type(exc), exc, exc.__traceback__.tb_next)
            error = {
                "output_type": "error",
                "ename": type(exc).__name__,
                "evalue": str(exc),
                "traceback": [line.rstrip("\n") for line in frames],
            }
    for name, stream in (("stdout", out), ("stderr", err)):
        if stream.getvalue():
            outputs.append({"output_type": "stream", "name": name, "text": stream.getvalue()})
    if result is not None:
        outputs.append(
            {
                "output_type": "execute_result",
                "data": result,
                "metadata": {},
                "execution_count": number + 1,
            }
        )
    if error is not None:
        outputs.append(error)
    return outputs


def main() -> int:
    request = json.load(sys.stdin)
    folder = tempfile.mkdtemp(prefix="commonground-isolated-")
    try:
        answers = request.get("answers")
        if answers and os.path.exists(answers):
            shutil.copyfile(answers, os.path.join(folder, "commonground_answers.json"))
        os.chdir(folder)
        scores = {}
        for grade_id, test in request.get("tests", {}).items():
            score, error = score_test(test["code"], float(test["points"]))
            scores[grade_id] = {"score": score, "error": error}
        reply: dict[str, Any] = {"scores": scores}
        if "cells" in request:
            namespace: dict[str, Any] = {"__name__": "__main__"}
            reply["outputs"] = [
                run_cell(code, namespace, number) for number, code in enumerate(request["cells"])
            ]
        import widgets

        reply["module"] = os.path.abspath(widgets.__file__)
        json.dump(reply, sys.stdout)
    finally:
        os.chdir(tempfile.gettempdir())
        shutil.rmtree(folder, ignore_errors=True)
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
