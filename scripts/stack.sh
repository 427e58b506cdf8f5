#!/usr/bin/env bash
# scripts/stack.sh — the local infrastructure of Project Connect.
#
#   scripts/stack.sh up       provision and start what is missing (idempotent)
#   scripts/stack.sh down     stop exactly what `up` started (safe to repeat)
#   scripts/stack.sh status   one line per component; exit 0 when all run, 3 otherwise
#   scripts/stack.sh env      `export` lines for the services and tests (eval "$(scripts/stack.sh env)")
#   scripts/stack.sh build    only build the FerretDB binary when missing (can run alongside npm ci)
#   scripts/stack.sh rabbitmqctl ARGS...   rabbitmqctl against our node (e.g. stop_app / start_app)
#   scripts/stack.sh psql [ARGS...]        psql on our cluster's database `ferretdb`
#   scripts/stack.sh cluster-up | cluster-down | cluster-status | cluster-env
#                                          a three-node RabbitMQ cluster beside the stack (issue 18, below)
#   scripts/stack.sh cluster-node N stop|kill|start   stop (or SIGKILL) cluster node N (1-3), start it again
#
# Native stack (no Docker engine; see ../shared/INFRA.md and issue 9):
#   PostgreSQL 15 (Debian)  own cluster in .stack/pg, 127.0.0.1:$PG_PORT, trust auth,
#                           database `ferretdb` with the GIN twins of infra/postgres/gin-twins.sql
#   FerretDB v1.24.2        our Go wrapper infra/ferretdb, built once into .stack/bin, 127.0.0.1:$FERRETDB_PORT
#   RabbitMQ 3.10 (Debian)  own node $RABBITMQ_NODE (state in .stack/rabbitmq), 127.0.0.1:$AMQP_PORT,
#                           management API on 127.0.0.1:$RABBITMQ_MANAGEMENT_PORT, own epmd on $STACK_EPMD_PORT;
#                           no guest: an administrator and one user per service (issue 15, finding 6) with
#                           the permissions of infra/rabbitmq/definitions.json, passwords in .stack/broker.env
#   maildev (npm)           only when WITH_MAIL=1: SMTP 127.0.0.1:$SMTP_PORT, web 127.0.0.1:$MAILDEV_WEB_PORT
# The machine's own services (system PostgreSQL cluster, system RabbitMQ node) are never touched.
#
# RabbitMQ cluster (issue 18; `make cluster-up` / `make cluster-down`): three more nodes of RabbitMQ 3.10,
# started natively beside the stack's own node, joined into one cluster (classic config peer discovery,
# pause_minority), one Erlang cookie, the same users and permissions as the stack's node (.stack/broker.env).
#   node N (1-3)  name <RABBITMQ_NODE name>-N@<host> (connect-1@localhost, …), state in .stack/rabbitmq-cluster/node-N,
#                 AMQP on AMQP_PORT + N × RABBITMQ_CLUSTER_PORT_STEP, Erlang distribution on that + 20000,
#                 management on RABBITMQ_MANAGEMENT_PORT + N × RABBITMQ_CLUSTER_PORT_STEP (step 100 by default:
#                 5772/5872/5972 and 15772/15872/15972 with the default ports), epmd on STACK_EPMD_PORT.
#   `cluster-env` prints AMQP_URL and RABBITMQ_MANAGEMENT_URL as comma-separated lists of the three nodes.
#
# Environment:
#   AMQP_URL / MONGO_URL   set: that part is the user's, not provisioned (MONGO_URL skips PostgreSQL + FerretDB)
#   USE_DOCKER=0           never use Docker; otherwise, when `docker info` answers, `up` runs
#                          `docker compose up -d --wait rabbitmq mongo maildev` instead of the native stack
#   WITH_MAIL=1            also start maildev (needs node_modules/maildev)
#   PG_PORT (55432)  FERRETDB_PORT (= MONGO_PORT, 27017)  AMQP_PORT (5672)  RABBITMQ_MANAGEMENT_PORT (15672)
#   STACK_EPMD_PORT (4371)  RABBITMQ_NODE (connect@localhost)  SMTP_PORT (1025)  MAILDEV_WEB_PORT (1080)
#   STACK_DIR (<repo>/.stack)  STACK_TIMEOUT (seconds to wait for each service, 90)
#   RABBITMQ_CLUSTER_PORT_STEP (100)  the cluster's ports, see above
set -Eeuo pipefail

REPO="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd -P)"
STACK_DIR="${STACK_DIR:-$REPO/.stack}"
LOG_DIR="$STACK_DIR/logs"
RUN_DIR="$STACK_DIR/run"
BIN_DIR="$STACK_DIR/bin"

PG_PORT="${PG_PORT:-55432}"
PG_DB=ferretdb
PG_DATA="$STACK_DIR/pg"
PG_SOCKET_DIR="$RUN_DIR/pg"
PG_LOG="$LOG_DIR/postgres.log"
PG_URL_DEFAULT="postgres://postgres@127.0.0.1:$PG_PORT/$PG_DB"

FERRETDB_PORT="${FERRETDB_PORT:-${MONGO_PORT:-27017}}"
FERRETDB_SRC="$REPO/infra/ferretdb"
FERRETDB_PID="$RUN_DIR/ferretdb.pid"
FERRETDB_LOG="$LOG_DIR/ferretdb.log"

AMQP_PORT="${AMQP_PORT:-5672}"
RABBITMQ_MANAGEMENT_PORT="${RABBITMQ_MANAGEMENT_PORT:-15672}"
RABBITMQ_NODE="${RABBITMQ_NODE:-connect@localhost}"
STACK_EPMD_PORT="${STACK_EPMD_PORT:-4371}"
RMQ_DIR="$STACK_DIR/rabbitmq"
RMQ_BIN=/usr/lib/rabbitmq/bin
RMQ_PID="$RUN_DIR/rabbitmq.pid"
RMQ_EXTRA_CONF=""

# The three-node cluster (issue 18): its ports derive from the stack's own.
CLUSTER_SIZE=3
CLUSTER_DIR="$STACK_DIR/rabbitmq-cluster"
CLUSTER_PORT_STEP="${RABBITMQ_CLUSTER_PORT_STEP:-100}"
STACK_RABBITMQ_NODE="$RABBITMQ_NODE"
STACK_AMQP_PORT="$AMQP_PORT"
STACK_MANAGEMENT_PORT="$RABBITMQ_MANAGEMENT_PORT"

SMTP_PORT="${SMTP_PORT:-1025}"
MAILDEV_WEB_PORT="${MAILDEV_WEB_PORT:-1080}"
MAILDEV_PID="$RUN_DIR/maildev.pid"
MAILDEV_LOG="$LOG_DIR/maildev.log"

STACK_TIMEOUT="${STACK_TIMEOUT:-90}"
COMPOSE_SERVICES=(rabbitmq mongo maildev)
DOCKER_MARKER="$STACK_DIR/docker-mode"

# ------------------------------------------------------------------ helpers

log()  { printf '[stack] %s\n' "$*" >&2; }
warn() { printf '[stack] WARNING: %s\n' "$*" >&2; }
die()  { printf '[stack] ERROR: %s\n' "$*" >&2; exit 1; }

