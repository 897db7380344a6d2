# syntax=docker/dockerfile:1
# The Clientnote image: one image for every app process. docker-compose.yml
# runs it three ways: `migrate up` (one-shot), `worker`, and `serve` (web/API).
#
# Choices:
# - Processes run the TypeScript sources through tsx (`node --import tsx
#   cli/main.ts ...`), exactly as `npm start` does outside Docker. `tsx` is a
#   production dependency in package.json, so `npm prune --omit=dev` keeps it,
#   and the image's own Node 24 replaces the `node` npm package (a dev
#   dependency that only exists to put Node 24 into npm scripts on machines
#   with an older Node). test/compose.test.ts checks that server-side code
#   imports no dev dependency, since the image would not have it.
# - What has to be built is built here: `npm run build` writes the prebuilt
#   Temporal workflow bundle (dist/) and the SvelteKit app (web/build/);
#   adapter-node bundles the web app's own packages, so they are dev
#   dependencies and are pruned too.
# - The runtime stage copies the pruned tree; application files stay owned by
#   root and read-only for the `node` user that runs the processes. Only the
#   data directories (volumes in docker-compose.yml) belong to `node`.

ARG NODE_IMAGE=node:24.21.0-bookworm-slim

FROM ${NODE_IMAGE} AS build
WORKDIR /app
# No NODE_ENV=production here: `npm install` would skip the dev dependencies the
# build needs (TypeScript tooling, Vite, SvelteKit).
COPY package.json package-lock.json ./
COPY web/package.json web/package.json
RUN npm install --no-audit --no-fund
COPY . .
RUN npm run build \
 && npm prune --omit=dev --no-audit --no-fund \
 && rm -rf web/.svelte-kit /root/.npm

FROM ${NODE_IMAGE} AS runtime
ENV NODE_ENV=production \
    PORT=3000 \
    CLIENTNOTE_DATA_DIR=/var/lib/clientnote/data \
    DOCUMENT_STORAGE=file:/var/lib/clientnote/documents
WORKDIR /app
COPY --from=build /app /app
# Mount points for the named volumes; a fresh volume copies this ownership.
RUN mkdir -p /var/lib/clientnote/data /var/lib/clientnote/documents \
 && chown -R node:node /var/lib/clientnote
USER node
EXPOSE 3000
ENTRYPOINT ["node", "--import", "tsx", "cli/main.ts"]
CMD ["serve"]
