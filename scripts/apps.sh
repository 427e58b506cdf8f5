#!/usr/bin/env bash
# Starts and stops the five built apps (dist/apps/*) in the background, with
# pid files and logs under .stack/, and waits until every /health/ready is green.
#   scripts/apps.sh start | stop | status
set -euo pipefail
REPO="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
RUN_DIR="$REPO/.stack/run/apps"
LOG_DIR="$REPO/.stack/logs/apps"
GATEWAY_PORT="${GATEWAY_PORT:-3000}"
# The services' own HTTP ports (health, metrics) are SERVICES_PORT_BASE + 1 … + 4, so two systems
# can run on one machine side by side.
B="${SERVICES_PORT_BASE:-3100}"
APPS=("connection-service:$((B + 1))" "drawing-service:$((B + 2))" "sync-service:$((B + 3))" "notification-service:$((B + 4))" "gateway:$GATEWAY_PORT")

log() { printf '[apps] %s\n' "$*" >&2; }

running() { [ -f "$1" ] && kill -0 "$(cat "$1")" 2>/dev/null; }

# Each app connects to the broker as its own user (issue 15, finding 6): AMQP_URL with the app's name and
# the password of RABBITMQ_PASSWORD_<APP> (from `scripts/stack.sh env` or `cluster-env`); without it, AMQP_URL as given.
amqp_url() {
  local var="RABBITMQ_PASSWORD_${1^^}"
  var="${var//-/_}"
  if [ -n "${!var:-}" ] && [ -n "${AMQP_URL:-}" ]; then
    # One URL, or several separated by commas (the nodes of a cluster, issue 18): each gets the app's user.
    local out="" one rest
    local IFS=,
    for one in $AMQP_URL; do
      rest="${one#*://}"
      out+="${out:+,}${one%%://*}://$1:${!var}@${rest#*@}"
    done
    echo "$out"
  else
    echo "${AMQP_URL:-}"
  fi
}

# The app's node flags (scripts/node-flags, shared with the specs' startSystem).
node_flags() {
  awk -v app="$1" '!/^#/ && $1 == app { $1 = ""; print }' "$REPO/scripts/node-flags"
}

start() {
  mkdir -p "$RUN_DIR" "$LOG_DIR"
  for entry in "${APPS[@]}"; do
    local app="${entry%%:*}" port="${entry##*:}" pid="$RUN_DIR/${entry%%:*}.pid"
    if running "$pid"; then log "$app already runs (pid $(cat "$pid"))"; continue; fi
    [ -f "$REPO/dist/apps/$app/main.js" ] || { log "dist/apps/$app/main.js missing: run the build first"; exit 1; }
    local url; url="$(amqp_url "$app")"
    env ${url:+"AMQP_URL=$url"} PORT="$port" NODE_ENV="${NODE_ENV:-production}" nohup node $(node_flags "$app") "$REPO/dist/apps/$app/main.js" >>"$LOG_DIR/$app.log" 2>&1 &
    echo $! >"$pid"
    log "$app started on :$port (pid $!, log .stack/logs/apps/$app.log)"
  done
  local deadline=$((SECONDS + 90))
  for entry in "${APPS[@]}"; do
    local app="${entry%%:*}" port="${entry##*:}"
    until curl -fsS "http://127.0.0.1:$port/health/ready" >/dev/null 2>&1; do
      running "$RUN_DIR/$app.pid" || { log "$app exited; last log lines:"; tail -20 "$LOG_DIR/$app.log" >&2; exit 1; }
      [ $SECONDS -lt $deadline ] || { log "$app not ready after 90 s"; tail -20 "$LOG_DIR/$app.log" >&2; exit 1; }
      sleep 0.5
    done
    log "$app ready"
  done
}

stop() {
  for entry in "${APPS[@]}"; do
    local app="${entry%%:*}" pid="$RUN_DIR/${entry%%:*}.pid"
    if running "$pid"; then
      kill -TERM "$(cat "$pid")"
      for _ in $(seq 1 100); do running "$pid" || break; sleep 0.1; done
      running "$pid" && kill -KILL "$(cat "$pid")"
      log "$app stopped"
    fi
    rm -f "$pid"
  done
}

status() {
  for entry in "${APPS[@]}"; do
    local app="${entry%%:*}" port="${entry##*:}"
    if running "$RUN_DIR/$app.pid"; then echo "$app: running (pid $(cat "$RUN_DIR/$app.pid"), :$port)"; else echo "$app: stopped"; fi
  done
}

case "${1:-}" in
  start) start ;;
  stop) stop ;;
  status) status ;;
  *) echo "usage: $0 start|stop|status" >&2; exit 2 ;;
esac
