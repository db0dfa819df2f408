# syntax=docker/dockerfile:1
# csbot image: compiled JavaScript on Node 20, production dependencies only, non-root, with a health check.
# Build: docker build -t csbot . ; run the whole stack: see deploy/README.md.

ARG NODE_IMAGE=node:20.20-bookworm-slim

# Toolchain for native modules (better-sqlite3 compiles here if no prebuilt binary matches).
FROM ${NODE_IMAGE} AS toolchain
RUN apt-get update \
 && apt-get install -y --no-install-recommends python3 make g++ ca-certificates \
 && rm -rf /var/lib/apt/lists/*
WORKDIR /app
COPY package.json package-lock.json ./

# Compile TypeScript to dist/ and copy the runtime assets (flows, intents, models, demo page) beside it.
# Install scripts are off, as in package.json's allowScripts: tsc needs no native module.
FROM toolchain AS build
RUN npm ci --ignore-scripts --no-audit --no-fund
COPY tsconfig.json ./
COPY core ./core
COPY bot ./bot
COPY nlu ./nlu
COPY recommender ./recommender
RUN npm run build

# Production dependencies only; the one install script the project allows is better-sqlite3's native build.
FROM toolchain AS prod-deps
RUN npm ci --omit=dev --ignore-scripts --no-audit --no-fund \
 && npm rebuild better-sqlite3 \
 && npm cache clean --force

FROM ${NODE_IMAGE} AS runtime
ENV NODE_ENV=production \
    HOST=0.0.0.0 \
    PORT=3978 \
    DATA_DIR=/data
WORKDIR /app
COPY --from=prod-deps /app/node_modules ./node_modules
COPY --from=build /app/dist ./dist
COPY package.json ./
# The image's own "node" user (uid 1000) owns only the data volume; the code stays read-only to it.
RUN mkdir -p /data && chown node:node /data
USER node
VOLUME ["/data"]
EXPOSE 3978
# /healthz: the process answers. /readyz (store and models ready) is for the load balancer, not for restarts.
HEALTHCHECK --interval=30s --timeout=5s --start-period=120s --retries=3 \
  CMD ["node", "-e", "fetch('http://127.0.0.1:' + (process.env.PORT || 3978) + '/healthz').then((r) => process.exit(r.ok ? 0 : 1), () => process.exit(1))"]
CMD ["node", "dist/bot/main.js"]
