#!/usr/bin/env bash
# Installs Docker Compose v2 as a CLI plugin from Debian trixie's docker-compose package
# (bookworm only has the Python 1.29). The system's apt sources and lists are left untouched:
# apt reads a temporary one-line source list into a temporary lists directory.
set -euo pipefail
# shellcheck source=lib/common.sh
. "$(dirname "$0")/lib/common.sh"

PLUGIN_DIR=/usr/local/lib/docker/cli-plugins
SUITE=trixie
KEYRING=/usr/share/keyrings/debian-archive-keyring.gpg

compose_v2() { docker compose version --short 2>/dev/null | grep -Eq '^v?2\.'; }

if compose_v2; then
  log "present: docker compose $(docker compose version --short)"
  exit 0
fi
need_root

tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT
mirror=$(debian_mirror)
mkdir -p "$tmp/lists/partial" "$tmp/cache/archives/partial"
signed=""
[ -r "$KEYRING" ] && signed="[signed-by=$KEYRING] "
printf 'deb %s%s %s main\n' "$signed" "$mirror" "$SUITE" >"$tmp/sources.list"

apt_opts=(
  -o "Dir::Etc::sourcelist=$tmp/sources.list"
  -o "Dir::Etc::sourceparts=-"
  -o "Dir::State::Lists=$tmp/lists"
  -o "Dir::Cache=$tmp/cache"
  -o "APT::Get::List-Cleanup=0"
)
log "fetching docker-compose from $SUITE ($mirror)"
apt-get "${apt_opts[@]}" update -qq >"$tmp/apt.log" 2>&1 || { cat "$tmp/apt.log" >&2; die "apt-get update for $SUITE failed"; }
(cd "$tmp" && apt-get "${apt_opts[@]}" download docker-compose >>"$tmp/apt.log" 2>&1) \
  || { cat "$tmp/apt.log" >&2; die "apt-get download docker-compose ($SUITE) failed"; }

deb=$(find "$tmp" -maxdepth 1 -name "docker-compose_*.deb" | head -1)
[ -n "$deb" ] || die "apt-get download produced no docker-compose .deb"
dpkg -x "$deb" "$tmp/x"
src="$tmp/x/usr/libexec/docker/cli-plugins/docker-compose"
[ -x "$src" ] || die "$(basename "$deb") has no usr/libexec/docker/cli-plugins/docker-compose"
mkdir -p "$PLUGIN_DIR"
install -m 0755 "$src" "$PLUGIN_DIR/docker-compose"
compose_v2 || die "installed $PLUGIN_DIR/docker-compose but 'docker compose version' does not report v2"
log "installed: docker compose $(docker compose version --short) from $(basename "$deb")"
