"""Nothing a participant hands in reaches a facilitator's browser as live HTML or script.

nbgrader's formgrader renders each submitted markdown cell with ``markdown2html`` straight into
the page (its ``formgrade`` template bypasses nbconvert's ``sanitize_html``), so a markdown cell
holding ``<img src=x onerror=...>`` runs script in the facilitator's Jupyter session; feedback
renders the same cells for the participant. :class:`SanitizeSubmission` runs in every HTML export
of a submitted notebook (wired through ``HTMLExporter.preprocessors`` in ``nbgrader_config.py``,
which both the formgrader and ``generate_feedback`` read) and, before any template sees it:

- renders each markdown cell to HTML and passes it through ``nh3`` (the Ammonia sanitizer) with an
  allow-list of tags, attributes and URL schemes, inside a ``tex2jax_ignore`` block so MathJax
  never typesets (and so never follows links in) a participant's text;
- keeps of each output only plain text, sanitized HTML, and PNG/JPEG images whose data is plain
  base64 (no SVG, JavaScript, LaTeX, widget views or output metadata);
- turns raw cells into escaped text, drops attachments, cell tags and any metadata but nbgrader's,
  and drops nbgrader metadata whose id is not a plain identifier (the formgrade template puts ids
  into HTML attributes unescaped).
"""

from __future__ import annotations

import html
import re
from typing import Any

import nh3
from nbconvert.filters.markdown import markdown2html
from nbconvert.preprocessors import Preprocessor
from nbformat.notebooknode import NotebookNode, from_dict

# What a course's or a participant's markdown legitimately needs; nothing that runs or embeds.
TAGS = {
    "a", "abbr", "b", "blockquote", "br", "caption", "code", "dd", "del", "details", "div", "dl",
    "dt", "em", "h1", "h2", "h3", "h4", "h5", "h6", "hr", "i", "img", "ins", "kbd", "li", "ol",
    "p", "pre", "q", "s", "samp", "small", "span", "strong", "sub", "summary", "sup", "table",
    "tbody", "td", "tfoot", "th", "thead", "tr", "u", "ul",
}  # fmt: skip
ATTRIBUTES = {
    "a": {"href", "title"},
    "img": {"src", "alt", "title", "width", "height"},
    "td": {"colspan", "rowspan", "align"},
    "th": {"colspan", "rowspan", "align", "scope"},
    "abbr": {"title"},
    "ol": {"start"},
}
URL_SCHEMES = {"http", "https", "mailto"}
SAFE_ID = re.compile(r"^[A-Za-z0-9_-]{1,128}$")
BASE64 = re.compile(r"^[A-Za-z0-9+/=\s]*$")
KEPT_DATA = ("text/plain", "text/html", "image/png", "image/jpeg")
KEPT_NBGRADER = {
    "grade": bool,
    "solution": bool,
    "locked": bool,
    "task": bool,
    "schema_version": int,
    "points": (int, float),
    "grade_id": str,
    "score": (int, float),  # added by nbgrader's GetGrades in feedback
    "needs_manual_grade": bool,  # added by GetGradesMarkingPending in feedback
    "comment": str,  # the facilitator's comment, escaped by the feedback template
}


def clean_html(fragment: str) -> str:
    """``fragment`` with every tag, attribute and URL outside the allow-list removed."""
    return nh3.clean(
        fragment,
        tags=TAGS,
        attributes=ATTRIBUTES,
        url_schemes=URL_SCHEMES,
        link_rel="noopener noreferrer nofollow",
        strip_comments=True,
    )


def safe_markdown(source: str) -> str:
    """Markdown as sanitized HTML on one line, so rendering it as markdown again passes it
    through unchanged (one HTML block), inside a block MathJax leaves alone."""
    cleaned = clean_html(markdown2html(source))
    one_line = cleaned.replace("\r", "").replace("\n", "&#10;")
    return f'<div class="tex2jax_ignore">{one_line}</div>'


def _text(value: Any) -> str:
    if isinstance(value, list):
        return "".join(str(part) for part in value)
    return value if isinstance(value, str) else ""


