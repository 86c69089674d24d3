# syntax=docker/dockerfile:1
# One recipe for the three Node services; build from the repository root with
#   --build-arg APP=login-server|product-a|product-b
# The service runs as built JavaScript (`npm run build`: its bundle in dist/, and for the products
# the Vite build) on the Node.js version of .node-version, with production dependencies only.
ARG NODE_IMAGE=node:24.22.3-bookworm-slim

FROM ${NODE_IMAGE} AS build
ARG APP
WORKDIR /app
ENV npm_config_fund=false npm_config_audit=false npm_config_update_notifier=false
COPY . .
# The database workspace whose Prisma client the app needs.
RUN case "$APP" in \
      login-server) echo @sso/login-server > /tmp/db ;; \
      product-a|product-b) echo @sso/product-db > /tmp/db ;; \
      *) echo "APP must be login-server, product-a or product-b" >&2; exit 1 ;; \
    esac
# Install scripts stay off (the Pulumi workspace's would download plugins); Prisma's generator is
# run explicitly, then the dev dependencies are dropped again.
RUN npm ci --ignore-scripts --include-workspace-root --workspace "@sso/$APP" --workspace "$(cat /tmp/db)" \
 && npm run generate --workspace "$(cat /tmp/db)" \
 && npm run build -- "$APP" \
 && rm -rf node_modules apps/*/node_modules packages/*/node_modules prisma/node_modules \
 && npm ci --ignore-scripts --omit=dev --workspace "@sso/$APP" \
 && npm cache clean --force

FROM ${NODE_IMAGE} AS runtime
ARG APP
ENV NODE_ENV=production \
    APP=${APP} \
    # The one writable place (the root filesystem is read-only).
    TMPDIR=/tmp
WORKDIR /app
COPY --from=build --chown=node:node /app /app
USER node
# The login server's bundle is dist/main.js, a product's dist/server.js; `migrate` as the argument
# applies the migrations and exits (the init container).
ENTRYPOINT ["sh", "-c", "if [ \"$APP\" = login-server ]; then exec node apps/login-server/dist/main.js \"$@\"; else exec node apps/$APP/dist/server.js \"$@\"; fi", "--"]
