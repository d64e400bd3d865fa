#!/usr/bin/env bash
# Starts dockerd in the background when its socket does not answer (there is no systemd),
# then waits, bounded, until `docker version` answers.
set -euo pipefail
# shellcheck source=lib/common.sh
. "$(dirname "$0")/lib/common.sh"

WAIT_SECONDS=${DOCKER_START_TIMEOUT:-60}
LOG_FILE=/var/log/dockerd.log

command -v docker >/dev/null 2>&1 || die "no docker CLI on PATH: run scripts/install-docker.sh first"
if docker_answers; then
  log "engine already answering"
  exit 0
fi
# A custom DOCKER_HOST points at an engine we do not manage: do not start a local one.
if [ -n "${DOCKER_HOST:-}" ] && [ "${DOCKER_HOST#unix:///var/run/docker.sock}" = "$DOCKER_HOST" ]; then
  die "DOCKER_HOST=$DOCKER_HOST does not answer; start that engine, or unset DOCKER_HOST to use a local dockerd"
fi
command -v dockerd >/dev/null 2>&1 || die "dockerd not installed: run scripts/install-docker.sh first"

# A dockerd that is really running (not a zombie left by a killed session, not another program
# that got its pid) and still starting just needs the wait.
dockerd_running() {
  local pid
  pid=$(cat /var/run/docker.pid 2>/dev/null) || return 1
  [ -n "$pid" ] || return 1
  [ "$(ps -o comm= -p "$pid" 2>/dev/null)" = dockerd ] || return 1
  case "$(ps -o stat= -p "$pid" 2>/dev/null)" in Z*) return 1 ;; esac
}

if dockerd_running; then
  log "dockerd is running but not answering yet; waiting"
else
  need_root
  # Left behind by a daemon that was killed: dockerd and its containerd refuse stale pid files.
  rm -f /var/run/docker.pid /var/run/docker/containerd/containerd.pid
  log "starting dockerd (log: $LOG_FILE)"
  setsid dockerd >"$LOG_FILE" 2>&1 </dev/null &
  started=1
fi

deadline=$((SECONDS + WAIT_SECONDS))
while [ "$SECONDS" -lt "$deadline" ]; do
  if docker_answers; then
    log "engine answering: $(docker version -f '{{.Server.Version}} (API {{.Server.APIVersion}})' 2>/dev/null)"
    exit 0
  fi
  # A daemon that already gave up will not answer: say so now, not after the whole wait.
  if [ -n "${started:-}" ] && grep -q 'failed to start daemon' "$LOG_FILE" 2>/dev/null; then
    tail -5 "$LOG_FILE" >&2 2>/dev/null || true
    die "dockerd exited during start-up (see $LOG_FILE)"
  fi
  sleep 1
done
tail -20 "$LOG_FILE" >&2 2>/dev/null || true
die "Docker engine did not answer within ${WAIT_SECONDS}s (see $LOG_FILE)"
