#!/usr/bin/env bash
# Install (or bring up to date) a single-machine JupyterHub for a Common Ground workshop.
#
# Run as root from a checkout of the course repository:   sudo deploy/single-machine/install.sh
# Running it again is safe: it only changes what differs from the checkout and the settings below.
#
# Why it looks like this: each participant is a real OS user whose server runs as that user, so the
# course environment must be readable by everyone. It is therefore built under /opt with Debian's
# python3.11 (never a Python under /root), from the exact versions in uv.lock, as The Littlest
# JupyterHub does. The nbgrader exchange is one shared folder that everybody may write to but only
# the facilitator may list.
#
# Settings (environment variables, all optional):
#   CG_PREFIX    where the software goes                  (default /opt/commonground)
#   CG_DATA      where the exchange and hub state live    (default /srv/commonground)
#   CG_COURSE    the nbgrader course id                   (default commonground)
#   CG_PYTHON    the Python every user can run            (default /usr/bin/python3.11)
#   CG_SOURCE    the course checkout to install from      (default: the repository holding this script)
set -euo pipefail

HERE="$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)"
CG_PREFIX="${CG_PREFIX:-/opt/commonground}"
CG_DATA="${CG_DATA:-/srv/commonground}"
CG_COURSE="${CG_COURSE:-commonground}"
CG_PYTHON="${CG_PYTHON:-/usr/bin/python3.11}"
CG_SOURCE="${CG_SOURCE:-$(cd "$HERE/../.." && pwd)}"
ENV="$CG_PREFIX/env"
EXCHANGE="$CG_DATA/exchange"

say() { printf '==> %s\n' "$*"; }
die() { printf 'install.sh: %s\n' "$*" >&2; exit 1; }

[ "$(id -u)" = 0 ] || die "run me as root (sudo): I create /opt and /srv folders and the exchange."
[ -x "$CG_PYTHON" ] || die "$CG_PYTHON is missing; install it with: apt-get install python3.11 python3.11-venv"
[ -f "$CG_SOURCE/uv.lock" ] || die "$CG_SOURCE has no uv.lock; run me from a checkout of the course repository."
command -v git >/dev/null || die "git is missing (nbgitpuller needs it); install it with: apt-get install git"
command -v npm >/dev/null || die "npm is missing (for the proxy); install it with: apt-get install nodejs npm"

umask 022
mkdir -p "$CG_PREFIX" "$CG_PREFIX/etc"

# 1. uv: the one installer used for the locked environment ------------------------------------------
UV="$(command -v uv || true)"
if [ -z "$UV" ]; then
  if [ ! -x "$CG_PREFIX/tools/bin/uv" ]; then
    say "Installing uv into $CG_PREFIX/tools"
    "$CG_PYTHON" -m venv "$CG_PREFIX/tools"
    "$CG_PREFIX/tools/bin/python" -m pip install --quiet --disable-pip-version-check uv
  fi
  UV="$CG_PREFIX/tools/bin/uv"
fi

# 2. the course environment, from uv.lock, readable by every user --------------------------------
if [ ! -x "$ENV/bin/python" ] || ! "$ENV/bin/python" -c 'import sys; sys.exit(sys.version_info[:2] != (3, 11))'; then
  say "Creating the course environment $ENV with $CG_PYTHON"
  rm -rf "$ENV"
  "$UV" venv --quiet --python "$CG_PYTHON" --no-python-downloads "$ENV"
fi
say "Installing the locked versions into $ENV"
"$UV" export --quiet --frozen --no-dev --extra hub --no-emit-project --no-header \
  --directory "$CG_SOURCE" -o "$CG_PREFIX/etc/requirements.txt"
"$UV" pip install --quiet --python "$ENV/bin/python" --link-mode=copy --no-python-downloads \
  -r "$CG_PREFIX/etc/requirements.txt"
# The course package itself, as a real (non-editable) install, so nothing points back at the checkout.
"$UV" pip install --quiet --python "$ENV/bin/python" --link-mode=copy --no-python-downloads \
  --no-deps --reinstall-package commonground "$CG_SOURCE"

# 3. one nbgrader configuration for everybody: the exchange and the course id -------------------
say "Writing the shared nbgrader configuration"
SITE="$("$ENV/bin/python" -c 'import sysconfig; print(sysconfig.get_path("purelib"))')"
install -m 0644 "$HERE/commonground_hub_exchange.py" "$SITE/commonground_hub_exchange.py"
mkdir -p "$ENV/etc/jupyter"
sed -e "s#@EXCHANGE@#$EXCHANGE#g" -e "s#@COURSE@#$CG_COURSE#g" \
  "$HERE/nbgrader_config.py.in" >"$ENV/etc/jupyter/nbgrader_config.py"
