# syntax=docker/dockerfile:1
# One image per app of the monorepo:
#   docker build --build-arg APP=gateway -t connect/gateway .
# APP: gateway | connection-service | drawing-service | sync-service | notification-service
ARG NODE_IMAGE=node:20-bookworm-slim

# ---- build: install every dependency, build the app with Nx, keep only production dependencies
FROM ${NODE_IMAGE} AS build
WORKDIR /src
ENV NX_DAEMON=false NX_NO_CLOUD=true NX_SKIP_NX_CACHE=true CI=true
COPY package.json package-lock.json ./
RUN npm ci --no-audit --no-fund
COPY . .
ARG APP
RUN test -n "$APP" || { echo "build with --build-arg APP=<app>" >&2; exit 1; }
RUN npx nx build "$APP" \
 && test -f "dist/apps/$APP/main.js" \
 && npm prune --omit=dev --no-audit --no-fund

# ---- runtime: the bundle of one app, production node_modules, an unprivileged user
FROM ${NODE_IMAGE} AS runtime
ARG APP
ENV NODE_ENV=production APP=${APP}
WORKDIR /app
COPY --from=build --chown=node:node /src/package.json ./package.json
COPY --from=build --chown=node:node /src/node_modules ./node_modules
COPY --from=build --chown=node:node /src/dist/apps/${APP} ./dist/apps/${APP}
USER node
# Listens on $PORT (default: the app's own, gateway 3000, services 3101-3104);
# readiness: GET /health/ready (the healthchecks are in docker-compose.yml).
CMD ["sh", "-c", "exec node dist/apps/$APP/main.js"]
