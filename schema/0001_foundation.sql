-- 0001 foundation: the roles of the ledger, its schema, and who may use it.
-- Roles are cluster-wide and may already exist (another ledger database in the same cluster): create each
-- only when missing, tolerating a concurrent creator.

DO $roles$
DECLARE
    r text;
BEGIN
    FOREACH r IN ARRAY ARRAY['ledger_owner', 'ledger_reader', 'ledger_researcher', 'ledger_reviewer',
                             'ledger_auditor', 'ledger_protected']
    LOOP
        IF NOT EXISTS (SELECT 1 FROM pg_catalog.pg_roles WHERE rolname = r) THEN
            BEGIN
                EXECUTE format('CREATE ROLE %I NOLOGIN', r);
            EXCEPTION WHEN duplicate_object OR unique_violation THEN
                NULL; -- created meanwhile by a migration of another database
            END;
        END IF;
    END LOOP;
END
$roles$;

COMMENT ON ROLE ledger_owner IS 'Evidence Ledger: owns the ledger schema and its objects; used by migrations only. No person should log in as it.';
COMMENT ON ROLE ledger_reader IS 'Evidence Ledger: reads the public-safe views only (no protected identities, no restricted fields).';
COMMENT ON ROLE ledger_researcher IS 'Evidence Ledger: enters sources, exhibits, evidence items and links; amends and withdraws, never deletes.';
COMMENT ON ROLE ledger_reviewer IS 'Evidence Ledger: reviews evidence items and changes their review status.';
COMMENT ON ROLE ledger_auditor IS 'Evidence Ledger: reads everything except protected identities and runs verification of the tamper-evident log.';
COMMENT ON ROLE ledger_protected IS 'Evidence Ledger: may read protected source identities (witnesses, whistle-blowers). Grant sparingly.';

-- Group roles: every working role can read what a reader reads (granted once per cluster).
DO $members$
DECLARE
    r text;
BEGIN
    FOREACH r IN ARRAY ARRAY['ledger_researcher', 'ledger_reviewer', 'ledger_auditor']
    LOOP
        IF NOT pg_catalog.pg_has_role(r, 'ledger_reader', 'MEMBER') THEN
            EXECUTE format('GRANT ledger_reader TO %I', r);
        END IF;
    END LOOP;
END
$members$;

-- The owner creates the ledger's objects; later migrations SET LOCAL ROLE ledger_owner so it owns them all.
DO $grant$
BEGIN
    EXECUTE format('GRANT CREATE, CONNECT ON DATABASE %I TO ledger_owner', current_database());
    EXECUTE format('GRANT CONNECT ON DATABASE %I TO ledger_reader, ledger_researcher, ledger_reviewer, ledger_auditor, ledger_protected', current_database());
    EXECUTE format('REVOKE CREATE ON DATABASE %I FROM PUBLIC', current_database());
END
$grant$;

REVOKE CREATE ON SCHEMA public FROM PUBLIC;

CREATE SCHEMA ledger AUTHORIZATION ledger_owner;
COMMENT ON SCHEMA ledger IS 'Evidence Ledger: the append-only, versioned evidence ledger (sources, exhibits, evidence items, legal criteria, links) and its tamper-evident log. Start with \dv+ ledger.* in psql: every table, view and column is commented.';
REVOKE ALL ON SCHEMA ledger FROM PUBLIC;
GRANT USAGE ON SCHEMA ledger TO ledger_reader, ledger_researcher, ledger_reviewer, ledger_auditor, ledger_protected;

-- Every ledger role may see which migrations were applied (commands check it before they run).
GRANT USAGE ON SCHEMA ledger_meta TO ledger_reader, ledger_researcher, ledger_reviewer, ledger_auditor, ledger_protected;
GRANT SELECT ON ledger_meta.schema_migration TO ledger_reader, ledger_researcher, ledger_reviewer, ledger_auditor, ledger_protected;
