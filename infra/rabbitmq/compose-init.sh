#!/bin/sh
# docker-compose's RabbitMQ (issue 15, finding 6): boots the server as the image does, then gives each
# service its own user (password RABBITMQ_PASSWORD_<SERVICE> from the environment) and the permissions
# and topic permissions of definitions.json beside this file (generated from
# libs/contracts/src/broker-permissions.ts). The healthcheck passes only once this is done.
set -eu
READY=/tmp/connect-broker-provisioned
rm -f "$READY"

# The cluster profile (issue 18): every node gets the one Erlang cookie of the cluster (generated once by
# the cluster-secrets step) before it boots, so the nodes can join each other and rabbitmqctl can talk to them.
if [ -n "${CONNECT_ERLANG_COOKIE_FILE:-}" ]; then
  cookie=/var/lib/rabbitmq/.erlang.cookie
  rm -f "$cookie"
  cp "$CONNECT_ERLANG_COOKIE_FILE" "$cookie"
  chmod 400 "$cookie"
  chown rabbitmq:rabbitmq "$cookie" 2>/dev/null || true
fi

docker-entrypoint.sh "$@" &
server=$!
# docker stop: stop the server and wait for it to finish.
trap 'kill -TERM "$server" 2>/dev/null; wait "$server"; exit $?' TERM INT

until rabbitmqctl -q await_startup >/dev/null 2>&1; do
  kill -0 "$server" 2>/dev/null || { wait "$server"; exit 1; }
  sleep 1
done

for service in gateway connection-service drawing-service sync-service notification-service; do
  var="RABBITMQ_PASSWORD_$(echo "$service" | tr 'a-z-' 'A-Z_')"
  eval "password=\${$var:?set $var}"
  rabbitmqctl -q add_user "$service" "$password" >/dev/null 2>&1 || rabbitmqctl -q change_password "$service" "$password"
done
rabbitmqctl -q import_definitions /etc/connect/rabbitmq/definitions.json
rabbitmqctl -q delete_user guest >/dev/null 2>&1 || true
touch "$READY"

wait "$server"
