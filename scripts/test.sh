#!/usr/bin/env bash
# Installs, builds and runs every test: formatting, unit tests (CTest), our end-to-end suite (real
# aiosmtpd SMTP server, the official notifications-node-client), and the node client's own
# integration suite run unchanged against Missive, and 60 s of fuzzing. Ends with one line
# "N passed, N failed" over all suites; exits non-zero when anything failed.
set -uo pipefail
cd "$(dirname "$0")/.."
export NO_PROXY=localhost,127.0.0.1 no_proxy=localhost,127.0.0.1

bash scripts/install-deps.sh || exit 1
bash scripts/build.sh || exit 1

passed=0
failed=0
logs=$(mktemp -d)

echo "== formatting (clang-format, .clang-format)"
unformatted=$(git ls-files 'src/*.cc' 'src/*.h' 'bench/*.cc' | xargs clang-format --dry-run 2>&1 \
  | grep -c "warning:" || true)
if [ "$unformatted" -eq 0 ]; then passed=$((passed + 1)); else
  echo "clang-format: $unformatted lines differ"; failed=$((failed + 1)); fi

echo "== unit tests (ctest)"
ctest --test-dir build --output-on-failure -j "$(nproc)" | tee "$logs/ctest.txt"
unit=$(grep -Eo '[0-9]+ tests failed out of [0-9]+' "$logs/ctest.txt" | tail -1)
unit_failed=$(echo "$unit" | awk '{print $1}')
unit_total=$(echo "$unit" | awk '{print $NF}')
passed=$((passed + ${unit_total:-0} - ${unit_failed:-0}))
failed=$((failed + ${unit_failed:-1}))

echo "== end-to-end (node --test, tests/e2e)"
(cd tests/e2e && npm ci --no-audit --no-fund --loglevel=error > /dev/null \
  && MISSIVE_BIN="$PWD/../../build/src/cli/missive" node --test) 2>&1 | tee "$logs/e2e.txt"
e2e_pass=$(grep -Eo '^# pass [0-9]+' "$logs/e2e.txt" | awk '{print $3}')
e2e_fail=$(grep -Eo '^# fail [0-9]+' "$logs/e2e.txt" | awk '{print $3}')
passed=$((passed + ${e2e_pass:-0}))
failed=$((failed + ${e2e_fail:-1}))

echo "== official client suite (notifications-node-client 8.3.0, spec/integration, no letters)"
MISSIVE_BIN="$PWD/build/src/cli/missive" bash tests/client-suite/run.sh 2>&1 | tee "$logs/client.txt"
client=$(grep -Eo 'client-suite: [0-9]+ passed, [0-9]+ failed' "$logs/client.txt" | tail -1)
client_pass=$(echo "$client" | awk '{print $2}')
client_fail=$(echo "$client" | awk '{print $4}')
passed=$((passed + ${client_pass:-0}))
failed=$((failed + ${client_fail:-1}))

echo "== fuzzing (libFuzzer, ASan and UBSan, 60 s on placeholders and markdown)"
if bash scripts/fuzz.sh 2>&1 | tee "$logs/fuzz.txt" | tail -3 && grep -q "^fuzz: PASS" "$logs/fuzz.txt"; then
  passed=$((passed + 1))
else
  failed=$((failed + 1))
fi

rm -rf "$logs"
echo "${passed} passed, ${failed} failed"
[ "$failed" -eq 0 ]
