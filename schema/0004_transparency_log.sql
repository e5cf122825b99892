-- 0004 the tamper-evident log: every row written to a ledger table becomes one entry of an append-only log, whose
-- leaves form an RFC 9162 Merkle tree. The leaf format is docs/log-leaf-format.md; checkpoints are C2SP signed
-- notes made with a key kept outside the database (evidence-ledger checkpoint --key FILE).

SET LOCAL ROLE ledger_owner;
SET LOCAL search_path = ledger, pg_catalog;

CREATE TABLE ledger.log_config (
    singleton  boolean NOT NULL DEFAULT true CHECK (singleton),
    origin     text NOT NULL CHECK (origin ~ '^[A-Za-z0-9][A-Za-z0-9._/-]{0,199}$'),
    created_at timestamptz NOT NULL DEFAULT now(),
    CONSTRAINT log_config_pkey PRIMARY KEY (singleton)
);
COMMENT ON TABLE ledger.log_config IS 'The log''s origin: the name every leaf, checkpoint and signing key of this ledger carries. Set once.';
COMMENT ON COLUMN ledger.log_config.singleton IS 'Always true: there is one row.';
COMMENT ON COLUMN ledger.log_config.origin IS 'The log''s origin (C2SP checkpoint origin and signing key name), e.g. evidence-ledger.local/evidence_ledger/3f2a…';
COMMENT ON COLUMN ledger.log_config.created_at IS 'When the log was started.';
INSERT INTO ledger.log_config (origin)
VALUES ('evidence-ledger.local/' || regexp_replace(current_database(), '[^A-Za-z0-9._-]', '-', 'g') || '/' || substr(md5(gen_random_uuid()::text), 1, 12));

CREATE TABLE ledger.log_head (
    singleton boolean NOT NULL DEFAULT true CHECK (singleton),
    size      bigint NOT NULL CHECK (size >= 0),
    CONSTRAINT log_head_pkey PRIMARY KEY (singleton)
);
COMMENT ON TABLE ledger.log_head IS 'The number of log entries. Its one row is locked by every writing statement: the single point where indices are assigned, so they are dense and never fork.';
COMMENT ON COLUMN ledger.log_head.singleton IS 'Always true: there is one row.';
COMMENT ON COLUMN ledger.log_head.size IS 'How many entries the log has; the next entry gets this index.';
INSERT INTO ledger.log_head (size) VALUES (0);

CREATE TABLE ledger.log_entry (
    idx         bigint NOT NULL CHECK (idx >= 0),
    leaf        bytea NOT NULL,
    table_name  text NOT NULL,
    row_key     text NOT NULL,
    recorded_at timestamptz NOT NULL,
    acting_role text NOT NULL,
    CONSTRAINT log_entry_pkey PRIMARY KEY (idx)
);
COMMENT ON TABLE ledger.log_entry IS 'The tamper-evident log: one entry per row written to a ledger table, in the order written. The leaf bytes are what is hashed (leaf hash = SHA-256(0x00 || leaf)); the other columns repeat parts of the leaf for reading in psql and are not trusted by verify.';
COMMENT ON COLUMN ledger.log_entry.idx IS 'The entry''s index, dense from 0.';
COMMENT ON COLUMN ledger.log_entry.leaf IS 'The exact leaf bytes (docs/log-leaf-format.md).';
COMMENT ON COLUMN ledger.log_entry.table_name IS 'The table the row was written to (also in the leaf).';
COMMENT ON COLUMN ledger.log_entry.row_key IS 'The row''s primary key as a JSON array of text (also in the leaf).';
COMMENT ON COLUMN ledger.log_entry.recorded_at IS 'When the entry was made (also in the leaf, to the microsecond).';
COMMENT ON COLUMN ledger.log_entry.acting_role IS 'The session user that wrote the row (also in the leaf).';
CREATE INDEX log_entry_row ON ledger.log_entry (table_name, row_key);
CREATE TRIGGER log_entry_append_only BEFORE UPDATE OR DELETE ON ledger.log_entry FOR EACH ROW EXECUTE FUNCTION ledger.refuse_change();
CREATE TRIGGER log_entry_no_truncate BEFORE TRUNCATE ON ledger.log_entry FOR EACH STATEMENT EXECUTE FUNCTION ledger.refuse_change();

