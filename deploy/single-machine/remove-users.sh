#!/usr/bin/env bash
# Remove workshop users and everything in their homes (run as root, after the workshop).
#
#   commonground-remove-users NAME [NAME...]
#
# Stop the hub (or the user's server from the hub's admin page) first. Their submissions and grades
# are not in their home: remove those with `commonground erase NAME` as the facilitator.
set -euo pipefail

die() { printf 'commonground-remove-users: %s\n' "$*" >&2; exit 1; }
[ "$(id -u)" = 0 ] || die "run me as root (sudo)."
[ "$#" -gt 0 ] || die "give at least one user name."

for name in "$@"; do
  if ! id "$name" >/dev/null 2>&1; then
    printf '%s: no such user, nothing to remove\n' "$name"
    continue
  fi
  id -nG "$name" | tr ' ' '\n' | grep -qx commonground \
    || die "$name is not a workshop user (not in the group commonground); not removing it."
  if pgrep -u "$name" >/dev/null; then
    die "$name still has running programs (is their server running?); stop it from the hub first."
  fi
  # userdel warns (and may exit non-zero) when the user never had a mail spool; check the result.
  userdel --remove "$name" 2>/dev/null || true
  if id "$name" >/dev/null 2>&1; then die "$name could not be removed (userdel failed)."; fi
  printf '%s: removed, with their home folder\n' "$name"
done
