"""The development plan as files to keep: Markdown and a self-contained web page.

Export lives apart from the plan's logic (``widgets.logic.development_plan``): the logic decides
what the plan says, this module only writes it down, escaping the participant's own words.
"""

from __future__ import annotations

import html
import re
from collections.abc import Sequence
from pathlib import Path
from typing import Any

from ..logic import relationship_map
from ..logic.development_plan import (
    HTML_FILENAME,
    KIND_HEADINGS,
    KINDS,
    MARKDOWN_FILENAME,
    Plan,
    totals_sentences,
)
from ..markup import clean_text, table_html


def write_plan_files(plan: Plan, folder: str | Path) -> list[Path]:
    """Write the plan as Markdown and as a web page into ``folder``; return both paths."""
    from ..store import write_atomically

    target = Path(folder)
    target.mkdir(parents=True, exist_ok=True)
    paths = [target / MARKDOWN_FILENAME, target / HTML_FILENAME]
    write_atomically(paths[0], plan_markdown(plan))
    write_atomically(paths[1], plan_html(plan))
    return paths


# export: Markdown ------------------------------------------------------------------------------
_MD_SPECIAL = re.compile(r"([\\`*_{}\[\]<>|~&#!])")
_MD_LINE_START = re.compile(r"^(\s*)([-+=]|\d+)([.)]?)")


def md_escape(text: str) -> str:
    """The participant's words as literal Markdown text: no markup, links or HTML get through."""
    escaped = _MD_SPECIAL.sub(r"\\\1", clean_text(text))
    return _MD_LINE_START.sub(_escape_marker, escaped, count=1)


def _escape_marker(match: re.Match[str]) -> str:
    """``- x`` -> ``\\- x`` and ``1. x`` -> ``1\\. x``: list markers become plain text."""
    space, marker, dot = match.groups()
    if marker.isdigit():
        return space + marker + ("\\" + dot if dot else "")
    return space + "\\" + marker + dot


def _md_table(header: Sequence[str], rows: Sequence[Sequence[Any]]) -> list[str]:
    lines = ["| " + " | ".join(header) + " |", "|" + "---|" * len(header)]
    lines += ["| " + " | ".join(md_escape(str(c)) for c in row) + " |" for row in rows]
    return lines


def _gap_rows(plan: Plan) -> list[list[str]]:
    return [[g.item.statement, g.framework_title, g.label] for g in plan.gaps]


def _relationship_rows(plan: Plan) -> list[list[str]]:
    labels = relationship_scale_labels()
    return [
        [
            r.role,
            r.category,
            labels["importance"].get(r.importance, str(r.importance)),
            labels["quality"].get(r.quality, str(r.quality)),
            r.action,
        ]
        for r in plan.relationships
    ]


def _option_rows(plan: Plan) -> list[list[str]]:
    return [
        [
            o.title,
            o.provider,
            o.method,
            o.duration,
            "" if o.hours is None else f"{o.hours:g}",
            o.cost,
        ]
        for o in plan.options
    ]


def relationship_scale_labels() -> dict[str, dict[int, str]]:
    """``{"importance": {4: "Very important", ...}, "quality": {...}}`` from the scales table."""
    return {
        name: {p["value"]: p["label"] for p in relationship_map.scale(name)}
        for name in ("importance", "quality")
    }


_GAP_HEADER = ("Statement", "Framework", "My rating")
_RELATIONSHIP_HEADER = ("Relationship", "Kind", "How important", "How well it works", "My action")
_OPTION_HEADER = ("Option", "Provider", "Method", "Duration", "Hours", "Cost")
_PRIVACY = "This plan holds only my own words, my own ratings and the options I chose."


