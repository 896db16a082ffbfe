#!/usr/bin/env bash
# Erase the workshop hub from this machine (run as root): the software, the exchange (every
# submission and feedback still in it) and the hub's database. Users are NOT removed: remove them
# first with commonground-remove-users, or their homes (and the course copies in them) stay.
set -euo pipefail
CG_PREFIX="${CG_PREFIX:-/opt/commonground}"
CG_DATA="${CG_DATA:-/srv/commonground}"
[ "$(id -u)" = 0 ] || { echo "uninstall.sh: run me as root (sudo)." >&2; exit 1; }
if [ -d /run/systemd/system ] && [ -f /etc/systemd/system/commonground-hub.service ]; then
  systemctl disable --now commonground-hub || true
  rm -f /etc/systemd/system/commonground-hub.service
  systemctl daemon-reload
fi
if [ -f "$CG_DATA/hub/jupyterhub.pid" ] && kill -0 "$(cat "$CG_DATA/hub/jupyterhub.pid")" 2>/dev/null; then
  echo "uninstall.sh: the hub is still running (pid $(cat "$CG_DATA/hub/jupyterhub.pid")); stop it first." >&2
  exit 1
fi
rm -rf "$CG_PREFIX" "$CG_DATA"
echo "Removed $CG_PREFIX and $CG_DATA. The groups commonground and commonground-facilitators remain"
echo "until their last member is removed: groupdel commonground; groupdel commonground-facilitators"
