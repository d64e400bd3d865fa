#!/bin/sh
# Entry point of the offline postgres stand-in (Debian's PostgreSQL 15). It keeps the
# official image's contract: POSTGRES_USER / POSTGRES_PASSWORD / POSTGRES_DB, PGDATA,
# POSTGRES_HOST_AUTH_METHOD, POSTGRES_INITDB_ARGS and /docker-entrypoint-initdb.d (*.sh, *.sql,
# *.sql.gz, *.sql.xz). The server ends up as PID 1 so stop signals reach it directly.
set -e

: "${PGDATA:=/var/lib/postgresql/data}"
export PGDATA
INIT_DIR=/docker-entrypoint-initdb.d

# Flags alone mean "the server with these flags", as in the official image.
case "${1:-}" in -*) set -- postgres "$@" ;; esac
# Anything else (psql, pg_isready, sh -c ...) runs as given: init containers rely on it.
[ "${1:-}" = postgres ] || exec "$@"

if [ "$(id -u)" = 0 ]; then
  mkdir -p "$PGDATA" /run/postgresql
  chown postgres:postgres /run/postgresql
  chmod 2775 /run/postgresql
  # A fresh named volume is root-owned; a used one is already right (skip the recursive walk).
  [ "$(stat -c %U "$PGDATA")" = postgres ] || chown -R postgres:postgres "$PGDATA"
  chmod 700 "$PGDATA"
  export HOME=/var/lib/postgresql
  # setpriv execs in place (su/runuser would stay as a parent that swallows SIGTERM).
  exec setpriv --reuid=postgres --regid=postgres --init-groups "$0" "$@"
fi

run_init_file() {
  f=$1
  case "$f" in
    *.sh)
      if [ -x "$f" ]; then
        echo "$0: running $f"
        "$f"
      else
        echo "$0: sourcing $f"
        # shellcheck disable=SC1090 # the user's init script, sourced as the official image does
        . "$f"
      fi ;;
    *.sql)    echo "$0: running $f"; psql_init -f "$f" ;;
    *.sql.gz) echo "$0: running $f"; gunzip -c "$f" | psql_init ;;
    *.sql.xz) echo "$0: running $f"; xz -dc "$f" | psql_init ;;
    *)        echo "$0: ignoring $f" ;;
  esac
}

psql_init() {
  psql -v ON_ERROR_STOP=1 --no-psqlrc --no-password --username "$POSTGRES_USER" --dbname "$POSTGRES_DB" "$@"
}

init_database() {
  export POSTGRES_USER="${POSTGRES_USER:-postgres}"
  export POSTGRES_DB="${POSTGRES_DB:-$POSTGRES_USER}"
  export POSTGRES_PASSWORD="${POSTGRES_PASSWORD:-}"
  auth="${POSTGRES_HOST_AUTH_METHOD:-scram-sha-256}"
  if [ -z "$POSTGRES_PASSWORD" ] && [ "$auth" != trust ]; then
    cat >&2 <<'MSG'
Error: Database is uninitialized and superuser password is not specified.
       Set POSTGRES_PASSWORD to a non-empty value for the superuser,
       or POSTGRES_HOST_AUTH_METHOD=trust to allow connections without a password.
MSG
    exit 1
  fi

  pwfile=""
  if [ -n "$POSTGRES_PASSWORD" ]; then
    pwfile=$(mktemp)
    printf '%s\n' "$POSTGRES_PASSWORD" >"$pwfile"
  fi
  # shellcheck disable=SC2086 # POSTGRES_INITDB_ARGS is a list of flags, split on purpose
  initdb --username="$POSTGRES_USER" ${pwfile:+--pwfile="$pwfile"} ${POSTGRES_INITDB_ARGS:-}
  [ -z "$pwfile" ] || rm -f "$pwfile"
  printf '\nhost all all all %s\n' "$auth" >>"$PGDATA/pg_hba.conf"
  printf "\nlisten_addresses = '*'\n" >>"$PGDATA/postgresql.conf"

  # The set-up server listens on a private socket only, so neither pg_isready (default
  # socket) nor TCP clients see it: "ready" then means the real server is up.
  sockdir=$(mktemp -d)
  pg_ctl -D "$PGDATA" -w -o "-c listen_addresses='' -c unix_socket_directories='$sockdir'" start
  export PGHOST="$sockdir" PGPASSWORD="$POSTGRES_PASSWORD"
  if [ "$POSTGRES_DB" != postgres ]; then
    psql -v ON_ERROR_STOP=1 --no-psqlrc --no-password --username "$POSTGRES_USER" --dbname postgres \
      --set db="$POSTGRES_DB" <<'SQL'
SELECT format('CREATE DATABASE %I', :'db') WHERE NOT EXISTS (SELECT FROM pg_database WHERE datname = :'db')\gexec
SQL
  fi
  if [ -d "$INIT_DIR" ]; then
    for f in "$INIT_DIR"/*; do
      [ -e "$f" ] || continue
      run_init_file "$f"
    done
  fi
  pg_ctl -D "$PGDATA" -m fast -w stop
  unset PGHOST PGPASSWORD
  rmdir "$sockdir" 2>/dev/null || true
  echo "$0: PostgreSQL init process complete; ready for start up."
}

[ -s "$PGDATA/PG_VERSION" ] || init_database
exec "$@"
