#!/usr/bin/env bash
# A/B helper: server CPU time per request at steady state, which other processes on the machine disturb far less
# than requests per second. Uses a dataset seeded by scripts/bench.sh (its --out directory).
#
#   bench/scripts/cpu-per-request.sh RESULTS_DIR strata|baseline PATH [WARMUP_S] [MEASURE_S]
#   e.g. bench/scripts/cpu-per-request.sh .tmp/bench/run1 strata '/api/collections/posts/records/{id}' 5 5
#   METHOD=POST BODY_TMPL='{"title":"t {n}","author":"{author}"}' ... for writes; STRATA_BIN / BASELINE_BIN override the
#   binaries in RESULTS_DIR/bin; extra environment for the server in SERVER_ENV (e.g. "DOTNET_TieredPGO=0");
#   PG_CONN runs on that PostgreSQL database (see bench/scripts/target.sh).
# Prints: TARGET rps=N cpu_us_per_req=N
set -euo pipefail
[ $# -ge 3 ] || { sed -n 2,10p "$0"; exit 2; }
R=$1 T=$2 P=$3 W=${4:-5} D=${5:-5}
ROOT="$(cd "$(dirname "$0")/../.." && pwd)"
PORT=${PORT:-18499}
DATA=$(mktemp -d)
SP=""
trap '[ -n "$SP" ] && kill "$SP" 2>/dev/null; wait 2>/dev/null; rm -rf "$DATA"' EXIT
# shellcheck source=target.sh
source "$ROOT/bench/scripts/target.sh"
target_start "$R" "$T" "$DATA" "$PORT"
export HEADERS="${HEADERS:-}" BODY_TMPL="${BODY_TMPL:-}" METHOD=${METHOD:-GET} PATH_TMPL="$P"
wrk -t2 -c32 -d"${W}s" -s "$ROOT/bench/scripts/scenario.lua" "http://127.0.0.1:$PORT" >/dev/null 2>&1
t0=$(awk '{print $14+$15}' "/proc/$SP/stat")
out=$(wrk -t2 -c32 -d"${D}s" -s "$ROOT/bench/scripts/scenario.lua" "http://127.0.0.1:$PORT")
t1=$(awk '{print $14+$15}' "/proc/$SP/stat")
reqs=$(echo "$out" | awk '/requests in/{print $1}')
hz=$(getconf CLK_TCK)
echo "$T rps=$(echo "$out" | awk '/Requests\/sec/{print $2}') cpu_us_per_req=$(( (t1 - t0) * 1000000 / hz / reqs ))"
