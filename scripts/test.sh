#!/usr/bin/env bash
# The whole test suite, on a fresh machine with Java 17 and Maven: installs what the tests need (including Wine and
# a Windows JRE), then runs Maven: the normal tests on this JVM, and the Windows tests inside the Windows JVM under
# Wine (module and profile windows-tests). README and .ci/run both call this script.
# SKIP_WINDOWS_TESTS=1 leaves the Windows tests out on purpose (and says so); otherwise a Wine set-up failure fails.
set -euo pipefail
cd "$(dirname "$0")/.."
scripts/prerequisites.sh
if [ "${SKIP_WINDOWS_TESTS:-0}" = 1 ]; then
  echo "[test] SKIP_WINDOWS_TESTS=1: the Windows tests are NOT run" >&2
  exec mvn -B -ntp -T 2 verify "$@"
fi
windows_jvm=$(scripts/setup-wine-jre.sh | tail -n 1)
# -T 2: once autoconfigure is built, the Windows tests (module windows-tests) run beside the broker modules
exec mvn -B -ntp -T 2 verify -Dwindows.jvm="$windows_jvm" "$@"
