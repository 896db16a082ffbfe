#!/usr/bin/env bash
# Build the Common Ground single-user image (deploy/kubernetes/Dockerfile) with Docker.
#
#   deploy/containers/build-images.sh                 # on the upstream Jupyter base, as z2jh runs it
#   deploy/containers/build-images.sh --local-base    # on a Debian base made here with debootstrap
#
# --local-base is for machines that reach an apt mirror and PyPI but no container registry (as
# where this pack is tested): debootstrap makes a minimal Debian bookworm from the configured apt
# mirror with what the upstream base provides that the image needs (python3, tini, git, the jovyan
# user with uid 1000 in group users), with this machine's extra CA certificates trusted (package
# downloads inside a build go through the same TLS as the host's); `docker import` turns it into
# an image, and a second import holds the uv binary the Dockerfile copies (normally from
# ghcr.io/astral-sh/uv). Nothing is pushed anywhere.
#
# Settings (environment variables, all optional):
#   CG_IMAGE          the course image to build                (default commonground-singleuser:local)
#   CG_BASE_IMAGE     the local base's name                    (default commonground-local/debian:bookworm)
#   CG_DEBIAN_MIRROR  where debootstrap downloads from         (default: the first URIs: of the apt sources)
#   CG_REBUILD_BASE   1 to make the local base again even if it exists
#   CG_BUILD_LOG      where docker build's output goes          (default: a new file in /tmp)
#   UV                the uv binary to put in the local uv image (default: uv on PATH, else .tools/bin/uv)
# Prints one line per step with its seconds, and "image <name> <MB> MB" at the end.
set -euo pipefail

HERE="$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)"
ROOT="$(cd "$HERE/../.." && pwd)"
CG_IMAGE="${CG_IMAGE:-commonground-singleuser:local}"
CG_BASE_IMAGE="${CG_BASE_IMAGE:-commonground-local/debian:bookworm}"
LOCAL_BASE=0
[ "${1:-}" = "--local-base" ] && LOCAL_BASE=1

say() { printf '==> %s\n' "$*"; }
die() { printf 'build-images.sh: %s\n' "$*" >&2; exit 1; }
step_started=0
start() { step_started=$SECONDS; say "$1"; }
took() { printf 'took %s %d s\n' "$1" "$((SECONDS - step_started))"; }

command -v docker >/dev/null || die "docker is missing; install it with: apt-get install docker.io"
docker info >/dev/null 2>&1 || die "the Docker engine is not running (start dockerd first)."

build_args=()
if [ "$LOCAL_BASE" = 1 ]; then
  [ "$(id -u)" = 0 ] || die "--local-base needs root (debootstrap makes a root file system)."
  command -v debootstrap >/dev/null || die "debootstrap is missing; install it with: apt-get install debootstrap"

  if [ "${CG_REBUILD_BASE:-0}" = 1 ] || ! docker image inspect "$CG_BASE_IMAGE" >/dev/null 2>&1; then
    mirror="${CG_DEBIAN_MIRROR:-}"
    if [ -z "$mirror" ]; then
      mirror="$(grep -h -m1 -E '^URIs:' /etc/apt/sources.list.d/*.sources 2>/dev/null | head -n1 | awk '{print $2}')"
      [ -n "$mirror" ] || mirror="$(awk '$1 == "deb" {print $2; exit}' /etc/apt/sources.list 2>/dev/null)"
    fi
    [ -n "$mirror" ] || die "no apt mirror configured; set CG_DEBIAN_MIRROR."
    rootfs="$(mktemp -d /tmp/commonground-rootfs.XXXXXX)"
    trap 'rm -rf "$rootfs"' EXIT
    start "debootstrap --variant=minbase bookworm from $mirror"
    debootstrap --variant=minbase --include=python3,ca-certificates,tini,git \
      bookworm "$rootfs" "$mirror" >"$rootfs.log" 2>&1 \
      || { tail -n 20 "$rootfs.log" >&2; die "debootstrap failed (log above)."; }
    rm -f "$rootfs.log"
    took debootstrap
    # This machine's own certificate authorities (e.g. a TLS-inspecting egress proxy).
    if compgen -G "/usr/local/share/ca-certificates/*.crt" >/dev/null; then
      cp /usr/local/share/ca-certificates/*.crt "$rootfs/usr/local/share/ca-certificates/"
    fi
    chroot "$rootfs" update-ca-certificates >/dev/null
    # What the upstream Jupyter base gives the image: jovyan, uid 1000, group users (gid 100).
    chroot "$rootfs" useradd --create-home --uid 1000 --gid 100 --shell /bin/bash jovyan
    rm -rf "$rootfs"/var/lib/apt/lists/* "$rootfs"/var/cache/apt/*.bin "$rootfs"/var/cache/apt/archives/*.deb
    start "docker import $CG_BASE_IMAGE"
    tar -C "$rootfs" --numeric-owner -c . | docker import \
      --change 'ENV LANG=C.UTF-8 PATH=/usr/local/sbin:/usr/local/bin:/usr/sbin:/usr/bin:/sbin:/bin' \
      --change 'CMD ["/bin/bash"]' - "$CG_BASE_IMAGE" >/dev/null
    took import
    rm -rf "$rootfs"
    trap - EXIT
  fi

  # The uv binary, as the ghcr.io/astral-sh/uv image holds it (/uv), from this machine's uv.
  UV="${UV:-$(command -v uv || echo "$ROOT/.tools/bin/uv")}"
  [ -x "$UV" ] || die "no uv binary at $UV; run make setup first."
  uv_version="$("$UV" --version | awk '{print $2}')"
  uv_image="commonground-local/uv:$uv_version"
  if ! docker image inspect "$uv_image" >/dev/null 2>&1; then
    uvdir="$(mktemp -d)"
    cp "$UV" "$uvdir/uv"
    tar -C "$uvdir" -c uv | docker import - "$uv_image" >/dev/null
    rm -rf "$uvdir"
  fi
  build_args+=(--build-arg "BASE_IMAGE=$CG_BASE_IMAGE" --build-arg "UV_IMAGE=$uv_image")
fi

start "docker build $CG_IMAGE"
# The classic builder: it needs no buildx plug-in and no registry for its front end.
build_log="${CG_BUILD_LOG:-$(mktemp /tmp/commonground-build.XXXXXX.log)}"
DOCKER_BUILDKIT=0 docker build "${build_args[@]}" -f "$ROOT/deploy/kubernetes/Dockerfile" \
  -t "$CG_IMAGE" "$ROOT" >"$build_log" 2>&1 \
  || { tail -n 40 "$build_log" >&2; die "docker build failed (the end of $build_log is above)."; }
took build
size="$(docker image inspect --format '{{.Size}}' "$CG_IMAGE")"
echo "image $CG_IMAGE $((size / 1000000)) MB"
