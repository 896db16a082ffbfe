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
import stat
from dataclasses import dataclass
from hashlib import sha256
from pathlib import Path

from ..profile import home_folder

KEY_FILENAME = "pseudonym.key"
KEY_BYTES = 32
MIN_KEY_BYTES = 32  # RFC 2104: an HMAC key shorter than the hash output (32 bytes) is weak
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


@dataclass(frozen=True)
class OpenedKey:
    """The key, and a note to pass on when it was just made (so the analyst keeps it)."""

    key: bytes
    path: Path
    created: bool

    @property
    def note(self) -> str:
        if not self.created:
            return ""
        return (
            f"A new pseudonym key was made at {self.path}; use this same key for the pre and the "
            "post answers, or the same person gets two different pseudonyms."
        )


def load_key(path: Path | None = None) -> bytes:
    """The pseudonym key from ``path`` (default in the Common Ground home), created if missing."""
    return open_key(path).key


def open_key(path: Path | None = None) -> OpenedKey:
    """Open (or make, readable by its owner only) the pseudonym key at ``path``.

    Refused with one sentence: a key inside a git working tree (it would be committed), a key
    file others can read (anyone who can read it can re-identify every pseudonym), and a key
    that is too short or damaged.
    """
    path = Path(path) if path is not None else default_key_file()
    repo = _inside_git(path)
    if repo is not None:
        raise KeyFileError(
            f"The pseudonym key file {path} is inside the git repository {repo}; keep it "
            "outside any repository (for example in ~/.commonground) so it is never committed."
        )
    created = False
    if not path.exists():
        path.parent.mkdir(parents=True, exist_ok=True)
        try:
            fd = os.open(path, os.O_WRONLY | os.O_CREAT | os.O_EXCL, 0o600)
        except FileExistsError:  # another process created it first: use theirs
            pass
        else:
            with os.fdopen(fd, "w", encoding="ascii") as handle:
                handle.write(secrets.token_hex(KEY_BYTES) + "\n")
            created = True
    mode = stat.S_IMODE(path.stat().st_mode)
    if mode & 0o077:
        raise KeyFileError(
            f"The pseudonym key file {path} can be read by other users (mode {mode:o}); make it "
            f"private with: chmod 600 {path}"
        )
    text = path.read_text(encoding="ascii", errors="replace").strip()
    try:
        key = bytes.fromhex(text)
    except ValueError:
        raise KeyFileError(
            f"The pseudonym key file {path} is damaged; restore it from a backup."
        ) from None
    if len(key) < MIN_KEY_BYTES:
        raise KeyFileError(
            f"The pseudonym key in {path} is too short ({len(key)} bytes; at least "
            f"{MIN_KEY_BYTES} are needed); restore the right key or move this one away to make "
            "a new one."
        )
    return OpenedKey(key, path, created)


def pseudonym(participant_id: str, key: bytes) -> str:
    """The stable pseudonym of one participant id under ``key`` (never the id itself)."""
    digest = hmac.new(key, str(participant_id).encode("utf-8"), sha256).hexdigest()
    return PREFIX + digest[:LENGTH]
