# shellcheck shell=bash disable=SC2034  # the variables set here are used by the scripts sourcing it
# bench/delivery_lib.sh: shared set-up for the delivery benchmarks (bench/smtp_sink.sh and
# bench/handoff_latency.sh). Sourced, not run. Provides:
#
#   dl_init NAME               checks the tools, makes $WORK (removed on exit), sets the cleanup
#   dl_postfix_tools           makes sure smtp-sink and smtp-source exist (installs Debian's postfix
#                              package, unconfigured and not started, when run as root)
#   dl_free_port               prints a free TCP port on 127.0.0.1
#   dl_start_sink PORT         starts Postfix's smtp-sink on 127.0.0.1:PORT (discards every message)
#   dl_setup DATA              a live service (limits lifted), key and template in data dir DATA;
#                              sets SERVICE_ID, KEY, TEMPLATE_ID
#   dl_start_serve DATA ARGS   starts `missive serve` on DATA with extra ARGS; sets SERVER_PID, URL
#   dl_stop PID                SIGINT, then SIGKILL after 30 s
#   dl_sql DATA SQL            runs SQL on DATA/missive.db with the sqlite3 CLI (queries only)
#   dl_cpu_ticks PID           user + system clock ticks of a process so far
#
# Everything listens on 127.0.0.1 only.

ROOT="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
BIN="${MISSIVE_BIN:-$ROOT/build/src/cli/missive}"
LOAD="$ROOT/bench/send_load.js"
SMTP_SINK=/usr/sbin/smtp-sink
SMTP_SOURCE=/usr/sbin/smtp-source
DL_PIDS=()

die() { echo "$DL_NAME: $*" >&2; exit 2; }

dl_cleanup() {
  local pid
  for pid in "${DL_PIDS[@]}"; do
    # smtp-sink stops on SIGTERM; missive serve stops cleanly on SIGINT.
    local signal=INT
    [[ "$pid" != "${DL_SINK_PID:-}" ]] || signal=TERM
    if kill -0 "$pid" 2>/dev/null; then kill -"$signal" "$pid" 2>/dev/null || true; fi
  done
  for pid in "${DL_PIDS[@]}"; do
    for _ in $(seq 1 300); do kill -0 "$pid" 2>/dev/null || break; sleep 0.1; done
    kill -KILL "$pid" 2>/dev/null || true
  done
  [[ -z "${WORK:-}" ]] || rm -rf "$WORK"
}

dl_init() {
  DL_NAME="$1"
  # A benchmark must not pick up someone's real SMTP relay or data directory from MISSIVE_*.
  while read -r name; do unset "$name"; done < <(compgen -e | grep '^MISSIVE_' || true)
  local tool
  for tool in node python3 sqlite3 curl timeout; do
    command -v "$tool" >/dev/null || die "$tool is not installed (scripts/install-deps.sh installs it)"
  done
  [[ -x "$BIN" ]] ||
    die "no missive binary at $BIN. Build it: bash scripts/build.sh (or set MISSIVE_BIN)"
  WORK="$(mktemp -d "${BENCH_TMPDIR:-${TMPDIR:-/tmp}}/missive-$DL_NAME.XXXXXX")"
  trap dl_cleanup EXIT
  trap 'exit 130' INT TERM
}

dl_postfix_tools() {
  [[ -x "$SMTP_SINK" && -x "$SMTP_SOURCE" ]] && return 0
  [[ "$(id -u)" == 0 ]] ||
    die "smtp-sink and smtp-source are missing: as root, install Debian's postfix package (choose \"No configuration\")"
  echo "$DL_NAME: installing Debian's postfix package for smtp-sink and smtp-source" \
    "(\"No configuration\": no mail system is set up or started)"
  echo "postfix postfix/main_mailer_type select No configuration" | debconf-set-selections
  DEBIAN_FRONTEND=noninteractive apt-get install -y -qq --no-install-recommends postfix >/dev/null ||
    die "apt-get install postfix failed"
  [[ -x "$SMTP_SINK" && -x "$SMTP_SOURCE" ]] || die "postfix installed but $SMTP_SINK is missing"
}

