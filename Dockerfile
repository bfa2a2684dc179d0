# One image for every process of the hub; docker-compose.yml picks the process with `command`.
# Node 22 LTS (Node 20 left support in April 2026).

# Build. The dependencies first, in a layer of their own: it is rebuilt only when a package.json
# or the lock file changes, not on every change to the code. No dependency's install script is
# needed (the hub installs the same way everywhere), so none runs here. Then the code, and the
# hub's own install step: it generates the Prisma clients and GraphQL types and bundles the
# explorer (GraphiQL, React and esbuild are development dependencies); then the development
# dependencies are pruned, keeping what was built.
FROM node:22-bookworm-slim AS build
WORKDIR /app
COPY package.json package-lock.json ./
COPY common/package.json common/
COPY gateway/package.json gateway/
COPY web/package.json web/
COPY subgraphs/police/package.json subgraphs/police/
COPY subgraphs/support/package.json subgraphs/support/
COPY subgraphs/cyber/package.json subgraphs/cyber/
COPY subgraphs/victims/package.json subgraphs/victims/
RUN npm ci --ignore-scripts && npm cache clean --force
COPY . .
RUN npm run postinstall && npm prune --omit=dev --ignore-scripts && npm cache clean --force

# Run: production dependencies and the built files only, owned by root and run as the unprivileged
# `node` user, who can write only .data (PGlite, when no DATABASE_URL is set).
FROM node:22-bookworm-slim
WORKDIR /app
ENV NODE_ENV=production
COPY --from=build /app /app
RUN mkdir -p /app/.data && chown node:node /app/.data
USER node
EXPOSE 3000 4000 4001 4002 4003 4004
# Ready means the process can do its work (its database answers; the gateway's supergraph is loaded).
HEALTHCHECK --interval=10s --timeout=5s --start-period=60s --retries=6 CMD ["node", "scripts/healthcheck.mjs"]
# node itself, with no npm in between: the container runtime's SIGTERM reaches the service,
# which closes cleanly (npm would not pass it on reliably).
CMD ["node", "--import", "tsx", "gateway/src/main.ts"]
