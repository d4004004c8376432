#!/usr/bin/env bash
# bench/send_email.sh: accepted email sends per second through POST /v2/notifications/email.
#
# Starts `missive serve` on a fresh temporary data directory and a free loopback port, creates a
# live service, an API key and an email template (three placeholders, ~400-character body), signs
# a JWT the way the official clients do (HS256, claims iss = service id and iat = now), and drives
# the endpoint with wrk (default 10 s, 64 connections, 2 threads). Then it prints accepted sends
# per second (201 responses only), p50/p99 latency, the server's peak RSS (VmHWM), and checks that
# every 201 is a committed row in missive.db. It stops the server with SIGINT and removes the
# temporary directory. It builds nothing and installs nothing.
#
#   bench/send_email.sh                     # from the repository root, after building missive
#
# Environment (all optional):
#   MISSIVE_BIN         missive binary (default: build/src/cli/missive under the repository root)
#   BENCH_DURATION      seconds of load (default 10)
#   BENCH_CONNECTIONS   wrk connections (default 64)
#   BENCH_THREADS       wrk threads (default 2)
#   BENCH_AUTH          jwt (default) or apikey (the "ApiKey-v1 <full key>" scheme)
#   BENCH_WORKERS       `serve --workers N` (delivery threads; default: missive's default)
#   BENCH_SMTP_URL      smtp://127.0.0.1:PORT of an SMTP sink you started (loopback only);
#                       default: no provider, email goes to the data directory's outbox/
#   BENCH_DB_TOOL       sqlite3 or python3 (its sqlite3 module) for the database check
#                       (default: the sqlite3 CLI when installed, else python3)
#   BENCH_TMPDIR        where the temporary data directory is made (default: $TMPDIR or /tmp);
#                       its file system matters: every group commit is an fsync
#
# Exit status: 0 when every response was a 201 and the database matches; 1 when not (printed
# loudly); 2 when a required tool is missing or the server would not start. Missing the
# throughput target is reported but is not a failure (benchmarks never assert on time).

set -Eeuo pipefail

ROOT="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
BIN="${MISSIVE_BIN:-$ROOT/build/src/cli/missive}"
LUA="$ROOT/bench/send_email.lua"
DURATION="${BENCH_DURATION:-10}"
CONNECTIONS="${BENCH_CONNECTIONS:-64}"
THREADS="${BENCH_THREADS:-2}"
AUTH_SCHEME="${BENCH_AUTH:-jwt}"
WORKERS="${BENCH_WORKERS:-}"
SMTP_URL="${BENCH_SMTP_URL:-}"
PARENT_TMP="${BENCH_TMPDIR:-${TMPDIR:-/tmp}}"

TARGET_PER_S=5000
TARGET_P99_MS=20
CLI_TIMEOUT=30        # seconds for each setup command
START_TIMEOUT=15      # seconds for the server to print its URL
STOP_TIMEOUT=30       # seconds for the server to exit after SIGINT

die() { echo "send_email.sh: $*" >&2; exit 2; }

# The server and the setup commands read MISSIVE_* settings from the environment; a benchmark
# must not pick up someone's real SMTP relay or data directory from there.
while read -r name; do unset "$name"; done < <(compgen -e | grep '^MISSIVE_' || true)

# --- tools -------------------------------------------------------------------------------------
command -v wrk >/dev/null ||
  die "wrk is not installed. On Debian: sudo apt-get install wrk"
command -v python3 >/dev/null ||
  die "python3 is not installed (used to read JSON and sign the JWT). On Debian: sudo apt-get install python3"
command -v curl >/dev/null || die "curl is not installed. On Debian: sudo apt-get install curl"
command -v timeout >/dev/null || die "timeout (coreutils) is not installed"
[[ -x "$BIN" ]] ||
  die "no missive binary at $BIN. Build it: cmake --build build --target missive (or set MISSIVE_BIN)"
[[ -f "$LUA" ]] || die "missing $LUA"
[[ "$DURATION" =~ ^[0-9]+$ && "$CONNECTIONS" =~ ^[0-9]+$ && "$THREADS" =~ ^[0-9]+$ ]] ||
  die "BENCH_DURATION, BENCH_CONNECTIONS and BENCH_THREADS are whole numbers"
