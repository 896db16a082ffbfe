"""Errors our own code raises on purpose, so views can tell them from bugs."""

from __future__ import annotations


class NotForYou(ValueError):
    """The content exists but is not meant for this participant's role or council.

    Shown as a calm note ("Note: …"), not as a problem to fix.
    """