# Environment variables every server and every facilitator shell reads (the course's own
# nbgrader_config.py honours COMMONGROUND_EXCHANGE and COMMONGROUND_COURSE).
cat >"$CG_PREFIX/etc/commonground.env" <<EOF
COMMONGROUND_EXCHANGE=$EXCHANGE
COMMONGROUND_COURSE=$CG_COURSE
EOF
# Every participant's server reclaims the kernels of closed pages (culling, and Voilà's shutdown
# beacon accepted from the page itself: widgets/reclaim.py); jupyter-server reads etc/jupyter.
install -m 0644 "$CG_SOURCE/jupyter-config/jupyter_server_config.py" \
  "$ENV/etc/jupyter/jupyter_server_config.py"
# JupyterLab defaults for everyone: never ask participants about, or fetch, news from the internet.
mkdir -p "$ENV/share/jupyter/lab/settings"
install -m 0644 "$HERE/lab-overrides.json" "$ENV/share/jupyter/lab/settings/overrides.json"
chmod -R a+rX "$CG_PREFIX"

# 4. configurable-http-proxy from npm, pinned by package-lock.json ------------------------------
NODE_DIR="$CG_PREFIX/node"
mkdir -p "$NODE_DIR"
if ! cmp -s "$HERE/node/package-lock.json" "$NODE_DIR/package-lock.json" \
  || [ ! -x "$NODE_DIR/node_modules/.bin/configurable-http-proxy" ]; then
  say "Installing configurable-http-proxy into $NODE_DIR"
  cp "$HERE/node/package.json" "$HERE/node/package-lock.json" "$NODE_DIR/"
  (cd "$NODE_DIR" && npm ci --no-audit --no-fund --loglevel=error)
fi

# 5. the exchange: anyone may write, nobody but the owner may delete or rename ------------------
# nbgrader's release creates <course>/outbound (readable), <course>/inbound (write-only for
# participants: they cannot list it) and <course>/feedback inside it.
say "Preparing the exchange $EXCHANGE"
mkdir -p "$CG_DATA" "$EXCHANGE"
chmod 0755 "$CG_DATA"
chmod 1777 "$EXCHANGE"

# 6. the hub's own state (database, cookie secret): root only ------------------------------------
mkdir -p "$CG_DATA/hub"
chmod 0700 "$CG_DATA/hub"
install -m 0644 "$HERE/jupyterhub_config.py" "$CG_PREFIX/etc/jupyterhub_config.py"
mkdir -p "$CG_PREFIX/bin"
install -m 0755 "$HERE/add-users.sh" "$CG_PREFIX/bin/commonground-add-users"
install -m 0755 "$HERE/remove-users.sh" "$CG_PREFIX/bin/commonground-remove-users"
cat >"$CG_PREFIX/etc/hub.env" <<EOF
CG_PREFIX=$CG_PREFIX
CG_DATA=$CG_DATA
EOF

# 7. the groups that decide who may sign in, and who is a facilitator ----------------------------
getent group commonground >/dev/null || groupadd --system commonground
getent group commonground-facilitators >/dev/null || groupadd --system commonground-facilitators

# 8. a systemd service, where systemd runs ------------------------------------------------------
sed -e "s#@PREFIX@#$CG_PREFIX#g" -e "s#@DATA@#$CG_DATA#g" \
  "$HERE/commonground-hub.service.in" >"$CG_PREFIX/etc/commonground-hub.service"
if [ -d /run/systemd/system ]; then
  install -m 0644 "$CG_PREFIX/etc/commonground-hub.service" /etc/systemd/system/commonground-hub.service
  systemctl daemon-reload
  say "Installed the service: start it with  systemctl enable --now commonground-hub"
else
  say "No systemd here: start the hub with  $CG_PREFIX/env/bin/jupyterhub -f $CG_PREFIX/etc/jupyterhub_config.py"
fi

(cd / && "$ENV/bin/python" -c 'import widgets, nbgrader, jupyterhub, nbgitpuller, commonground_hub_exchange') \
  || die "the course environment does not import; see the messages above."
say "Done: Common Ground hub installed in $CG_PREFIX, exchange $EXCHANGE, course '$CG_COURSE'."
