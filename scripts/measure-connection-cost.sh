#!/usr/bin/env bash
# What an idle connection costs an inbound unix-socket endpoint: starts the test app of VirtualThreadConnectionsTests
# (an inbound gateway) in a JVM of its own, opens N idle connections to it from python3 and prints the app's thread
# count, VmRSS and VmSize (from /proc/<pid>/status) before and after. Linux only; a measurement, not a test.
#   scripts/measure-connection-cost.sh JAVA N [app arguments...]
#   scripts/measure-connection-cost.sh /usr/lib/jvm/temurin-25-jdk-amd64/bin/java 1000 --spring.threads.virtual.enabled=true
# Run `mvn -pl autoconfigure test-compile` first.
set -euo pipefail
cd "$(dirname "$0")/../autoconfigure"
java=$1 n=$2
shift 2
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT
mvn -B -q -o dependency:build-classpath -Dmdep.includeScope=test -Dmdep.outputFile="$work/cp" >/dev/null
sock=$work/idle.sock
mkfifo "$work/stdin"
exec 3<>"$work/stdin" # the app runs until its standard input ends
"$java" -Xmx256m -cp "target/test-classes:target/classes:$(cat "$work/cp")" \
  'io.ipcstarter.crossprocess.VirtualThreadConnectionsTests$ThreadReportingApplication' \
  --ipc.endpoints.whoami.transport=unix-socket --ipc.endpoints.whoami.role=inbound-gateway \
  --ipc.endpoints.whoami.address="$sock" --ipc.endpoints.whoami.channel=whoami \
  --ipc.endpoints.whoami.max-connections=$((n + 10)) "$@" <&3 >"$work/app.out" 2>&1 &
app=$!
for _ in $(seq 1 240); do grep -q READY "$work/app.out" 2>/dev/null && break; sleep 0.5; done
python3 - "$sock" "$n" "$app" <<'PY'
import socket, struct, sys, time
path, n, pid = sys.argv[1], int(sys.argv[2]), sys.argv[3]
def status():
    fields = dict(line.split(':', 1) for line in open('/proc/%s/status' % pid))
    return {k: int(fields[k].split()[0]) for k in ('Threads', 'VmRSS', 'VmSize')}
# one request first, so that classes are loaded and pools made before the baseline
s = socket.socket(socket.AF_UNIX); s.connect(path); s.sendall(struct.pack('>I', 2) + b'hi'); s.recv(100); s.close()
time.sleep(2)
before = status()
idle = []
for _ in range(n):
    c = socket.socket(socket.AF_UNIX); c.connect(path); idle.append(c)
time.sleep(3)
after = status()
print('%d idle connections:' % n, ', '.join('%s %d -> %d (%+.1f%s per connection)' % (
    k, before[k], after[k], (after[k] - before[k]) / n, '' if k == 'Threads' else ' kB') for k in before))
PY
kill "$app"
wait "$app" 2>/dev/null || true
