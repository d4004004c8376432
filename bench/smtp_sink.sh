#!/usr/bin/env bash
# bench/smtp_sink.sh: emails handed per second to an SMTP server, against that server's ceiling.
#
# 1. Starts Postfix's smtp-sink (accepts and discards every message) on a free loopback port.
# 2. The sink's own ceiling: Postfix's smtp-source sends SINK_MESSAGES messages of SINK_LENGTH
#    bytes over each session count in SINK_SESSIONS (reusing connections, as Missive does).
# 3. For each value in BENCH_WORKERS_LIST: a fresh data directory and `missive serve --workers N
#    --smtp-url smtp://127.0.0.1:PORT`; BENCH_EMAILS emails are accepted through the API, all
#    scheduled (scheduled_for) for one moment after the last is accepted, so that delivery starts
#    on a full queue with no API load. The rate is the delivered count over the span between the
#    first and the last sent_at (read with sqlite3 from missive.db), and every email must end
#    delivered.
# Prints both figures and their ratio. Needs root the first time when Postfix's tools are missing
# (it installs Debian's postfix package, "No configuration": nothing is set up or started).
#
#   bash bench/smtp_sink.sh                 # from anywhere, after bash scripts/build.sh
#
# Environment (all optional):
#   MISSIVE_BIN          missive binary (default: build/src/cli/missive under the repository root)
#   BENCH_EMAILS         emails per Missive run (default 20000)
#   BENCH_WORKERS_LIST   `serve --workers` values to try (default "1 4 8 16")
#   BENCH_ACCEPT_RATE    sends a second assumed when choosing the scheduled moment (default 500)
#   SINK_MESSAGES        smtp-source messages per ceiling run (default 50000)
#   SINK_SESSIONS        smtp-source parallel sessions to try (default "4 16")
#   SINK_LENGTH          smtp-source payload bytes (default 4500; this script's emails are 3.6 KB)
#   BENCH_TMPDIR         where the temporary data directories are made (default $TMPDIR or /tmp)
#
# Exit status: 0 when every email was accepted and delivered; 1 when not; 2 when a tool is missing.
# The rates are reported, never checked (benchmarks do not assert on time).

set -Eeuo pipefail
# shellcheck source=bench/delivery_lib.sh
source "$(dirname "${BASH_SOURCE[0]}")/delivery_lib.sh"

EMAILS="${BENCH_EMAILS:-20000}"
WORKERS_LIST="${BENCH_WORKERS_LIST:-1 4 8 16}"
ACCEPT_RATE="${BENCH_ACCEPT_RATE:-500}"
SINK_MESSAGES="${SINK_MESSAGES:-50000}"
SINK_SESSIONS="${SINK_SESSIONS:-4 16}"
SINK_LENGTH="${SINK_LENGTH:-4500}"

dl_init smtp_sink
dl_postfix_tools
now_s() { date +%s.%N; }
FAILED=0
loud() { echo "!!!!!!!! $* !!!!!!!!"; FAILED=1; }

echo "machine: $(nproc) CPUs ($(awk -F': ' '/^model name/ { print $2; exit }' /proc/cpuinfo)), load average $(cut -d' ' -f1-3 /proc/loadavg), $(dl_machine_busy)% of all CPUs busy before the run"

PORT="$(dl_free_port)"
dl_start_sink "$PORT"
echo "smtp-sink on 127.0.0.1:$PORT"

# --- the sink's ceiling ------------------------------------------------------------------------
CEILING=0
for sessions in $SINK_SESSIONS; do
  start="$(now_s)"
  "$SMTP_SOURCE" -d -s "$sessions" -m "$SINK_MESSAGES" -l "$SINK_LENGTH" -f bench@example.com \
    -t sink@example.com "127.0.0.1:$PORT" || { loud "smtp-source failed"; continue; }
  end="$(now_s)"
  rate="$(awk -v n="$SINK_MESSAGES" -v a="$start" -v b="$end" 'BEGIN { printf "%.0f", n / (b - a) }')"
  printf '  %-44s %s messages/s (%s in %.2f s)\n' "smtp-source -> smtp-sink, $sessions sessions" \
    "$rate" "$SINK_MESSAGES" "$(awk -v a="$start" -v b="$end" 'BEGIN { print b - a }')"
  (( rate > CEILING )) && CEILING="$rate"
done
echo "  sink ceiling: $CEILING messages/s"

