#!/usr/bin/env bash
# scripts/fuzz.sh — `make fuzz`: schemathesis against the running gateway's OpenAPI document (issue 15),
# twice: with the operator token, then as a project admin (Connection Manager and Drawings admin) with
# real ids pinned as path parameters. Passes when no generated request gets a 5xx.
#   GATEWAY_URL   default http://127.0.0.1:${GATEWAY_PORT:-3000} (the system `make up` started)
#   ADMIN_TOKEN   default .stack/admin-token (make up's)
#   FUZZ_MAX_EXAMPLES (20) per operation, FUZZ_MAX_TIME (300 s) per run
# schemathesis comes from PyPI into a virtualenv of the project's, .stack/fuzz-venv (tools/fuzz/requirements.txt).
set -Eeuo pipefail

REPO="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd -P)"
GATEWAY_URL="${GATEWAY_URL:-http://127.0.0.1:${GATEWAY_PORT:-3000}}"
ADMIN_TOKEN="${ADMIN_TOKEN:-$(cat "$REPO/.stack/admin-token" 2>/dev/null || true)}"
VENV="$REPO/.stack/fuzz-venv"
WORK="$REPO/.stack/fuzz"
REQUIREMENTS="$REPO/tools/fuzz/requirements.txt"

log() { printf '[fuzz] %s\n' "$*" >&2; }
die() { printf '[fuzz] ERROR: %s\n' "$*" >&2; exit 1; }

[[ -n "$ADMIN_TOKEN" ]] || die "no ADMIN_TOKEN (and no .stack/admin-token): is the system up (make up)?"
curl -sf "$GATEWAY_URL/health/ready" >/dev/null || die "the gateway at $GATEWAY_URL is not ready (make up first, or set GATEWAY_URL)"

stamp="$(sha256sum "$REQUIREMENTS" | cut -c1-16)"
if [[ ! -x "$VENV/bin/st" || "$(cat "$VENV/.requirements" 2>/dev/null)" != "$stamp" ]]; then
  log "installing schemathesis into $VENV"
  python3 -m venv "$VENV"
  "$VENV/bin/pip" install -q --disable-pip-version-check -r "$REQUIREMENTS"
  echo "$stamp" >"$VENV/.requirements"
fi
mkdir -p "$WORK"
cd "$WORK" # schemathesis keeps its cache in the working directory

api() { # api METHOD PATH TOKEN [JSON] → body on stdout; fails on a non-2xx
  curl -sf -X "$1" "$GATEWAY_URL/api/v1$2" -H "Authorization: Bearer $3" ${4:+-H 'content-type: application/json' -d "$4"}
}
field() { python3 -c "import json,sys; print(json.load(sys.stdin)['$1'])"; }

run() { # run NAME TOKEN [CONFIG]
  log "run '$1': every operation, up to ${FUZZ_MAX_EXAMPLES:-20} examples each"
  "$VENV/bin/st" ${3:+--config-file "$3"} run "$GATEWAY_URL/api/docs-json" -H "Authorization: Bearer $2" \
    --checks not_a_server_error --max-examples "${FUZZ_MAX_EXAMPLES:-20}" --max-time "${FUZZ_MAX_TIME:-300}" --workers 2 \
    --report junit --report-dir "$WORK/$1" >"$WORK/$1.log" 2>&1 || { tail -60 "$WORK/$1.log" >&2; return 1; }
  grep -E 'generated|passed|failed' "$WORK/$1.log" | tail -2 >&2
}

failed=0
run operator "$ADMIN_TOKEN" || failed=1

log "seeding a project admin and the ids to pin"
tag="fuzz-$(date +%s)"
company="$(api POST /companies "$ADMIN_TOKEN" '{"name":"Fuzz Builders","settings":{"connectBeta":true}}' | field id)"
project="$(api POST "/companies/$company/projects" "$ADMIN_TOKEN" '{"name":"Fuzz Tower"}' | field id)"
user="$(api POST /users "$ADMIN_TOKEN" "{\"email\":\"$tag@connect.test\",\"name\":\"Fuzz Admin\"}" | field id)"
api PUT "/projects/$project/members/$user" "$ADMIN_TOKEN" '{"permissions":{"connectionManager":"admin","drawings":"admin"}}' >/dev/null
token="$(api POST "/users/$user/tokens" "$ADMIN_TOKEN" '{"expiresInSeconds":3600}' | field token)"
area="$(api POST "/projects/$project/drawing-areas" "$token" '{"name":"Level 1"}' | field id)"
discipline="$(api POST "/projects/$project/drawing-disciplines" "$token" '{"name":"Architectural"}' | field id)"
set_id="$(api POST "/projects/$project/drawing-sets" "$token" '{"name":"IFC","date":"2024-05-01"}' | field id)"
printf '%%PDF-1.4\n%% %s\ntrailer << >>\n%%%%EOF\n' "$tag" >"$WORK/plan.pdf"
revision_json="$(curl -sf -X POST "$GATEWAY_URL/api/v1/projects/$project/drawing-revisions" -H "Authorization: Bearer $token" \
  -F "file=@$WORK/plan.pdf;type=application/pdf" -F areaId="$area" -F disciplineId="$discipline" -F setId="$set_id" \
  -F drawingNumber=F-101 -F title='Fuzz plan' -F revisionNumber=1)"
revision="$(field id <<<"$revision_json")"
drawing="$(field drawingId <<<"$revision_json")"
api POST "/projects/$project/drawing-revisions/publish" "$token" "{\"revisionIds\":[\"$revision\"]}" >/dev/null
cat >"$WORK/project-admin.toml" <<TOML
# Written by scripts/fuzz.sh: real ids of the project admin's project, pinned as path parameters.
[parameters]
"path.companyId" = "$company"
"path.projectId" = "$project"
"path.userId" = "$user"
"path.areaId" = "$area"
"path.disciplineId" = "$discipline"
"path.setId" = "$set_id"
"path.revisionId" = "$revision"
"path.drawingId" = "$drawing"
TOML
run project-admin "$token" "$WORK/project-admin.toml" || failed=1

(( failed == 0 )) || die "a run found server errors: reports under $WORK"
log "0 server errors in both runs (reports under $WORK)"
