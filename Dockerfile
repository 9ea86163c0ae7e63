# One image for the API and the workers; docker-compose.yml picks the command.
FROM node:20-bookworm-slim
ENV NODE_ENV=production
WORKDIR /app
COPY package.json package-lock.json ./
RUN npm ci --omit=dev --no-audit --no-fund
COPY bin ./bin
COPY config ./config
COPY connectors ./connectors
COPY src ./src
COPY workers ./workers
COPY tsconfig.json ./
RUN mkdir -p /app/data && chown node:node /app/data
USER node
EXPOSE 3000
ENTRYPOINT ["node", "bin/inbox.js"]
CMD ["start"]
