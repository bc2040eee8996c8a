-- Version 6: sextant_reader, a SELECT-only role for Grafana and other readers (issue 18).
--
-- Grafana runs whatever SQL a dashboard editor types, so its data source must connect as a role
-- that can only read. The role may log in but gets no password here: a migration is code and
-- code holds no secret. An administrator sets it once, out of band:
--     ALTER ROLE sextant_reader PASSWORD '<from your secret store>';
-- and gives Grafana the same password in a file (docs/dashboards.md).
--
-- Roles belong to the cluster, not the database: a second Sextant database in the same cluster
-- reuses the role and only adds its grants. Creating a role needs CREATEROLE; when the store's
-- own user lacks it, the migration creates nothing, says so, and an administrator runs the
-- statements of docs/dashboards.md instead. SELECT is granted on the tables and views the store
-- user owns in the schema it migrates (current_schema()), and on those that later migrations and
-- the maintenance job (daily partitions) create, through the store user's default privileges.
DO $$
DECLARE
  may_create boolean;
  t regclass;
BEGIN
  IF NOT EXISTS (SELECT 1 FROM pg_roles WHERE rolname = 'sextant_reader') THEN
    SELECT rolcreaterole OR rolsuper INTO may_create FROM pg_roles WHERE rolname = current_user;
    IF NOT may_create THEN
      RAISE NOTICE 'sextant_reader not created: % may not create roles; see docs/dashboards.md', current_user;
      RETURN;
    END IF;
    CREATE ROLE sextant_reader LOGIN NOSUPERUSER NOCREATEDB NOCREATEROLE NOREPLICATION;
    -- Belt and braces beside the grants: read-only transactions, and no query runs away.
    ALTER ROLE sextant_reader SET default_transaction_read_only = on;
    ALTER ROLE sextant_reader SET statement_timeout = '60s';
  END IF;
  BEGIN
    EXECUTE format('GRANT USAGE ON SCHEMA %I TO sextant_reader', current_schema());
  EXCEPTION WHEN insufficient_privilege THEN
    -- PUBLIC has USAGE on the public schema by default; a hardened schema needs its owner's grant.
    RAISE NOTICE 'USAGE on schema % not granted to sextant_reader: %', current_schema(), SQLERRM;
  END;
  -- Only what the store user owns: a shared schema may hold other applications' tables.
  FOR t IN SELECT c.oid::regclass FROM pg_class c
           WHERE c.relnamespace = current_schema()::regnamespace AND c.relkind IN ('r', 'p', 'v', 'm')
             AND c.relowner = current_user::regrole LOOP
    EXECUTE format('GRANT SELECT ON %s TO sextant_reader', t);
  END LOOP;
  EXECUTE format('ALTER DEFAULT PRIVILEGES IN SCHEMA %I GRANT SELECT ON TABLES TO sextant_reader', current_schema());
END
$$;
