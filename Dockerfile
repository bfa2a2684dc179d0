# One image for every process of the hub; docker-compose.yml picks the process with `command`.
# Node 22 LTS (Node 20 left support in April 2026).

# Build: every dependency, so that the install's own steps generate the Prisma clients and GraphQL
# types and bundle the explorer (GraphiQL, React and esbuild are development dependencies); then
# the development dependencies are pruned, keeping what was built.
FROM node:22-bookworm-slim AS build
WORKDIR /app
COPY . .
RUN npm ci && npm prune --omit=dev && npm cache clean --force

# Run: production dependencies and the built files only.
FROM node:22-bookworm-slim
WORKDIR /app
ENV NODE_ENV=production
COPY --from=build /app /app
USER node
EXPOSE 3000 4000 4001 4002 4003 4004
# node itself, with no npm in between: the container runtime's SIGTERM reaches the service,
# which closes cleanly (npm would not pass it on reliably).
CMD ["node", "--import", "tsx", "gateway/src/main.ts"]
