#!/usr/bin/env bash
# Strata's test command (README, .ci/run). See docs/testing.md.
#
# Installs what is missing, starts a private PostgreSQL on 127.0.0.1, builds the solution once
# (Release, warnings as errors), runs every C# test project and the Node SDK conformance suite on
# SQLite and on PostgreSQL, prints one line per suite run and, as the last line,
# "N passed, N failed". Exits non-zero when anything failed or a suite did not run.
set -euo pipefail

usage() {
  cat <<'EOF'
usage: scripts/test.sh [options]
  --quick             SQLite only (same as --engine sqlite)
  --engine ENGINE     sqlite or postgres (repeatable; default both)
  --only PATTERN      run only suites whose name contains PATTERN (e.g. Core, Sdk); repeatable
  --filter PATTERN    passed to `dotnet test --filter` and to `node --test-name-pattern`
  --no-build          reuse the existing Release build
  --no-install        do not apt-get / npm ci anything
  -h, --help          this text
Environment: STRATA_TEST_SUITE_TIMEOUT (seconds per suite run, default 900),
             STRATA_TEST_BUDGET (seconds for the whole run, default 4500),
             STRATA_TEST_ARTIFACTS (where logs and TRX/TAP files go, default artifacts/test),
             STRATA_BIN (the strata program the SDK suite runs; default the Release build).
EOF
}

ROOT="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
cd "$ROOT"
# shellcheck source=scripts/lib/pg.sh
source "$ROOT/scripts/lib/pg.sh"
# shellcheck source=scripts/lib/smtp.sh
source "$ROOT/scripts/lib/smtp.sh"
# shellcheck source=scripts/lib/s3.sh
source "$ROOT/scripts/lib/s3.sh"

ENGINES=()
ONLY=()
FILTER=""
DO_BUILD=1
DO_INSTALL=1
while [[ $# -gt 0 ]]; do
  case "$1" in
    --quick) ENGINES=(sqlite) ;;
    --engine)
      [[ $# -ge 2 ]] || { usage >&2; exit 2; }
      case "$2" in sqlite|postgres) ENGINES+=("$2") ;; *) echo "unknown engine: $2" >&2; exit 2 ;; esac
      shift ;;
    --only) [[ $# -ge 2 ]] || { usage >&2; exit 2; }; ONLY+=("$2"); shift ;;
    --filter) [[ $# -ge 2 ]] || { usage >&2; exit 2; }; FILTER="$2"; shift ;;
    --no-build) DO_BUILD=0 ;;
    --no-install) DO_INSTALL=0 ;;
    -h|--help) usage; exit 0 ;;
    *) echo "unknown option: $1" >&2; usage >&2; exit 2 ;;
  esac
  shift
