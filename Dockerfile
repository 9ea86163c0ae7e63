# One image for the API and the workers; docker-compose.yml picks the command.
# Stage 1 builds the web app (Vite is a development dependency).
FROM node:20-bookworm-slim AS web
WORKDIR /build
COPY package.json package-lock.json ./
RUN npm ci --no-audit --no-fund
COPY vite.config.ts ./
# the web app bundles pure modules of the features (the procedure's lists, canned-response rendering,
# ticket categories) and takes its types from the API's wire schemas, so it gets all of src/
COPY src ./src
RUN npx vite build

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
COPY --from=web /build/dist/web ./dist/web
RUN mkdir -p /app/data && chown node:node /app/data
USER node
EXPOSE 3000
ENTRYPOINT ["node", "bin/inbox.js"]
CMD ["start"]
