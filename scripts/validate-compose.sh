#!/usr/bin/env bash
# scripts/validate-compose.sh — validate docker-compose.yml without a Docker engine.
# Installs Debian's docker-compose (1.29, ~20 s) when missing, then runs
# `docker-compose -f docker-compose.yml config -q` and checks that the file
# declares what the project relies on. Exit 0 when valid.
set -Eeuo pipefail

REPO="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd -P)"
FILE="$REPO/docker-compose.yml"

log() { printf '[validate-compose] %s\n' "$*" >&2; }
die() { printf '[validate-compose] ERROR: %s\n' "$*" >&2; exit 1; }

if ! command -v docker-compose >/dev/null 2>&1; then
  [[ "$(id -u)" == 0 ]] || die "docker-compose is missing: sudo apt-get install -y docker-compose"
  log "installing Debian's docker-compose"
  mkdir -p "$REPO/.stack/logs"
  { apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq --no-install-recommends docker-compose; } \
    >"$REPO/.stack/logs/apt-docker-compose.log" 2>&1 ||
    { tail -20 "$REPO/.stack/logs/apt-docker-compose.log" >&2; die "apt-get install docker-compose failed"; }
fi

# The resolved configuration is read with PyYAML (Debian's docker-compose 1.29 depends on it; a
# docker-compose of another kind may come without it).
if ! python3 -c 'import yaml' 2>/dev/null; then
  [[ "$(id -u)" == 0 ]] || die "python3-yaml is missing: sudo apt-get install -y python3-yaml"
  log "installing Debian's python3-yaml"
  mkdir -p "$REPO/.stack/logs"
  DEBIAN_FRONTEND=noninteractive apt-get install -y -qq --no-install-recommends python3-yaml >"$REPO/.stack/logs/apt-python3-yaml.log" 2>&1 ||
    { tail -20 "$REPO/.stack/logs/apt-python3-yaml.log" >&2; die "apt-get install python3-yaml failed"; }
fi

cd "$REPO"
# Interpolation must not depend on the caller's environment: every variable the file reads is unset,
# then the required credentials are given explicitly (sample values, never used anywhere).
CLEAN=(env -u NODE_ENV -u ADMIN_TOKEN -u GATEWAY_PORT -u AMQP_PORT -u MONGO_PORT -u RABBITMQ_MANAGEMENT_PORT -u SMTP_PORT
       -u MAILDEV_WEB_PORT -u RABBITMQ_USER -u RABBITMQ_PASSWORD -u MONGO_USER -u MONGO_PASSWORD -u LOG_LEVEL)
APPS=(gateway connection-service drawing-service sync-service notification-service)
password_var() { local v="${1^^}"; echo "RABBITMQ_PASSWORD_${v//-/_}"; }
CREDENTIALS=(RABBITMQ_USER=sample-user RABBITMQ_PASSWORD=sample-broker-secret MONGO_USER=sample-db-user
             MONGO_PASSWORD=sample-db-secret ADMIN_TOKEN=sample-operator-token-of-32-characters-or-more)
# Issue 15, finding 6: one broker user per app, each with its own password.
for app in "${APPS[@]}"; do
  CLEAN+=(-u "$(password_var "$app")")
  CREDENTIALS+=("$(password_var "$app")=sample-$app-secret")
done
"${CLEAN[@]}" "${CREDENTIALS[@]}" docker-compose -f "$FILE" config -q || die "docker-compose.yml is invalid"

# Issue 15, finding 7: nothing starts without the credentials (each one missing alone is refused).
for var in RABBITMQ_USER RABBITMQ_PASSWORD MONGO_USER MONGO_PASSWORD ADMIN_TOKEN $(for app in "${APPS[@]}"; do password_var "$app"; done); do
  given=()
  for c in "${CREDENTIALS[@]}"; do [[ "$c" == "$var="* ]] || given+=("$c"); done
  if "${CLEAN[@]}" "${given[@]}" docker-compose -f "$FILE" config -q 2>/dev/null; then
    die "docker-compose.yml: starts without $var (credentials must come from the environment)"
  fi
done

