# shellcheck shell=bash
# Shared helpers for the CI setup scripts (sourced, not run).
# Each step checks before it acts so a re-run on a prepared machine is quick.

# log MESSAGE...: one line on stdout, prefixed with the calling script's name.
log() { printf '%s: %s\n' "$(basename "$0" .sh)" "$*"; }

# die MESSAGE...: log and stop the script.
die() { log "error: $*" >&2; exit 1; }

# need_root: the installers write under /usr and /var.
need_root() { [ "$(id -u)" = 0 ] || die "must run as root (it installs packages and starts dockerd)"; }

# pkg_installed NAME: true when dpkg has NAME fully installed.
pkg_installed() {
  [ "$(dpkg-query -W -f='${Status}' "$1" 2>/dev/null)" = "install ok installed" ]
}

# debian_mirror: the main archive URI from the system's apt sources (never hard-coded,
# so a machine pointed at a snapshot or a local mirror keeps using it).
debian_mirror() {
  local uri=""
  if [ -r /etc/apt/sources.list.d/debian.sources ]; then
    uri=$(awk '/^[[:space:]]*#/ {next} tolower($1)=="uris:" && $2 !~ /security/ {print $2; exit}' \
      /etc/apt/sources.list.d/debian.sources)
  fi
  if [ -z "$uri" ] && [ -r /etc/apt/sources.list ]; then
    uri=$(awk '$1=="deb" && $0 !~ /security/ { for (i=2;i<=NF;i++) if ($i ~ /^[a-z]+:\/\//) {print $i; exit} }' \
      /etc/apt/sources.list)
  fi
  [ -n "$uri" ] || die "no Debian mirror URI found in /etc/apt/sources.list.d/debian.sources or /etc/apt/sources.list"
  printf '%s\n' "${uri%/}"
}

# docker_answers: true when the engine answers within a few seconds.
docker_answers() { timeout 5 docker version >/dev/null 2>&1; }
