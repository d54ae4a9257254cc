#!/usr/bin/env bash
# A/B helper: server CPU time per request at steady state, which other processes on the machine disturb far less
# than requests per second. Uses a dataset seeded by scripts/bench.sh (its --out directory).
#
#   bench/scripts/cpu-per-request.sh RESULTS_DIR strata|baseline PATH [WARMUP_S] [MEASURE_S]
#   e.g. bench/scripts/cpu-per-request.sh .tmp/bench/run1 strata '/api/collections/posts/records/{id}' 5 5
#   METHOD=POST BODY_TMPL='{"title":"t {n}","author":"{author}"}' ... for writes; STRATA_BIN / BASELINE_BIN override the
#   binaries in RESULTS_DIR/bin; extra environment for the server in SERVER_ENV (e.g. "DOTNET_TieredPGO=0").
# Prints: TARGET rps=N cpu_us_per_req=N
set -euo pipefail
[ $# -ge 3 ] || { sed -n 2,10p "$0"; exit 2; }
R=$1 T=$2 P=$3 W=${4:-5} D=${5:-5}
ROOT="$(cd "$(dirname "$0")/../.." && pwd)"
PORT=${PORT:-18499}
DATA=$(mktemp -d)
trap 'kill "$SP" 2>/dev/null || true; wait "$SP" 2>/dev/null || true; rm -rf "$DATA"' EXIT
cp -r "$R/seed-sqlite/." "$DATA/"
case $T in
  strata) env ${SERVER_ENV:-} "${STRATA_BIN:-$R/bin/strata/strata}" serve --http "127.0.0.1:$PORT" --dir "$DATA" >"$DATA/server.log" 2>&1 & ;;
  baseline) env ${SERVER_ENV:-} "${BASELINE_BIN:-$R/bin/baseline/strata-baseline}" --http "127.0.0.1:$PORT" --sqlite "$DATA/data.db" >"$DATA/server.log" 2>&1 & ;;
  *) echo "target must be strata or baseline" >&2; exit 2 ;;
esac
SP=$!
for _ in $(seq 1 100); do curl -sf "http://127.0.0.1:$PORT/api/health" >/dev/null && break; sleep 0.1; done
IDS="$R/ids"; [ -d "$R/ids-sqlite" ] && IDS="$R/ids-sqlite"  # the SQLite seed's ids (bench.sh keeps one set per engine)
export IDS_FILE="$IDS/post_ids.txt" AUTHORS_FILE="$IDS/author_ids.txt" HEADERS="${HEADERS:-}" BODY_TMPL="${BODY_TMPL:-}" METHOD=${METHOD:-GET} PATH_TMPL="$P"
wrk -t2 -c32 -d"${W}s" -s "$ROOT/bench/scripts/scenario.lua" "http://127.0.0.1:$PORT" >/dev/null 2>&1
t0=$(awk '{print $14+$15}' "/proc/$SP/stat")
out=$(wrk -t2 -c32 -d"${D}s" -s "$ROOT/bench/scripts/scenario.lua" "http://127.0.0.1:$PORT")
t1=$(awk '{print $14+$15}' "/proc/$SP/stat")
reqs=$(echo "$out" | awk '/requests in/{print $1}')
hz=$(getconf CLK_TCK)
echo "$T rps=$(echo "$out" | awk '/Requests\/sec/{print $2}') cpu_us_per_req=$(( (t1 - t0) * 1000000 / hz / reqs ))"
