#!/usr/bin/env bash
# bench/handoff_latency.sh: accept-to-hand-off latency of email under a steady open-loop load.
#
# Starts an SMTP server on a free loopback port (Postfix's smtp-sink by default, or the test
# suite's aiosmtpd server storing a Maildir), `missive serve` sending to it, and drives
# POST /v2/notifications/email open-loop with bench/send_load.js: BENCH_RATE sends a second for
# BENCH_DURATION seconds, each started on schedule whether or not earlier ones were answered. Once
# every email has left the queue it reads missive.db with sqlite3 and prints, over the accepted
# (201) notifications, the latency sent_at - created_at (created_at: when the API accepted the
# send; sent_at: when the SMTP server accepted the message): count, p50, p95, p99 and max, and the
# client-side API latency. Needs root the first time when Postfix's tools are missing (it installs
# Debian's postfix package, "No configuration": nothing is set up or started).
#
#   bash bench/handoff_latency.sh           # from anywhere, after bash scripts/build.sh
#
# Environment (all optional):
#   MISSIVE_BIN      missive binary (default: build/src/cli/missive under the repository root)
#   BENCH_RATE       sends a second (default 1000)
#   BENCH_DURATION   seconds of load (default 30)
#   BENCH_WORKERS    `serve --workers N` (default: missive's default)
#   BENCH_SINK       smtp-sink (default) or aiosmtpd (tests/support/smtp_server.py, a Maildir)
#   BENCH_TMPDIR     where the temporary data directory is made (default $TMPDIR or /tmp)
#
# Exit status: 0 when every send was accepted on time and delivered; 1 when not; 2 when a tool is
# missing. The target (p95 under 1 s) is reported, never checked.

set -Eeuo pipefail
# shellcheck source=bench/delivery_lib.sh
source "$(dirname "${BASH_SOURCE[0]}")/delivery_lib.sh"

RATE="${BENCH_RATE:-1000}"
DURATION="${BENCH_DURATION:-30}"
WORKERS="${BENCH_WORKERS:-}"
SINK="${BENCH_SINK:-smtp-sink}"
TARGET_P95_MS=1000

dl_init handoff_latency
FAILED=0
loud() { echo "!!!!!!!! $* !!!!!!!!"; FAILED=1; }

PORT="$(dl_free_port)"
case "$SINK" in
  smtp-sink)
    dl_postfix_tools
    dl_start_sink "$PORT"
    ;;
  aiosmtpd)
    /usr/bin/python3 "$ROOT/tests/support/smtp_server.py" "$PORT" "$WORK/maildir" \
      >"$WORK/aiosmtpd.log" 2>&1 &
    DL_PIDS+=("$!")
    dl_wait_port "$PORT" || { cat "$WORK/aiosmtpd.log" >&2; die "aiosmtpd did not listen"; }
    ;;
  *) die "BENCH_SINK is smtp-sink or aiosmtpd" ;;
esac

DATA="$WORK/data"
mkdir -p "$DATA"
dl_setup "$DATA"
SERVE_ARGS=(--smtp-url "smtp://127.0.0.1:$PORT")
[[ -z "$WORKERS" ]] || SERVE_ARGS+=(--workers "$WORKERS")
dl_start_serve "$DATA" "${SERVE_ARGS[@]}"

echo "machine: $(nproc) CPUs ($(awk -F': ' '/^model name/ { print $2; exit }' /proc/cpuinfo)), load average $(cut -d' ' -f1-3 /proc/loadavg), $(dl_machine_busy)% of all CPUs busy before the run"
echo "handoff latency: $RATE sends/s for $DURATION s, open loop, to $SINK on 127.0.0.1:$PORT${WORKERS:+, --workers $WORKERS}"
cpu0="$(dl_cpu_ticks "$SERVER_PID")"
start="$(date +%s.%N)"
node "$LOAD" --url "$URL" --key "$KEY" --template "$TEMPLATE_ID" --rate "$RATE" \
  --duration "$DURATION" --ids "$WORK/ids.txt" >"$WORK/load.out" ||
  loud "not every send was accepted: $(grep -E 'first_problem|non_201|errors|skipped' "$WORK/load.out" | tr '\n' ' ')"
