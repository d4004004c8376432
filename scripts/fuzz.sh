#!/usr/bin/env bash
# Builds the render module's libFuzzer target (src/render/fuzz/render_fuzz.cc) with clang and the
# address and undefined-behaviour sanitizers in build-fuzz/, runs it for 60 seconds, and ends
# with one line: "fuzz: PASS ..." or "fuzz: FAIL ...", exiting non-zero on failure. A crashing
# input is saved in build-fuzz/ (crash-*, leak-*, timeout-*); rerun it with
#   build-fuzz/src/render/render_fuzz build-fuzz/crash-...
# Installs clang and libclang-rt-14-dev from Debian when missing (needs root).
# Environment: FUZZ_SECONDS (default 60), FUZZ_BUILD_DIR (default build-fuzz).
set -uo pipefail
cd "$(dirname "$0")/.."

seconds="${FUZZ_SECONDS:-60}"
build_dir="${FUZZ_BUILD_DIR:-build-fuzz}"
mkdir -p "$build_dir"
log="$build_dir/fuzz.log"

fail() {
  echo "fuzz: FAIL ($1)"
  exit 1
}

missing=()
command -v clang++ > /dev/null || missing+=(clang)
dpkg-query -W -f='${Status}' libclang-rt-14-dev 2> /dev/null | grep -q "ok installed" \
  || missing+=(libclang-rt-14-dev)
if [ ${#missing[@]} -gt 0 ]; then
  echo "Installing: ${missing[*]}"
  export DEBIAN_FRONTEND=noninteractive
  { apt-get update -qq && apt-get install -y -qq --no-install-recommends "${missing[@]}"; } \
    > /dev/null || fail "could not install ${missing[*]}"
fi

echo "== building render_fuzz with clang in $build_dir"
CC=clang CXX=clang++ cmake -S . -B "$build_dir" -G Ninja -DCMAKE_BUILD_TYPE=RelWithDebInfo \
  > "$build_dir/configure.log" 2>&1 || { tail -20 "$build_dir/configure.log"; fail "configure"; }
cmake --build "$build_dir" --target render_fuzz > "$build_dir/build.log" 2>&1 \
  || { tail -40 "$build_dir/build.log"; fail "build"; }

# A few seeds: markdown, language blocks, and placeholders with a value after the NUL byte.
corpus="$build_dir/fuzz-corpus"
mkdir -p "$corpus"
printf '# Title\n\nHello **((name))**,\n\n* one\n   * two\n1. three\n\n^ inset\n\n---\n\n[link](((url))) https://canada.ca.\0Zo\xc3\xa9 & <co>' > "$corpus/markdown"
printf '[[en]]\nHello "you" - it'"'"'s here\n[[/en]]\n[[fr]]\nBonjour \xc2\xab vous \xc2\xbb\n[[/fr]]\0x' > "$corpus/languages"
printf 'Hi ((name)) ((list)) ((show??shown)) ((missing))\r\n\tcode `x` ![i](y) [a][1]\n\n[1]: http://a.b\0a@b.c' > "$corpus/placeholders"

echo "== running render_fuzz for ${seconds} s"
ASAN_OPTIONS=detect_leaks=1 UBSAN_OPTIONS=print_stacktrace=1 \
  "$build_dir/src/render/render_fuzz" -max_total_time="$seconds" -max_len=4096 -timeout=10 \
  -rss_limit_mb=2048 -print_final_stats=1 -artifact_prefix="$build_dir/" "$corpus" \
  > "$log" 2>&1
status=$?
runs=$(grep -Eo 'stat::number_of_executed_units: *[0-9]+' "$log" | grep -Eo '[0-9]+$')
if [ "$status" -ne 0 ]; then
  grep -E "ERROR|SUMMARY|runtime error|Test unit written" "$log" | head -20
  fail "render_fuzz exited with $status after ${runs:-?} inputs; log in $log"
fi
echo "fuzz: PASS (render_fuzz ran ${seconds} s, ${runs:-?} inputs, no crash, leak or undefined behaviour)"