CREATE TABLE ledger.checkpoint (
    size       bigint NOT NULL CHECK (size >= 0),
    root       bytea NOT NULL CHECK (octet_length(root) = 32),
    note       text NOT NULL,
    key_name   text NOT NULL,
    signed_at  timestamptz NOT NULL DEFAULT now(),
    signed_by  text NOT NULL DEFAULT session_user,
    CONSTRAINT checkpoint_pkey PRIMARY KEY (size)
);
COMMENT ON TABLE ledger.checkpoint IS 'Signed checkpoints of the log (C2SP tlog-checkpoint signed notes), for publication and for verify. A checkpoint is only signed when consistent with the previous one.';
COMMENT ON COLUMN ledger.checkpoint.size IS 'The tree size the checkpoint commits to.';
COMMENT ON COLUMN ledger.checkpoint.root IS 'The Merkle tree root hash at that size.';
COMMENT ON COLUMN ledger.checkpoint.note IS 'The signed note, verbatim: origin, size, base64 root, blank line, signature lines.';
COMMENT ON COLUMN ledger.checkpoint.key_name IS 'The name of the key that signed it (the origin).';
COMMENT ON COLUMN ledger.checkpoint.signed_at IS 'When it was signed and stored.';
COMMENT ON COLUMN ledger.checkpoint.signed_by IS 'The database user that stored it.';
CREATE TRIGGER checkpoint_append_only BEFORE UPDATE OR DELETE ON ledger.checkpoint FOR EACH ROW EXECUTE FUNCTION ledger.refuse_change();
CREATE TRIGGER checkpoint_no_truncate BEFORE TRUNCATE ON ledger.checkpoint FOR EACH STATEMENT EXECUTE FUNCTION ledger.refuse_change();

-- Length-prefixed UTF-8 text: a 2-byte big-endian byte count, then the bytes.
CREATE FUNCTION ledger.log_text(value text) RETURNS bytea
LANGUAGE sql IMMUTABLE STRICT PARALLEL SAFE AS $$
    SELECT int2send(octet_length(convert_to(value, 'UTF8'))::int2) || convert_to(value, 'UTF8')
$$;
COMMENT ON FUNCTION ledger.log_text(text) IS 'Leaf encoding of a text field: 2-byte big-endian length, then UTF-8 bytes.';

-- A timestamp in the one form the log uses, whatever the session's TimeZone or DateStyle.
CREATE FUNCTION ledger.log_time(value timestamptz) RETURNS text
LANGUAGE sql STABLE STRICT PARALLEL SAFE AS $$
    SELECT to_char(value AT TIME ZONE 'UTC', 'YYYY-MM-DD"T"HH24:MI:SS.US"Z"')
$$;
COMMENT ON FUNCTION ledger.log_time(timestamptz) IS 'A timestamp as the log writes it in payloads: ISO 8601 in UTC with microseconds.';

CREATE FUNCTION ledger.log_leaf(origin text, idx bigint, recorded_at timestamptz, table_name text, row_key text,
                                row_version integer, acting_role text, payload_sha256 bytea, exhibit_sha256 bytea)
RETURNS bytea
LANGUAGE sql STABLE PARALLEL SAFE AS $$
    SELECT '\x454c4c45414601'::bytea
        || ledger.log_text(origin)
        || int8send(idx)
        || int8send((extract(epoch FROM recorded_at) * 1000000)::bigint)
        || '\x01'::bytea
        || ledger.log_text(table_name)
        || ledger.log_text(row_key)
        || int4send(row_version)
        || ledger.log_text(acting_role)
        || payload_sha256
        || coalesce(exhibit_sha256, '\x0000000000000000000000000000000000000000000000000000000000000000'::bytea)
