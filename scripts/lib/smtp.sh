# shellcheck shell=bash
# A throw-away SMTP sink on 127.0.0.1 for tests: aiosmtpd (Debian's python3-aiosmtpd) with its Mailbox handler,
# which stores every received mail as one file of a maildir. Source this file, then:
#   smtp_start   # start on a free port, wait until it answers; exports
#                #   STRATA_TEST_SMTP_HOST (127.0.0.1), STRATA_TEST_SMTP_PORT,
#                #   STRATA_TEST_SMTP_DIR  (the maildir: each mail is a file in $STRATA_TEST_SMTP_DIR/new/)
#   smtp_stop    # stop it and delete the maildir (safe to call twice)
# Reading the mails: tests/Strata.Sdk.Tests/lib/mail.mjs (parses them with mailparser).

SMTP_PID=""
SMTP_TMP=""

smtp_log() { printf '[smtp] %s\n' "$*" >&2; }

smtp_free_port() {
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

# The Debian python3 (where python3-aiosmtpd installs), even when another python3 comes first on PATH.
smtp_python() {
  local py
  for py in /usr/bin/python3 python3; do
    if "$py" -c 'import aiosmtpd' 2>/dev/null; then echo "$py"; return 0; fi
  done
  return 1
}

smtp_start() {
  if [[ -n "$SMTP_PID" ]]; then return 0; fi
  local py port i
  if ! py="$(smtp_python)"; then
    smtp_log "python3-aiosmtpd is not installed (apt-get install python3-aiosmtpd)"
    return 1
  fi
  port="$(smtp_free_port)" || { smtp_log "no free port"; return 1; }
  SMTP_TMP="$(mktemp -d "${TMPDIR:-/tmp}/strata-smtp.XXXXXX")"
  "$py" -m aiosmtpd -n -l "127.0.0.1:$port" -c aiosmtpd.handlers.Mailbox "$SMTP_TMP/maildir" \
    >"$SMTP_TMP/smtp.log" 2>&1 &
  SMTP_PID=$!
  for i in $(seq 1 100); do
    if (exec 3<>"/dev/tcp/127.0.0.1/$port") 2>/dev/null; then
      export STRATA_TEST_SMTP_HOST=127.0.0.1 STRATA_TEST_SMTP_PORT="$port" STRATA_TEST_SMTP_DIR="$SMTP_TMP/maildir"
      smtp_log "sink on 127.0.0.1:$port, mails in $STRATA_TEST_SMTP_DIR/new"
      return 0
    fi
    if ! kill -0 "$SMTP_PID" 2>/dev/null; then break; fi
    sleep 0.1
  done
  smtp_log "the sink did not start: $(cat "$SMTP_TMP/smtp.log" 2>/dev/null)"
  smtp_stop
  return 1
}

smtp_stop() {
  if [[ -n "$SMTP_PID" ]]; then
    kill "$SMTP_PID" 2>/dev/null || true
    wait "$SMTP_PID" 2>/dev/null || true
  fi
  if [[ -n "$SMTP_TMP" ]]; then rm -rf "$SMTP_TMP"; fi
  SMTP_PID=""
  SMTP_TMP=""
  unset STRATA_TEST_SMTP_HOST STRATA_TEST_SMTP_PORT STRATA_TEST_SMTP_DIR
}
