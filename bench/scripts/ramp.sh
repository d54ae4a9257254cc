#!/usr/bin/env bash
# Warm-up helper: requests/s in consecutive windows from a cold start, to see how long a fresh process takes to reach
# its steady state (JIT tier-up). Uses a dataset seeded by scripts/bench.sh (its --out directory).
#
#   bench/scripts/ramp.sh RESULTS_DIR strata|baseline PATH [WINDOWS] [WINDOW_S]
#   e.g. bench/scripts/ramp.sh .tmp/bench/run1 strata '/api/collections/posts/records/{id}' 5 2
#   PG_CONN="Host=...;Database=..." runs on that PostgreSQL database as it is (otherwise a copy of the SQLite seed);
#   IDS_DIR must hold ids of the engine used (default RESULTS_DIR/ids-sqlite for the SQLite seed, else RESULTS_DIR/ids); STRATA_BIN / BASELINE_BIN override the
#   binaries; SERVER_ENV adds environment (e.g. "DOTNET_TC_CallCountingDelayMs=100"); HEADERS as for scenario.lua.
# Prints: TARGET: rps/threads/cpu-centiseconds per window
set -euo pipefail
[ $# -ge 3 ] || { sed -n 2,10p "$0"; exit 2; }
R=$1 T=$2 P=$3 N=${4:-5} W=${5:-2}
ROOT="$(cd "$(dirname "$0")/../.." && pwd)"
PORT=${PORT:-18498}
DATA=$(mktemp -d)
SP=""
trap '[ -n "$SP" ] && kill "$SP" 2>/dev/null; wait 2>/dev/null; rm -rf "$DATA"' EXIT
db=()
if [ -n "${PG_CONN:-}" ]; then
  db=(--db "$PG_CONN")
else
  cp -r "$R/seed-sqlite/." "$DATA/"
fi
case $T in
  strata) env ${SERVER_ENV:-} "${STRATA_BIN:-$R/bin/strata/strata}" serve --http "127.0.0.1:$PORT" --dir "$DATA" "${db[@]}" >"$DATA/server.log" 2>&1 & ;;
  baseline)
    if [ -n "${PG_CONN:-}" ]; then db=(--pg "$PG_CONN"); else db=(--sqlite "$DATA/data.db"); fi
    env ${SERVER_ENV:-} "${BASELINE_BIN:-$R/bin/baseline/strata-baseline}" --http "127.0.0.1:$PORT" "${db[@]}" >"$DATA/server.log" 2>&1 & ;;
  *) echo "target must be strata or baseline" >&2; exit 2 ;;
esac
SP=$!
for _ in $(seq 1 100); do curl -sf "http://127.0.0.1:$PORT/api/health" >/dev/null && break; sleep 0.1; done
IDS=${IDS_DIR:-$R/ids}
if [ -z "${IDS_DIR:-}" ] && [ -z "${PG_CONN:-}" ] && [ -d "$R/ids-sqlite" ]; then IDS="$R/ids-sqlite"; fi
export IDS_FILE="$IDS/post_ids.txt" AUTHORS_FILE="$IDS/author_ids.txt" HEADERS="${HEADERS:-}" BODY_TMPL="${BODY_TMPL:-}" METHOD=${METHOD:-GET} PATH_TMPL="$P"
line="$T:"
for _ in $(seq 1 "$N"); do
  c0=$(awk '{print $14+$15}' "/proc/$SP/stat")
  rps=$(wrk -t2 -c32 -d"${W}s" -s "$ROOT/bench/scripts/scenario.lua" "http://127.0.0.1:$PORT" | awk '/Requests\/sec/{print int($2)}')
  c1=$(awk '{print $14+$15}' "/proc/$SP/stat")
  line="$line ${rps}/$(ls "/proc/$SP/task" | wc -l)t/$((c1 - c0))cs"
done
echo "$line"
