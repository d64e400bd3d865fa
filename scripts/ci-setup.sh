#!/usr/bin/env bash
# Everything CI needs before `npm ci`: Debian packages, a running Docker engine, Compose v2
# and the offline stand-in images. Each step checks first, so a re-run takes seconds.
set -euo pipefail
HERE=$(cd "$(dirname "$0")" && pwd)

step() {
  local name=$1 start=$SECONDS
  shift
  echo "ci-setup: $name ..."
  if ! bash "$HERE/$1"; then
    echo "ci-setup: $name FAILED after $((SECONDS - start))s" >&2
    exit 1
  fi
  echo "ci-setup: $name done in $((SECONDS - start))s"
}

total=$SECONDS
step "install packages" install-docker.sh
step "start docker engine" start-docker.sh
step "install compose v2" install-compose.sh
step "stand-in images" build-standin-images.sh
echo "ci-setup: all done in $((SECONDS - total))s"
