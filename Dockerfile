FROM node:20-bookworm-slim
WORKDIR /app
ENV NODE_ENV=production
COPY package.json package-lock.json ./
# Dev dependencies are needed for ts-node, which runs the service from source.
RUN npm ci --include=dev && npm cache clean --force
COPY tsconfig.json tsconfig.build.json ormconfig.ts ./
COPY src ./src
EXPOSE 3000
USER node
CMD ["node", "--max-semi-space-size=64", "-r", "ts-node/register/transpile-only", "src/main.ts"]
