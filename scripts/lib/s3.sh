# shellcheck shell=bash
# A private, throw-away S3-compatible server (s3rver from tests/Strata.Sdk.Tests/node_modules) on 127.0.0.1.
# Source this file, then:
#   s3_start   # start on a free port with bucket strata-test; exports STRATA_TEST_S3_ENDPOINT,
#              # STRATA_TEST_S3_BUCKET, STRATA_TEST_S3_ACCESS_KEY, STRATA_TEST_S3_SECRET
#   s3_stop    # stop it and delete its data dir (safe to call twice)
# Tests use it when STRATA_TEST_STORAGE=s3 (docs/files.md).

S3_PID=""
S3_DATA=""

s3_log() { printf '[s3] %s\n' "$*" >&2; }

s3_start() {
  local root bin port i
  root="$(cd "$(dirname "${BASH_SOURCE[0]}")/../.." && pwd)"
  bin="$root/tests/Strata.Sdk.Tests/node_modules/.bin/s3rver"
  if [[ ! -x "$bin" ]]; then s3_log "s3rver not found: run npm ci in tests/Strata.Sdk.Tests"; return 1; fi
  port="$(pg_free_port 2>/dev/null || echo $(( (RANDOM % 20000) + 30000 )))"
  S3_DATA="$(mktemp -d "${TMPDIR:-/tmp}/strata-s3.XXXXXX")"
  "$bin" -d "$S3_DATA" -a 127.0.0.1 -p "$port" --silent --allow-mismatched-signatures \
    --configure-bucket strata-test >"$S3_DATA.log" 2>&1 &
  S3_PID=$!
  for i in $(seq 1 100); do
    if (exec 3<>"/dev/tcp/127.0.0.1/$port") 2>/dev/null; then
      export STRATA_TEST_S3_ENDPOINT="http://127.0.0.1:$port" STRATA_TEST_S3_BUCKET=strata-test \
        STRATA_TEST_S3_ACCESS_KEY=S3RVER STRATA_TEST_S3_SECRET=S3RVER
      s3_log "s3rver ready on 127.0.0.1:$port (data $S3_DATA)"
      return 0
    fi
    if ! kill -0 "$S3_PID" 2>/dev/null; then break; fi
    sleep 0.1
  done
  s3_log "s3rver did not start: $(tail -n 5 "$S3_DATA.log" 2>/dev/null)"
  s3_stop
  return 1
}

s3_stop() {
  if [[ -n "$S3_PID" ]]; then
    kill "$S3_PID" 2>/dev/null || true
    wait "$S3_PID" 2>/dev/null || true
    S3_PID=""
  fi
  if [[ -n "$S3_DATA" ]]; then rm -rf "$S3_DATA" "$S3_DATA.log"; S3_DATA=""; fi
  unset STRATA_TEST_S3_ENDPOINT
}