(( DURATION >= 1 && DURATION <= 600 )) || die "BENCH_DURATION is 1 to 600 seconds"
[[ "$AUTH_SCHEME" == jwt || "$AUTH_SCHEME" == apikey ]] || die "BENCH_AUTH is jwt or apikey"
# One JWT serves the whole run and missive refuses an iat more than 30 s old.
[[ "$AUTH_SCHEME" == apikey ]] || (( DURATION <= 25 )) ||
  die "with a JWT, BENCH_DURATION is at most 25 s (the token's iat must stay within 30 s); use BENCH_AUTH=apikey for longer runs"
if [[ -n "$WORKERS" && ! "$WORKERS" =~ ^[0-9]+$ ]]; then die "BENCH_WORKERS is a number"; fi
if [[ -n "$SMTP_URL" && ! "$SMTP_URL" =~ ^smtp://(127\.0\.0\.1|localhost|\[::1\]):[0-9]+/?$ ]]; then
  die "BENCH_SMTP_URL must be a loopback sink (smtp://127.0.0.1:PORT); a benchmark sends tens of thousands of emails"
fi
DB_TOOL="${BENCH_DB_TOOL:-}"
if [[ -z "$DB_TOOL" ]]; then
  if command -v sqlite3 >/dev/null; then DB_TOOL=sqlite3; else DB_TOOL=python3; fi
fi
[[ "$DB_TOOL" == sqlite3 || "$DB_TOOL" == python3 ]] || die "BENCH_DB_TOOL is sqlite3 or python3"
command -v "$DB_TOOL" >/dev/null || die "$DB_TOOL is not installed. On Debian: sudo apt-get install sqlite3"

# --- temporary data directory, cleanup ---------------------------------------------------------
WORK="$(mktemp -d "$PARENT_TMP/missive-bench.XXXXXX")"
DATA="$WORK/data"
SERVER_PID=""
WRK_PID=""
cleanup() {
  if [[ -n "$WRK_PID" ]]; then kill -TERM "$WRK_PID" 2>/dev/null || true; fi
  if [[ -n "$SERVER_PID" ]] && kill -0 "$SERVER_PID" 2>/dev/null; then
    kill -INT "$SERVER_PID" 2>/dev/null || true
    for _ in $(seq 1 $((STOP_TIMEOUT * 10))); do
      kill -0 "$SERVER_PID" 2>/dev/null || break
      sleep 0.1
    done
    kill -KILL "$SERVER_PID" 2>/dev/null || true
  fi
  rm -rf "$WORK"
}
trap cleanup EXIT
trap 'echo "send_email.sh: stopped by a failing command at line $LINENO: $BASH_COMMAND" >&2' ERR
trap 'exit 130' INT TERM

missive() { timeout "$CLI_TIMEOUT" "$BIN" --data-dir "$DATA" --log-level warn --json "$@"; }
json_field() { python3 -c 'import json,sys; print(json.load(sys.stdin)[sys.argv[1]])' "$1"; }

# --- service, key, template --------------------------------------------------------------------
SERVICE_ID="$(missive service create --name "Benchmark service" --live | json_field id)"
# A load test is far above a live service's default rate limit (1,000 requests a minute) and
# daily limit (10,000 emails): lift both, or nearly every request would be a 429.
missive service update "$SERVICE_ID" --rate-limit 2000000000 --email-daily-limit 2000000000 \
  >/dev/null
KEY="$(missive key create --service "$SERVICE_ID" --name bench | json_field key)"
SECRET="${KEY: -36}"
[[ "${KEY: -73:36}" == "$SERVICE_ID" ]] || die "unexpected key format: the service id is not where it should be"

SUBJECT="Your application ((reference_number)) was received"
BODY_TEXT="Hello ((name)),

We received your application for a renewal of your permit on ((date)). Your reference number is ((reference_number)). Keep it: you will need it if you contact us.

What happens next:

* an officer reviews your application within 10 business days
* we write to you if we need more information
* you get a decision by email

You do not need to do anything now. If your situation changes, reply to this email.

Permits and Licensing Team"
TEMPLATE_ID="$(missive template create --service "$SERVICE_ID" --type email --name "Application received" \
  --subject "$SUBJECT" --body "$BODY_TEXT" | json_field id)"

REQUEST_BODY="$(python3 -c 'import json,sys; print(json.dumps({
  "email_address": "someone@example.com",
  "template_id": sys.argv[1],
  "personalisation": {"name": "Alex Tremblay", "date": "4 December 2026",
                      "reference_number": "APP-2026-004512"}}))' "$TEMPLATE_ID")"