done
if [[ ${#ENGINES[@]} -eq 0 ]]; then ENGINES=(sqlite postgres); fi

export DOTNET_CLI_TELEMETRY_OPTOUT=1 DOTNET_NOLOGO=1 DOTNET_SKIP_FIRST_TIME_EXPERIENCE=1
export NPM_CONFIG_UPDATE_NOTIFIER=false NPM_CONFIG_FUND=false NPM_CONFIG_AUDIT=false
SUITE_TIMEOUT="${STRATA_TEST_SUITE_TIMEOUT:-900}"
# Total budget in seconds (CI allows 90 minutes): a suite gets at most what is left of it.
BUDGET="${STRATA_TEST_BUDGET:-4500}"
ART="${STRATA_TEST_ARTIFACTS:-$ROOT/artifacts/test}"
SDK_DIR="$ROOT/tests/Strata.Sdk.Tests"
STRATA_BIN_PATH="${STRATA_BIN:-$ROOT/src/Strata/bin/Release/net10.0/strata}"
START_TIME=$SECONDS

TOTAL_PASS=0
TOTAL_FAIL=0
SUMMARY=()
CHILD_PID=""
TAIL_PID=""
RUN_TMP="" # TMPDIR for the suites: whatever they leave behind (e.g. after Ctrl-C) goes with it
SUMMARY_PRINTED=0

log() { printf '\n==> %s\n' "$*"; }

# ---------------------------------------------------------------------------------------------
# cleanup: stop whatever we started (the running suite's process group, PostgreSQL)
# shellcheck disable=SC2317  # invoked through trap
cleanup() {
  local rc=$?
  trap - EXIT INT TERM
  if [[ -n "$CHILD_PID" ]]; then
    kill -TERM -- "-$CHILD_PID" 2>/dev/null || kill -TERM "$CHILD_PID" 2>/dev/null || true
    sleep 1
    kill -KILL -- "-$CHILD_PID" 2>/dev/null || true
  fi
  if [[ -n "$TAIL_PID" ]]; then kill "$TAIL_PID" 2>/dev/null || true; fi
  pg_stop || true
  smtp_stop || true
  s3_stop || true
  if [[ -n "$RUN_TMP" ]]; then rm -rf "$RUN_TMP"; fi
  if [[ $SUMMARY_PRINTED == 0 ]]; then
    # aborted (error, Ctrl-C, SIGTERM): still end with the totals, counting the abort as a failure
    record "test.sh" 0 1 "aborted with exit $rc"
    print_summary
    if [[ $rc == 0 ]]; then rc=1; fi
  fi
  exit "$rc"
}
trap cleanup EXIT
trap 'echo "interrupted" >&2; exit 130' INT
trap 'echo "terminated" >&2; exit 143' TERM

# Runs "$@" in its own session (so cleanup can kill the whole tree), output to $LOGFILE, while
# echoing it to the console without stack-trace frames. Returns the command's exit code.
run_logged() {
  local logfile="$1"; shift
  : >"$logfile"
  local limit=$SUITE_TIMEOUT left=$((BUDGET - (SECONDS - START_TIME)))
  if [[ $left -lt $limit ]]; then limit=$left; fi
  if [[ $limit -le 0 ]]; then echo "!! not run: the ${BUDGET}s time budget is used up" | tee -a "$logfile"; return 124; fi
  setsid -w timeout -k 30 "$limit" env TMPDIR="$RUN_TMP" "$@" >"$logfile" 2>&1 </dev/null &
  CHILD_PID=$!
  { tail -n +1 -f --pid="$CHILD_PID" "$logfile" | grep --line-buffered -v -E '^[[:space:]]+at ' || true; } &
  TAIL_PID=$!
  local rc=0
  wait "$CHILD_PID" || rc=$?
  CHILD_PID=""
  wait "$TAIL_PID" 2>/dev/null || true
  TAIL_PID=""
  if [[ $rc == 124 ]]; then echo "!! timed out after ${limit}s" | tee -a "$logfile"; fi
  return "$rc"
}

print_summary() {
  SUMMARY_PRINTED=1
  printf '\n==> summary (%ss, logs in %s)\n' "$((SECONDS - START_TIME))" "$ART"
  local line
  for line in "${SUMMARY[@]}"; do printf '%s\n' "$line"; done
  printf '%s passed, %s failed\n' "$TOTAL_PASS" "$TOTAL_FAIL"
}

exit_note() { if [[ $1 == 124 ]]; then echo "timed out"; else echo "exit $1"; fi; }

# record NAME PASSED FAILED [NOTE]
record() {
  local line="$1: $2 passed, $3 failed"
  if [[ -n "${4:-}" ]]; then line+=" ($4)"; fi
  TOTAL_PASS=$((TOTAL_PASS + $2))
  TOTAL_FAIL=$((TOTAL_FAIL + $3))
  SUMMARY+=("$line")
  printf '%s\n' "$line"
}

wanted() {
  local name="$1" p
  if [[ ${#ONLY[@]} -eq 0 ]]; then return 0; fi
  for p in "${ONLY[@]}"; do
    if [[ "$name" == *"$p"* ]]; then return 0; fi
  done
  return 1
}

has_engine() {
  local e
  for e in "${ENGINES[@]}"; do [[ "$e" == "$1" ]] && return 0; done
  return 1
}

# ---------------------------------------------------------------------------------------------
# prerequisites
install_prereqs() {
  local pkgs=()
  if has_engine postgres; then
    pg_find_bin || pkgs+=(postgresql)
    command -v psql >/dev/null 2>&1 || pkgs+=(postgresql-client)
  fi
  command -v node >/dev/null 2>&1 || pkgs+=(nodejs)
  command -v npm >/dev/null 2>&1 || pkgs+=(npm)
  command -v setsid >/dev/null 2>&1 || pkgs+=(util-linux)
  if wanted Strata.Sdk.Tests; then smtp_python >/dev/null || pkgs+=(python3-aiosmtpd); fi
  # thumbnails (docs/files.md): the file tests measure real thumbnails made by libvips
  ldconfig -p 2>/dev/null | grep -q 'libvips\.so\.42' || pkgs+=(libvips42)
  if [[ ${#pkgs[@]} -gt 0 ]]; then
    log "installing ${pkgs[*]} (apt-get)"
    local sudo=()
    if [[ "$(id -u)" != 0 ]]; then
      if command -v sudo >/dev/null 2>&1 && sudo -n true 2>/dev/null; then sudo=(sudo -n); else
        echo "missing ${pkgs[*]} and not root: install them first" >&2; return 1
      fi
    fi
    "${sudo[@]}" apt-get update -qq
    DEBIAN_FRONTEND=noninteractive "${sudo[@]}" apt-get install -y -qq --no-install-recommends "${pkgs[@]}"
  fi
  command -v dotnet >/dev/null 2>&1 || { echo "dotnet SDK not found on PATH" >&2; return 1; }

  if [[ -d "$SDK_DIR" ]] && { wanted Strata.Sdk.Tests || wanted Strata.Api.Tests; }; then # s3rver lives there too
    if [[ ! -d "$SDK_DIR/node_modules/pocketbase" || "$SDK_DIR/package-lock.json" -nt "$SDK_DIR/node_modules/.package-lock.json" ]]; then
      log "npm ci (tests/Strata.Sdk.Tests)"
      (cd "$SDK_DIR" && npm ci --no-audit --no-fund --loglevel=error)
    fi
  fi
}

# ---------------------------------------------------------------------------------------------
# C# test projects
trx_attr() { # FILE ATTR -> number (0 when absent)
  local v
  v="$(grep -o "<Counters [^>]*" "$1" | grep -o " $2=\"[0-9]*\"" | grep -o '[0-9]*' | head -n 1 || true)"
  echo "${v:-0}"
}

run_dotnet_suite() { # PROJECT ENGINE [STORAGE]
  local proj="$1" engine="$2" storage="${3:-}" name
  name="$(basename "$proj" .csproj)"
  local label="$name [$engine${storage:+, $storage}]"
  local trxdir="$ART/trx" trxname="$name.$engine${storage:+.$storage}.trx"
  rm -f "$trxdir/$trxname"
  log "$label"
  local args=(test "$proj" -c Release --no-build --nologo
    --logger "trx;LogFileName=$trxname" --logger "console;verbosity=normal"
    --results-directory "$trxdir")
  if [[ -n "$FILTER" ]]; then args+=(--filter "$FILTER"); fi
  local rc=0
  run_logged "$ART/logs/$name.$engine${storage:+.$storage}.log" env STRATA_TEST_ENGINE="$engine" STRATA_TEST_STORAGE="${storage:-local}" dotnet "${args[@]}" || rc=$?

  local trx="$trxdir/$trxname"
  if [[ ! -f "$trx" ]]; then
    record "$label" 0 1 "did not run: no TRX result, $(exit_note "$rc")"
    return
  fi
  local total executed passed failed
  total="$(trx_attr "$trx" total)"
  executed="$(trx_attr "$trx" executed)"
  passed="$(trx_attr "$trx" passed)"
  failed=$(( $(trx_attr "$trx" failed) + $(trx_attr "$trx" error) + $(trx_attr "$trx" timeout) + $(trx_attr "$trx" aborted) ))
  local note=""
  if [[ "$executed" == 0 && "$total" == 0 ]]; then
    if [[ -n "$FILTER" && $rc == 0 ]]; then note="no tests matched the filter"; else
      failed=$((failed + 1)); note="ran no tests"
    fi
  elif [[ $rc != 0 && $failed == 0 ]]; then
    failed=1; note="$(exit_note "$rc")"
  fi
  local skipped=$(( total - executed ))
  if [[ $skipped -gt 0 && -z "$note" ]]; then note="$skipped skipped"; fi
  record "$label" "$passed" "$failed" "$note"
}

# ---------------------------------------------------------------------------------------------
# Node SDK conformance suite
tap_count() { # FILE KEY
  local v
  v="$(grep -E "^# $2 [0-9]+$" "$1" | tail -n 1 | awk '{print $3}' || true)"
  echo "${v:-0}"
}

run_sdk_suite() { # ENGINE [STORAGE: s3 runs only files.test.mjs with files on s3rver]
  local engine="$1" storage="${2:-}" label="Strata.Sdk.Tests [$1${2:+, $2}]"
  local tap="$ART/sdk.$engine${storage:+.$storage}.tap"
  rm -f "$tap"
  log "$label"
  local files=()
  local f
  for f in "$SDK_DIR"/*.test.mjs; do [[ -e "$f" ]] && files+=("$(basename "$f")"); done
  if [[ -n "$storage" ]]; then files=(files.test.mjs); fi
  if [[ ${#files[@]} -eq 0 ]]; then record "$label" 0 1 "no test files"; return; fi
  local args=(--test --test-timeout=180000 --test-concurrency=2
    --test-reporter=tap --test-reporter-destination="$tap"
    --test-reporter=spec --test-reporter-destination=stdout)
  if [[ -n "$FILTER" ]]; then args+=(--test-name-pattern="$FILTER"); fi
  local rc=0
  run_logged "$ART/logs/sdk.$engine${storage:+.$storage}.log" env -C "$SDK_DIR" STRATA_TEST_ENGINE="$engine" STRATA_TEST_STORAGE="${storage:-local}" \
    STRATA_BIN="$STRATA_BIN_PATH" STRATA_SDK_LOG_DIR="$ART/sdk-logs/$engine" \
    node "${args[@]}" "${files[@]}" || rc=$?
  if [[ ! -s "$tap" ]] || ! grep -qE '^# tests [0-9]+$' "$tap"; then
    record "$label" 0 1 "did not run: no TAP summary, $(exit_note "$rc")"
    return
  fi
  local tests pass fail cancelled skipped todo
  tests="$(tap_count "$tap" tests)"
  pass="$(tap_count "$tap" pass)"
  fail="$(tap_count "$tap" fail)"
  cancelled="$(tap_count "$tap" cancelled)"
  skipped="$(tap_count "$tap" skipped)"
  todo="$(tap_count "$tap" todo)"
  local failed=$((fail + cancelled)) note=""
  if [[ "$tests" == 0 ]]; then
    if [[ -n "$FILTER" && $rc == 0 ]]; then note="no tests matched the filter"; else
      failed=$((failed + 1)); note="ran no tests"
    fi
  elif [[ $rc != 0 && $failed == 0 ]]; then
    failed=1; note="$(exit_note "$rc")"
  fi
  if [[ -z "$note" && $((skipped + todo)) -gt 0 ]]; then note="$((skipped + todo)) skipped"; fi
  if [[ $cancelled -gt 0 ]]; then note="${note:+$note, }$cancelled cancelled"; fi
  if grep -qE 'before becoming healthy|did not become healthy|binary not found' "$tap"; then
    note="${note:+$note, }the server did not start: see $ART/sdk-logs/$engine"
  fi
  record "$label" "$pass" "$failed" "$note"
}

# ---------------------------------------------------------------------------------------------
main() {
  rm -rf "$ART"
  mkdir -p "$ART/logs" "$ART/trx"
  RUN_TMP="$(mktemp -d "${TMPDIR:-/tmp}/strata-test.XXXXXX")"

  if [[ $DO_INSTALL == 1 ]]; then install_prereqs; fi

  local projects=() p
  while IFS= read -r p; do
    if wanted "$(basename "$p" .csproj)"; then projects+=("$p"); fi
  done < <(find tests apps -mindepth 2 -maxdepth 2 -name '*.Tests.csproj' | sort)
  local run_sdk=0
  if [[ -d "$SDK_DIR" ]] && wanted Strata.Sdk.Tests; then run_sdk=1; fi
  if [[ ${#projects[@]} -eq 0 && $run_sdk == 0 ]]; then
    echo "no test suites selected" >&2
    record "suites" 0 1 "nothing selected"
    return
  fi

  local built=1
  if [[ $DO_BUILD == 1 ]]; then
    log "dotnet build Strata.slnx -c Release -warnaserror"
    if ! run_logged "$ART/logs/build.log" dotnet build "$ROOT/Strata.slnx" -c Release -warnaserror \
        --nologo -v minimal --disable-build-servers; then
      built=0
      record "build" 0 1 "see $ART/logs/build.log"
    fi
  fi

  if has_engine postgres; then
    log "starting PostgreSQL"
    if ! pg_start; then
      record "postgres" 0 1 "could not start PostgreSQL"
    fi
  fi

  # The SDK suite reads the mails Strata sends (auth flows) from this sink; see scripts/lib/smtp.sh.
  if [[ $run_sdk == 1 ]]; then smtp_start || record "smtp sink" 0 1 "could not start the SMTP sink"; fi
  local s3_up=0
  if wanted Strata.Api.Tests || [[ $run_sdk == 1 ]]; then
    log "starting s3rver"
    if s3_start; then s3_up=1; else record "s3rver" 0 1 "could not start s3rver"; fi
  fi

  local engine
  for engine in "${ENGINES[@]}"; do
    if [[ $engine == postgres && -z "${STRATA_TEST_PG:-}" ]]; then
      for p in "${projects[@]}"; do record "$(basename "$p" .csproj) [$engine]" 0 1 "not run: no PostgreSQL"; done
      if [[ $run_sdk == 1 ]]; then record "Strata.Sdk.Tests [$engine]" 0 1 "not run: no PostgreSQL"; fi
      continue
    fi
    for p in "${projects[@]}"; do
      if [[ $built == 0 ]]; then record "$(basename "$p" .csproj) [$engine]" 0 1 "not run: build failed"; continue; fi
      run_dotnet_suite "$p" "$engine"
      # the file tests again with files on S3 (s3rver) instead of local disk
      if [[ $s3_up == 1 && "$p" == *Strata.Api.Tests.csproj ]]; then
        local saved_filter="$FILTER"
        FILTER="${FILTER:-FullyQualifiedName~Strata.Api.Tests.Files}"
        run_dotnet_suite "$p" "$engine" s3
        FILTER="$saved_filter"
      fi
    done
    if [[ $run_sdk == 1 ]]; then
      if [[ $built == 0 ]]; then record "Strata.Sdk.Tests [$engine]" 0 1 "not run: build failed"; continue; fi
      run_sdk_suite "$engine"
      if [[ $s3_up == 1 ]]; then run_sdk_suite "$engine" s3; fi
    fi
  done
}

main
print_summary
if [[ $TOTAL_FAIL -gt 0 || $TOTAL_PASS -eq 0 ]]; then exit 1; fi
exit 0
