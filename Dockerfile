FROM node:20-bookworm-slim
WORKDIR /app
ENV NODE_ENV=production
COPY package.json package-lock.json ./
COPY web/package.json ./web/
# Dev dependencies are needed for ts-node, which runs the service from source, and for Vite, which builds the app.
RUN npm ci --include=dev && npm cache clean --force
COPY tsconfig.json tsconfig.build.json ormconfig.ts schema.gql ./
COPY src ./src
COPY web ./web
# The web app the service serves at /app (built here, so the container starts without building).
RUN npm run build -w web
EXPOSE 3000
USER node
CMD ["node", "--max-semi-space-size=64", "-r", "ts-node/register/transpile-only", "src/main.ts"]
