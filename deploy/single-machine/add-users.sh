#!/usr/bin/env bash
# Add workshop users (run as root). Prints "name password" for each account it creates or resets.
#
#   commonground-add-users [--facilitator] NAME [NAME...]
#   commonground-add-users --reset-password NAME      # a new password for an existing user
#
# An existing OS user keeps their password (give --reset-password for a new one).
# Each user is a real OS account with a private home (mode 0700), in the group that may sign in to
# the hub (commonground); --facilitator also makes them a hub admin (commonground-facilitators).
# Passwords are random: four groups of five letters and digits; hand each one to its owner privately.
set -euo pipefail

die() { printf 'commonground-add-users: %s\n' "$*" >&2; exit 1; }
[ "$(id -u)" = 0 ] || die "run me as root (sudo)."

facilitator=0
reset=0
names=()
for arg in "$@"; do
  case "$arg" in
    --facilitator) facilitator=1 ;;
    --reset-password) reset=1 ;;
    -h|--help) sed -n '2,10p' "$0"; exit 0 ;;
    -*) die "unknown option $arg" ;;
    *) names+=("$arg") ;;
  esac
done
[ "${#names[@]}" -gt 0 ] || die "give at least one user name."

getent group commonground >/dev/null || groupadd --system commonground
getent group commonground-facilitators >/dev/null || groupadd --system commonground-facilitators

new_password() {
  # 20 random letters and digits (no look-alikes such as l/1, o/0): easy to read out, hard to guess.
  python3 -c 'import secrets; a = "abcdefghjkmnpqrstuvwxyz23456789"
print("-".join("".join(secrets.choice(a) for _ in range(5)) for _ in range(4)))'
}

for name in "${names[@]}"; do
  [[ "$name" =~ ^[a-z][a-z0-9_-]{0,30}$ ]] \
    || die "'$name' is not a usable name: lower-case letters, digits, - and _, starting with a letter."
  created=0
  if ! id "$name" >/dev/null 2>&1; then
    useradd --create-home --shell /bin/bash --user-group "$name"
    created=1
  fi
  home="$(getent passwd "$name" | cut -d: -f6)"
  chmod 0700 "$home"
  usermod -a -G commonground "$name"
  if [ "$facilitator" = 1 ]; then
    usermod -a -G commonground-facilitators "$name"
  fi
  if [ "$created" = 1 ] || [ "$reset" = 1 ]; then
    password="$(new_password)"
    printf '%s:%s\n' "$name" "$password" | chpasswd
    printf '%s %s\n' "$name" "$password"
  fi
done