def safe_nbgrader(meta: Any) -> dict[str, Any] | None:
    """nbgrader's cell metadata with only known fields of the right type; None if its id is odd."""
    if not isinstance(meta, dict):
        return None
    kept = {
        key: meta[key]
        for key, kind in KEPT_NBGRADER.items()
        if key in meta and isinstance(meta[key], kind)
    }
    grade_id = kept.get("grade_id")
    if grade_id is not None and not SAFE_ID.match(grade_id):
        return None
    return kept


def safe_output(output: Any) -> NotebookNode | None:
    """One output reduced to what the templates show escaped or sanitized; None to drop it."""
    if not isinstance(output, dict):
        return None
    kind = output.get("output_type")
    if kind == "stream":
        name = output.get("name") if output.get("name") in ("stdout", "stderr") else "stdout"
        return from_dict({"output_type": "stream", "name": name, "text": _text(output.get("text"))})
    if kind == "error":
        traceback = output.get("traceback")
        lines = [str(line) for line in traceback] if isinstance(traceback, list) else []
        return from_dict(
            {
                "output_type": "error",
                "ename": _text(output.get("ename")),
                "evalue": _text(output.get("evalue")),
                "traceback": lines,
            }
        )
    if kind not in ("execute_result", "display_data"):
        return None
    data = output.get("data") if isinstance(output.get("data"), dict) else {}
    kept: dict[str, str] = {}
    for mime in KEPT_DATA:
        if mime not in data:
            continue
        value = _text(data[mime])
        if mime == "text/html":
            value = clean_html(value)
        elif mime.startswith("image/") and not BASE64.match(value):
            continue
        kept[mime] = value
    if "text/markdown" in data and "text/html" not in kept:
        kept["text/html"] = safe_markdown(_text(data["text/markdown"]))
    if not kept:
        return None
    result: dict[str, Any] = {"output_type": kind, "data": kept, "metadata": {}}
    if kind == "execute_result":
        count = output.get("execution_count")
        result["execution_count"] = count if isinstance(count, int) else None
    return from_dict(result)


def safe_cell(cell: Any, index: int) -> NotebookNode:
    """One cell with nothing in it that a template would put into the page unescaped."""
    cell = cell if isinstance(cell, dict) else {}
    kind = cell.get("cell_type")
    source = _text(cell.get("source"))
    metadata: dict[str, Any] = {}
    nbgrader = safe_nbgrader(cell.get("metadata", {}).get("nbgrader"))
    if nbgrader is not None:
        metadata["nbgrader"] = nbgrader
    cell_id = cell.get("id")
    safe: dict[str, Any] = {
        "id": cell_id if isinstance(cell_id, str) and SAFE_ID.match(cell_id) else f"cell-{index}",
        "metadata": metadata,
    }
    if kind == "code":
        count = cell.get("execution_count")
        outputs = cell.get("outputs") if isinstance(cell.get("outputs"), list) else []
        safe.update(
            cell_type="code",
            source=source,
            execution_count=count if isinstance(count, int) else None,
            outputs=[o for o in (safe_output(out) for out in outputs) if o is not None],
        )
    elif kind == "markdown":
        safe.update(cell_type="markdown", source=safe_markdown(source))
    else:  # raw cells (and anything unknown) go into the page as text, never as HTML
        text = html.escape(source).replace("\n", "&#10;")
        safe.update(
            cell_type="markdown", source=f'<div class="tex2jax_ignore"><pre>{text}</pre></div>'
        )
    return from_dict(safe)


class SanitizeSubmission(Preprocessor):
    """Every cell and output made safe to show in a browser (see the module docstring)."""

    def preprocess(self, nb: NotebookNode, resources: dict[str, Any]) -> Any:
        kept_meta: dict[str, Any] = {}
        kernelspec = nb.metadata.get("kernelspec")
        if isinstance(kernelspec, dict) and SAFE_ID.match(str(kernelspec.get("name", ""))):
            kept_meta["kernelspec"] = {"name": kernelspec["name"], "display_name": "Python 3"}
        language = nb.metadata.get("language_info")
        name = language.get("name") if isinstance(language, dict) else None
        kept_meta["language_info"] = {
            "name": name if isinstance(name, str) and SAFE_ID.match(name) else "python"
        }
        nb.metadata = from_dict(kept_meta)
        nb.cells = [safe_cell(cell, index) for index, cell in enumerate(nb.cells)]
        return nb, resources
