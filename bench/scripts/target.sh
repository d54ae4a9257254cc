# shellcheck shell=bash
# Shared by the A/B helpers (cpu-per-request.sh, ramp.sh): start one server on a dataset seeded by scripts/bench.sh.
#
#   source bench/scripts/target.sh
#   target_start RESULTS_DIR strata|baseline DATA_DIR PORT   # sets SP (the server's pid) and exports scenario.lua's ids
# On a copy of RESULTS_DIR's SQLite seed in DATA_DIR, or on the PostgreSQL database PG_CONN as it is. STRATA_BIN /
# BASELINE_BIN override the binaries in RESULTS_DIR/bin; SERVER_ENV adds environment for the server; IDS_DIR overrides
# the ids (default: RESULTS_DIR/ids-sqlite for the SQLite seed, else RESULTS_DIR/ids).

target_start() {
  local r=$1 t=$2 data=$3 port=$4 db=() ids
  if [ -z "${PG_CONN:-}" ]; then cp -r "$r/seed-sqlite/." "$data/"; fi
  case $t in
    strata)
      [ -n "${PG_CONN:-}" ] && db=(--db "$PG_CONN")
      env ${SERVER_ENV:-} "${STRATA_BIN:-$r/bin/strata/strata}" serve --http "127.0.0.1:$port" --dir "$data" "${db[@]}" \
        >"$data/server.log" 2>&1 & ;;
    baseline)
      if [ -n "${PG_CONN:-}" ]; then db=(--pg "$PG_CONN"); else db=(--sqlite "$data/data.db"); fi
      env ${SERVER_ENV:-} "${BASELINE_BIN:-$r/bin/baseline/strata-baseline}" --http "127.0.0.1:$port" "${db[@]}" \
        >"$data/server.log" 2>&1 & ;;
    *) echo "target must be strata or baseline" >&2; return 2 ;;
  esac
  SP=$!
  for _ in $(seq 1 100); do curl -sf "http://127.0.0.1:$port/api/health" >/dev/null && break; sleep 0.1; done
  ids=${IDS_DIR:-$r/ids}
  if [ -z "${IDS_DIR:-}" ] && [ -z "${PG_CONN:-}" ] && [ -d "$r/ids-sqlite" ]; then ids="$r/ids-sqlite"; fi
  export IDS_FILE="$ids/post_ids.txt" AUTHORS_FILE="$ids/author_ids.txt"
}