now() { date +%s.%N; }
elapsed() { awk -v a="$1" -v b="$(now)" 'BEGIN { printf "%.1f s", b - a }'; }

# step "description" command...: run a step and print how long it took.
STEP=""
step() {
  local desc="$1" t0
  shift
  STEP="$desc"
  t0="$(now)"
  "$@"
  log "$(printf '%-44s %s' "$desc" "$(elapsed "$t0")")"
  STEP=""
}

on_error() {
  local rc=$?
  if [[ -n "$STEP" ]]; then
    printf '[stack] ERROR: step "%s" failed (exit %s). Logs: %s\n' "$STEP" "$rc" "$LOG_DIR" >&2
  fi
  exit "$rc"
}

is_root() { [[ "$(id -u)" == 0 ]]; }

# port_open PORT: something accepts TCP connections on 127.0.0.1:PORT.
port_open() { (exec 3<>"/dev/tcp/127.0.0.1/$1") 2>/dev/null; }

# wait_for DESC TIMEOUT COMMAND...: poll COMMAND every 0.2 s until it succeeds.
wait_for() {
  local desc="$1" timeout="$2" deadline
  shift 2
  deadline=$(( $(date +%s) + timeout ))
  until "$@"; do
    if (( $(date +%s) >= deadline )); then
      die "$desc did not come up within ${timeout} s"
    fi
    sleep 0.2
  done
}

# pid_alive PIDFILE [EXE-PREFIX]: the pid in PIDFILE runs (and its executable starts with EXE-PREFIX).
pid_alive() {
  local pidfile="$1" exe_prefix="${2:-}" pid exe
  [[ -s "$pidfile" ]] || return 1
  pid="$(<"$pidfile")"
  [[ "$pid" =~ ^[0-9]+$ ]] || return 1
  kill -0 "$pid" 2>/dev/null || return 1
  if [[ -n "$exe_prefix" ]]; then
    # /proc/<pid>/exe is the resolved path: resolve the prefix's folder too (it may be a symlink).
    exe_prefix="$(readlink -f "$(dirname "$exe_prefix")" 2>/dev/null || dirname "$exe_prefix")/$(basename "$exe_prefix")"
    exe="$(readlink "/proc/$pid/exe" 2>/dev/null || true)"
    [[ "$exe" == "$exe_prefix"* ]] || return 1
  fi
}

# stop_pid NAME PIDFILE [EXE-PREFIX] [GROUP]: SIGTERM, wait up to 20 s, then SIGKILL.
stop_pid() {
  local name="$1" pidfile="$2" exe_prefix="${3:-}" group="${4:-}" pid target i
  if ! pid_alive "$pidfile" "$exe_prefix"; then
    rm -f "$pidfile"
    return 0
  fi
  pid="$(<"$pidfile")"
  target="$pid"
  [[ -n "$group" ]] && target="-$pid"
  kill -TERM -- "$target" 2>/dev/null || true
  for ((i = 0; i < 100; i++)); do
    kill -0 "$pid" 2>/dev/null || break
    sleep 0.2
  done
  if kill -0 "$pid" 2>/dev/null; then
    warn "$name (pid $pid) ignored SIGTERM for 20 s; sending SIGKILL"
    kill -KILL -- "$target" 2>/dev/null || true
  fi
  rm -f "$pidfile"
}

who_listens() {
  # Best effort: describe the process listening on a port (ss may be missing on a bare machine).
  if command -v ss >/dev/null 2>&1; then
    ss -Hltnp "sport = :$1" 2>/dev/null | sed -n 's/.*users:((\(.*\)))/\1/p' | head -1
  fi
}

# ------------------------------------------------------------------ parts

want_native_mongo()  { [[ -z "${MONGO_URL:-}" ]]; }
want_native_amqp()   { [[ -z "${AMQP_URL:-}" ]]; }
# With SMTP_URL given, mail goes there: no mail catcher is started (it would sit on a port nobody reads).
want_mail()          { [[ "${WITH_MAIL:-0}" == 1 && -z "${SMTP_URL:-}" ]]; }

docker_available() {
  [[ "${USE_DOCKER:-1}" != 0 ]] && command -v docker >/dev/null 2>&1 && docker info >/dev/null 2>&1
}

# ------------------------------------------------------------------ packages

APT_UPDATED=0
POLICY_RC_D=/usr/sbin/policy-rc.d
POLICY_RC_D_OURS=0

restore_policy_rc_d() {
  if [[ "$POLICY_RC_D_OURS" == 1 ]]; then
    rm -f "$POLICY_RC_D"
    POLICY_RC_D_OURS=0
  fi
}

pkg_installed() { dpkg-query -W -f='${Status}' "$1" 2>/dev/null | grep -q 'install ok installed'; }

