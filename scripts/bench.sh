#!/usr/bin/env bash
# Load benchmarks: Strata and the bare baseline (bench/Strata.Bench.Baseline) on SQLite and PostgreSQL,
# one server at a time (they must not share the cores), then ONE table of medians and ratios.
#
#   scripts/bench.sh [--peers] [--runs N] [--duration S] [--warmup S] [--topup S] [--conns N] [--threads N]
#                    [--scenarios "get list ..."] [--engines "sqlite pg"] [--targets "strata baseline"] [--out DIR]
#   --peers   also runs ../shared/bench/peers/run.sh (Directus, Parse Server; ~9 min) in the same run.
#
# Each option has an environment twin, named like the peers' settings:
#   BENCH_RUNS=3 WRK_DURATION=2 WARMUP_DURATION=2 TOPUP_DURATION=1 WRK_CONNS=32 WRK_THREADS=2
#   SCENARIOS="get list create update get_auth list_auth create_auth update_auth" ENGINES="sqlite pg"
#   TARGETS="strata baseline" RESULTS=.tmp/bench/<timestamp> SEED_POSTS=10000 SEED_AUTHORS=100
#   BENCH_INDEXES=1     index posts(status, published DESC) for the list scenario, for Strata and the baseline (same
#                       database) and, with --peers, for the peers (PEER_INDEXES=1); 0 = no index, as the peers ship
#   BENCH_PG_OPTS=""    extra Npgsql keywords for both servers, e.g. "No Reset On Close=true;Max Auto Prepare=32"
#   PG_OPTS             PostgreSQL server settings (default: durable, shared_buffers=256MB, like the peers)
#   PEERS_ARGS          environment passed to the peers' run.sh (default: same conns/threads and
#                       "WRK_DURATION=5 WARMUP_DURATION=3 QUERYCOUNT=0" so the whole --peers run stays near 15 min)
# Warm-up, the same for both servers: the scenarios are measured in groups (reads, then writes; guest, then logged in).
# Each group first loads every one of its scenarios for WARMUP_DURATION seconds in turn, then each scenario gets
# TOPUP_DURATION seconds more right before its WRK_DURATION seconds are measured, so each code path has run for 5-8 s
# before it is measured, in the time a 3 s warm-up per scenario took. The table is about the steady state: both
# programs tier up their code with the JIT (tiered compilation, dynamic PGO; both set CallCountingDelayMs=10, see
# docs/performance.md), Strata has far more of it, and a path measured 3 s after it was first hit still paid for
# compilation (bench/RESULTS.md, "warm-up").
#
# Everything listens on 127.0.0.1. The dataset is seeded once per engine through Strata's HTTP API and
# restored before every server start (file copy / CREATE DATABASE ... TEMPLATE), so each run starts alike.
# Output: $RESULTS/results.jsonl (one line per target x engine x run x scenario), raw wrk files, table.txt/.md.
set -euo pipefail
ROOT="$(cd "$(dirname "$0")/.." && pwd)"
B="$ROOT/bench/scripts"
PEERS_RUN="$ROOT/../shared/bench/peers/run.sh"

WITH_PEERS=0
while [ $# -gt 0 ]; do
  case $1 in
    --peers) WITH_PEERS=1 ;;
    --runs) BENCH_RUNS=$2; shift ;;
    --duration) WRK_DURATION=$2; shift ;;
    --warmup) WARMUP_DURATION=$2; shift ;;
    --topup) TOPUP_DURATION=$2; shift ;;
    --conns) WRK_CONNS=$2; shift ;;
    --threads) WRK_THREADS=$2; shift ;;
    --scenarios) SCENARIOS=$2; shift ;;
    --engines) ENGINES=$2; shift ;;
    --targets) TARGETS=$2; shift ;;
    --out) RESULTS=$2; shift ;;
    -h | --help) sed -n '2,/^set -euo/p' "$0" | sed '$d'; exit 0 ;;
    *) echo "unknown option $1 (see --help)" >&2; exit 2 ;;
  esac
  shift
done

