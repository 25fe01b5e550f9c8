# syntax=docker/dockerfile:1
# One image pattern for every Kessai service:
#   docker build --build-arg SERVICE=ledger -t kessai/ledger:$(git rev-parse --short HEAD) .
# (skaffold.yaml builds each service this way.) The image runs
#   node services/<SERVICE>/dist/main.js      (the Deployment)
#   node services/<SERVICE>/dist/migrate.js   (the migrations Job)
# from /app as uid 65532, with a read-only root filesystem (only /tmp is written,
# an emptyDir in Kubernetes). No HEALTHCHECK: Kubernetes probes the gRPC health
# service and the ops port. Node runs as PID 1 and the platform handles SIGTERM
# itself (NOT_SERVING, drain, close) — no init process needed, nothing is forked.
# Contents: `npm run -w @kessai/chart-check image-contents -- <service>` lists and
# measures what goes in without building (docs/operations.md, "Images").

ARG NODE_VERSION=20.20.2

# ---- build: full install (TypeScript, swc) and compile only what SERVICE needs
FROM node:${NODE_VERSION}-bookworm-slim AS build
ARG SERVICE
RUN test -n "$SERVICE" || (echo "--build-arg SERVICE=<name> is required" >&2; exit 1)
WORKDIR /app
ENV npm_config_update_notifier=false npm_config_fund=false npm_config_audit=false
# manifests first so the dependency layer is cached across source edits
COPY package.json package-lock.json tsconfig.base.json tsconfig.json ./
COPY packages ./packages
COPY services ./services
COPY tools ./tools
COPY scripts ./scripts
COPY proto ./proto
RUN --mount=type=cache,target=/root/.npm npm ci --ignore-scripts --no-fund --no-audit
# tsc -b follows the project references: the service and the packages it uses
RUN npx tsc -b "services/${SERVICE}" \
 && test -f "services/${SERVICE}/dist/main.js" && test -f "services/${SERVICE}/dist/migrate.js"
# web pages (gateway): the CSS and scripts with content-hashed names, bundled by esbuild
# into packages/web/dist/assets (a dev dependency, so before the production install)
RUN if [ -d packages/web/dist ]; then npm run -s bundle -w @kessai/web; fi

# ---- prod: production dependencies of that one workspace, nothing else
RUN --mount=type=cache,target=/root/.npm npm ci --omit=dev --ignore-scripts --no-fund --no-audit -w "services/${SERVICE}"
# assemble /out: node_modules, and package.json + dist of every built workspace
# (tsc -b built exactly the service and its references)
RUN set -eu; mkdir -p /out; cp package.json /out/; cp -a node_modules /out/; \
    for d in packages/* "services/${SERVICE}"; do \
      if [ -d "$d/dist" ]; then mkdir -p "/out/$d"; cp "$d/package.json" "/out/$d/"; cp -a "$d/dist" "/out/$d/"; fi; \
    done; \
    find /out -name '*.map' -delete -o -name '*.tsbuildinfo' -delete -o -name '*.d.ts' -delete -o -name '*.d.ts.map' -delete; \
    ln -s "services/${SERVICE}/dist/main.js" /out/main.js; \
    ln -s "services/${SERVICE}/dist/migrate.js" /out/migrate.js

# ---- fonts: the Japanese font embedded in PDFs (postcards, payment slips), from Debian
FROM debian:12-slim AS fonts
RUN apt-get update && apt-get install -y --no-install-recommends fonts-ipafont-gothic && rm -rf /var/lib/apt/lists/*

# ---- runtime: distroless Node 20 (no shell, no package manager), non-root
FROM gcr.io/distroless/nodejs20-debian12:nonroot AS runtime
ARG SERVICE
LABEL org.opencontainers.image.title="kessai-${SERVICE}" \
      org.opencontainers.image.source="https://kessai.example/kessai" \
      org.opencontainers.image.licenses="Apache-2.0"
ENV NODE_ENV=production \
    KESSAI_SERVICE=${SERVICE}
WORKDIR /app
# root-owned and not writable by the app user: the code cannot be changed at run time
COPY --from=build --chown=0:0 /out/ /app/
COPY --from=fonts /usr/share/fonts/opentype/ipafont-gothic /usr/share/fonts/opentype/ipafont-gothic
USER 65532:65532
EXPOSE 50050-50057 9100-9107 8080 8081
# The chart passes args explicitly; main.js is a symlink to services/<SERVICE>/dist/main.js.
CMD ["main.js"]