ensure_packages() {
  local missing=() p
  for p in "$@"; do
    pkg_installed "$p" || missing+=("$p")
  done
  (( ${#missing[@]} )) || return 0
  is_root || die "missing Debian packages: ${missing[*]} (run as root, or: sudo apt-get install -y ${missing[*]})"
  command -v apt-get >/dev/null 2>&1 || die "missing packages ${missing[*]} and no apt-get: this script targets Debian 12"
  if [[ "$APT_UPDATED" == 0 ]]; then
    log "apt-get update"
    apt-get update -qq >"$LOG_DIR/apt.log" 2>&1 || { tail -20 "$LOG_DIR/apt.log" >&2; die "apt-get update failed (see $LOG_DIR/apt.log)"; }
    APT_UPDATED=1
  fi
  # Keep the packages' own services (system PostgreSQL cluster, system RabbitMQ node) from
  # starting on install: they would take ports we need and they are not ours to run.
  if [[ ! -e "$POLICY_RC_D" ]]; then
    printf '#!/bin/sh\n# temporary, scripts/stack.sh: do not start services during apt-get install\nexit 101\n' >"$POLICY_RC_D"
    chmod 755 "$POLICY_RC_D"
    POLICY_RC_D_OURS=1
  fi
  log "apt-get install ${missing[*]}"
  if ! DEBIAN_FRONTEND=noninteractive apt-get install -y -qq --no-install-recommends "${missing[@]}" >>"$LOG_DIR/apt.log" 2>&1; then
    restore_policy_rc_d
    tail -20 "$LOG_DIR/apt.log" >&2
    die "apt-get install ${missing[*]} failed (see $LOG_DIR/apt.log)"
  fi
  restore_policy_rc_d
}

# ------------------------------------------------------------------ PostgreSQL

pg_bin() {
  local d
  if [[ -n "${PG_BIN:-}" ]]; then
    echo "$PG_BIN"
    return
  fi
  for d in /usr/lib/postgresql/15/bin $(ls -d /usr/lib/postgresql/*/bin 2>/dev/null | sort -rV); do
    [[ -x "$d/pg_ctl" ]] && { echo "$d"; return; }
  done
  return 1
}

# Run a PostgreSQL server program as the cluster owner: `postgres` when we are root
# (initdb and postgres refuse to run as root), ourselves otherwise.
pg_as() {
  if is_root; then
    runuser -u postgres -- "$@"
  else
    "$@"
  fi
}

pg_running() {
  local bin
  bin="$(pg_bin)" || return 1
  [[ -f "$PG_DATA/PG_VERSION" ]] || return 1
  pg_as "$bin/pg_ctl" -D "$PG_DATA" status >/dev/null 2>&1
}

psql_pg() {
  # psql against our cluster; database first argument.
  local db="$1"
  shift
  "$(pg_bin)/psql" -X -q -v ON_ERROR_STOP=1 -h 127.0.0.1 -p "$PG_PORT" -U postgres -d "$db" "$@"
}

pg_init() {
  local bin
  bin="$(pg_bin)"
  if [[ -f "$PG_DATA/PG_VERSION" ]]; then
    local have want
    have="$(<"$PG_DATA/PG_VERSION")"
    want="$("$bin/postgres" --version | sed -E 's/.* ([0-9]+)(\.[0-9]+)*.*/\1/')"
    [[ "$have" == "$want" ]] || die "$PG_DATA was created by PostgreSQL $have but $bin is $want: run 'scripts/stack.sh down' and remove $PG_DATA"
    return 0
  fi
  mkdir -p "$PG_DATA"
  if is_root; then
    chown postgres:postgres "$PG_DATA"
    runuser -u postgres -- test -w "$PG_DATA" ||
      die "user postgres cannot write $PG_DATA: every parent directory of $STACK_DIR must be searchable by others (chmod o+x), or set STACK_DIR elsewhere"
  fi
  chmod 700 "$PG_DATA"
  pg_as "$bin/initdb" -D "$PG_DATA" -A trust -U postgres -E UTF8 --no-locale --no-instructions --no-sync \
    >"$LOG_DIR/initdb.log" 2>&1 || { tail -20 "$LOG_DIR/initdb.log" >&2; die "initdb failed (see $LOG_DIR/initdb.log)"; }
}

pg_start() {
  local bin
  bin="$(pg_bin)"
  if pg_running; then
    local running_port
    running_port="$(sed -n 4p "$PG_DATA/postmaster.pid" 2>/dev/null || true)"
    if [[ "$running_port" == "$PG_PORT" ]]; then
      log "PostgreSQL: our cluster already runs (127.0.0.1:$PG_PORT)"
      return 0
    fi
    log "PostgreSQL: our cluster runs on port $running_port, PG_PORT is $PG_PORT: restarting it"
    ferretdb_stop
    pg_stop
  fi
  if port_open "$PG_PORT"; then
    die "port $PG_PORT is taken by another process ($(who_listens "$PG_PORT")); set PG_PORT to a free port"
  fi
  mkdir -p "$PG_SOCKET_DIR"
  touch "$PG_LOG"
  if is_root; then
    chown postgres:postgres "$PG_SOCKET_DIR" "$PG_LOG"
  fi
  # A disposable development database: durability traded for speed (fsync off),
  # JIT off (it only adds latency to short OLTP queries).
  local opts="-p $PG_PORT -k $PG_SOCKET_DIR -c listen_addresses=127.0.0.1"
  opts+=" -c max_connections=200 -c shared_buffers=256MB"
  opts+=" -c fsync=off -c synchronous_commit=off -c full_page_writes=off -c jit=off"
  if ! pg_as "$bin/pg_ctl" -D "$PG_DATA" -l "$PG_LOG" -w -t "$STACK_TIMEOUT" -o "$opts" start >/dev/null 2>&1 9>&-; then
    tail -20 "$PG_LOG" >&2
    die "PostgreSQL did not start (see $PG_LOG)"
  fi
}

pg_provision() {
  if [[ "$(psql_pg postgres -Atc "SELECT 1 FROM pg_database WHERE datname = '$PG_DB'")" != 1 ]]; then
    psql_pg postgres -c "CREATE DATABASE $PG_DB"
  fi
  local out
  out="$(psql_pg "$PG_DB" -At -f "$REPO/infra/postgres/gin-twins.sql" 2>&1)" ||
    { printf '%s\n' "$out" >&2; die "applying infra/postgres/gin-twins.sql failed"; }
  [[ "$out" == 0 ]] || log "GIN twins: created $out missing twin(s)"
  out="$(psql_pg "$PG_DB" -At -f "$REPO/infra/postgres/version-guard.sql" 2>&1)" ||
    { printf '%s\n' "$out" >&2; die "applying infra/postgres/version-guard.sql failed"; }
  [[ "$out" == 0 ]] || log "version guard: attached to $out unguarded table(s)"
}

pg_stop() {
  local bin
  if pg_running; then
    bin="$(pg_bin)"
    pg_as "$bin/pg_ctl" -D "$PG_DATA" -m fast -w -t "$STACK_TIMEOUT" stop >/dev/null
    log "PostgreSQL stopped"
  fi
}

# ------------------------------------------------------------------ FerretDB

ferretdb_binary() {
  local hash
  hash="$(cat "$FERRETDB_SRC/go.mod" "$FERRETDB_SRC/go.sum" "$FERRETDB_SRC/main.go" | sha256sum | cut -c1-12)"
  echo "$BIN_DIR/ferretdb-$hash"
}

find_go() {
  if command -v go >/dev/null 2>&1; then
    command -v go
  elif [[ -x /usr/local/go/bin/go ]]; then
    echo /usr/local/go/bin/go
  else
    return 1
  fi
}

FERRETDB_BUILD_PID=""
FERRETDB_BUILD_LOG="$LOG_DIR/ferretdb-build.log"

# Build the binary of the current sources unless it exists. Serialised by a lock of its
# own, so that `build` (e.g. started by make alongside npm ci) and `up` build it once.
ferretdb_build() {
  local bin go
  bin="$(ferretdb_binary)"
  exec 8>"$STACK_DIR/.build.lock"
  flock 8
  [[ -x "$bin" ]] && return 0
  go="$(find_go)" || { echo "Go is needed to build FerretDB (infra/ferretdb, go.mod wants Go $(sed -n 's/^go //p' "$FERRETDB_SRC/go.mod")); install it from https://go.dev/dl" >&2; return 1; }
  echo "building $bin with $("$go" version)"
  cd "$FERRETDB_SRC"
  "$go" build -mod=readonly -buildvcs=false -trimpath -ldflags='-s -w' -o "$bin.tmp.$$" .
  mv -f "$bin.tmp.$$" "$bin"
}

# Start the build in the background when the binary for these sources is missing.
ferretdb_build_start() {
  local bin
  bin="$(ferretdb_binary)"
  [[ -x "$bin" ]] && return 0
  find_go >/dev/null || die "Go is needed to build FerretDB (infra/ferretdb, go.mod wants Go $(sed -n 's/^go //p' "$FERRETDB_SRC/go.mod")); install it from https://go.dev/dl"
  mkdir -p "$BIN_DIR"
  log "FerretDB: building $(basename "$bin") in the background (seconds with a warm Go build cache, 2-4 min with an empty one)"
  ( ferretdb_build ) >>"$FERRETDB_BUILD_LOG" 2>&1 9>&- &
  FERRETDB_BUILD_PID=$!
}

ferretdb_build_wait() {
  [[ -n "$FERRETDB_BUILD_PID" ]] || return 0
  if ! wait "$FERRETDB_BUILD_PID"; then
    tail -30 "$FERRETDB_BUILD_LOG" >&2
    die "building FerretDB failed (see $FERRETDB_BUILD_LOG)"
  fi
  FERRETDB_BUILD_PID=""
  # Keep only the binary of the current sources.
  find "$BIN_DIR" -maxdepth 1 -name 'ferretdb-*' ! -name '*.tmp.*' ! -name "$(basename "$(ferretdb_binary)")" -delete
}

ferretdb_running() { pid_alive "$FERRETDB_PID" "$BIN_DIR/ferretdb-"; }

ferretdb_start() {
  local bin
  bin="$(ferretdb_binary)"
  if ferretdb_running; then
    local pid
    pid="$(<"$FERRETDB_PID")"
    if [[ "$(readlink "/proc/$pid/exe")" != "$(readlink -f "$bin")" ]]; then
      log "FerretDB: sources changed since it started; restarting it"
      stop_pid FerretDB "$FERRETDB_PID" "$BIN_DIR/ferretdb-"
    elif ! tr '\0' '\n' <"/proc/$pid/environ" | grep -qx "FERRETDB_LISTEN=127.0.0.1:$FERRETDB_PORT"; then
      log "FerretDB: runs on another port than FERRETDB_PORT=$FERRETDB_PORT; restarting it"
      stop_pid FerretDB "$FERRETDB_PID" "$BIN_DIR/ferretdb-"
    else
      log "FerretDB: already runs (pid $(<"$FERRETDB_PID"), 127.0.0.1:$FERRETDB_PORT)"
      return 0
    fi
  fi
  if port_open "$FERRETDB_PORT"; then
    die "port $FERRETDB_PORT is taken by another process ($(who_listens "$FERRETDB_PORT")); set FERRETDB_PORT, or MONGO_URL to use that server"
  fi
  [[ -x "$bin" ]] || die "FerretDB binary $bin is missing"
  FERRETDB_LISTEN="127.0.0.1:$FERRETDB_PORT" FERRETDB_POSTGRESQL_URL="$PG_URL_DEFAULT" \
    nohup setsid "$bin" >>"$FERRETDB_LOG" 2>&1 </dev/null 9>&- &
  local pid=$!
  echo "$pid" >"$FERRETDB_PID"
  local deadline=$(( $(date +%s) + STACK_TIMEOUT ))
  until port_open "$FERRETDB_PORT"; do
    if ! kill -0 "$pid" 2>/dev/null; then
      tail -20 "$FERRETDB_LOG" >&2
      die "FerretDB exited at start (see $FERRETDB_LOG)"
    fi
    (( $(date +%s) < deadline )) || die "FerretDB did not listen on $FERRETDB_PORT within ${STACK_TIMEOUT} s (see $FERRETDB_LOG)"
    sleep 0.1
  done
}

ferretdb_stop() {
  if ferretdb_running; then
    stop_pid FerretDB "$FERRETDB_PID" "$BIN_DIR/ferretdb-"
    log "FerretDB stopped"
  fi
  rm -f "$FERRETDB_PID"
}

# ------------------------------------------------------------------ RabbitMQ

# Run a RabbitMQ program (server or CLI) with the environment of our node: its own
# name, state, logs, config, plugins, Erlang cookie ($HOME) and epmd port.
# We call /usr/lib/rabbitmq/bin directly: Debian's /usr/sbin wrappers switch to the
# `rabbitmq` user and its HOME, i.e. the system node's cookie and directories.
rmq() {
  local prog="$1"
  shift
  (
    cd "$RMQ_DIR"
    env HOME="$RMQ_DIR" \
      ERL_EPMD_PORT="$STACK_EPMD_PORT" ERL_EPMD_ADDRESS=127.0.0.1 \
      RABBITMQ_NODENAME="$RABBITMQ_NODE" \
      RABBITMQ_NODE_IP_ADDRESS=127.0.0.1 \
      RABBITMQ_NODE_PORT="$AMQP_PORT" \
      RABBITMQ_DIST_PORT="$((AMQP_PORT + 20000))" \
      RABBITMQ_CONF_ENV_FILE="$RMQ_DIR/rabbitmq-env.conf" \
      RABBITMQ_CONFIG_FILE="$RMQ_DIR/rabbitmq.conf" \
      RABBITMQ_ADVANCED_CONFIG_FILE="$RMQ_DIR/advanced.config" \
      RABBITMQ_ENABLED_PLUGINS_FILE="$RMQ_DIR/enabled_plugins" \
      RABBITMQ_MNESIA_BASE="$RMQ_DIR/mnesia" \
      RABBITMQ_LOG_BASE="$LOG_DIR/rabbitmq" \
      RABBITMQ_PID_FILE="$RMQ_PID" \
      "$RMQ_BIN/$prog" "$@"
  )
}

# Our node's Erlang VM runs (pid file written by the node, command line naming our $HOME).
rmq_pid_alive() {
  local pid
  [[ -s "$RMQ_PID" ]] || return 1
  pid="$(<"$RMQ_PID")"
  [[ "$pid" =~ ^[0-9]+$ ]] && kill -0 "$pid" 2>/dev/null || return 1
  tr '\0' ' ' <"/proc/$pid/cmdline" 2>/dev/null | grep -qF -- "-home $RMQ_DIR "
}

# Our node answers its CLI tools and the broker application runs.
rmq_answers() {
  [[ -d "$RMQ_DIR" && -x "$RMQ_BIN/rabbitmq-diagnostics" ]] || return 1
  rmq rabbitmq-diagnostics -n "$RABBITMQ_NODE" -q check_running >/dev/null 2>&1
}

# Cheap checks first: the CLI tools take 1-3 s to boot an Erlang VM of their own.
rmq_running() {
  if rmq_pid_alive || port_open "$AMQP_PORT"; then
    rmq_answers
  else
    return 1
  fi
}

rmq_configure() {
  mkdir -p "$RMQ_DIR/mnesia" "$LOG_DIR/rabbitmq"
  : >"$RMQ_DIR/rabbitmq-env.conf"
  cat >"$RMQ_DIR/rabbitmq.conf" <<EOF
# Generated by scripts/stack.sh — the project's own RabbitMQ node.
listeners.tcp.default = 127.0.0.1:$AMQP_PORT
management.tcp.ip = 127.0.0.1
management.tcp.port = $RABBITMQ_MANAGEMENT_PORT
loopback_users.guest = true
log.file.level = info
log.console = false
$RMQ_EXTRA_CONF
EOF
  # Erlang distribution (node <-> CLI tools) on the loopback interface only.
  echo '[{kernel, [{inet_dist_use_interface, {127,0,0,1}}]}].' >"$RMQ_DIR/advanced.config"
  echo '[rabbitmq_management].' >"$RMQ_DIR/enabled_plugins"
}

RMQ_STARTED=0

# Boot the node in the background (-detached); rmq_wait waits for readiness.
rmq_start() {
  if rmq_running; then
    log "RabbitMQ: our node $RABBITMQ_NODE already runs (127.0.0.1:$AMQP_PORT)"
    return 0
  fi
  if rmq_pid_alive; then
    log "RabbitMQ: our node $RABBITMQ_NODE is still booting (pid $(<"$RMQ_PID")); waiting for it"
    RMQ_STARTED=1
    return 0
  fi
  local p
  for p in "$AMQP_PORT" "$RABBITMQ_MANAGEMENT_PORT" "$((AMQP_PORT + 20000))"; do
    if port_open "$p"; then
      die "port $p is taken by another process ($(who_listens "$p")) — is the system RabbitMQ running? Stop it, or set AMQP_URL to use it"
    fi
  done
  rmq_configure
  # A pid file left by a node that died without `down` would read as "exited during its boot".
  rm -f "$RMQ_PID"
  rmq rabbitmq-server -detached >>"$LOG_DIR/rabbitmq-start.log" 2>&1 9>&- ||
    { tail -20 "$LOG_DIR/rabbitmq-start.log" >&2; die "rabbitmq-server -detached failed (see $LOG_DIR/rabbitmq-start.log)"; }
  RMQ_STARTED=1
}

rmq_wait() {
  [[ "$RMQ_STARTED" == 1 ]] || return 0
  local deadline=$(( $(date +%s) + STACK_TIMEOUT )) node_log="$LOG_DIR/rabbitmq/$RABBITMQ_NODE.log"
  # The listeners open at the end of the boot: poll the ports (cheap), then ask the node once.
  until port_open "$AMQP_PORT" && port_open "$RABBITMQ_MANAGEMENT_PORT"; do
    if (( $(date +%s) >= deadline )); then
      tail -30 "$node_log" >&2 2>/dev/null || true
      die "RabbitMQ did not open ports $AMQP_PORT/$RABBITMQ_MANAGEMENT_PORT within ${STACK_TIMEOUT} s (see $LOG_DIR/rabbitmq/)"
    fi
    if [[ -s "$RMQ_PID" ]] && ! rmq_pid_alive; then
      tail -30 "$node_log" >&2 2>/dev/null || true
      die "RabbitMQ exited during its boot (see $LOG_DIR/rabbitmq/ and $LOG_DIR/rabbitmq-start.log)"
    fi
    sleep 0.2
  done
  until rmq_answers; do
    (( $(date +%s) < deadline )) || die "RabbitMQ node $RABBITMQ_NODE does not answer check_running (see $LOG_DIR/rabbitmq/)"
    sleep 0.5
  done
}

epmd_bin() {
  local e
  e="$(command -v epmd 2>/dev/null || ls /usr/lib/erlang/erts-*/bin/epmd 2>/dev/null | head -1)"
  [[ -n "$e" ]] && echo "$e"
}

rmq_stop() {
  if rmq_pid_alive; then
    # Waits until the node's OS process has exited.
    rmq rabbitmqctl -n "$RABBITMQ_NODE" -q stop "$RMQ_PID" >/dev/null 2>&1 ||
      warn "rabbitmqctl stop failed (see $LOG_DIR/rabbitmq/)"
    log "RabbitMQ node $RABBITMQ_NODE stopped"
  elif port_open "$AMQP_PORT" && rmq_answers; then
    # Our node, but its pid file is gone.
    rmq rabbitmqctl -n "$RABBITMQ_NODE" -q stop >/dev/null 2>&1 ||
      warn "rabbitmqctl stop failed (see $LOG_DIR/rabbitmq/)"
    log "RabbitMQ node $RABBITMQ_NODE stopped"
  fi
  # Our node came with its own epmd (port $STACK_EPMD_PORT): stop it when no node is left.
  local e
  if port_open "$STACK_EPMD_PORT" && e="$(epmd_bin)"; then
    ERL_EPMD_PORT="$STACK_EPMD_PORT" "$e" -kill >/dev/null 2>&1 || true
  fi
  rm -f "$RMQ_PID"
}

# Issue 15, finding 6: every service connects as its own user, with the permissions and topic
# permissions of infra/rabbitmq/definitions.json (generated from libs/contracts/src/broker-permissions.ts).
# Passwords are generated once per stack into .stack/broker.env (mode 600); guest is deleted.
BROKER_SERVICES=(gateway connection-service drawing-service sync-service notification-service)
BROKER_ENV="$STACK_DIR/broker.env"
BROKER_DEFINITIONS="$REPO/infra/rabbitmq/definitions.json"

# RABBITMQ_PASSWORD_CONNECTION_SERVICE for connection-service
broker_password_var() { local v="${1^^}"; echo "RABBITMQ_PASSWORD_${v//-/_}"; }

secret() { head -c 24 /dev/urandom | od -An -tx1 | tr -d ' \n'; }

# Writes the missing credentials into FILE (admin user and password, one password per service) and loads them.
broker_credentials() {
  local file="$1" var svc
  mkdir -p "$STACK_DIR"
  ( umask 077; touch "$file" )
  grep -q '^RABBITMQ_USER=' "$file" || printf 'RABBITMQ_USER=connect-admin\n' >>"$file"
  grep -q '^RABBITMQ_PASSWORD=' "$file" || printf 'RABBITMQ_PASSWORD=%s\n' "$(secret)" >>"$file"
  for svc in "${BROKER_SERVICES[@]}"; do
    var="$(broker_password_var "$svc")"
    grep -q "^$var=" "$file" || printf '%s=%s\n' "$var" "$(secret)" >>"$file"
  done
  # shellcheck disable=SC1090
  set -a; . "$file"; set +a
}

# The node's management API as our administrator: rmq_api METHOD PATH [curl args...]
rmq_api() {
  local method="$1" path="$2"
  shift 2
  curl -fsS -o /dev/null -u "$RABBITMQ_USER:$RABBITMQ_PASSWORD" -H 'content-type: application/json' \
    -X "$method" "http://127.0.0.1:$RABBITMQ_MANAGEMENT_PORT/api$path" "$@"
}

rmq_provision() {
  broker_credentials "$BROKER_ENV"
  if ! rmq_api GET /whoami 2>/dev/null; then
    # A new node (or a lost broker.env): make our administrator with the CLI, once.
    rmq rabbitmqctl -n "$RABBITMQ_NODE" -q add_user "$RABBITMQ_USER" "$RABBITMQ_PASSWORD" >/dev/null 2>&1 ||
      rmq rabbitmqctl -n "$RABBITMQ_NODE" -q change_password "$RABBITMQ_USER" "$RABBITMQ_PASSWORD" >/dev/null
    rmq rabbitmqctl -n "$RABBITMQ_NODE" -q set_user_tags "$RABBITMQ_USER" administrator >/dev/null
    rmq rabbitmqctl -n "$RABBITMQ_NODE" -q set_permissions -p / "$RABBITMQ_USER" '.*' '.*' '.*' >/dev/null
    wait_for "RabbitMQ administrator" "$STACK_TIMEOUT" rmq_api GET /whoami
  fi
  local svc var
  for svc in "${BROKER_SERVICES[@]}"; do
    var="$(broker_password_var "$svc")"
    rmq_api PUT "/users/$svc" -d "{\"password\":\"${!var}\",\"tags\":\"\"}"
  done
  rmq_api POST /definitions --data-binary "@$BROKER_DEFINITIONS"
  rmq_api DELETE /users/guest 2>/dev/null || true
}


# ------------------------------------------------------------------ RabbitMQ cluster (issue 18)

cluster_node_name() { echo "${STACK_RABBITMQ_NODE%@*}-$1@${STACK_RABBITMQ_NODE#*@}"; }
cluster_amqp_port() { echo $((STACK_AMQP_PORT + CLUSTER_PORT_STEP * $1)); }
cluster_management_port() { echo $((STACK_MANAGEMENT_PORT + CLUSTER_PORT_STEP * $1)); }

# Points the RabbitMQ functions above at cluster node $1 (call it in a subshell).
cluster_node() {
  local i="$1" n
  [[ "$i" =~ ^[1-9]$ ]] && (( i <= CLUSTER_SIZE )) || die "no cluster node '$i' (1-$CLUSTER_SIZE)"
  RABBITMQ_NODE="$(cluster_node_name "$i")"
  AMQP_PORT="$(cluster_amqp_port "$i")"
  RABBITMQ_MANAGEMENT_PORT="$(cluster_management_port "$i")"
  RMQ_DIR="$CLUSTER_DIR/node-$i"
  RMQ_PID="$RUN_DIR/rabbitmq-cluster-$i.pid"
  RMQ_EXTRA_CONF="# The cluster (issue 18): a blank node joins the first of these that runs.
cluster_name = connect-cluster
cluster_formation.peer_discovery_backend = classic_config
cluster_partition_handling = pause_minority"
  for ((n = 1; n <= CLUSTER_SIZE; n++)); do
    RMQ_EXTRA_CONF+=$'\n'"cluster_formation.classic_config.nodes.$n = $(cluster_node_name "$n")"
  done
}

# One Erlang cookie for the three nodes and their CLI tools (each node's $HOME is its folder).
cluster_cookie() {
  mkdir -p "$CLUSTER_DIR" "$RMQ_DIR"
  if [[ ! -s "$CLUSTER_DIR/.erlang.cookie" ]]; then
    ( umask 077; secret | tr -d '\n' | tr 'a-f' 'A-F' >"$CLUSTER_DIR/.erlang.cookie" )
  fi
  if ! cmp -s "$CLUSTER_DIR/.erlang.cookie" "$RMQ_DIR/.erlang.cookie" 2>/dev/null; then
    rm -f "$RMQ_DIR/.erlang.cookie"
    install -m 400 "$CLUSTER_DIR/.erlang.cookie" "$RMQ_DIR/.erlang.cookie"
  fi
}

cluster_node_up() {
  cluster_node "$1"
  cluster_cookie
  rmq_start
  rmq_wait
}

# The nodes node 1 sees running in its cluster, one per line.
cluster_running_nodes() {
  ( cluster_node 1; rmq rabbitmqctl -n "$RABBITMQ_NODE" -q cluster_status --formatter json 2>/dev/null ) |
    grep -o '"running_nodes":\[[^]]*\]' | grep -o '"[^"]*@[^"]*"' | tr -d '"'
}

cluster_formed() { [[ "$(cluster_running_nodes | wc -l)" == "$CLUSTER_SIZE" ]]; }

# A node's data folder holds no node yet: it has never been part of the cluster (or was reset).
cluster_node_blank() { ! compgen -G "$RMQ_DIR/mnesia/$RABBITMQ_NODE*" >/dev/null; }

# A blank node that booted alone (it found no peer in time) is made to join node 1. Only a blank one:
# a node with data that is not in the cluster yet is waiting for its peers' tables (or is a cluster of its
# own by mistake) — reset, it would lose its messages; it is left to the operator.
cluster_join_strays() {
  local i running
  running="$(cluster_running_nodes)"
  for ((i = 2; i <= CLUSTER_SIZE; i++)); do
    grep -qx "$(cluster_node_name "$i")" <<<"$running" && continue
    if [[ ! -e "$CLUSTER_DIR/node-$i/.blank" ]]; then
      log "RabbitMQ cluster: $(cluster_node_name "$i") is not in the cluster yet (it has data: not reset)"
      continue
    fi
    log "RabbitMQ cluster: $(cluster_node_name "$i") (blank) is not in the cluster; joining it to $(cluster_node_name 1)"
    (
      cluster_node "$i"
      rmq rabbitmqctl -n "$RABBITMQ_NODE" -q stop_app >/dev/null
      rmq rabbitmqctl -n "$RABBITMQ_NODE" -q reset >/dev/null
      rmq rabbitmqctl -n "$RABBITMQ_NODE" -q join_cluster "$(cluster_node_name 1)" >/dev/null
      rmq rabbitmqctl -n "$RABBITMQ_NODE" -q start_app >/dev/null
    )
  done
}

# Every node at once, then wait for all. After a full stop a node that was not the last one to stop
# waits at boot for its peers' tables: starting one node and waiting for it before the others deadlocks
# unless it happened to be the last to stop (review 6). Blank nodes find the others by peer discovery.
cluster_start_all() {
  local i pids=() rc=0
  for ((i = 1; i <= CLUSTER_SIZE; i++)); do
    (
      cluster_node "$i"
      if cluster_node_blank; then mkdir -p "$RMQ_DIR" && : >"$RMQ_DIR/.blank"; else rm -f "$RMQ_DIR/.blank"; fi
      cluster_node_up "$i"
    ) &
    pids+=($!)
  done
  for i in "${pids[@]}"; do wait "$i" || rc=1; done
  return "$rc"
}

cluster_wait_formed() {
  local deadline=$(( $(date +%s) + 30 ))
  until cluster_formed; do
    if (( $(date +%s) >= deadline )); then
      cluster_join_strays
      wait_for "RabbitMQ cluster of $CLUSTER_SIZE nodes" "$STACK_TIMEOUT" cluster_formed
      break
    fi
    sleep 1
  done
  rm -f "$CLUSTER_DIR"/node-*/.blank
}

cluster_provision() { ( cluster_node 1; rmq_provision ); }

cmd_cluster_up() {
  local t0
  t0="$(now)"
  mkdir -p "$LOG_DIR" "$RUN_DIR" "$CLUSTER_DIR"
  step "packages (rabbitmq-server curl)" ensure_packages rabbitmq-server curl
  step "RabbitMQ cluster: boot $CLUSTER_SIZE nodes" cluster_start_all
  step "RabbitMQ cluster: $CLUSTER_SIZE nodes joined" cluster_wait_formed
  # Users, permissions and vhosts are the cluster's: made once, through node 1.
  step "RabbitMQ cluster: a user per service, permissions" cluster_provision
  log "cluster up in $(elapsed "$t0"): $(cluster_running_nodes | tr '\n' ' ')"
}

# Node 1 last (cluster-up starts all nodes together anyway: any order of stopping restarts).
cluster_stop() {
  local i
  for ((i = CLUSTER_SIZE; i >= 1; i--)); do
    ( cluster_node "$i"; rmq_stop )
  done
}

cmd_cluster_down() {
  local t0
  t0="$(now)"
  cluster_stop
  log "cluster down in $(elapsed "$t0")"
}

cmd_cluster_status() {
  local i ok=0
  for ((i = 1; i <= CLUSTER_SIZE; i++)); do
    (
      cluster_node "$i"
      if rmq_running; then
        printf '%-10s %-8s %s\n' "rabbit-$i" up "node=$RABBITMQ_NODE 127.0.0.1:$AMQP_PORT management=127.0.0.1:$RABBITMQ_MANAGEMENT_PORT"
      else
        printf '%-10s %-8s %s\n' "rabbit-$i" down "node=$RABBITMQ_NODE"
        exit 3
      fi
    ) || ok=3
  done
  (( ok == 0 )) && printf '%-10s %-8s %s\n' cluster up "running: $(cluster_running_nodes | tr '\n' ' ')"
  return "$ok"
}

# The environment of the services and tests on the cluster: every URL a list of the three nodes.
cmd_cluster_env() {
  local i amqp="" http="" nodes="" svc var
  broker_credentials "$BROKER_ENV"
  for ((i = 1; i <= CLUSTER_SIZE; i++)); do
    amqp+="${amqp:+,}amqp://$RABBITMQ_USER:$RABBITMQ_PASSWORD@127.0.0.1:$(cluster_amqp_port "$i")"
    http+="${http:+,}http://$RABBITMQ_USER:$RABBITMQ_PASSWORD@127.0.0.1:$(cluster_management_port "$i")"
    nodes+="${nodes:+,}$(cluster_node_name "$i")"
  done
  for svc in "${BROKER_SERVICES[@]}"; do
    var="$(broker_password_var "$svc")"
    printf "export %s='%s'\n" "$var" "${!var}"
  done
  printf "export AMQP_URL='%s'\n" "$amqp"
  printf "export RABBITMQ_MANAGEMENT_URL='%s'\n" "$http"
  printf "export RABBITMQ_CLUSTER_NODES='%s'\n" "$nodes"
}

# cluster-node N stop|kill|start: one node down (rabbitmqctl stop, or SIGKILL of its VM: a crash) and up again.
cmd_cluster_node() {
  local i="${1:-}" action="${2:-}"
  case "$action" in
    stop) ( cluster_node "$i"; rmq_stop ) ;;
    kill)
      (
        cluster_node "$i"
        rmq_pid_alive || die "cluster node $i does not run"
        kill -KILL "$(<"$RMQ_PID")"
        while rmq_pid_alive; do sleep 0.1; done
        rm -f "$RMQ_PID"
        log "RabbitMQ node $RABBITMQ_NODE killed (SIGKILL)"
      )
      ;;
    start) ( cluster_node_up "$i" ); log "RabbitMQ node $(cluster_node_name "$i") runs" ;;
    *) die "usage: cluster-node N stop|kill|start" ;;
  esac
}

