#!/usr/bin/env bash
# Installs what Missive needs to build, run and test, from Debian 12's packages (and node from
# Debian when the machine has none). Run as root. Safe to run again.
set -euo pipefail

packages=(
  # build
  g++ cmake ninja-build pkg-config clang-format
  libboost-dev nlohmann-json3-dev libspdlog-dev libcli11-dev libsqlite3-dev libsodium-dev
  libcurl4-openssl-dev libjwt-dev libidn2-dev libphonenumber-dev libicu-dev libgtest-dev
  libgmock-dev libmagic-dev libbenchmark-dev libgmime-3.0-dev libssl-dev
  # tests: a real SMTP server, a real SMS gateway (Kannel, with its test SMSC), and the official
  # node client
  python3-aiosmtpd sqlite3 kannel kannel-extras
  # fuzzing (clang's libFuzzer and sanitizers)
  clang libclang-rt-14-dev
  # benchmarks
  wrk
)

missing=()
for package in "${packages[@]}"; do
  dpkg-query -W -f='${Status}' "$package" 2>/dev/null | grep -q "ok installed" || missing+=("$package")
done
command -v node > /dev/null || missing+=(nodejs)
command -v npm > /dev/null || missing+=(npm)

if [ ${#missing[@]} -gt 0 ]; then
  echo "Installing: ${missing[*]}"
  export DEBIAN_FRONTEND=noninteractive
  apt-get update -qq
  apt-get install -y -qq --no-install-recommends "${missing[@]}" > /dev/null
fi
