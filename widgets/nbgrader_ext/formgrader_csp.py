"""A Content-Security-Policy on the formgrader's submission page: no script but nbgrader's own.

The page nbgrader renders for one submission (``/formgrader/submissions/<id>/``) is the
participant's notebook inside nbgrader's ``formgrade`` template, whose own inline scripts and
``onclick`` handlers carry per-page values. The policy allows exactly the inline scripts and
handlers of the template around the notebook (by SHA-256 hash, computed on each page), scripts
from the server itself, and nothing else: even if a payload got past
:mod:`widgets.nbgrader_ext.sanitize`, an inline script or event handler inside the notebook would
not run. Images come from the server or ``data:`` URLs only, so a submission cannot make the
facilitator's browser call out.

nbgrader offers no setting for this, so :func:`install` wraps its ``SubmissionHandler.get``; the
course's ``nbgrader_config.py`` calls it, and it only acts in a process where the formgrader is
loaded (a Jupyter server), never in the commands or kernels.
"""

from __future__ import annotations

import base64
import hashlib
import re
import sys
from typing import Any

NOTEBOOK_START = 'id="notebook-container"'
NOTEBOOK_END = '<div class="help">'
INLINE_SCRIPT = re.compile(r"<script(?![^>]*\bsrc=)([^>]*)>(.*?)</script>", re.S | re.I)
HANDLER = re.compile(r"""\son[a-z]+\s*=\s*(?:"([^"]*)"|'([^']*)')""", re.I)
EXECUTED_TYPES = ("", "text/javascript", "application/javascript", "module")
HANDLERS_MODULE = "nbgrader.server_extensions.formgrader.handlers"


def _hash(code: str) -> str:
    digest = hashlib.sha256(code.encode("utf-8")).digest()
    return "'sha256-" + base64.b64encode(digest).decode("ascii") + "'"


def _script_type(attributes: str) -> str:
    found = re.search(r"""\btype\s*=\s*["']?([^"'\s>]+)""", attributes, re.I)
    return found.group(1).lower() if found else ""


def template_parts(page: str) -> str:
    """The page without the notebook: everything before its container and after its end."""
    start = page.find(NOTEBOOK_START)
    end = page.rfind(NOTEBOOK_END)
    if start < 0 or end < start:
        return ""  # not the page we know: allow no inline script at all
    return page[:start] + page[end:]


def policy(page: str) -> str:
    """The Content-Security-Policy for one rendered submission page."""
    template = template_parts(page)
    hashes = sorted(
        {
            _hash(code)
            for attributes, code in INLINE_SCRIPT.findall(template)
            if _script_type(attributes) in EXECUTED_TYPES
        }
    )
    handlers = sorted({_hash(a or b) for a, b in HANDLER.findall(template)})
    script = ["'self'", "'unsafe-eval'", *hashes]  # underscore's templates compile with Function
    if handlers:
        script += ["'unsafe-hashes'", *handlers]
    return "; ".join(
        [
            "default-src 'self'",
            "script-src " + " ".join(script),
            "style-src 'self' 'unsafe-inline'",
            "img-src 'self' data:",
            "font-src 'self' data:",
            "connect-src 'self'",
            "object-src 'none'",
            "base-uri 'self'",
            "form-action 'self'",
            "frame-ancestors 'self'",
        ]
    )


def install() -> bool:
    """Wrap the formgrader's submission page, if the formgrader is loaded here; once only."""
    handlers = sys.modules.get(HANDLERS_MODULE)
    if handlers is None:
        return False
    page = handlers.SubmissionHandler
    if getattr(page, "_commonground_csp", False):
        return True
    original = page.get

    def get(self: Any, *args: Any, **kwargs: Any) -> Any:
        result = original(self, *args, **kwargs)
        body = b"".join(self._write_buffer).decode("utf-8", "replace")
        self.set_header("Content-Security-Policy", policy(body))
        return result

    get.__wrapped__ = original  # type: ignore[attr-defined]
    page.get = get
    page._commonground_csp = True
    return True
