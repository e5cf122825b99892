-- The ledger's group roles, created when missing (as schema/0001_foundation.sql does), so that a backup can be
-- restored into a server that never held a ledger. Run as a role that may create roles.
DO $roles$
DECLARE
    r text;
BEGIN
    FOREACH r IN ARRAY ARRAY['ledger_owner', 'ledger_reader', 'ledger_researcher', 'ledger_reviewer',
                             'ledger_auditor', 'ledger_protected']
    LOOP
        IF NOT EXISTS (SELECT 1 FROM pg_catalog.pg_roles WHERE rolname = r) THEN
            EXECUTE format('CREATE ROLE %I NOLOGIN', r);
        END IF;
    END LOOP;
END
$roles$;
