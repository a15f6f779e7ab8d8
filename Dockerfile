# syntax=docker/dockerfile:1.7-labs
# One image recipe for every Node deployable (the seven services and the agent); chat-ui has its own.
# Build from the monorepo root, naming the deployable's workspace folder:
#   docker build --build-arg WORKSPACE=services/order -t ghcr.io/ustbites/order:<tag> .
#   docker build --build-arg WORKSPACE=agent -t ghcr.io/ustbites/agent:<tag> .
# Node 24 runs the TypeScript sources directly (type stripping): no compile step. The image is the
# deployable's sources, the shared workspaces (kit, contracts, tools: a few hundred KB of sources),
# and the deployable's production dependencies only. It listens on its own port from the kit's
# DEPLOYABLES unless PORT says otherwise (the chart sets PORT).

ARG NODE_IMAGE=node:24.21.0-bookworm-slim

FROM ${NODE_IMAGE} AS deps
ARG WORKSPACE
RUN test -n "${WORKSPACE}" || { echo "--build-arg WORKSPACE=<services/order|agent|...> is required" >&2; exit 1; }
WORKDIR /app
ENV npm_config_update_notifier=false npm_config_fund=false npm_config_audit=false
# Every workspace manifest, so npm ci sees the lockfile's workspace graph complete.
COPY --parents package.json package-lock.json */package.json services/*/package.json ./
RUN --mount=type=cache,target=/root/.npm npm ci --omit=dev --ignore-scripts -w "${WORKSPACE}"

FROM deps AS build
ARG WORKSPACE
COPY services/kit services/kit
COPY services/contracts services/contracts
COPY tools tools
COPY ${WORKSPACE} ${WORKSPACE}
# The Prisma client is generated, not committed (src/generated is git-ignored).
RUN npm run generate --if-present -w "${WORKSPACE}"

FROM ${NODE_IMAGE} AS runtime
ARG WORKSPACE
ENV NODE_ENV=production HOST=0.0.0.0
# Root owns the files; the process runs as the image's unprivileged "node" user (uid 1000) and
# the chart mounts the root filesystem read-only with an emptyDir at /tmp.
COPY --from=build /app /app
USER 1000:1000
WORKDIR /app/${WORKSPACE}
CMD ["node", "src/main.ts"]