# --- server ------------------------------------------------------------------------------------
SERVE_ARGS=(--data-dir "$DATA" serve --listen 127.0.0.1:0)
[[ -n "$WORKERS" ]] && SERVE_ARGS+=(--workers "$WORKERS")
[[ -n "$SMTP_URL" ]] && SERVE_ARGS+=(--smtp-url "$SMTP_URL")
PROVIDER="${SMTP_URL:-outbox (files in the data directory)}"

"$BIN" "${SERVE_ARGS[@]}" >"$WORK/server.log" 2>&1 &
SERVER_PID=$!
URL=""
for _ in $(seq 1 $((START_TIMEOUT * 10))); do
  URL="$(grep -o 'event=listening url=http://127\.0\.0\.1:[0-9]*' "$WORK/server.log" 2>/dev/null |
    head -n1 | sed 's/.*url=//')" || true
  [[ -n "$URL" ]] && break
  kill -0 "$SERVER_PID" 2>/dev/null || break
  sleep 0.1
done
if [[ -z "$URL" ]]; then
  echo "send_email.sh: the server did not start; its log:" >&2
  cat "$WORK/server.log" >&2
  exit 2
fi

# --- authorisation: a JWT as the official clients make it (made now: iat must be within 30 s) ----
if [[ "$AUTH_SCHEME" == jwt ]]; then
  TOKEN="$(python3 - "$SERVICE_ID" "$SECRET" <<'PY'
import base64, hashlib, hmac, json, sys, time
def b64(data):
    return base64.urlsafe_b64encode(data).rstrip(b"=").decode()
header = b64(json.dumps({"typ": "JWT", "alg": "HS256"}, separators=(",", ":")).encode())
claims = b64(json.dumps({"iss": sys.argv[1], "iat": int(time.time())}, separators=(",", ":")).encode())
signature = hmac.new(sys.argv[2].encode(), f"{header}.{claims}".encode(), hashlib.sha256).digest()
print(f"{header}.{claims}.{b64(signature)}")
PY
)"
  AUTH_HEADER="Bearer $TOKEN"
else
  AUTH_HEADER="ApiKey-v1 $KEY"
fi

# One request first: it must be a 201, or the run measures nothing useful.
PROBE_STATUS="$(timeout 10 curl -s -o "$WORK/probe.json" -w '%{http_code}' -X POST \
  -H "Authorization: $AUTH_HEADER" -H 'Content-Type: application/json' \
  --data "$REQUEST_BODY" "$URL/v2/notifications/email" 2>/dev/null || true)"
if [[ "$PROBE_STATUS" != 201 ]]; then
  echo "send_email.sh: the first request got HTTP ${PROBE_STATUS:-nothing}, not 201:" >&2
  cat "$WORK/probe.json" >&2 2>/dev/null || true
  echo >&2
  exit 1
fi
PROBE_ROWS=1