# What the project relies on, checked on the resolved configuration. docker-compose 1.29's `config` lists
# every service whatever its profile: the one-node system (services without a profile) is checked on its
# own services, the cluster profile (issue 18) by scripts/validate-compose-cluster.py on the whole file.
# (python3-yaml comes with Debian's docker-compose.)
full="$("${CLEAN[@]}" "${CREDENTIALS[@]}" docker-compose -f "$FILE" --profile cluster config)"
resolved="$(python3 -c '
import sys, yaml
doc = yaml.safe_load(sys.stdin)
doc["services"] = {k: v for k, v in doc["services"].items() if not v.get("profiles")}
print(yaml.safe_dump(doc, default_flow_style=False, sort_keys=True, width=100000))' <<<"$full")"
python3 "$REPO/scripts/validate-compose-cluster.py" "$REPO" <<<"$full" || die "docker-compose.yml: the cluster profile is not as expected"
expect() { grep -qE -- "$1" <<<"$resolved" || die "docker-compose.yml: expected $2"; }
refuse() { ! grep -qE -- "$1" <<<"$resolved" || die "docker-compose.yml: $2"; }
for svc in rabbitmq mongo maildev gateway connection-service drawing-service sync-service notification-service; do
  expect "^  $svc:\$" "a service $svc"
done
expect 'image: rabbitmq:3\.13-management' 'rabbitmq:3.13-management'
expect 'image: mongo:7' 'mongo:7'
expect 'image: maildev/maildev:2\.' 'maildev/maildev:2.x'
for app in "${APPS[@]}"; do
  expect "AMQP_URL: amqp://$app:sample-$app-secret@rabbitmq:5672\$" "$app connecting to the broker as its own user"
  expect "$(password_var "$app"): sample-$app-secret" "the broker told $app's password"
done
refuse 'AMQP_URL: amqp://sample-user' 'no app connects as the broker administrator'
[[ "$(grep -cE 'AMQP_URL: amqp://' <<<"$resolved")" == 5 ]] || die "docker-compose.yml: an AMQP_URL for each of the five apps, no other"
expect 'compose-init\.sh' 'the broker provisioned by infra/rabbitmq/compose-init.sh'
expect 'infra/rabbitmq:/etc/connect/rabbitmq:ro|/etc/connect/rabbitmq' 'infra/rabbitmq mounted into the broker'
expect 'connect-broker-provisioned' 'a broker healthcheck that waits for the permissions'
[[ -s "$REPO/infra/rabbitmq/definitions.json" ]] || die "infra/rabbitmq/definitions.json is missing"
expect 'MONGO_URL: mongodb://sample-db-user:sample-db-secret@mongo:27017/\?authSource=admin' 'MONGO_URL for the apps, with the credentials given'
expect 'RABBITMQ_DEFAULT_PASS: sample-broker-secret' 'the broker user from the environment'
expect 'MONGO_INITDB_ROOT_PASSWORD: sample-db-secret' 'the database user from the environment'
expect 'ADMIN_TOKEN: sample-operator-token' 'the operator token from the environment'
expect 'SMTP_URL: smtp://maildev:1025' 'SMTP_URL for the apps'
expect '/health/ready' 'healthchecks on /health/ready'
expect 'published: "?3000"?|3000:3000' 'the gateway published on 3000'
refuse 'guest' 'no guest account'
refuse 'NODE_ENV: (development|test)' 'the apps run in production mode'
[[ "$(grep -cE 'NODE_ENV: production' <<<"$resolved")" == 5 ]] || die "docker-compose.yml: NODE_ENV=production for all five apps"
# Every published port but the gateway's is bound to 127.0.0.1: broker, database and mail stay off the network.
published_off_loopback="$(grep -E '^    - ([0-9.]+:)?[0-9]+:[0-9]+' <<<"$resolved" | grep -vE '^    - 127\.0\.0\.1:' || true)"
[[ -z "$published_off_loopback" ]] || die "docker-compose.yml: published beyond 127.0.0.1: $published_off_loopback"
[[ "$(grep -cE '^    - published:' <<<"$resolved")" == 1 ]] || die "docker-compose.yml: only the gateway may be published on every interface"
for app in "${APPS[@]}"; do
  expect "APP: $app" "a build of $app (build arg APP)"
done
log "docker-compose.yml is valid ($(docker-compose version --short 2>/dev/null || echo '?'))"