# ------------------------------------------------------------------ maildev

maildev_running() { pid_alive "$MAILDEV_PID"; }

maildev_start() {
  if maildev_running; then
    log "maildev: already runs (pid $(<"$MAILDEV_PID"))"
    return 0
  fi
  if [[ ! -f "$REPO/node_modules/maildev/package.json" ]]; then
    log "maildev: not in node_modules (npm install first); skipped"
    return 0
  fi
  local p
  for p in "$SMTP_PORT" "$MAILDEV_WEB_PORT"; do
    port_open "$p" && die "port $p is taken by another process ($(who_listens "$p")); set SMTP_PORT / MAILDEV_WEB_PORT"
  done
  mkdir -p "$STACK_DIR/maildev"
  # setsid: maildev runs in a process group of its own (npx -> sh -> node), stopped as a group.
  (
    cd "$REPO"
    nohup setsid npx --no-install maildev --smtp "$SMTP_PORT" --web "$MAILDEV_WEB_PORT" \
      --ip 127.0.0.1 --web-ip 127.0.0.1 --mail-directory "$STACK_DIR/maildev" \
      >>"$MAILDEV_LOG" 2>&1 </dev/null 9>&- &
    echo $! >"$MAILDEV_PID"
  )
  wait_for "maildev SMTP" "$STACK_TIMEOUT" port_open "$SMTP_PORT"
  wait_for "maildev web" "$STACK_TIMEOUT" port_open "$MAILDEV_WEB_PORT"
}

