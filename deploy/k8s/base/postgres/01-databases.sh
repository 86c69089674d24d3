#!/bin/sh
# First start only (the postgres image runs /docker-entrypoint-initdb.d on an empty volume): each
# service's role and database, with the password from its *_PASSWORD variable.
set -eu
for service in product_a product_b login_server; do
  var=$(echo "${service}_PASSWORD" | tr a-z A-Z)
  psql -v ON_ERROR_STOP=1 --username "$POSTGRES_USER" --dbname postgres \
    -v service="$service" -v password="$(printenv "$var")" \
    -f /docker-entrypoint-initdb.d/service-database.psql
done
