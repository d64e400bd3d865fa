#!/usr/bin/env bash
# Installs the Debian packages CI needs (Docker Engine 20.10, the tools that build the offline
# stand-in images, Go 1.19 with sprig 3.2.3 as the oracle of src/gotemplate's differential
# tests, and the servers the provisioner-source tests fetch from: git's HTTP backend, OpenSSH,
# docker-registry, chromium for the graph page, and kubectl to read score-k8s's manifests), only those
# that are missing, with one `apt-get update` at most.
set -euo pipefail
# shellcheck source=lib/common.sh
. "$(dirname "$0")/lib/common.sh"

PACKAGES=(docker.io busybox-static debootstrap curl wget ca-certificates tar gzip golang-go golang-github-masterminds-sprig-dev
  git openssl openssh-server openssh-client docker-registry chromium)

need_root
missing=()
for p in "${PACKAGES[@]}"; do pkg_installed "$p" || missing+=("$p")
done
# The preinstalled CLI may be newer than the engine; only the daemon must come from the package.
if ! command -v docker >/dev/null 2>&1 && ! printf '%s\n' "${missing[@]}" | grep -qx docker.io; then
  missing+=(docker.io)
fi
# Any kubectl will do (it only parses manifests against a discovery stand-in); Debian's otherwise.
if ! command -v kubectl >/dev/null 2>&1 && ! pkg_installed kubernetes-client; then
  missing+=(kubernetes-client)
fi
if [ ${#missing[@]} -eq 0 ]; then
  log "present: ${PACKAGES[*]}"
  exit 0
fi

# Update the package lists only when apt does not know a package we need (a fresh machine
# ships without lists); a second update happens only if the install fails on stale lists.
updated=0
apt_update() { log "apt-get update"; apt-get update -qq || die "apt-get update failed"; updated=1; }
for p in "${missing[@]}"; do
  if ! apt-cache show "$p" >/dev/null 2>&1; then apt_update; break; fi
done

install() {
  DEBIAN_FRONTEND=noninteractive apt-get install -y -qq --no-install-recommends "${missing[@]}" >/tmp/score-compose-ts-apt.log 2>&1
}
log "installing: ${missing[*]}"
if ! install; then
  if [ "$updated" = 0 ]; then apt_update; install || { tail -20 /tmp/score-compose-ts-apt.log >&2; die "apt-get install ${missing[*]} failed"; }
  else tail -20 /tmp/score-compose-ts-apt.log >&2; die "apt-get install ${missing[*]} failed"; fi
fi
log "installed: ${missing[*]}"