maildev_stop() {
  if maildev_running; then
    stop_pid maildev "$MAILDEV_PID" "" group
    log "maildev stopped"
  fi
  rm -f "$MAILDEV_PID"
}

# ------------------------------------------------------------------ Docker mode

# docker-compose.yml starts nothing without credentials (issue 15, finding 7): in Docker mode this
# checkout's own, generated once into .stack/compose.env (mode 600); cmd_env prints URLs with them.
COMPOSE_ENV="$STACK_DIR/compose.env"
compose_env() {
  if [[ ! -s "$COMPOSE_ENV" ]]; then
    mkdir -p "$STACK_DIR"
    ( umask 077
      printf 'MONGO_USER=connect\nMONGO_PASSWORD=%s\nADMIN_TOKEN=%s\n' "$(secret)" "${ADMIN_TOKEN:-$(secret)}" >"$COMPOSE_ENV" )
  fi
  # The broker's administrator and one password per service (RABBITMQ_PASSWORD_GATEWAY, …).
  broker_credentials "$COMPOSE_ENV"
}
compose() { compose_env; docker compose --env-file "$COMPOSE_ENV" -f "$REPO/docker-compose.yml" "$@"; }

docker_up() {
  log "Docker engine found: starting ${COMPOSE_SERVICES[*]} with docker compose (USE_DOCKER=0 for the native stack)"
  compose up -d --wait "${COMPOSE_SERVICES[@]}"
  touch "$DOCKER_MARKER"
}