# --- Missive -----------------------------------------------------------------------------------
RESULTS=()
for workers in $WORKERS_LIST; do
  DATA="$WORK/data-$workers"
  mkdir -p "$DATA"
  dl_setup "$DATA"
  dl_start_serve "$DATA" --workers "$workers" --smtp-url "smtp://127.0.0.1:$PORT"
  hold=$(( EMAILS / ACCEPT_RATE + 5 ))
  at_s=$(( $(date +%s) + hold ))
  at_iso="$(date -u -d "@$at_s" +%Y-%m-%dT%H:%M:%S)Z"
  echo "--workers $workers: accepting $EMAILS emails scheduled for $at_iso"
  node "$LOAD" --url "$URL" --key "$KEY" --template "$TEMPLATE_ID" --count "$EMAILS" \
    --concurrency 32 --scheduled-for "$at_iso" >"$WORK/load-$workers.out" ||
    loud "not every send was accepted: $(grep first_problem "$WORK/load-$workers.out" || true)"
  accepted_at="$(now_s)"
  sed 's/^LOAD /  accept: /' "$WORK/load-$workers.out" | grep -E 'created|per_s' | tr '\n' ' '; echo
  if awk -v a="$accepted_at" -v b="$at_s" 'BEGIN { exit !(a > b) }'; then
    loud "accepting took past the scheduled moment: delivery overlapped the API load (raise BENCH_ACCEPT_RATE's hold)"
  fi
  cpu0="$(dl_cpu_ticks "$SERVER_PID")"
  sink0="$(dl_cpu_ticks "$SINK_PID")"
  deadline=$(( at_s + 600 ))
  while :; do
    left="$(dl_sql "$DATA" "SELECT count(*) FROM notifications WHERE status IN ('created', 'sending');")"
    [[ "$left" == 0 ]] && break
    (( $(date +%s) < deadline )) || { loud "$left emails still undelivered after 600 s"; break; }
    sleep 0.5
  done
  cpu1="$(dl_cpu_ticks "$SERVER_PID")"
  sink1="$(dl_cpu_ticks "$SINK_PID")"
  dl_stop "$SERVER_PID"
  read -r delivered other first last < <(dl_sql "$DATA" "SELECT
      (SELECT count(*) FROM notifications WHERE status = 'delivered'),
      (SELECT count(*) FROM notifications WHERE status <> 'delivered'),
      (SELECT min(sent_at) FROM notifications), (SELECT max(sent_at) FROM notifications);" |
    tr '|' ' ')
  [[ "$delivered" == "$EMAILS" && "$other" == 0 ]] ||
    loud "--workers $workers: $delivered delivered, $other in another status, of $EMAILS"
  span="$(awk -v a="$first" -v b="$last" 'BEGIN { printf "%.3f", (b - a) / 1e6 }')"
  rate="$(awk -v n="$delivered" -v s="$span" 'BEGIN { printf "%.0f", (s > 0) ? (n - 1) / s : 0 }')"
  ratio="$(awk -v r="$rate" -v c="$CEILING" 'BEGIN { printf "%.1f%%", (c > 0) ? 100 * r / c : 0 }')"
  hz="$(getconf CLK_TCK)"
  us_per_email="$(awk -v t=$(( cpu1 - cpu0 )) -v hz="$hz" -v n="$delivered" \
    'BEGIN { printf "%.0f", (n > 0) ? 1e6 * t / hz / n : 0 }')"
  sink_pct="$(awk -v t=$(( sink1 - sink0 )) -v hz="$hz" -v s="$span" \
    'BEGIN { printf "%.0f", (s > 0) ? 100 * t / hz / s : 0 }')"
  printf '  %-44s %s emails/s (%s delivered in %s s), %s of the sink ceiling\n' \
    "missive --workers $workers -> smtp-sink" "$rate" "$delivered" "$span" "$ratio"
  printf '  %-44s %s us of server CPU per email; smtp-sink used %s%% of a core\n' "" \
    "$us_per_email" "$sink_pct"
  RESULTS+=("$workers $rate $ratio $span $us_per_email")
done

echo
echo "summary ($EMAILS emails per run; sink ceiling $CEILING messages/s, smtp-source -d, $SINK_LENGTH-byte payload)"
printf '  %-8s %-12s %-10s %-10s %s\n' workers emails/s "of sink" seconds "server CPU us/email"
for row in "${RESULTS[@]}"; do
  read -r w r q s u <<<"$row"
  printf '  %-8s %-12s %-10s %-10s %s\n' "$w" "$r" "$q" "$s" "$u"
done
exit "$FAILED"
