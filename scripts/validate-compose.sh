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

cd "$REPO"
# Interpolation must not depend on the caller's environment.
env -u NODE_ENV -u ADMIN_TOKEN -u GATEWAY_PORT -u AMQP_PORT -u MONGO_PORT docker-compose -f "$FILE" config -q ||
  die "docker-compose.yml is invalid"

# What the project relies on, checked on the resolved configuration.
resolved="$(env -u NODE_ENV -u ADMIN_TOKEN -u GATEWAY_PORT docker-compose -f "$FILE" config)"
expect() { grep -qE -- "$1" <<<"$resolved" || die "docker-compose.yml: expected $2"; }
for svc in rabbitmq mongo maildev gateway connection-service drawing-service sync-service notification-service; do
  expect "^  $svc:\$" "a service $svc"
done
expect 'image: rabbitmq:3\.13-management' 'rabbitmq:3.13-management'
expect 'image: mongo:7' 'mongo:7'
expect 'image: maildev/maildev:2\.' 'maildev/maildev:2.x'
expect 'AMQP_URL: amqp://guest:guest@rabbitmq:5672' 'AMQP_URL for the apps'
expect 'MONGO_URL: mongodb://mongo:27017' 'MONGO_URL for the apps'
expect 'SMTP_URL: smtp://maildev:1025' 'SMTP_URL for the apps'
expect '/health/ready' 'healthchecks on /health/ready'
expect 'published: "?3000"?|3000:3000' 'the gateway published on 3000'
for app in gateway connection-service drawing-service sync-service notification-service; do
  expect "APP: $app" "a build of $app (build arg APP)"
done
log "docker-compose.yml is valid ($(docker-compose version --short 2>/dev/null || echo '?'))"