docker_down() {
  compose stop "${COMPOSE_SERVICES[@]}"
  compose rm -f "${COMPOSE_SERVICES[@]}"
  rm -f "$DOCKER_MARKER"
}

# ------------------------------------------------------------------ commands

cmd_up() {
  local t0
  t0="$(now)"
  mkdir -p "$LOG_DIR" "$RUN_DIR" "$BIN_DIR"

  if docker_available; then
    step "docker compose up" docker_up
    log "up in $(elapsed "$t0")"
    return 0
  fi

  local pkgs=()
  want_native_amqp && pkgs+=(rabbitmq-server curl)
  want_native_mongo && pkgs+=(postgresql)
  step "packages (${pkgs[*]:-none})" ensure_packages "${pkgs[@]}"

  if want_native_mongo; then
    ferretdb_build_start
  fi
  if want_native_amqp; then
    step "RabbitMQ: boot node $RABBITMQ_NODE" rmq_start
  else
    log "AMQP_URL is set: RabbitMQ not provisioned"
  fi
  if want_native_mongo; then
    step "PostgreSQL: cluster ${PG_DATA#"$REPO"/}" pg_init
    step "PostgreSQL: start on 127.0.0.1:$PG_PORT" pg_start
    step "PostgreSQL: database $PG_DB + GIN twins + version guard" pg_provision
    step "FerretDB: build (cached in .stack/bin)" ferretdb_build_wait
    step "FerretDB: start on 127.0.0.1:$FERRETDB_PORT" ferretdb_start
  else
    log "MONGO_URL is set: PostgreSQL and FerretDB not provisioned"
  fi
  if want_native_amqp; then
    step "RabbitMQ: ready (AMQP $AMQP_PORT, HTTP $RABBITMQ_MANAGEMENT_PORT)" rmq_wait
    step "RabbitMQ: a user per service, permissions" rmq_provision
  fi
  if want_mail; then
    step "maildev: SMTP $SMTP_PORT, web $MAILDEV_WEB_PORT" maildev_start
  elif [[ -n "${SMTP_URL:-}" ]]; then
    log "SMTP_URL is set: mail goes to it, no mail catcher started"
  fi
  log "up in $(elapsed "$t0")"
}