dl_free_port() {
  python3 -c 'import socket; s = socket.socket(); s.bind(("127.0.0.1", 0)); print(s.getsockname()[1])'
}

dl_wait_port() {
  local port="$1"
  for _ in $(seq 1 100); do
    (exec 3<>"/dev/tcp/127.0.0.1/$port") 2>/dev/null && return 0
    sleep 0.1
  done
  return 1
}

dl_start_sink() {
  local port="$1"
  # -u: smtp-sink refuses to run as root without a user to switch to. 1024: the listen backlog.
  local user=()
  [[ "$(id -u)" != 0 ]] || user=(-u nobody)
  "$SMTP_SINK" "${user[@]}" "127.0.0.1:$port" 1024 >"$WORK/sink.log" 2>&1 &
  SINK_PID=$!
  DL_SINK_PID="$SINK_PID"
  DL_PIDS+=("$SINK_PID")
  dl_wait_port "$port" || { cat "$WORK/sink.log" >&2; die "smtp-sink did not listen on $port"; }
}

dl_missive() { timeout 30 "$BIN" --data-dir "$1" --log-level warn --json "${@:2}"; }
dl_json_field() { python3 -c 'import json,sys; print(json.load(sys.stdin)[sys.argv[1]])' "$1"; }

dl_setup() {
  local data="$1"
  SERVICE_ID="$(dl_missive "$data" service create --name "Delivery benchmark" --email-from bench \
    --live | dl_json_field id)"
  # Far above a live service's default limits (1,000 requests a minute, 10,000 emails a day).
  dl_missive "$data" service update "$SERVICE_ID" --rate-limit 2000000000 \
    --email-daily-limit 2000000000 >/dev/null
  KEY="$(dl_missive "$data" key create --service "$SERVICE_ID" --name bench | dl_json_field key)"
  local body="Hello ((name)),

We received your application. Your reference number is ((reference)). Keep it: you will need it if you contact us.

What happens next:

* an officer reviews your application within 10 business days
* we write to you if we need more information

Permits and Licensing Team"
  TEMPLATE_ID="$(dl_missive "$data" template create --service "$SERVICE_ID" --type email \
    --name "Application received" --subject "Application ((reference)) received" --body "$body" |
    dl_json_field id)"
}

dl_start_serve() {
  local data="$1"
  local log
  log="$WORK/serve-$(date +%s%N).log"
  "$BIN" --data-dir "$data" serve --listen 127.0.0.1:0 "${@:2}" >"$log" 2>&1 &
  SERVER_PID=$!
  SERVER_LOG="$log"
  DL_PIDS+=("$SERVER_PID")
  URL=""
  for _ in $(seq 1 150); do
    URL="$(grep -o 'event=listening url=http://127\.0\.0\.1:[0-9]*' "$log" 2>/dev/null |
      head -n1 | sed 's/.*url=//')" || true
    [[ -n "$URL" ]] && return 0
    kill -0 "$SERVER_PID" 2>/dev/null || break
    sleep 0.1
  done
  cat "$log" >&2
  die "missive serve did not start"
}

dl_stop() {
  local pid="$1"
  kill -INT "$pid" 2>/dev/null || return 0
  for _ in $(seq 1 300); do kill -0 "$pid" 2>/dev/null || return 0; sleep 0.1; done
  kill -KILL "$pid" 2>/dev/null || true
}

dl_sql() { timeout 60 sqlite3 -batch "$1/missive.db" "$2"; }

dl_cpu_ticks() { awk '{ print $14 + $15 }' "/proc/$1/stat" 2>/dev/null || echo 0; }

# One line on how busy the machine was over the last second (other builders share it).
dl_machine_busy() {
  local a b
  read -r -a a < <(awk '/^cpu / { print $2+$3+$4+$7+$8, $5+$6 }' /proc/stat)
  sleep 1
  read -r -a b < <(awk '/^cpu / { print $2+$3+$4+$7+$8, $5+$6 }' /proc/stat)
  echo $(( 100 * (b[0] - a[0]) / (b[0] - a[0] + b[1] - a[1] + 1) ))
}
