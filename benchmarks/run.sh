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
# The kafka rows need a broker: one embedded KRaft broker in its own JVM, started when a kafka row may run (no
# --only, or an --only naming kafka) and no SPRING_KAFKA_BOOTSTRAP_SERVERS is given; the children inherit the
# variable, which Spring Boot reads as spring.kafka.bootstrap-servers. Stopped when this script ends.
wants_kafka=1
for arg in "$@"; do
	case "$arg" in --only=*kafka*) wants_kafka=1 ;; --only=*) wants_kafka=0 ;; esac
done
if [ "$wants_kafka" = 1 ] && [ -z "${SPRING_KAFKA_BOOTSTRAP_SERVERS:-}" ]; then
	broker_dir="$(mktemp -d)"
	mkfifo "$broker_dir/in"
	"$java" -Xmx512m -cp "target/classes:target/lib/*" io.ipcstarter.bench.KafkaBrokerMain \
		<"$broker_dir/in" >"$broker_dir/out" 2>"$broker_dir/err" &
	broker_pid=$!
	exec 9>"$broker_dir/in" # holds the broker's stdin open; closing it stops the broker
	trap 'exec 9>&-; wait "$broker_pid" 2>/dev/null; rm -rf "$broker_dir"' EXIT
	for _ in $(seq 1 120); do
		grep -q '^ready ' "$broker_dir/out" 2>/dev/null && break
		kill -0 "$broker_pid" 2>/dev/null || { cat "$broker_dir/err" >&2; exit 1; }
		sleep 0.5
	done
	SPRING_KAFKA_BOOTSTRAP_SERVERS="$(sed -n 's/^ready //p' "$broker_dir/out")"
	[ -n "$SPRING_KAFKA_BOOTSTRAP_SERVERS" ] || { echo "the kafka broker did not start" >&2; exit 1; }
	export SPRING_KAFKA_BOOTSTRAP_SERVERS
fi
"$java" -cp "target/classes:target/lib/*" io.ipcstarter.bench.BenchMain "$@"
