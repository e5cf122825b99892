-- 0007 what dossiers read: every row's canonical payload text (the bytes whose SHA-256 its log entry commits to),
-- so that a dossier can carry the rows it shows together with proofs that anyone can check offline.

SET LOCAL ROLE ledger_owner;
SET LOCAL search_path = ledger, pg_catalog;

-- One arm per ledger table, made the same way as the arms of ledger.log_row_digest (0004): the row key as a JSON
-- array of text, the payload as jsonb_build_object(...)::text with the log's rendering of each type. The view runs
-- with the privileges and row-level security of whoever reads it (security_invoker): protected identities stay
-- hidden from those who may not read them. exhibit_content is left out (its payload is the whole file); a dossier
-- proves exhibit files by the exhibit digest of their entries.
DO $payload$
DECLARE
    tables text[] := ARRAY['vocabulary', 'evidence_kind_attribute', 'entity', 'instrument_version', 'provision_version',
        'element_version', 'source_version', 'source_identity', 'exhibit', 'actor_version', 'actor_name',
        'place_version', 'place_name', 'item_version', 'item_actor', 'item_source', 'item_exhibit', 'link_version'];
    key_expr text;
    payload_expr text;
    arms text[] := '{}';
    name text;
BEGIN
    FOREACH name IN ARRAY tables LOOP
        SELECT 'jsonb_build_array(' || string_agg(format('r.%I::text', a.attname), ', ' ORDER BY array_position(i.indkey::int2[], a.attnum)) || ')::text'
          INTO key_expr
        FROM pg_index i JOIN pg_attribute a ON a.attrelid = i.indrelid AND a.attnum = ANY (i.indkey)
        WHERE i.indrelid = format('ledger.%I', name)::regclass AND i.indisprimary;
        SELECT 'jsonb_build_object(' || string_agg(format('%L, %s', a.attname,
                   CASE format_type(a.atttypid, a.atttypmod)
                       WHEN 'timestamp with time zone' THEN format('ledger.log_time(r.%I)', a.attname)
                       WHEN 'date' THEN format('to_char(r.%I, ''YYYY-MM-DD'')', a.attname)
                       WHEN 'tstzrange' THEN format('CASE WHEN r.%1$I IS NULL THEN NULL ELSE (CASE WHEN lower_inc(r.%1$I) THEN ''['' ELSE ''('' END) || ledger.log_time(lower(r.%1$I)) || '','' || ledger.log_time(upper(r.%1$I)) || (CASE WHEN upper_inc(r.%1$I) THEN '']'' ELSE '')'' END) END', a.attname)
                       WHEN 'bytea' THEN format('encode(r.%I, ''hex'')', a.attname)
                       ELSE format('r.%I::text', a.attname)
                   END), ', ' ORDER BY a.attnum) || ')::text'
          INTO payload_expr
        FROM pg_attribute a
        WHERE a.attrelid = format('ledger.%I', name)::regclass AND a.attnum > 0 AND NOT a.attisdropped AND a.attgenerated = '';
        arms := arms || format('SELECT %1$L::text AS table_name, %2$s AS row_key, %3$s AS payload FROM ledger.%1$I r',
            name, key_expr, payload_expr);
    END LOOP;
    -- Protected identities get a view of their own: a view that names a table needs the privilege on it, so
    -- one view over all tables would be closed to everyone who may not read identities.
    EXECUTE 'CREATE VIEW ledger.log_row_payload WITH (security_invoker = true) AS '
        || array_to_string(array(SELECT a FROM unnest(arms) AS a WHERE a NOT LIKE '%FROM ledger.source_identity r'), E'\nUNION ALL\n');
    EXECUTE 'CREATE VIEW ledger.log_identity_payload WITH (security_invoker = true) AS '
        || (SELECT a FROM unnest(arms) AS a WHERE a LIKE '%FROM ledger.source_identity r');
END
$payload$;

COMMENT ON VIEW ledger.log_identity_payload IS 'The rows of ledger.source_identity with their canonical payload text, for those row-level security lets read them (members of ledger_protected).';
COMMENT ON COLUMN ledger.log_identity_payload.table_name IS 'Always source_identity.';
COMMENT ON COLUMN ledger.log_identity_payload.row_key IS 'The row''s primary key as a JSON array of text (log_entry.row_key).';
COMMENT ON COLUMN ledger.log_identity_payload.payload IS 'The canonical payload text, exactly as hashed.';
COMMENT ON VIEW ledger.log_row_payload IS 'Every row of every ledger table (but exhibit_content and source_identity) with its canonical payload text: SHA-256 of payload is what the row''s log entry commits to (docs/log-leaf-format.md). Read with the reader''s own privileges and row-level security. Dossiers carry these texts so that their content can be checked against the log offline.';
COMMENT ON COLUMN ledger.log_row_payload.table_name IS 'The table.';
COMMENT ON COLUMN ledger.log_row_payload.row_key IS 'The row''s primary key as a JSON array of text (log_entry.row_key).';
COMMENT ON COLUMN ledger.log_row_payload.payload IS 'The canonical payload text, exactly as hashed.';

-- Those who build dossiers read the payloads and the log (leaves carry no more than the tables they read).
GRANT SELECT ON ledger.log_row_payload TO ledger_researcher, ledger_reviewer, ledger_auditor;
GRANT SELECT ON ledger.log_entry TO ledger_researcher, ledger_reviewer;
GRANT SELECT ON ledger.log_identity_payload TO ledger_protected;