BENCH_RUNS=${BENCH_RUNS:-3}
WRK_DURATION=${WRK_DURATION:-2}
WARMUP_DURATION=${WARMUP_DURATION:-2}
TOPUP_DURATION=${TOPUP_DURATION:-1}
WRK_CONNS=${WRK_CONNS:-32}
WRK_THREADS=${WRK_THREADS:-2}
SCENARIOS=${SCENARIOS:-get list create update get_auth list_auth create_auth update_auth}
ENGINES=${ENGINES:-sqlite pg}
TARGETS=${TARGETS:-strata baseline}
RESULTS=${RESULTS:-$ROOT/.tmp/bench/$(date -u +%Y%m%dT%H%M%SZ)}
RESULTS="$(mkdir -p "$RESULTS" && cd "$RESULTS" && pwd)"
export SEED_POSTS=${SEED_POSTS:-10000} SEED_AUTHORS=${SEED_AUTHORS:-100} BENCH_INDEXES=${BENCH_INDEXES:-1}
(( WRK_DURATION <= 30 && WARMUP_DURATION <= 30 && TOPUP_DURATION <= 30 )) || { echo "durations are capped at 30 s" >&2; exit 2; }

STRATA_PORT=18290
BASELINE_PORT=18291
SU_EMAIL=bench@example.com SU_PASSWORD=bench-password-123
export SU_EMAIL SU_PASSWORD

log() { printf '[bench %s] %s\n' "$(date +%H:%M:%S)" "$*" >&2; }