# --- load --------------------------------------------------------------------------------------
# CPU accounting, to tell the server's share from wrk's and from anything else on the machine.
TICKS_PER_S="$(getconf CLK_TCK)"
# /proc/stat: process time (user, nice, system), interrupt time (irq, softirq), steal, idle.
machine_ticks() { awk '/^cpu / { print $2+$3+$4, $7+$8, $9, $5+$6 }' /proc/stat; }
# Every process: "pid ticks name" (utime + stime; the name may hold spaces).
process_ticks() {
  # A process may end between the glob and cat: that is not an error.
  { cat /proc/[0-9]*/stat 2>/dev/null || true; } | awk '{
    lp = index($0, "("); match($0, /.*\)/); rp = RLENGTH
    split(substr($0, rp + 2), f, " ")
    print $1, f[12] + f[13], substr($0, lp + 1, rp - lp - 1) }' | sort -k1,1
}
server_ticks() { awk '{ print $14 + $15 }' "/proc/$SERVER_PID/stat" 2>/dev/null || echo 0; }
# `times` must run in this shell (a subshell has no children); its output goes through a file.
children_ticks() { times >"$WORK/times"; awk -v hz="$TICKS_PER_S" 'NR == 2 { print int(secs($1) * hz + secs($2) * hz) }
  function secs(t,  m) { m = t; sub(/m.*/, "", m); sub(/^[0-9]+m/, "", t); sub(/s$/, "", t); return m * 60 + t }' "$WORK/times"; }

# Is anything else busy? Sample one second before the load starts (the server is idle now).
read -r PROC0 _ _ IDLE0 < <(machine_ticks); sleep 1; read -r PROC1 _ _ IDLE1 < <(machine_ticks)
BUSY_BEFORE_PCT=$(( 100 * (PROC1 - PROC0) / (PROC1 - PROC0 + IDLE1 - IDLE0 + 1) ))

echo "missive send_email benchmark: $URL/v2/notifications/email, ${DURATION}s, $CONNECTIONS connections, $THREADS wrk threads, auth $AUTH_SCHEME, provider $PROVIDER${WORKERS:+, --workers $WORKERS}"
process_ticks >"$WORK/procs0"
read -r RUN_PROC0 RUN_IRQ0 RUN_STEAL0 RUN_IDLE0 < <(machine_ticks)
RUN_SERVER0="$(server_ticks)"
children_ticks >"$WORK/children0"; RUN_CHILDREN0="$(cat "$WORK/children0")"
# wrk runs in the background so that a signal to this script is handled at once (bash runs traps
# only between commands, and `wait` is interruptible).
BENCH_AUTH="$AUTH_HEADER" BENCH_BODY="$REQUEST_BODY" BENCH_IDS_FILE="$WORK/ids.txt" \
  timeout $((DURATION + 60)) wrk -t "$THREADS" -c "$CONNECTIONS" -d "${DURATION}s" --timeout 5s \
  --latency -s "$LUA" "$URL/v2/notifications/email" >"$WORK/wrk.out" 2>&1 &
WRK_PID=$!
WRK_STATUS=0
wait "$WRK_PID" || WRK_STATUS=$?
WRK_PID=""
if [[ "$WRK_STATUS" != 0 ]]; then
  echo "send_email.sh: wrk failed or timed out (status $WRK_STATUS); its output:" >&2
  cat "$WORK/wrk.out" >&2
  exit 1
fi
read -r RUN_PROC1 RUN_IRQ1 RUN_STEAL1 RUN_IDLE1 < <(machine_ticks)
RUN_SERVER1="$(server_ticks)"
children_ticks >"$WORK/children1"; RUN_CHILDREN1="$(cat "$WORK/children1")"
process_ticks >"$WORK/procs1"
# Percent of one core, over the run.
RUN_WALL_TICKS=$(( (RUN_PROC1 - RUN_PROC0 + RUN_IRQ1 - RUN_IRQ0 + RUN_STEAL1 - RUN_STEAL0 +
                    RUN_IDLE1 - RUN_IDLE0) / $(nproc) + 1 ))
pct() { echo $(( 100 * $1 / RUN_WALL_TICKS )); }
SERVER_CPU=$(pct $(( RUN_SERVER1 - RUN_SERVER0 )))
WRK_CPU=$(pct $(( RUN_CHILDREN1 - RUN_CHILDREN0 )))
IRQ_CPU=$(pct $(( RUN_IRQ1 - RUN_IRQ0 )))
STEAL_CPU=$(pct $(( RUN_STEAL1 - RUN_STEAL0 )))
IDLE_CPU=$(pct $(( RUN_IDLE1 - RUN_IDLE0 )))
# Everything else: other processes and kernel threads (some of it is the server's own disk I/O).
OTHER_CPU=$(( $(pct $(( RUN_PROC1 - RUN_PROC0 ))) - SERVER_CPU - WRK_CPU ))
(( OTHER_CPU >= 0 )) || OTHER_CPU=0
# Who else ran: processes (other than the server) that used over 5% of a core during the run.
OTHER_PROCESSES="$(join -a 2 -e 0 -o 0,1.2,2.2,2.3 "$WORK/procs0" "$WORK/procs1" 2>/dev/null |
  awk -v wall="$RUN_WALL_TICKS" -v server="$SERVER_PID" '
    { pct = int(100 * ($3 - $2) / wall) }
    pct > 5 && $1 != server { printf "%s%s (pid %s) %d%%", sep, $4, $1, pct; sep = ", " }' ||
  true)"
bench() { sed -n "s/^BENCH $1=//p" "$WORK/wrk.out" | head -n1; }

