#!/usr/bin/env bash
# Runs a private RabbitMQ broker in the foreground for the amqp transport's tests: Debian's rabbitmq-server package
# started as a plain process (never the system service), with everything in DIR (data, logs, config, the Erlang
# cookie), listening on 127.0.0.1:PORT only (AMQP) and 127.0.0.1:DIST_PORT (Erlang distribution, for rabbitmqctl);
# with TLS_PORT and CERT_DIR also on 127.0.0.1:TLS_PORT with TLS 1.3/1.2 (AMQPS), presenting CERT_DIR/server.crt
# (+ server.key) and requiring a client certificate signed by CERT_DIR/ca.crt (mutual TLS).
# The tests (RabbitTestBroker) start it once per test JVM and kill it when the JVM ends; by hand:
#   scripts/rabbitmq-test-broker.sh /tmp/rmq 25672 35672 [25671 /tmp/certs]     (Ctrl-C stops it)
# Installed by scripts/prerequisites.sh (apt-get install rabbitmq-server python3-pika).
set -euo pipefail
dir=${1:?usage: $0 DIR PORT DIST_PORT [TLS_PORT CERT_DIR]}
port=${2:?usage: $0 DIR PORT DIST_PORT}
dist_port=${3:?usage: $0 DIR PORT DIST_PORT}
tls_port=${4:-}
cert_dir=${5:-}
server=/usr/lib/rabbitmq/bin/rabbitmq-server # not /usr/sbin's wrapper, which switches to the rabbitmq user
if [ ! -x "$server" ]; then
  echo "rabbitmq-server is not installed (apt-get install rabbitmq-server, or run scripts/prerequisites.sh)" >&2
  exit 3
fi
mkdir -p "$dir"
chmod 700 "$dir"
cat > "$dir/rabbitmq.conf" <<CONF
listeners.tcp.1 = 127.0.0.1:$port
loopback_users.guest = true
log.console = false
log.file.level = warning
CONF
if [ -n "$tls_port" ]; then
  cat >> "$dir/rabbitmq.conf" <<CONF
listeners.ssl.1 = 127.0.0.1:$tls_port
ssl_options.cacertfile = $cert_dir/ca.crt
ssl_options.certfile = $cert_dir/server.crt
ssl_options.keyfile = $cert_dir/server.key
ssl_options.verify = verify_peer
ssl_options.fail_if_no_peer_cert = true
ssl_options.versions.1 = tlsv1.3
ssl_options.versions.2 = tlsv1.2
CONF
fi
echo "[]." > "$dir/enabled_plugins"
export HOME="$dir" # the Erlang cookie goes here, owner-only
export RABBITMQ_NODENAME="ipctest$port@localhost"
export RABBITMQ_NODE_IP_ADDRESS=127.0.0.1
export RABBITMQ_NODE_PORT="$port"
export RABBITMQ_DIST_PORT="$dist_port"
export RABBITMQ_MNESIA_BASE="$dir/mnesia"
export RABBITMQ_LOG_BASE="$dir/log"
export RABBITMQ_CONFIG_FILE="$dir/rabbitmq.conf"
export RABBITMQ_ADVANCED_CONFIG_FILE="$dir/advanced.config"
export RABBITMQ_ENABLED_PLUGINS_FILE="$dir/enabled_plugins"
export RABBITMQ_PID_FILE="$dir/pid"
export RABBITMQ_SERVER_ADDITIONAL_ERL_ARGS="-kernel inet_dist_use_interface {127,0,0,1}"
export ERL_EPMD_ADDRESS=127.0.0.1
exec "$server"