$$;
COMMENT ON FUNCTION ledger.log_leaf(text, bigint, timestamptz, text, text, integer, text, bytea, bytea) IS 'Builds a leaf (docs/log-leaf-format.md): "ELLEAF", version 1, origin, index, record time (µs since 1970 UTC), operation 1 (insert), table, row key, row version, acting role, SHA-256 of the canonical payload, SHA-256 of the exhibit bytes (zeros when none).';

-- Owners may read protected identities for digests only (verify); people still need ledger_protected.
CREATE POLICY source_identity_owner_digest ON ledger.source_identity FOR SELECT TO ledger_owner USING (true);
COMMENT ON POLICY source_identity_owner_digest ON ledger.source_identity IS 'The owner (a NOLOGIN role) reads rows so that the log can commit to their digests; no person logs in as the owner.';

-- For every ledger table: functions giving a row's key, version, canonical payload and exhibit digest; an AFTER
-- INSERT statement-level trigger appending one entry per new row under the head lock; the rows already there
-- (vocabularies, earlier data) logged now, in table order then key order; and one arm of ledger.log_row_digest.
DO $log$
DECLARE
    t record;
    tables text[] := ARRAY['vocabulary', 'evidence_kind_attribute', 'entity', 'instrument_version', 'provision_version',
        'element_version', 'source_version', 'source_identity', 'exhibit_content', 'exhibit', 'actor_version', 'actor_name',
        'place_version', 'place_name', 'item_version', 'item_actor', 'item_source', 'item_exhibit', 'link_version'];
    missing text;
    key_expr text;
    version_expr text;
    payload_expr text;
    exhibit_expr text;
    digest_arms text[] := '{}';
    name text;
