# One image for every process of the hub; docker-compose.yml picks the process with `command`.
# Node 22 LTS (Node 20 left support in April 2026).
FROM node:22-bookworm-slim
WORKDIR /app
ENV NODE_ENV=production
COPY . .
RUN npm ci && npm cache clean --force
USER node
EXPOSE 4000 4001 4002 4003 4004
# node itself, with no npm in between: the container runtime's SIGTERM reaches the service,
# which closes cleanly (npm would not pass it on reliably).
CMD ["node", "--import", "tsx", "gateway/src/main.ts"]