need() {
  local missing=() c
  for c in "$@"; do command -v "$c" >/dev/null 2>&1 || missing+=("$c"); done
  [ ${#missing[@]} -eq 0 ] && return 0
  log "installing ${missing[*]} (apt)"
  apt-get -o DPkg::Lock::Timeout=120 install -y "${missing[@]}" >"$RESULTS/apt.log" 2>&1 ||
    { apt-get update >/dev/null 2>&1; apt-get -o DPkg::Lock::Timeout=120 install -y "${missing[@]}" >>"$RESULTS/apt.log" 2>&1; }
}
need wrk jq python3 curl

SERVER_PID=""
stop_server() {
  if [ -n "$SERVER_PID" ] && kill -0 "$SERVER_PID" 2>/dev/null; then
    kill "$SERVER_PID" 2>/dev/null || true
    for _ in $(seq 1 40); do kill -0 "$SERVER_PID" 2>/dev/null || break; sleep 0.25; done
    kill -9 "$SERVER_PID" 2>/dev/null || true
  fi
  SERVER_PID=""
}
PG_STARTED=0
cleanup() {
  stop_server
  if [ "$PG_STARTED" = 1 ]; then pg_stop; fi
}
trap cleanup EXIT

wait_http() { # URL: up to 60 s
  for _ in $(seq 1 240); do
    curl -s -o /dev/null -m 1 "$1" && return 0
    kill -0 "$SERVER_PID" 2>/dev/null || { log "server exited"; return 1; }
    sleep 0.25
  done
  log "timeout waiting for $1"; return 1
}

# --- build (Release) ---------------------------------------------------------------------------------
BIN="$RESULTS/bin"
log "building Release into $BIN"
dotnet build "$ROOT/src/Strata/Strata.csproj" -c Release -o "$BIN/strata" -v q -nologo >"$RESULTS/build.log" 2>&1 ||
  { tail -30 "$RESULTS/build.log"; exit 1; }
dotnet build "$ROOT/bench/Strata.Bench.Baseline/Strata.Bench.Baseline.csproj" -c Release -o "$BIN/baseline" -v q -nologo >>"$RESULTS/build.log" 2>&1 ||
  { tail -30 "$RESULTS/build.log"; exit 1; }

{
  echo "date: $(date -u +%FT%TZ)"
  echo "host: $(nproc) cores ($(grep -m1 'model name' /proc/cpuinfo | cut -d: -f2- | sed 's/^ *//')), $(free -g | awk '/Mem:/{print $2}') GiB"
  echo "load before: $(cut -d' ' -f1-3 /proc/loadavg)"
  echo "dotnet: $(dotnet --version)"
  echo "wrk: $(wrk -v 2>&1 | head -1 | cut -d' ' -f1-2) -t$WRK_THREADS -c$WRK_CONNS -d${WRK_DURATION}s (group warm-up ${WARMUP_DURATION}s per scenario, then ${TOPUP_DURATION}s before each), runs: $BENCH_RUNS"
  echo "commit: $(git -C "$ROOT" rev-parse --short HEAD)$(git -C "$ROOT" diff --quiet HEAD -- src bench 2>/dev/null || echo ' (dirty)')"
  echo "options: SCENARIOS=\"$SCENARIOS\" ENGINES=\"$ENGINES\" TARGETS=\"$TARGETS\" BENCH_PG_OPTS=\"${BENCH_PG_OPTS:-}\" BENCH_INDEXES=$BENCH_INDEXES"
} >"$RESULTS/env.txt"

# --- servers -------------------------------------------------------------------------------------------
# start_strata ENGINE DIR : Strata on the engine, data dir DIR
start_strata() {
  local engine=$1 dir=$2 db=()
  [ "$engine" = pg ] && db=(--db "$PG_CONN;Database=bench_run${BENCH_PG_OPTS:+;$BENCH_PG_OPTS}")
  STRATA_SUPERUSER_EMAIL=$SU_EMAIL STRATA_SUPERUSER_PASSWORD=$SU_PASSWORD \
    "$BIN/strata/strata" serve --http "127.0.0.1:$STRATA_PORT" --dir "$dir" "${db[@]}" >>"$RESULTS/strata-$engine.log" 2>&1 &
  SERVER_PID=$!
  wait_http "http://127.0.0.1:$STRATA_PORT/api/health"
}

start_baseline() {
  local engine=$1 dir=$2 db
  if [ "$engine" = pg ]; then db=(--pg "$PG_CONN;Database=bench_run${BENCH_PG_OPTS:+;$BENCH_PG_OPTS}"); else db=(--sqlite "$dir/data.db"); fi
  "$BIN/baseline/strata-baseline" --http "127.0.0.1:$BASELINE_PORT" "${db[@]}" >>"$RESULTS/baseline-$engine.log" 2>&1 &
  SERVER_PID=$!
  wait_http "http://127.0.0.1:$BASELINE_PORT/api/health"
}

# restore ENGINE: a fresh copy of the seeded dataset (file copy for SQLite, template database for PostgreSQL)
restore() {
  rm -rf "$RESULTS/run-data"
  cp -a "$RESULTS/seed-$1" "$RESULTS/run-data"
  if [ "$1" = pg ]; then
    psql -X -q -h "$PG_HOST" -p "$PG_PORT" -U postgres -d postgres -c "DROP DATABASE IF EXISTS bench_run WITH (FORCE)" \
      -c "CREATE DATABASE bench_run TEMPLATE bench_seed" >/dev/null
  fi
}

# set_rules MODE: the posts collection's list/view/create/update rules: public ("") or auth (@request.auth.id != "")
set_rules() {
  local r='' body su
  [ "$1" = auth ] && r='@request.auth.id != \"\"'
  body="{\"listRule\":\"$r\",\"viewRule\":\"$r\",\"createRule\":\"$r\",\"updateRule\":\"$r\"}"
  # a fresh superuser token: serve's STRATA_SUPERUSER_* update at start-up invalidates earlier ones
  su=$(curl -sf -H 'Content-Type: application/json' -d "{\"identity\":\"$SU_EMAIL\",\"password\":\"$SU_PASSWORD\"}" \
    "http://127.0.0.1:$STRATA_PORT/api/collections/_superusers/auth-with-password" | jq -r .token)
  curl -sf -o /dev/null -X PATCH -H "Authorization: $su" -H 'Content-Type: application/json' \
    -d "$body" "http://127.0.0.1:$STRATA_PORT/api/collections/posts"
}

# --- one scenario --------------------------------------------------------------------------------------
# scenario_env NAME : exports what bench/scripts/scenario.lua needs for scenario NAME (1 when unknown)
scenario_env() {
  local scen=$1 hdr=""
  local list='/api/collections/posts/records?filter=status%3D%22published%22&sort=-published&perPage=50&expand=author'
  local newpost='{"title":"bench {n}","body":"created by wrk","status":"draft","views":0,"published":"2024-01-01T00:00:00Z","author":"{author}"}'
  [[ $scen == *_auth ]] && hdr="Authorization: $(cat "$RESULTS/ids/token.txt")"
  export IDS_FILE="$RESULTS/ids/post_ids.txt" AUTHORS_FILE="$RESULTS/ids/author_ids.txt" HEADERS="$hdr" BODY_TMPL=""
  case ${scen%_auth} in
    get) export METHOD=GET PATH_TMPL='/api/collections/posts/records/{id}' ;;
    list) export METHOD=GET PATH_TMPL="$list" ;;
    create) export METHOD=POST PATH_TMPL='/api/collections/posts/records' BODY_TMPL="$newpost" ;;
    update) export METHOD=PATCH PATH_TMPL='/api/collections/posts/records/{id}' BODY_TMPL='{"views":{n}}' ;;
    *) return 1 ;;
  esac
}

