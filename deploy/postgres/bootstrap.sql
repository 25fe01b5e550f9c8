-- Kessai database bootstrap: one database, one schema per service, one role per
-- schema. Run once per environment as a superuser / the cloud admin role:
--   psql "$ADMIN_URL" -v ON_ERROR_STOP=1 -f deploy/postgres/bootstrap.sql
-- Idempotent: safe to re-run (e.g. after adding a service to this file).
-- Passwords are NOT set here. Set each one from the secret store, then create the
-- Kubernetes Secret kessai-<service>-db with key DATABASE_URL (docs/operations.md):
--   ALTER ROLE kessai_ledger PASSWORD '...';   -- typed at a psql prompt, never committed
-- The service role owns its schema, so its migrations Job runs as the same role.

SELECT 'CREATE DATABASE kessai'
WHERE NOT EXISTS (SELECT FROM pg_database WHERE datname = 'kessai')\gexec

\connect kessai

-- Nobody gets the public schema by default (PostgreSQL < 15 grants CREATE to PUBLIC).
REVOKE CREATE ON SCHEMA public FROM PUBLIC;
REVOKE ALL ON DATABASE kessai FROM PUBLIC;
CREATE EXTENSION IF NOT EXISTS pgcrypto;  -- gen_random_uuid(); services do not install extensions

DO $$
DECLARE
  r text;
BEGIN
  FOREACH r IN ARRAY ARRAY['kessai_gateway', 'kessai_ledger', 'kessai_billing', 'kessai_remittance', 'kessai_notification', 'kessai_webhook', 'kessai_account_transfer', 'kessai_fees']
  LOOP
    IF NOT EXISTS (SELECT FROM pg_roles WHERE rolname = r) THEN
      EXECUTE format('CREATE ROLE %I LOGIN NOSUPERUSER NOCREATEDB NOCREATEROLE NOINHERIT CONNECTION LIMIT 60', r);
    END IF;
    EXECUTE format('GRANT CONNECT, TEMPORARY ON DATABASE kessai TO %I', r);
    -- each role sees only its own schema first; no cross-schema access is granted
    EXECUTE format('ALTER ROLE %I SET search_path = %I', r, substr(r, 8));
    EXECUTE format('ALTER ROLE %I SET statement_timeout = %L', r, '30s');
    EXECUTE format('ALTER ROLE %I SET idle_in_transaction_session_timeout = %L', r, '60s');
  END LOOP;
END $$;

CREATE SCHEMA IF NOT EXISTS gateway AUTHORIZATION kessai_gateway;
CREATE SCHEMA IF NOT EXISTS ledger AUTHORIZATION kessai_ledger;
CREATE SCHEMA IF NOT EXISTS billing AUTHORIZATION kessai_billing;
CREATE SCHEMA IF NOT EXISTS remittance AUTHORIZATION kessai_remittance;
CREATE SCHEMA IF NOT EXISTS notification AUTHORIZATION kessai_notification;
CREATE SCHEMA IF NOT EXISTS webhook AUTHORIZATION kessai_webhook;
CREATE SCHEMA IF NOT EXISTS account_transfer AUTHORIZATION kessai_account_transfer;
CREATE SCHEMA IF NOT EXISTS fees AUTHORIZATION kessai_fees;

-- A read-only role for reconciliation and support queries (no login; grant it to people).
DO $$
BEGIN
  IF NOT EXISTS (SELECT FROM pg_roles WHERE rolname = 'kessai_readonly') THEN
    CREATE ROLE kessai_readonly NOLOGIN;
  END IF;
END $$;