cmd_down() {
  local t0
  t0="$(now)"
  if [[ -f "$DOCKER_MARKER" ]]; then
    if command -v docker >/dev/null 2>&1 && docker info >/dev/null 2>&1; then
      step "docker compose stop" docker_down
    else
      warn "up used Docker, but no Docker engine answers now"
    fi
  fi
  step "maildev: stop" maildev_stop
  step "FerretDB: stop" ferretdb_stop
  step "RabbitMQ cluster: stop (issue 18)" cluster_stop
  step "RabbitMQ: stop" rmq_stop
  step "PostgreSQL: stop" pg_stop
  log "down in $(elapsed "$t0")"
}

cmd_status() {
  local ok=0 line
  report() { printf '%-10s %-8s %s\n' "$1" "$2" "$3"; }
  if [[ -f "$DOCKER_MARKER" ]]; then
    report docker up "docker compose services: ${COMPOSE_SERVICES[*]}"
    compose ps "${COMPOSE_SERVICES[@]}" || ok=3
    return "$ok"
  fi
  if want_native_mongo; then
    if pg_running; then report postgres up "127.0.0.1:$PG_PORT data=$PG_DATA"; else report postgres down ""; ok=3; fi
    if ferretdb_running && port_open "$FERRETDB_PORT"; then
      report ferretdb up "127.0.0.1:$FERRETDB_PORT pid=$(<"$FERRETDB_PID") bin=$(basename "$(readlink "/proc/$(<"$FERRETDB_PID")/exe")")"
    else
      report ferretdb down ""; ok=3
    fi
  else
    report mongo external "MONGO_URL is set"
  fi
  if want_native_amqp; then
    if rmq_running; then
      line="node=$RABBITMQ_NODE 127.0.0.1:$AMQP_PORT"
      port_open "$RABBITMQ_MANAGEMENT_PORT" && line+=" management=127.0.0.1:$RABBITMQ_MANAGEMENT_PORT"
      report rabbitmq up "$line"
    else
      report rabbitmq down ""; ok=3
    fi
  else
    report rabbitmq external "AMQP_URL is set"
  fi
  if maildev_running; then
    report maildev up "smtp=127.0.0.1:$SMTP_PORT web=http://127.0.0.1:$MAILDEV_WEB_PORT"
  else
    report maildev down "(started only with WITH_MAIL=1 and no SMTP_URL)"
  fi
  return "$ok"
}

