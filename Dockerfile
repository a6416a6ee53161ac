# Sunshift add-on image. Builds without build.json: the base image is pinned here and the
# Supervisor (or `docker build --build-arg BUILD_FROM=…`) may override it.
ARG BUILD_FROM=ghcr.io/home-assistant/base:3.24

# ---- build stage: compile the service and the card, then keep production dependencies only ----
FROM ${BUILD_FROM} AS build
# nodejs-dev provides Node's headers for the native better-sqlite3 build (.npmrc: nodedir=/usr).
RUN apk add --no-cache nodejs npm nodejs-dev python3 make g++
WORKDIR /src
COPY package.json package-lock.json .npmrc ./
RUN npm ci --ignore-scripts && npm rebuild better-sqlite3 esbuild
COPY tsconfig.json ./
COPY scripts/build.mjs scripts/build.mjs
COPY addon/src addon/src
RUN npm run build \
 && rm -rf node_modules \
 && npm ci --omit=dev --ignore-scripts \
 && npm rebuild better-sqlite3 \
 && rm -rf node_modules/better-sqlite3/deps node_modules/better-sqlite3/src node_modules/better-sqlite3/build/Release/obj*

# ---- runtime stage ----
FROM ${BUILD_FROM}
ARG BUILD_ARCH=amd64
ARG BUILD_VERSION=0.1.0
# jemalloc: in the 30-day soak glibc's malloc kept memory freed by Node's other threads and RSS
# crept up in steps; with jemalloc the creep is gone (README, reliability; musl's malloc was not
# measured). /run.sh preloads it.
RUN apk add --no-cache nodejs jemalloc
WORKDIR /app
COPY --from=build /src/node_modules ./node_modules
COPY --from=build /src/dist ./dist
COPY package.json ./
COPY bin/sunshift.mjs bin/sunshift.mjs
COPY rootfs /
# The base image's ENTRYPOINT is s6-overlay's /init (config.yaml: init: false); /run.sh execs
# node, which handles SIGTERM itself (offline availability, flush, close) within `timeout: 30`.
CMD ["/run.sh"]
HEALTHCHECK --interval=30s --timeout=5s --start-period=60s --retries=3 \
  CMD curl -fsS http://127.0.0.1:8099/healthz || exit 1
LABEL \
  io.hass.name="Sunshift" \
  io.hass.description="Plans and drives a home battery, PV and switchable loads against dynamic electricity prices" \
  io.hass.type="app" \
  io.hass.arch="${BUILD_ARCH}" \
  io.hass.version="${BUILD_VERSION}" \
  org.opencontainers.image.title="Sunshift" \
  org.opencontainers.image.source="https://github.com/sunshift-energy/sunshift" \
  org.opencontainers.image.licenses="MIT"
