"""Pseudonyms for participants: a keyed hash (HMAC-SHA256) of the participant id.

A plain hash of an id could be reversed by hashing every likely id, so the hash is keyed. The key
lives in a file outside git (``~/.commonground/pseudonym.key`` or one the analyst names), is
created on first use readable by its owner only, and the same key gives the same pseudonym every
time, so pre and post answers of one person still line up.
"""

from __future__ import annotations

import hmac
import os
import secrets
from hashlib import sha256
from pathlib import Path

from ..profile import home_folder

KEY_FILENAME = "pseudonym.key"
KEY_BYTES = 32
PREFIX = "p-"
LENGTH = 16  # hex characters kept: 64 bits, ample for any cohort


class KeyFileError(ValueError):
    """The key file cannot be used; the message is one plain sentence."""


def default_key_file() -> Path:
    return home_folder() / KEY_FILENAME


def _inside_git(path: Path) -> Path | None:
    for folder in path.resolve().parents:
        if (folder / ".git").exists():
            return folder
    return None


def load_key(path: Path | None = None) -> bytes:
    """The pseudonym key from ``path`` (default in the Common Ground home), created if missing.

    A key file inside a git working tree is refused: the key must never be committed.
    """
    path = Path(path) if path is not None else default_key_file()
    repo = _inside_git(path)
    if repo is not None:
        raise KeyFileError(
            f"The pseudonym key file {path} is inside the git repository {repo}; keep it "
            "outside any repository (for example in ~/.commonground) so it is never committed."
        )
    if not path.exists():
        path.parent.mkdir(parents=True, exist_ok=True)
        try:
            fd = os.open(path, os.O_WRONLY | os.O_CREAT | os.O_EXCL, 0o600)
        except FileExistsError:  # another process created it first: use theirs
            pass
        else:
            with os.fdopen(fd, "w", encoding="ascii") as handle:
                handle.write(secrets.token_hex(KEY_BYTES) + "\n")
    text = path.read_text(encoding="ascii", errors="replace").strip()
    try:
        key = bytes.fromhex(text)
    except ValueError:
        key = b""
    if len(key) < 16:
        raise KeyFileError(f"The pseudonym key file {path} is damaged; restore it from a backup.")
    return key


def pseudonym(participant_id: str, key: bytes) -> str:
    """The stable pseudonym of one participant id under ``key`` (never the id itself)."""
    digest = hmac.new(key, str(participant_id).encode("utf-8"), sha256).hexdigest()
    return PREFIX + digest[:LENGTH]