cmd_env() {
  local mode=native
  [[ -f "$DOCKER_MARKER" ]] && mode=docker
  printf "export STACK_MODE='%s'\n" "$mode"
  # AMQP_URL: the broker's administrator (specs, tools); each app connects as its own user, with the
  # password of RABBITMQ_PASSWORD_<APP> (scripts/apps.sh, libs/testing). Generated per stack.
  local amqp_user=guest amqp_pass=guest mongo_auth="" svc var
  if [[ "$mode" == docker ]]; then
    compose_env
    mongo_auth="$MONGO_USER:$MONGO_PASSWORD@"
  elif want_native_amqp; then
    broker_credentials "$BROKER_ENV"
  fi
  if [[ "$mode" == docker ]] || want_native_amqp; then
    amqp_user="$RABBITMQ_USER" amqp_pass="$RABBITMQ_PASSWORD"
    for svc in "${BROKER_SERVICES[@]}"; do
      var="$(broker_password_var "$svc")"
      printf "export %s='%s'\n" "$var" "${!var}"
    done
  fi
  printf "export AMQP_URL='%s'\n" "${AMQP_URL:-amqp://$amqp_user:$amqp_pass@127.0.0.1:$AMQP_PORT}"
  # The broker's HTTP API is known for our node only (or when given).
  if [[ -n "${RABBITMQ_MANAGEMENT_URL:-}" ]]; then
    printf "export RABBITMQ_MANAGEMENT_URL='%s'\n" "$RABBITMQ_MANAGEMENT_URL"
  elif [[ "$mode" == docker ]] || want_native_amqp; then
    printf "export RABBITMQ_MANAGEMENT_URL='%s'\n" "http://$amqp_user:$amqp_pass@127.0.0.1:$RABBITMQ_MANAGEMENT_PORT"
  fi
  if [[ "$mode" == docker ]]; then
    printf "export MONGO_URL='%s'\n" "${MONGO_URL:-mongodb://${mongo_auth}127.0.0.1:${MONGO_PORT:-27017}/?authSource=admin}"
  else
    printf "export MONGO_URL='%s'\n" "${MONGO_URL:-mongodb://127.0.0.1:$FERRETDB_PORT}"
  fi
  if [[ "$mode" == native ]] && want_native_mongo; then
    printf "export PG_URL='%s'\n" "$PG_URL_DEFAULT"
  fi
  printf "export SMTP_URL='%s'\n" "${SMTP_URL:-smtp://127.0.0.1:$SMTP_PORT}"
  # Where to read the mail: only when our mail catcher runs.
  if maildev_running; then printf "export MAILDEV_URL='%s'\n" "http://127.0.0.1:$MAILDEV_WEB_PORT"; fi
}

cmd_build() {
  local t0
  t0="$(now)"
  mkdir -p "$LOG_DIR" "$BIN_DIR"
  ferretdb_build_start
  step "FerretDB: build $(basename "$(ferretdb_binary)")" ferretdb_build_wait
  log "build in $(elapsed "$t0")"
}

cmd_rabbitmqctl() {
  if [[ -f "$DOCKER_MARKER" ]]; then
    compose exec -T rabbitmq rabbitmqctl "$@"
  else
    [[ -d "$RMQ_DIR" ]] || die "our RabbitMQ node has never been started (scripts/stack.sh up)"
    rmq rabbitmqctl -n "$RABBITMQ_NODE" "$@"
  fi
}

cmd_psql() {
  [[ ! -f "$DOCKER_MARKER" ]] || die "no PostgreSQL in Docker mode (real MongoDB)"
  pg_bin >/dev/null || die "PostgreSQL is not installed (scripts/stack.sh up)"
  psql_pg "$PG_DB" "$@"
}

usage() {
  sed -n '2,14p' "${BASH_SOURCE[0]}" | sed 's/^# \{0,1\}//' >&2
  exit 2
}

# One `up` or `down` at a time (two test runs starting the stack together).
# Every daemon is started with fd 9 closed (`9>&-`) so that it does not keep the lock.
lock() {
  mkdir -p "$STACK_DIR"
  exec 9>"$STACK_DIR/.lock"
  if ! flock -n 9; then
    log "another stack.sh up/down runs; waiting for it"
    flock 9
  fi
}

main() {
  trap on_error ERR
  trap restore_policy_rc_d EXIT
  case "${1:-}" in
    up) lock; cmd_up ;;
    down) lock; cmd_down ;;
    status) cmd_status ;;
    env) cmd_env ;;
    build) cmd_build ;;
    rabbitmqctl) shift; cmd_rabbitmqctl "$@" ;;
    psql) shift; cmd_psql "$@" ;;
    cluster-up) lock; cmd_cluster_up ;;
    cluster-down) lock; cmd_cluster_down ;;
    cluster-status) cmd_cluster_status ;;
    cluster-env) cmd_cluster_env ;;
    cluster-node) shift; cmd_cluster_node "$@" ;;
    *) usage ;;
  esac
}

main "$@"; exit $?
