# syntax=docker/dockerfile:1
# One recipe for the three services; build from the repository root with
#   --build-arg APP=login-server|product-a|product-b
# The image holds only what the service runs (scripts/build/runtime.ts): its bundle, the npm
# packages the bundle imports with their dependencies, its migrations and for the products the Vite
# build, on the Node.js version of .node-version, read-only to the user it runs as (1000:1000).
# `migrate` as the argument applies the migrations and exits (the init container).
ARG NODE_IMAGE=node:24.22.3-bookworm-slim

FROM ${NODE_IMAGE} AS build
WORKDIR /app
ENV npm_config_audit=false npm_config_fund=false npm_config_update_notifier=false
# The dependency manifests alone first: the install below is reused until one of them changes.
COPY package.json package-lock.json ./
COPY apps/login-server/package.json apps/login-server/
COPY apps/product-a/package.json apps/product-a/
COPY apps/product-b/package.json apps/product-b/
COPY packages/account-binding/package.json packages/account-binding/
COPY packages/local-postgres/package.json packages/local-postgres/
COPY packages/prisma-migrate/package.json packages/prisma-migrate/
COPY packages/product-app/package.json packages/product-app/
COPY packages/product-auth/package.json packages/product-auth/
COPY packages/remix-auth-cognito/package.json packages/remix-auth-cognito/
COPY packages/service/package.json packages/service/
COPY packages/testing/package.json packages/testing/
COPY prisma/package.json prisma/
COPY e2e/package.json e2e/
COPY deploy/checks/package.json deploy/checks/
COPY deploy/pulumi/package.json deploy/pulumi/
ARG APP
# Install scripts stay off (other workspaces' would fetch Pulumi plugins and Prisma engines): the
# Prisma clients are generated below. Dev dependencies are needed to build; none reach the image.
RUN --mount=type=cache,target=/root/.npm \
    case "$APP" in login-server|product-a|product-b) ;; *) echo "APP must be login-server, product-a or product-b" >&2; exit 1 ;; esac \
 && npm ci --ignore-scripts --include-workspace-root --workspace "@sso/$APP" --workspace @sso/product-db
COPY tsconfig.base.json .node-version ./
COPY scripts/build scripts/build
COPY packages packages
COPY prisma prisma
COPY apps apps
RUN npm run generate --workspace "$([ "$APP" = login-server ] && echo @sso/login-server || echo @sso/product-db)" \
 && npm run build -- "$APP" \
 && node --experimental-strip-types scripts/build/runtime.ts "$APP" /runtime \
 && mv /runtime/node_modules /runtime-node-modules

FROM ${NODE_IMAGE}
ARG APP
ENV NODE_ENV=production \
    # The one writable place (the root filesystem is read-only).
    TMPDIR=/tmp
WORKDIR /app
# Dependencies and code in layers of their own: a code change leaves the first one as it was.
COPY --from=build /runtime-node-modules node_modules
COPY --from=build /runtime ./
RUN ln -s "apps/$APP/dist/main.js" main.js
# The node image's `node` user, by number so that Kubernetes can check runAsNonRoot.
USER 1000:1000
ENTRYPOINT ["node", "main.js"]
