#!/usr/bin/env bash
# Builds and runs the benchmark suite. Usage (from anywhere):
#   benchmarks/run.sh            quick mode (about 4 minutes), results in benchmarks/target/bench-quick/
#   benchmarks/run.sh --full     full mode, results in benchmarks/results/
# Options: --forks=N --windows=N --sizes=64,4096 --only=REGEX --out=DIR; SKIP_BUILD=1 reuses the last build.
# See benchmarks/README.md.
set -euo pipefail
root="$(cd "$(dirname "$0")/.." && pwd)"
cd "$root"
if [ "${SKIP_BUILD:-0}" != 1 ]; then
	mvn -B -q -Pbenchmarks -pl benchmarks -am package -DskipTests
fi
cd "$root/benchmarks"
java="java"; [ -n "${JAVA_HOME:-}" ] && java="$JAVA_HOME/bin/java"
exec "$java" -cp "target/classes:target/lib/*" io.ipcstarter.bench.BenchMain "$@"