def plan_markdown(plan: Plan) -> str:
    """The plan as a Markdown document, the participant's words escaped."""
    lines = ["# My development plan", "", f"Made on {plan.made_on}. {_PRIVACY}", ""]
    for kind in KINDS:
        lines += [f"## {KIND_HEADINGS[kind]}", ""]
        actions = plan.actions(kind)
        lines += [f"- {md_escape(a)}" for a in actions] if actions else ["Nothing written yet."]
        lines.append("")
    lines += ["## Where I most want to develop", ""]
    if plan.gaps:
        lines += ["My lowest self-ratings:", "", *_md_table(_GAP_HEADER, _gap_rows(plan))]
    else:
        lines.append("No self-ratings yet.")
    for title, names in plan.priorities:
        lines += ["", f"{md_escape(title)} My top {len(names)}:", ""]
        lines += [f"{n}. {md_escape(name)}" for n, name in enumerate(names, 1)]
    lines += ["", "## Relationships to develop first", ""]
    if plan.relationships:
        lines += _md_table(_RELATIONSHIP_HEADER, _relationship_rows(plan))
    else:
        lines.append("None marked as very important and working badly.")
    lines += ["", "## Development options I have chosen", ""]
    if plan.options:
        lines += [*_md_table(_OPTION_HEADER, _option_rows(plan)), ""]
    lines += [f"- {md_escape(s)}" for s in totals_sentences(plan.totals)]
    return "\n".join(lines) + "\n"


# export: HTML ----------------------------------------------------------------------------------
_STYLE = (
    "body{font-family:system-ui,-apple-system,'Segoe UI',sans-serif;line-height:1.5;"
    "color:#1a1a1a;background:#fff;max-width:52em;margin:2em auto;padding:0 1em}"
    "table{border-collapse:collapse;margin:0.5em 0 1em}"
    "th,td{border:1px solid #555;padding:0.3em 0.6em;text-align:left;vertical-align:top}"
    "caption{text-align:left;font-weight:bold;padding:0.3em 0}"
)


def _e(text: Any) -> str:
    return html.escape(str(text), quote=True)


def _html_table(caption: str, header: Sequence[str], rows: Sequence[Sequence[Any]]) -> str:
    return table_html(caption, header, rows, css_class=None)  # the page has its own style


def _html_list(entries: Sequence[str], empty: str) -> str:
    if not entries:
        return f"<p>{_e(empty)}</p>"
    return "<ul>" + "".join(f"<li>{_e(clean_text(e))}</li>" for e in entries) + "</ul>"


def plan_html(plan: Plan) -> str:
    """The plan as one self-contained web page (no scripts, no outside files), all text escaped."""
    parts = [
        "<!DOCTYPE html>",
        '<html lang="en-GB"><head><meta charset="utf-8">',
        '<meta name="viewport" content="width=device-width, initial-scale=1">',
        f"<title>My development plan</title><style>{_STYLE}</style></head>",
        "<body><main><h1>My development plan</h1>",
        f"<p>Made on {_e(plan.made_on)}. {_e(_PRIVACY)}</p>",
    ]
    for kind in KINDS:
        parts.append(f"<h2>{_e(KIND_HEADINGS[kind])}</h2>")
        parts.append(_html_list(plan.actions(kind), "Nothing written yet."))
    parts.append("<h2>Where I most want to develop</h2>")
    if plan.gaps:
        parts.append(_html_table("My lowest self-ratings", _GAP_HEADER, _gap_rows(plan)))
    else:
        parts.append("<p>No self-ratings yet.</p>")
    for title, names in plan.priorities:
        parts.append(f"<p>{_e(title)} My top {len(names)}:</p>")
        parts.append("<ol>" + "".join(f"<li>{_e(name)}</li>" for name in names) + "</ol>")
    parts.append("<h2>Relationships to develop first</h2>")
    if plan.relationships:
        parts.append(
            _html_table(
                "Relationships that matter most and work least well",
                _RELATIONSHIP_HEADER,
                _relationship_rows(plan),
            )
        )
    else:
        parts.append("<p>None marked as very important and working badly.</p>")
    parts.append("<h2>Development options I have chosen</h2>")
    if plan.options:
        parts.append(_html_table("The options I chose", _OPTION_HEADER, _option_rows(plan)))
    parts.append(_html_list(totals_sentences(plan.totals), ""))
    parts.append("</main></body></html>")
    return "\n".join(parts) + "\n"
