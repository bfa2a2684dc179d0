# One image for every process of the hub; docker-compose.yml picks the process with `command`.
FROM node:20-bookworm-slim
WORKDIR /app
ENV NODE_ENV=production
COPY . .
RUN npm ci && npm cache clean --force
USER node
EXPOSE 4000 4001 4002 4003 4004
CMD ["npm", "start", "-w", "@crimehub/gateway"]
