#!/bin/sh
# Entry point of the offline nginx stand-in (Debian's nginx-light): runs the executable
# /docker-entrypoint.d/*.sh hooks like the official image, then execs the command so the
# nginx master is PID 1.
set -e

if [ "${1:-}" = nginx ] || [ "${1:-}" = nginx-debug ]; then
  for f in /docker-entrypoint.d/*.sh; do
    [ -x "$f" ] || continue
    echo "$0: running $f"
    "$f"
  done
fi
exec "$@"