deadline=$(( $(date +%s) + 120 ))
while :; do
  left="$(dl_sql "$DATA" "SELECT count(*) FROM notifications WHERE status IN ('created', 'sending');")"
  [[ "$left" == 0 ]] && break
  (( $(date +%s) < deadline )) || { loud "$left emails still queued 120 s after the load"; break; }
  sleep 0.5
done
end="$(date +%s.%N)"
cpu1="$(dl_cpu_ticks "$SERVER_PID")"
dl_stop "$SERVER_PID"

load() { sed -n "s/^LOAD $1=//p" "$WORK/load.out" | head -n1; }
read -r count p50 p95 p99 max delivered other < <(python3 - "$DATA/missive.db" "$WORK/ids.txt" <<'PY'
import sqlite3, sys
db = sqlite3.connect(sys.argv[1])
db.execute("CREATE TEMP TABLE ids (id TEXT PRIMARY KEY)")
with open(sys.argv[2]) as f:
    db.executemany("INSERT OR IGNORE INTO temp.ids VALUES (?)", ((l.strip(),) for l in f if l.strip()))
rows = db.execute("SELECT n.status, n.sent_at - n.created_at FROM notifications n "
                  "JOIN temp.ids i ON i.id = n.id").fetchall()
delivered = sorted(us / 1000 for status, us in rows if status == "delivered" and us is not None)
other = sum(1 for status, _ in rows if status != "delivered")
def pct(p):
    if not delivered:
        return 0.0
    return delivered[min(len(delivered) - 1, max(0, -(-len(delivered) * p // 100) - 1))]
print(len(rows), f"{pct(50):.1f}", f"{pct(95):.1f}", f"{pct(99):.1f}",
      f"{(delivered[-1] if delivered else 0):.1f}", len(delivered), other)
PY
)
hz="$(getconf CLK_TCK)"
server_cpu="$(awk -v t=$(( cpu1 - cpu0 )) -v hz="$hz" -v a="$start" -v b="$end" \
  'BEGIN { printf "%.0f", 100 * t / hz / (b - a) }')"

echo
printf '  %-36s %s of %s sent (%s/s over %s s; %s not 201, %s socket errors)\n' "accepted (201)" \
  "$(load created)" "$(load sent)" "$(load per_s)" "$(load duration_s)" "$(load non_201)" "$(load errors)"
printf '  %-36s p99 %s ms, max %s ms (how late sends started; most outstanding %s)\n' \
  "generator lag" "$(load lag_p99_ms)" "$(load lag_max_ms)" "$(load most_outstanding)"
printf '  %-36s p50 %s ms, p95 %s ms, p99 %s ms, max %s ms\n' "API latency (client side)" \
  "$(load latency_p50_ms)" "$(load latency_p95_ms)" "$(load latency_p99_ms)" "$(load latency_max_ms)"
printf '  %-36s %s delivered, %s in another status, of %s accepted\n' "notifications" \
  "$delivered" "$other" "$count"
printf '  %-36s p50 %s ms, p95 %s ms, p99 %s ms, max %s ms (count %s)\n' \
  "accept-to-hand-off (sent_at-created_at)" "$p50" "$p95" "$p99" "$max" "$delivered"
printf '  %-36s %s%% of a core (load and drain)\n' "server CPU" "$server_cpu"
echo

[[ "$count" == "$(load created)" ]] || loud "only $count of $(load created) accepted ids are in the database"
[[ "$other" == 0 && "$delivered" == "$count" ]] || loud "$other accepted emails were not delivered"
if awk -v p="$p95" -v t="$TARGET_P95_MS" 'BEGIN { exit !(p < t) }'; then
  echo "target (p95 accept-to-hand-off under $TARGET_P95_MS ms at $RATE sends/s): met"
else
  echo "target (p95 accept-to-hand-off under $TARGET_P95_MS ms at $RATE sends/s): MISSED"
fi
exit "$FAILED"
