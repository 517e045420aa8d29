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
# The amqp rows need a RabbitMQ broker on 127.0.0.1:5672: start a private one (scripts/rabbitmq-test-broker.sh, data in
# a temporary directory) when rabbitmq-server is installed and nothing listens there, and stop it at the end.
broker=""
if [ -x /usr/lib/rabbitmq/bin/rabbitmq-server ] && ! (echo > /dev/tcp/127.0.0.1/5672) 2>/dev/null; then
	broker_dir="$(mktemp -d /dev/shm/bench-rabbitmq-XXXXXX 2>/dev/null || mktemp -d)"
	setsid "$root/scripts/rabbitmq-test-broker.sh" "$broker_dir" 5672 25673 > "$broker_dir/console.log" 2>&1 &
	broker=$!
	trap 'kill -KILL -- -$broker 2>/dev/null; rm -rf "$broker_dir"' EXIT
	for _ in $(seq 1 480); do (echo > /dev/tcp/127.0.0.1/5672) 2>/dev/null && break; sleep 0.25; done
fi
"$java" -cp "target/classes:target/lib/*" io.ipcstarter.bench.BenchMain "$@"
