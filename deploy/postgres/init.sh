#!/bin/bash
# First-start provisioning for the `postgres` service in docker-compose.yml.
#
# The postgres image runs this once, when the data volume is empty
# (/docker-entrypoint-initdb.d). It mirrors what `db/provision.ts` does on the
# embedded default:
#   - clientnote_owner: owns database `clientnote` and its public schema, runs
#     migrations (DATABASE_URL);
#   - clientnote_app: the application role (DATABASE_APP_URL); owns nothing, is
#     no superuser and may not create objects, so the grants the migrations
#     give it (db/grants.ts: no UPDATE/DELETE on the audit trail) really bind;
#   - temporal: owns `temporal` and `temporal_visibility`. CREATEDB only so
#     that `temporal-sql-tool create` is a harmless no-op against them.
#
# Passwords arrive as environment variables and reach SQL as psql variables
# (:'name' quotes them as literals), never through shell expansion.
#
# Changing a password in .env later does NOT change the role: this script never
# runs again. Use `ALTER ROLE ... PASSWORD ...` (see docs/deployment.md).
set -euo pipefail

: "${CLIENTNOTE_OWNER_PASSWORD:?CLIENTNOTE_OWNER_PASSWORD must be set}"
: "${CLIENTNOTE_APP_PASSWORD:?CLIENTNOTE_APP_PASSWORD must be set}"
: "${TEMPORAL_DB_PASSWORD:?TEMPORAL_DB_PASSWORD must be set}"

psql --set ON_ERROR_STOP=1 --no-psqlrc \
  --username "$POSTGRES_USER" --dbname "$POSTGRES_DB" \
  --set owner_password="$CLIENTNOTE_OWNER_PASSWORD" \
  --set app_password="$CLIENTNOTE_APP_PASSWORD" \
  --set temporal_password="$TEMPORAL_DB_PASSWORD" <<'EOSQL'
CREATE ROLE clientnote_owner LOGIN NOSUPERUSER NOCREATEDB NOCREATEROLE PASSWORD :'owner_password';
CREATE ROLE clientnote_app LOGIN NOSUPERUSER NOCREATEDB NOCREATEROLE NOINHERIT PASSWORD :'app_password';
CREATE ROLE temporal LOGIN NOSUPERUSER CREATEDB NOCREATEROLE PASSWORD :'temporal_password';

CREATE DATABASE clientnote OWNER clientnote_owner ENCODING 'UTF8' TEMPLATE template0;
CREATE DATABASE temporal OWNER temporal ENCODING 'UTF8' TEMPLATE template0;
CREATE DATABASE temporal_visibility OWNER temporal ENCODING 'UTF8' TEMPLATE template0;

-- Only the intended roles may connect to each database.
REVOKE ALL ON DATABASE clientnote FROM PUBLIC;
GRANT CONNECT, TEMPORARY ON DATABASE clientnote TO clientnote_app;
REVOKE ALL ON DATABASE temporal FROM PUBLIC;
REVOKE ALL ON DATABASE temporal_visibility FROM PUBLIC;

\connect clientnote
-- The owner owns the public schema so migrations can create tables; the
-- application role may only use it.
ALTER SCHEMA public OWNER TO clientnote_owner;
REVOKE CREATE ON SCHEMA public FROM PUBLIC;
GRANT USAGE ON SCHEMA public TO clientnote_app;
EOSQL

echo "clientnote: created roles clientnote_owner, clientnote_app, temporal and databases clientnote, temporal, temporal_visibility"
