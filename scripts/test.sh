#!/usr/bin/env bash
# The whole test suite, on a fresh machine with Java 17 and Maven: installs what the tests need, then runs Maven.
# README and .ci/run both call this script.
set -euo pipefail
cd "$(dirname "$0")/.."
scripts/prerequisites.sh
exec mvn -B -ntp verify "$@"