# load NAME PORT SECONDS OUT : unmeasured load (warm-up)
load() {
  scenario_env "$1" || return 0
  timeout $(($3 + 15)) wrk -t"$WRK_THREADS" -c"$WRK_CONNS" -d"$3s" --timeout 10s -s "$B/scenario.lua" \
    "http://127.0.0.1:$2" >>"$4" 2>&1 || true
}

# scenario TARGET ENGINE RUN NAME PORT : top-up, then the measured run
scenario() {
  local target=$1 engine=$2 run=$3 scen=$4 port=$5 base out wp sp wj pj pgpid=0
  base="http://127.0.0.1:$port"
  scenario_env "$scen" || { log "unknown scenario $scen"; return 0; }
  out="$RESULTS/raw/$target-$engine-$run-$scen"
  if [ "$TOPUP_DURATION" -gt 0 ]; then load "$scen" "$port" "$TOPUP_DURATION" "$out.warmup.txt"; fi
  [ "$engine" = pg ] && pgpid=$(head -1 "$PG_DATA/data/postmaster.pid")
  timeout $((WRK_DURATION + 20)) wrk -t"$WRK_THREADS" -c"$WRK_CONNS" -d"${WRK_DURATION}s" --timeout 10s --latency \
    -s "$B/scenario.lua" "$base" >"$out.wrk.txt" 2>&1 &
  wp=$!
  python3 "$B/procstat.py" --out "$out.proc.json" --watch "server:$SERVER_PID" --watch "pg:$pgpid" --watch "wrk:$wp" \
    --seconds $((WRK_DURATION + 10)) &
  sp=$!
  wait "$wp" || true
  kill "$sp" 2>/dev/null || true
  wait "$sp" 2>/dev/null || true
  wj=$(sed -n 's/^WRKJSON //p' "$out.wrk.txt")
  [ -n "$wj" ] || wj='{"requests":0,"rps":0,"p50_ms":0,"p99_ms":0,"err_status":0,"err_connect":0,"err_read":0,"err_write":0,"err_timeout":0}'
  pj=$(cat "$out.proc.json" 2>/dev/null || echo '{}')
  jq -cn --arg t "$target" --arg e "$engine" --arg s "$scen" --argjson r "$run" --argjson c "$WRK_CONNS" \
    --argjson w "$wj" --argjson p "$pj" \
    '{target:$t, engine:$e, run:$r, scenario:$s, conns:$c} + $w +
     {errors:($w.err_connect+$w.err_read+$w.err_write+$w.err_status+$w.err_timeout),
      server_cpu_pct:($p.server.cpu_pct // null), server_rss_mb:($p.server.rss_mb_max // null),
      pg_cpu_pct:(if $e == "pg" then ($p.pg.cpu_pct // null) else null end), wrk_cpu_pct:($p.wrk.cpu_pct // null),
      host_cpu_pct:($p.host.cpu_pct // null), steal_pct:($p.host.steal_pct // null)}' | tee -a "$RESULTS/results.jsonl" |
    jq -r '"  \(.target) \(.engine) run \(.run) \(.scenario): \(.rps|floor) req/s p50 \(.p50_ms) ms p99 \(.p99_ms) ms errors \(.errors) cpu \(.server_cpu_pct)% rss \(.server_rss_mb) MB"' >&2
}

# --- main loop -----------------------------------------------------------------------------------------
mkdir -p "$RESULTS/raw" "$RESULTS/ids"
rm -f "$RESULTS/results.jsonl" "$RESULTS"/raw/*.warmup.txt
t_start=$SECONDS
for engine in $ENGINES; do
  case $engine in sqlite | pg) ;; *) log "unknown engine $engine"; continue ;; esac
  if [ "$engine" = pg ]; then
    # shellcheck source=lib/pg.sh
    source "$ROOT/scripts/lib/pg.sh"
    PG_OPTS=${PG_OPTS-"-c shared_buffers=256MB"} pg_start
    PG_STARTED=1
    PG_CONN="Host=$PG_HOST;Port=$PG_PORT;Username=postgres"
    psql -X -q -h "$PG_HOST" -p "$PG_PORT" -U postgres -d postgres -c "DROP DATABASE IF EXISTS bench_run WITH (FORCE)" -c "CREATE DATABASE bench_run" >/dev/null
  fi
  # seed once through Strata's API, then keep the result as the template for every run
  log "$engine: seeding $SEED_POSTS posts, $SEED_AUTHORS authors"
  rm -rf "$RESULTS/run-data" "$RESULTS/seed-$engine"
  t0=$SECONDS
  start_strata "$engine" "$RESULTS/run-data"
  python3 "$B/seed.py" "http://127.0.0.1:$STRATA_PORT" "$RESULTS/ids" >&2
  stop_server
  log "$engine: seeded in $((SECONDS - t0)) s"
  mv "$RESULTS/run-data" "$RESULTS/seed-$engine"
  # the ids of this engine's seed, for bench/scripts/cpu-per-request.sh and ramp.sh ($RESULTS/ids is the current one)
  rm -rf "$RESULTS/ids-$engine" && cp -r "$RESULTS/ids" "$RESULTS/ids-$engine"
  if [ "$engine" = pg ]; then
    # What autovacuum would have done on a live database: planner statistics and the visibility map for the rows
    # just loaded (without them COUNT(*) cannot use an index-only scan and row estimates are 40x off).
    psql -X -q -h "$PG_HOST" -p "$PG_PORT" -U postgres -d bench_run -c "VACUUM ANALYZE" >/dev/null
    psql -X -q -h "$PG_HOST" -p "$PG_PORT" -U postgres -d postgres -c "ALTER DATABASE bench_run RENAME TO bench_seed" >/dev/null
  fi
  for run in $(seq 1 "$BENCH_RUNS"); do
    for target in $TARGETS; do
      restore "$engine"
      case $target in
        strata) start_strata "$engine" "$RESULTS/run-data"; port=$STRATA_PORT ;;
        baseline) start_baseline "$engine" "$RESULTS/run-data"; port=$BASELINE_PORT ;;
        *) log "unknown target $target"; continue ;;
      esac
      sleep 1
      idle=$(python3 "$B/procstat.py" --rss "$SERVER_PID")
      jq -cn --arg t "$target" --arg e "$engine" --argjson r "$run" --argjson m "$idle" \
        '{target:$t, engine:$e, run:$r, scenario:"idle", idle_rss_mb:$m}' >>"$RESULTS/results.jsonl"
      log "$target $engine run $run (idle RSS $idle MB)"
      # reads before writes (creates grow the table, which would slow every later list), and Strata's
      # rules switched between public and @request.auth for each group
      for phase in "public:get list" "auth:get_auth list_auth" "public:create update" "auth:create_auth update_auth"; do
        mode=${phase%%:*} group=()
        for scen in ${phase#*:}; do [[ " $SCENARIOS " == *" $scen "* ]] && group+=("$scen"); done
        [ ${#group[@]} -gt 0 ] || continue
        if [ "$target" = strata ]; then set_rules "$mode"; fi
        if [ "$WARMUP_DURATION" -gt 0 ]; then
          for scen in "${group[@]}"; do load "$scen" "$port" "$WARMUP_DURATION" "$RESULTS/raw/$target-$engine-$run-$scen.warmup.txt"; done
        fi
        for scen in "${group[@]}"; do scenario "$target" "$engine" "$run" "$scen" "$port"; done
      done
      stop_server
    done
  done
  if [ "$engine" = pg ]; then pg_stop; PG_STARTED=0; fi
done
log "strata + baseline done in $((SECONDS - t_start)) s"

if [ "$WITH_PEERS" = 1 ]; then
  if [ -x "$PEERS_RUN" ] || [ -f "$PEERS_RUN" ]; then
    log "peers: $PEERS_RUN (Directus, Parse Server; several minutes)"
    # a clean environment: the scenario variables exported above (METHOD, BODY_TMPL, ...) would leak into
    # the peers' GET requests
    env -u METHOD -u PATH_TMPL -u BODY_TMPL -u IDS_FILE -u AUTHORS_FILE -u HEADERS \
      WRK_CONNS="$WRK_CONNS" WRK_THREADS="$WRK_THREADS" RESULTS="$RESULTS/peers" PEER_INDEXES="$BENCH_INDEXES" ${PEERS_ARGS:-WRK_DURATION=5 WARMUP_DURATION=3 QUERYCOUNT=0} \
      bash "$PEERS_RUN" >"$RESULTS/peers.log" 2>&1 || log "peers run failed (see $RESULTS/peers.log)"
  else
    log "peers: $PEERS_RUN not found, skipped"
  fi
fi

python3 "$B/table.py" "$RESULTS" >"$RESULTS/table.txt"
python3 "$B/table.py" --md "$RESULTS" >"$RESULTS/table.md"
cat "$RESULTS/env.txt"
cat "$RESULTS/table.txt"
log "results in $RESULTS (table.md for RESULTS.md); total $((SECONDS - t_start)) s"
