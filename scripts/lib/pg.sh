# shellcheck shell=bash
# A private, throw-away PostgreSQL cluster on 127.0.0.1 for tests and benchmarks.
# Source this file, then:
#   pg_start            # initdb in a temp dir, start on a free port, wait until ready
#                       # exports STRATA_TEST_PG (Npgsql keyword string), STRATA_TEST_PG_URL,
#                       # PG_HOST, PG_PORT, PG_DATA
#   pg_stop             # stop the cluster and delete its data dir (safe to call twice)
# pg_start runs the server as the `postgres` user (or `nobody`) when invoked as root, because
# PostgreSQL refuses to run as root. Set PG_KEEP=1 to keep the data dir after pg_stop.
# PG_OPTS holds extra server settings; the default trades durability for speed (fine for tests;
# a benchmark that measures durable writes should set PG_OPTS="" or its own).

PG_HOST=127.0.0.1
PG_PORT=""
PG_DATA=""
PG_BIN=""
PG_RUN_AS=""

pg_log() { printf '[pg] %s\n' "$*" >&2; }

# Finds the directory holding initdb/pg_ctl/postgres (PATH first, then Debian's layout).
pg_find_bin() {
  local d
  if command -v initdb >/dev/null 2>&1 && command -v pg_ctl >/dev/null 2>&1; then
    PG_BIN="$(dirname "$(readlink -f "$(command -v pg_ctl)")")"
    return 0
  fi
  for d in $(printf '%s\n' /usr/lib/postgresql/*/bin | sort -V -r); do
    if [[ -x "$d/initdb" && -x "$d/pg_ctl" ]]; then
      PG_BIN="$d"
      return 0
    fi
  done
  return 1
}

# Picks a TCP port on 127.0.0.1 that nothing listens on.
pg_free_port() {
  local p i
  for i in $(seq 1 50); do
    p=$(( (RANDOM % 20000) + 30000 + i ))
    if ! (exec 3<>"/dev/tcp/127.0.0.1/$p") 2>/dev/null; then
      echo "$p"
      return 0
    fi
  done
  return 1
}

# Runs a command as the cluster owner.
pg_as_owner() {
  if [[ -n "$PG_RUN_AS" ]]; then
    runuser -u "$PG_RUN_AS" -- "$@"
  else
    "$@"
  fi
}

pg_start() {
  if [[ -n "$PG_DATA" ]]; then
    pg_log "already started on port $PG_PORT"
    return 0
  fi
  pg_find_bin || { pg_log "initdb/pg_ctl not found (install the postgresql package)"; return 1; }

  if [[ "$(id -u)" == 0 ]]; then
    if id postgres >/dev/null 2>&1; then PG_RUN_AS=postgres; else PG_RUN_AS=nobody; fi
  fi

  PG_DATA="$(mktemp -d "${TMPDIR:-/tmp}/strata-pg.XXXXXX")"
  chmod 700 "$PG_DATA"
  if [[ -n "$PG_RUN_AS" ]]; then chown "$PG_RUN_AS" "$PG_DATA"; fi

  if ! pg_as_owner "$PG_BIN/initdb" -D "$PG_DATA/data" --locale=C -E UTF8 --auth=trust -U postgres \
      >"$PG_DATA/initdb.log" 2>&1; then
    pg_log "initdb failed:"; tail -n 20 "$PG_DATA/initdb.log" >&2
    return 1
  fi

  local attempt
  for attempt in 1 2 3 4 5; do
    PG_PORT="$(pg_free_port)"
    if pg_as_owner "$PG_BIN/pg_ctl" -D "$PG_DATA/data" -l "$PG_DATA/server.log" -w -t 60 \
        -o "-h $PG_HOST -p $PG_PORT -k $PG_DATA ${PG_OPTS-"-c fsync=off -c synchronous_commit=off -c full_page_writes=off"} -c max_connections=200" \
        start >"$PG_DATA/pg_ctl.log" 2>&1; then
      break
    fi
    pg_log "start on port $PG_PORT failed (attempt $attempt):"; tail -n 5 "$PG_DATA/server.log" >&2 || true
    PG_PORT=""
  done
  if [[ -z "$PG_PORT" ]]; then return 1; fi

  local i ready=0
  for i in $(seq 1 200); do
    if psql -X -q -h "$PG_HOST" -p "$PG_PORT" -U postgres -d postgres -c 'select 1' >/dev/null 2>&1; then
      ready=1
      break
    fi
    sleep 0.1
  done
  if [[ $ready != 1 ]]; then
    pg_log "PostgreSQL on port $PG_PORT does not answer queries:"; tail -n 20 "$PG_DATA/server.log" >&2 || true
    pg_stop
    return 1
  fi

  export PG_HOST PG_PORT PG_DATA
  export STRATA_TEST_PG="Host=$PG_HOST;Port=$PG_PORT;Username=postgres;Database=postgres"
  export STRATA_TEST_PG_URL="postgres://postgres@$PG_HOST:$PG_PORT/postgres"
  pg_log "PostgreSQL $("$PG_BIN/postgres" --version | awk '{print $3}') ready on $PG_HOST:$PG_PORT (data $PG_DATA)"
}

pg_stop() {
  if [[ -z "$PG_DATA" ]]; then return 0; fi
  if [[ -f "$PG_DATA/data/postmaster.pid" ]]; then
    pg_as_owner "$PG_BIN/pg_ctl" -D "$PG_DATA/data" -m immediate -w -t 30 stop >/dev/null 2>&1 || true
  fi
  if [[ "${PG_KEEP:-0}" != 1 ]]; then rm -rf "$PG_DATA"; fi
  PG_DATA=""
  PG_PORT=""
}
