#!/bin/sh
# Entry point of the offline redis stand-in (Debian's redis-server), shaped like the official
# image's: flags or a config file alone mean "redis-server with these"; the server runs as
# the redis user and as PID 1.
set -e

case "${1:-}" in -*|*.conf) set -- redis-server "$@" ;; esac
[ "${1:-}" = redis-server ] || exec "$@"

# The official build turns protected mode off by default; Debian's keeps it on, which would
# refuse other containers. A config file that sets it still decides.
conf=""
case "${2:-}" in ""|-*) ;; *) conf=$2 ;; esac
if [ -z "$conf" ] || ! grep -Eqi '^[[:space:]]*protected-mode[[:space:]]' "$conf" 2>/dev/null; then
  set -- "$@" --protected-mode no
fi

if [ "$(id -u)" = 0 ]; then
  # A fresh volume at /data is root-owned.
  [ ! -d /data ] || find /data \! -user redis -exec chown redis:redis '{}' +
  exec setpriv --reuid=redis --regid=redis --init-groups "$@"
fi
exec "$@"
