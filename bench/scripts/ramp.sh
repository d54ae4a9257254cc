#!/usr/bin/env bash
# Warm-up helper: requests/s in consecutive windows from a cold start, to see how long a fresh process takes to reach
# its steady state (JIT tier-up). Uses a dataset seeded by scripts/bench.sh (its --out directory).
#
#   bench/scripts/ramp.sh RESULTS_DIR strata|baseline PATH [WINDOWS] [WINDOW_S]
#   e.g. bench/scripts/ramp.sh .tmp/bench/run1 strata '/api/collections/posts/records/{id}' 5 2
#   PG_CONN, IDS_DIR, STRATA_BIN, BASELINE_BIN, SERVER_ENV (e.g. "DOTNET_TC_CallCountingDelayMs=100"): see
#   bench/scripts/target.sh; HEADERS, METHOD, BODY_TMPL as for scenario.lua.
# Prints: TARGET: rps/threads/cpu-centiseconds per window
set -euo pipefail
[ $# -ge 3 ] || { sed -n 2,8p "$0"; exit 2; }
R=$1 T=$2 P=$3 N=${4:-5} W=${5:-2}
ROOT="$(cd "$(dirname "$0")/../.." && pwd)"
PORT=${PORT:-18498}
DATA=$(mktemp -d)
SP=""
trap '[ -n "$SP" ] && kill "$SP" 2>/dev/null; wait 2>/dev/null; rm -rf "$DATA"' EXIT
# shellcheck source=target.sh
source "$ROOT/bench/scripts/target.sh"
target_start "$R" "$T" "$DATA" "$PORT"
export HEADERS="${HEADERS:-}" BODY_TMPL="${BODY_TMPL:-}" METHOD=${METHOD:-GET} PATH_TMPL="$P"
line="$T:"
for _ in $(seq 1 "$N"); do
  c0=$(awk '{print $14+$15}' "/proc/$SP/stat")
  rps=$(wrk -t2 -c32 -d"${W}s" -s "$ROOT/bench/scripts/scenario.lua" "http://127.0.0.1:$PORT" | awk '/Requests\/sec/{print int($2)}')
  c1=$(awk '{print $14+$15}' "/proc/$SP/stat")
  line="$line ${rps}/$(ls "/proc/$SP/task" | wc -l)t/$((c1 - c0))cs"
done
echo "$line"