# Peak RSS before stopping (the process and its /proc entry go away).
PEAK_RSS_KB="$(awk '/^VmHWM:/ {print $2}' "/proc/$SERVER_PID/status" 2>/dev/null || echo "?")"
RSS_NOW_KB="$(awk '/^VmRSS:/ {print $2}' "/proc/$SERVER_PID/status" 2>/dev/null || echo "?")"
SERVER_THREADS="$(awk '/^Threads:/ {print $2}' "/proc/$SERVER_PID/status" 2>/dev/null || echo "?")"

# --- stop the server cleanly -------------------------------------------------------------------
kill -INT "$SERVER_PID"
STOPPED=no
for _ in $(seq 1 $((STOP_TIMEOUT * 10))); do
  if ! kill -0 "$SERVER_PID" 2>/dev/null; then STOPPED=yes; break; fi
  sleep 0.1
done
SERVER_STATUS=""
if [[ "$STOPPED" == yes ]]; then
  wait "$SERVER_PID" && SERVER_STATUS=0 || SERVER_STATUS=$?
else
  kill -KILL "$SERVER_PID" 2>/dev/null || true
  wait "$SERVER_PID" 2>/dev/null || true
fi
SERVER_PID=""

# --- committed rows versus 201s ----------------------------------------------------------------
# Requests still in flight when wrk stops may be committed without wrk seeing their 201, so the
# check is on ids: every 201's id must be a row; rows without a 201 are at most one per connection.
DB="$DATA/missive.db"
DB_ROWS="" DB_MATCHED=""
if [[ "$DB_TOOL" == sqlite3 ]]; then
  read -r DB_ROWS DB_MATCHED < <(timeout 60 sqlite3 -batch -separator ' ' "$DB" \
    "CREATE TEMP TABLE ids (id TEXT PRIMARY KEY);" \
    ".import \"$WORK/ids.txt\" ids" \
    "SELECT (SELECT count(*) FROM notifications), (SELECT count(*) FROM notifications WHERE id IN (SELECT id FROM temp.ids));") ||
    true
else
  read -r DB_ROWS DB_MATCHED < <(timeout 60 python3 - "$DB" "$WORK/ids.txt" <<'PY'
import sqlite3, sys
db = sqlite3.connect(sys.argv[1])
db.execute("CREATE TEMP TABLE ids (id TEXT PRIMARY KEY)")
with open(sys.argv[2]) as f:
    db.executemany("INSERT INTO temp.ids VALUES (?)", ((line.strip(),) for line in f if line.strip()))
rows = db.execute("SELECT count(*) FROM notifications").fetchone()[0]
matched = db.execute("SELECT count(*) FROM notifications WHERE id IN (SELECT id FROM temp.ids)").fetchone()[0]
print(rows, matched)
PY
) || true
fi
[[ "$DB_ROWS" =~ ^[0-9]+$ && "$DB_MATCHED" =~ ^[0-9]+$ ]] || {
  echo "send_email.sh: could not count the notifications in $DB with $DB_TOOL" >&2
  exit 1
}
OUTBOX_FILES=0
[[ -d "$DATA/outbox" ]] && OUTBOX_FILES="$(find "$DATA/outbox" -type f -name '*.eml' | wc -l)"
SERVER_ERRORS="$(grep -c -E ' (error|critical) ' "$WORK/server.log" || true)"

# --- report ------------------------------------------------------------------------------------
CREATED="$(bench created)"
NON_201="$(bench non_201)"
SOCKET_ERRORS="$(bench socket_errors)"
IDS_WRITTEN="$(bench ids_written)"
RATE="$(bench created_per_s)"
P50="$(bench p50_ms)"
P99="$(bench p99_ms)"
RUN_ROWS=$((DB_ROWS - PROBE_ROWS))
UNANSWERED=$((RUN_ROWS - DB_MATCHED))
FAILED=0

echo
printf '  %-34s %s\n' "accepted sends per second (201s)" "$RATE"
printf '  %-34s %s\n' "201 responses" "$CREATED in $(bench duration_s) s"
printf '  %-34s %s ms\n' "latency p50" "$P50"
printf '  %-34s %s ms  (p90 %s ms, max %s ms)\n' "latency p99" "$P99" "$(bench p90_ms)" "$(bench max_ms)"
printf '  %-34s %s MiB (VmHWM %s kB; VmRSS at end %s kB; %s threads)\n' "server peak RSS" \
  "$( [[ "$PEAK_RSS_KB" =~ ^[0-9]+$ ]] && echo $((PEAK_RSS_KB / 1024)) || echo '?')" \
  "$PEAK_RSS_KB" "$RSS_NOW_KB" "$SERVER_THREADS"
