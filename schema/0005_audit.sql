-- 0005 the psql audit surface: views that say who did what, when and why in plain columns, and functions that
-- recompute leaf hashes and tree roots inside the database (a convenience: evidence-ledger verify is the authority).

SET LOCAL ROLE ledger_owner;
SET LOCAL search_path = ledger, pg_catalog;

CREATE VIEW ledger.audit_trail AS
SELECT l.idx AS entry, l.recorded_at, l.acting_role, l.table_name,
       coalesce(e.entity_type, ie.entity_type) AS entity_type, coalesce(e.external_id, ie.external_id) AS external_id,
       (l.row_key::jsonb ->> 1)::integer AS row_version,
       coalesce(iv.change_reason, sv.change_reason, lv.change_reason, av.change_reason, pv.change_reason) AS reason,
       iv.status::text AS item_status
FROM ledger.log_entry l
LEFT JOIN ledger.entity e ON l.table_name = 'entity' AND e.id = (l.row_key::jsonb ->> 0)::uuid
LEFT JOIN ledger.entity ie ON l.table_name LIKE '%\_version' AND ie.id = (l.row_key::jsonb ->> 0)::uuid
LEFT JOIN ledger.item_version iv ON l.table_name = 'item_version' AND iv.entity_id = ie.id AND iv.version = (l.row_key::jsonb ->> 1)::integer
LEFT JOIN ledger.source_version sv ON l.table_name = 'source_version' AND sv.entity_id = ie.id AND sv.version = (l.row_key::jsonb ->> 1)::integer
LEFT JOIN ledger.link_version lv ON l.table_name = 'link_version' AND lv.entity_id = ie.id AND lv.version = (l.row_key::jsonb ->> 1)::integer
LEFT JOIN ledger.actor_version av ON l.table_name = 'actor_version' AND av.entity_id = ie.id AND av.version = (l.row_key::jsonb ->> 1)::integer
LEFT JOIN ledger.place_version pv ON l.table_name = 'place_version' AND pv.entity_id = ie.id AND pv.version = (l.row_key::jsonb ->> 1)::integer;
COMMENT ON VIEW ledger.audit_trail IS 'Who did what, when and why: one row per log entry, with the entity''s external id, its version and the reason recorded for it.';
COMMENT ON COLUMN ledger.audit_trail.entry IS 'The log entry''s index.';
COMMENT ON COLUMN ledger.audit_trail.recorded_at IS 'When the row was written.';
COMMENT ON COLUMN ledger.audit_trail.acting_role IS 'The database user that wrote it.';
COMMENT ON COLUMN ledger.audit_trail.table_name IS 'The table written.';
COMMENT ON COLUMN ledger.audit_trail.entity_type IS 'The entity''s type, for entity and version rows.';
COMMENT ON COLUMN ledger.audit_trail.external_id IS 'The entity''s stable id (item-…, src-…, UNGA-3314/3(f)…).';
COMMENT ON COLUMN ledger.audit_trail.row_version IS 'The version written, for version rows.';
COMMENT ON COLUMN ledger.audit_trail.reason IS 'The reason recorded with the version (empty for first versions).';
COMMENT ON COLUMN ledger.audit_trail.item_status IS 'For item versions: the review status that version recorded.';

CREATE VIEW ledger.item_history AS
SELECT e.external_id AS item, v.version, v.status::text AS status, v.title, v.recorded_at, v.recorded_by, v.change_reason AS reason,
       v.reviewer, v.review_note
FROM ledger.item_version v JOIN ledger.entity e ON e.id = v.entity_id;
COMMENT ON VIEW ledger.item_history IS 'Every version of every evidence item: SELECT * FROM ledger.item_history WHERE item = ''item-…'' ORDER BY version.';
COMMENT ON COLUMN ledger.item_history.item IS 'The item''s id.';
COMMENT ON COLUMN ledger.item_history.version IS 'The version.';
COMMENT ON COLUMN ledger.item_history.status IS 'The review status the version recorded.';
COMMENT ON COLUMN ledger.item_history.title IS 'The title the version recorded.';
COMMENT ON COLUMN ledger.item_history.recorded_at IS 'When the version was recorded.';
COMMENT ON COLUMN ledger.item_history.recorded_by IS 'Who recorded it.';
COMMENT ON COLUMN ledger.item_history.reason IS 'Why (every version after the first has a reason).';
COMMENT ON COLUMN ledger.item_history.reviewer IS 'Who reviewed, for review versions.';
COMMENT ON COLUMN ledger.item_history.review_note IS 'The reviewer''s note.';

CREATE FUNCTION ledger.log_leaf_hash(entry bigint) RETURNS bytea
LANGUAGE sql STABLE AS $$
    SELECT sha256('\x00'::bytea || leaf) FROM ledger.log_entry WHERE idx = entry
$$;
COMMENT ON FUNCTION ledger.log_leaf_hash(bigint) IS 'RFC 9162 leaf hash of an entry, recomputed from its stored bytes: SHA-256(0x00 || leaf).';

CREATE FUNCTION ledger.log_root(tree_size bigint DEFAULT NULL) RETURNS bytea
LANGUAGE plpgsql STABLE AS $$
DECLARE
    stack bytea[] := '{}';
    sizes bigint[] := '{}';
    h bytea;
    k integer;
    r record;
BEGIN
    FOR r IN SELECT leaf FROM ledger.log_entry WHERE tree_size IS NULL OR idx < tree_size ORDER BY idx LOOP
        stack := stack || sha256('\x00'::bytea || r.leaf);
        sizes := sizes || 1::bigint;
        k := array_length(sizes, 1);
        WHILE k >= 2 AND sizes[k] = sizes[k - 1] LOOP
            h := sha256('\x01'::bytea || stack[k - 1] || stack[k]);
            stack := stack[1:k - 2] || h;
            sizes := sizes[1:k - 2] || (sizes[k] * 2);
            k := k - 1;
        END LOOP;
    END LOOP;
    k := coalesce(array_length(stack, 1), 0);
    IF k = 0 THEN
        RETURN sha256(''::bytea);
    END IF;
    h := stack[k];
    FOR i IN REVERSE k - 1 .. 1 LOOP
        h := sha256('\x01'::bytea || stack[i] || h);
    END LOOP;
    RETURN h;
END
$$;
COMMENT ON FUNCTION ledger.log_root(bigint) IS 'RFC 9162 Merkle root of the first tree_size entries (all when NULL), recomputed in SQL from the stored leaf bytes; compare with ledger.checkpoint.root. A convenience for psql: evidence-ledger verify is the authority.';

GRANT SELECT ON ledger.audit_trail, ledger.item_history TO ledger_auditor;
GRANT EXECUTE ON FUNCTION ledger.log_leaf_hash(bigint), ledger.log_root(bigint) TO ledger_auditor;
