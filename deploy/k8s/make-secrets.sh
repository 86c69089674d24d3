#!/bin/sh
# Writes the git-ignored env files an overlay's secretGenerator reads, with fresh random values.
# Existing files are kept, so the database passwords and session secrets stay stable across runs.
#   sh deploy/k8s/make-secrets.sh local|aws
set -eu
overlay=${1:?usage: make-secrets.sh local|aws}
dir="$(cd "$(dirname "$0")" && pwd)/overlays/$overlay/secrets"
mkdir -p "$dir"
random() { head -c 48 /dev/urandom | base64 | tr -dc 'A-Za-z0-9' | head -c 40; }
write() { [ -f "$dir/$1" ] || { umask 077; printf '%s\n' "$2" > "$dir/$1"; echo "wrote $dir/$1"; }; }

[ -f "$dir/postgres.env" ] || {
  a=$(random) b=$(random) l=$(random)
  write postgres.env "POSTGRES_USER=postgres
POSTGRES_PASSWORD=$(random)
PRODUCT_A_PASSWORD=$a
PRODUCT_B_PASSWORD=$b
LOGIN_SERVER_PASSWORD=$l"
}
password() { sed -n "s/^$1=//p" "$dir/postgres.env"; }
db="postgres.sso.svc.cluster.local:5432"
for product in a b; do
  upper=$(echo "$product" | tr a-z A-Z)
  extra=""
  # Locally the client secrets are the local pool file's demo values; real Cognito's come from Pulumi.
  [ "$overlay" = local ] && extra="
COGNITO_CLIENT_SECRET=product-$product-local-secret"
  write "product-$product.env" "DATABASE_URL=postgres://product_$product:$(password "PRODUCT_${upper}_PASSWORD")@$db/product_$product
SESSION_SECRET=$(random)$extra"
done
# The pool file, copied at every run so that edits to it reach the cluster. Without its triggers:
# the login server's image has no product A build to load them from, and may not reach product A's
# database (docs/decisions/0015).
[ "$overlay" = local ] && sed '/^triggers:/,/^$/d' "$(dirname "$0")/../../apps/login-server/config/local-pool.yaml" >"$dir/login-server-pool.yaml"
[ "$overlay" = local ] && write login-server.env "DATABASE_URL=postgres://login_server:$(password LOGIN_SERVER_PASSWORD)@$db/login_server"
exit 0