printf '  %-34s %s\n' "CPU during the run (% of a core)" \
  "server $SERVER_CPU, wrk $WRK_CPU, irq+softirq $IRQ_CPU, other $OTHER_CPU, steal $STEAL_CPU, idle $IDLE_CPU (of $(( 100 * $(nproc) )))"
[[ -z "$OTHER_PROCESSES" ]] || printf '  %-34s %s\n' "other processes over 5% of a core" "$OTHER_PROCESSES"
printf '  %-34s %s\n' "non-201 responses" "$NON_201"
printf '  %-34s %s\n' "socket errors" "$SOCKET_ERRORS ($(bench socket_errors_detail))"
printf '  %-34s %s (checked with %s)\n' "notifications committed (run)" "$RUN_ROWS" "$DB_TOOL"
printf '  %-34s %s of %s\n' "201 ids found in the database" "$DB_MATCHED" "$CREATED"
printf '  %-34s %s (in flight when wrk stopped; at most %s)\n' "committed without a 201 seen" \
  "$UNANSWERED" "$CONNECTIONS"
printf '  %-34s %s (while the server ran)\n' "emails delivered to outbox" "$OUTBOX_FILES"
printf '  %-34s %s\n' "server stop on SIGINT" \
  "$( [[ "$STOPPED" == yes ]] && echo "clean, exit status $SERVER_STATUS" || echo "DID NOT STOP within ${STOP_TIMEOUT}s: killed")"
echo

loud() { echo "!!!!!!!! $* !!!!!!!!"; FAILED=1; }
if [[ "$NON_201" != 0 ]]; then
  loud "$NON_201 RESPONSES WERE NOT 201 (by status: $(bench non_201_by_status)); first: $(bench first_non_201)"
fi
[[ "$SOCKET_ERRORS" == 0 ]] || loud "$SOCKET_ERRORS SOCKET ERRORS ($(bench socket_errors_detail))"
[[ "$IDS_WRITTEN" == "$CREATED" ]] || loud "ONLY $IDS_WRITTEN OF $CREATED 201 BODIES HAD AN ID"
[[ "$DB_MATCHED" == "$CREATED" ]] ||
  loud "ONLY $DB_MATCHED OF $CREATED ACCEPTED (201) NOTIFICATIONS ARE IN THE DATABASE"
(( UNANSWERED >= 0 && UNANSWERED <= CONNECTIONS )) ||
  loud "$UNANSWERED ROWS WITHOUT A 201: MORE THAN THE $CONNECTIONS REQUESTS THAT COULD BE IN FLIGHT"
[[ "$STOPPED" == yes && "$SERVER_STATUS" == 0 ]] || loud "THE SERVER DID NOT STOP CLEANLY ON SIGINT"
if [[ "$SERVER_ERRORS" != 0 ]]; then
  loud "THE SERVER LOGGED $SERVER_ERRORS ERRORS; first lines:"
  grep -E ' (error|critical) ' "$WORK/server.log" | head -n 5
fi

# Other processes on the machine make the figures meaningless; say so (it is not a failure).
if (( BUSY_BEFORE_PCT > 10 || OTHER_CPU > 30 || STEAL_CPU > 10 )); then
  echo "!!!!!!!! THE MACHINE WAS NOT QUIET: ${BUSY_BEFORE_PCT}% of all CPUs busy just before the run;" \
    "during it, other processes and kernel threads used ${OTHER_CPU}% of a core, steal ${STEAL_CPU}%." \
    "THESE FIGURES ARE NOT REPRESENTATIVE: run again on a quiet machine !!!!!!!!"
fi
if awk -v r="$RATE" -v p="$P99" -v tr="$TARGET_PER_S" -v tp="$TARGET_P99_MS" \
  'BEGIN { exit !(r >= tr && p < tp) }'; then
  echo "target (>= $TARGET_PER_S committed sends/s, p99 < $TARGET_P99_MS ms): met"
else
  echo "target (>= $TARGET_PER_S committed sends/s, p99 < $TARGET_P99_MS ms): MISSED"
fi
exit "$FAILED"