BEGIN
    SELECT string_agg(c.relname, ', ') INTO missing
    FROM pg_class c JOIN pg_namespace n ON n.oid = c.relnamespace
    WHERE n.nspname = 'ledger' AND c.relkind = 'r' AND c.relname NOT IN ('log_config', 'log_head', 'log_entry', 'checkpoint')
      AND NOT c.relname = ANY (tables);
    IF missing IS NOT NULL THEN
        RAISE EXCEPTION 'ledger tables not covered by the log: %', missing;
    END IF;
    FOREACH name IN ARRAY tables LOOP
        SELECT 'jsonb_build_array(' || string_agg(format('r.%I::text', a.attname), ', ' ORDER BY array_position(i.indkey::int2[], a.attnum)) || ')::text'
          INTO key_expr
        FROM pg_index i JOIN pg_attribute a ON a.attrelid = i.indrelid AND a.attnum = ANY (i.indkey)
        WHERE i.indrelid = format('ledger.%I', name)::regclass AND i.indisprimary;
        SELECT coalesce((SELECT format('r.%I', a.attname) FROM pg_attribute a
                         WHERE a.attrelid = format('ledger.%I', name)::regclass AND a.attname IN ('version') AND NOT a.attisdropped),
                        (SELECT format('r.%I', a.attname) FROM pg_attribute a
                         WHERE a.attrelid = format('ledger.%I', name)::regclass AND a.attname LIKE '%\_version' AND a.attnum > 0 AND NOT a.attisdropped
                         ORDER BY a.attnum LIMIT 1),
                        '0')
          INTO version_expr;
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
        exhibit_expr := CASE WHEN name = 'exhibit_content' THEN 'sha256(r.content)' ELSE 'NULL::bytea' END;

        EXECUTE format($f$
            CREATE FUNCTION ledger.%1$I() RETURNS trigger
            LANGUAGE plpgsql SECURITY DEFINER SET search_path = ledger, pg_catalog AS $body$
            DECLARE
                head bigint;
                log_origin text;
                at timestamptz;
                added bigint;
            BEGIN
                SELECT size INTO head FROM ledger.log_head WHERE singleton FOR UPDATE;
                SELECT origin INTO log_origin FROM ledger.log_config;
                at := clock_timestamp();
                INSERT INTO ledger.log_entry (idx, leaf, table_name, row_key, recorded_at, acting_role)
                SELECT head + n - 1,
                       ledger.log_leaf(log_origin, head + n - 1, at, %2$L, k, v, session_user, sha256(convert_to(p, 'UTF8')), x),
                       %2$L, k, at, session_user
                FROM (SELECT row_number() OVER (ORDER BY k) AS n, k, v, p, x
                      FROM (SELECT %3$s AS k, %4$s AS v, %5$s AS p, %6$s AS x FROM new_rows r) AS rows) AS numbered;
                GET DIAGNOSTICS added = ROW_COUNT;
                UPDATE ledger.log_head SET size = size + added WHERE singleton;
                RETURN NULL;
            END
            $body$
            $f$, 'log_append_' || name, name, key_expr, version_expr, payload_expr, exhibit_expr);
        EXECUTE format('COMMENT ON FUNCTION ledger.%I() IS %L', 'log_append_' || name,
            format('Trigger function: appends one log entry per row inserted into ledger.%s, under the log_head lock.', name));
        EXECUTE format('CREATE TRIGGER %I AFTER INSERT ON ledger.%I REFERENCING NEW TABLE AS new_rows FOR EACH STATEMENT EXECUTE FUNCTION ledger.%I()',
            'zz_log_' || name, name, 'log_append_' || name);

        -- The rows already there.
        EXECUTE format($b$
            WITH head AS (SELECT size, clock_timestamp() AS at FROM ledger.log_head WHERE singleton FOR UPDATE),
            numbered AS (
                SELECT row_number() OVER (ORDER BY k) AS n, k, v, p, x
                FROM (SELECT %2$s AS k, %3$s AS v, %4$s AS p, %5$s AS x FROM ledger.%1$I r) AS rows
            ),
            added AS (
                INSERT INTO ledger.log_entry (idx, leaf, table_name, row_key, recorded_at, acting_role)
                SELECT head.size + n - 1,
                       ledger.log_leaf((SELECT origin FROM ledger.log_config), head.size + n - 1, head.at, %1$L, k, v, session_user,
                                       sha256(convert_to(p, 'UTF8')), x),
                       %1$L, k, head.at, session_user
                FROM numbered, head
                RETURNING 1
            )
            UPDATE ledger.log_head SET size = size + (SELECT count(*) FROM added) WHERE singleton
            $b$, name, key_expr, version_expr, payload_expr, exhibit_expr);

        digest_arms := digest_arms || format(
            'SELECT %1$L::text AS table_name, %2$s AS row_key, sha256(convert_to(%3$s, ''UTF8'')) AS payload_sha256, %4$s AS exhibit_sha256 FROM ledger.%1$I r',
            name, key_expr, payload_expr, exhibit_expr);
    END LOOP;
    EXECUTE 'CREATE VIEW ledger.log_row_digest AS ' || array_to_string(digest_arms, E'\nUNION ALL\n');
END
$log$;

COMMENT ON VIEW ledger.log_row_digest IS 'Every row of every ledger table with the digests its log entry must commit to, recomputed now from the stored columns (and, for exhibits, the stored bytes). evidence-ledger verify compares them with the leaves.';
COMMENT ON COLUMN ledger.log_row_digest.table_name IS 'The table.';
COMMENT ON COLUMN ledger.log_row_digest.row_key IS 'The row''s primary key as a JSON array of text.';
COMMENT ON COLUMN ledger.log_row_digest.payload_sha256 IS 'SHA-256 of the row''s canonical payload.';
COMMENT ON COLUMN ledger.log_row_digest.exhibit_sha256 IS 'SHA-256 of the exhibit bytes (exhibit_content rows), else NULL.';

-- Auditors read the log and recompute; nobody but the owner writes it.
GRANT SELECT ON ledger.log_config, ledger.log_head, ledger.log_entry, ledger.checkpoint, ledger.log_row_digest TO ledger_auditor;
GRANT SELECT ON ledger.log_config, ledger.checkpoint TO ledger_reader, ledger_researcher, ledger_reviewer;
