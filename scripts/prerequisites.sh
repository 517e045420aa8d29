#!/usr/bin/env bash
# Installs (or finds) what the tests need besides Java and Maven: python3 (non-Java peers), gcc (C peers),
# mingw-w64 (a Windows C peer for the named-pipe tests), rabbitmq-server and python3-pika (the amqp tests), and Wine with a Windows JRE (scripts/setup-wine-jre.sh)
# for the Windows tests. Idempotent; uses apt-get only when something is missing. Fails loudly when Wine cannot be
# set up; SKIP_WINDOWS_TESTS=1 skips it on purpose (e.g. on macOS), and says so.
set -euo pipefail
cd "$(dirname "$0")/.."
need=()
command -v python3 >/dev/null 2>&1 || need+=(python3)
command -v gcc >/dev/null 2>&1 || need+=(gcc libc6-dev)
# the amqp transport's tests: a private RabbitMQ broker (scripts/rabbitmq-test-broker.sh) and a python peer (pika)
[ -x /usr/lib/rabbitmq/bin/rabbitmq-server ] || need+=(rabbitmq-server)
/usr/bin/python3 -c 'import pika' >/dev/null 2>&1 || need+=(python3-pika)
if [ "${SKIP_WINDOWS_TESTS:-0}" != 1 ]; then
  command -v x86_64-w64-mingw32-gcc >/dev/null 2>&1 || need+=(gcc-mingw-w64-x86-64)
fi
if [ ${#need[@]} -gt 0 ]; then
  echo "[prerequisites] installing: ${need[*]}"
  SUDO=""; [ "$(id -u)" -ne 0 ] && SUDO="sudo"
  $SUDO apt-get update -qq || true
  DEBIAN_FRONTEND=noninteractive $SUDO apt-get install -y -qq --no-install-recommends "${need[@]}" >/dev/null
fi
if [ "${SKIP_WINDOWS_TESTS:-0}" = 1 ]; then
  echo "[prerequisites] SKIP_WINDOWS_TESTS=1: NOT setting up Wine; the Windows tests will not run" >&2
else
  scripts/setup-wine-jre.sh >/dev/null
fi
