-- 0009 sanctions: designations imported from OpenSanctions exports (targets.simple.csv, FollowTheMoney JSON lines)
-- or entered by hand, the targets they name, the links between those targets and ledger actors (proposed by
-- matching, decided by a person, never silently), and the views the sanctions gap report reads. Append-only and
-- versioned like the evidence model, and in the tamper-evident log like every ledger table.

SET LOCAL ROLE ledger_owner;
SET LOCAL search_path = ledger, pg_catalog;

-- ---------------------------------------------------------------------------------------------------------
-- The log, reusable: the expressions 0008 generates for a table's log entries, as functions, so that tables
-- added now and later get the same leaves, and the log's views are rebuilt over every logged table.

CREATE FUNCTION ledger.log_key_expression(name text) RETURNS text
LANGUAGE sql STABLE AS $$
    SELECT 'jsonb_build_array(' || string_agg(format('r.%I::text', a.attname), ', ' ORDER BY array_position(i.indkey::int2[], a.attnum)) || ')::text'
    FROM pg_index i JOIN pg_attribute a ON a.attrelid = i.indrelid AND a.attnum = ANY (i.indkey)
    WHERE i.indrelid = format('ledger.%I', name)::regclass AND i.indisprimary
$$;
COMMENT ON FUNCTION ledger.log_key_expression(text) IS 'SQL expression over a row r of ledger.<name>: its primary key as a JSON array of text (the leaf''s row key).';

CREATE FUNCTION ledger.log_version_expression(name text) RETURNS text
LANGUAGE sql STABLE AS $$
    SELECT coalesce((SELECT format('r.%I', a.attname) FROM pg_attribute a
                     WHERE a.attrelid = format('ledger.%I', name)::regclass AND a.attname IN ('version') AND NOT a.attisdropped),
                    (SELECT format('r.%I', a.attname) FROM pg_attribute a
                     WHERE a.attrelid = format('ledger.%I', name)::regclass AND a.attname LIKE '%\_version' AND a.attnum > 0 AND NOT a.attisdropped
                     ORDER BY a.attnum LIMIT 1),
                    '0')
$$;
COMMENT ON FUNCTION ledger.log_version_expression(text) IS 'SQL expression over a row r of ledger.<name>: the row version its leaf carries (version, else the first *_version column, else 0).';

CREATE FUNCTION ledger.log_payload_expression(name text) RETURNS text
LANGUAGE sql STABLE AS $$
    SELECT 'concat(''{'', ' || string_agg(format('%L, coalesce(to_json(%s)::text, ''null'')',
               CASE WHEN m.n = 1 THEN '' ELSE ', ' END || to_json(m.attname::text)::text || ': ',
               CASE format_type(m.atttypid, m.atttypmod)
                   WHEN 'timestamp with time zone' THEN format('ledger.log_time(r.%I)', m.attname)
                   WHEN 'date' THEN format('to_char(r.%I, ''YYYY-MM-DD'')', m.attname)
                   WHEN 'tstzrange' THEN format('CASE WHEN r.%1$I IS NULL THEN NULL ELSE (CASE WHEN lower_inc(r.%1$I) THEN ''['' ELSE ''('' END) || ledger.log_time(lower(r.%1$I)) || '','' || ledger.log_time(upper(r.%1$I)) || (CASE WHEN upper_inc(r.%1$I) THEN '']'' ELSE '')'' END) END', m.attname)
                   WHEN 'bytea' THEN format('encode(r.%I, ''hex'')', m.attname)
                   ELSE format('r.%I::text', m.attname)
               END), ', ' ORDER BY m.n) || ', ''}'')'
    FROM (SELECT a.attname, a.atttypid, a.atttypmod,
                 row_number() OVER (ORDER BY octet_length(a.attname::text), a.attname::text COLLATE "C") AS n
          FROM pg_attribute a
          WHERE a.attrelid = format('ledger.%I', name)::regclass AND a.attnum > 0 AND NOT a.attisdropped AND a.attgenerated = '') AS m
$$;
COMMENT ON FUNCTION ledger.log_payload_expression(text) IS 'SQL expression over a row r of ledger.<name>: its canonical payload text (docs/log-leaf-format.md), the same text jsonb_build_object(...)::text gives.';

CREATE FUNCTION ledger.attach_to_log(name text) RETURNS void
LANGUAGE plpgsql AS $log$
DECLARE
    exhibit_expr text := CASE WHEN name = 'exhibit_content' THEN 'sha256(r.content)' ELSE 'NULL::bytea' END;
    existing bigint;
BEGIN
    EXECUTE format('SELECT count(*) FROM ledger.%I', name) INTO existing;
    IF existing > 0 THEN
        RAISE EXCEPTION 'ledger.% already has rows: a table joins the log before its first row', name;
    END IF;
    EXECUTE format($f$
        CREATE FUNCTION ledger.%1$I() RETURNS trigger
        LANGUAGE plpgsql SECURITY DEFINER SET search_path = ledger, pg_catalog SET work_mem = '64MB' AS $body$
        DECLARE
            head bigint;
            at timestamptz;
            added bigint;
            leaf_start bytea;
            leaf_middle bytea;
            leaf_role bytea;
        BEGIN
            SELECT size INTO head FROM ledger.log_head WHERE singleton FOR UPDATE;
            SELECT '\x454c4c45414601'::bytea || ledger.log_text(origin) INTO leaf_start FROM ledger.log_config;
            at := clock_timestamp();
            leaf_middle := int8send((extract(epoch FROM at) * 1000000)::bigint) || '\x01'::bytea || ledger.log_text(%2$L);
            leaf_role := ledger.log_text(session_user);
            INSERT INTO ledger.log_entry (idx, leaf, table_name, row_key, recorded_at, acting_role)
            SELECT head + n - 1,
                   leaf_start || int8send(head + n - 1) || leaf_middle
                       || int2send(octet_length(kb)::int2) || kb
                       || int4send(v) || leaf_role || sha256(convert_to(p, 'UTF8'))
                       || coalesce(x, '\x0000000000000000000000000000000000000000000000000000000000000000'::bytea),
                   %2$L, k, at, session_user
            FROM (SELECT row_number() OVER (ORDER BY k) AS n, k, convert_to(k, 'UTF8') AS kb, v, p, x
                  FROM (SELECT %3$s AS k, %4$s AS v, %5$s AS p, %6$s AS x FROM new_rows r) AS rows) AS numbered;
            GET DIAGNOSTICS added = ROW_COUNT;
            UPDATE ledger.log_head SET size = size + added WHERE singleton;
            RETURN NULL;
        END
        $body$
        $f$, 'log_append_' || name, name, ledger.log_key_expression(name), ledger.log_version_expression(name),
            ledger.log_payload_expression(name), exhibit_expr);
    EXECUTE format('COMMENT ON FUNCTION ledger.%I() IS %L', 'log_append_' || name,
        format('Trigger function: appends one log entry per row inserted into ledger.%s, under the log_head lock.', name));
    EXECUTE format('CREATE TRIGGER %I AFTER INSERT ON ledger.%I REFERENCING NEW TABLE AS new_rows FOR EACH STATEMENT EXECUTE FUNCTION ledger.%I()',
        'zz_log_' || name, name, 'log_append_' || name);
END
$log$;
COMMENT ON FUNCTION ledger.attach_to_log(text) IS 'For migrations: puts a new, empty ledger table in the tamper-evident log (one entry per inserted row, as 0004 and 0008 do for the first tables). Call ledger.rebuild_log_views() afterwards.';

CREATE FUNCTION ledger.rebuild_log_views() RETURNS void
LANGUAGE plpgsql AS $views$
DECLARE
    name text;
    digest_arms text[] := '{}';
    payload_arms text[] := '{}';
    missing text;
BEGIN
    SELECT string_agg(c.relname, ', ') INTO missing
    FROM pg_class c JOIN pg_namespace n ON n.oid = c.relnamespace
    WHERE n.nspname = 'ledger' AND c.relkind = 'r' AND c.relname NOT IN ('log_config', 'log_head', 'log_entry', 'checkpoint', 'log_node')
      AND NOT EXISTS (SELECT 1 FROM pg_trigger t WHERE t.tgrelid = c.oid AND t.tgname = 'zz_log_' || c.relname);
    IF missing IS NOT NULL THEN
        RAISE EXCEPTION 'ledger tables not covered by the log: %', missing;
    END IF;
    FOR name IN
        SELECT c.relname FROM pg_trigger t JOIN pg_class c ON c.oid = t.tgrelid JOIN pg_namespace n ON n.oid = c.relnamespace
        WHERE n.nspname = 'ledger' AND t.tgname = 'zz_log_' || c.relname
        ORDER BY t.oid
    LOOP
        digest_arms := digest_arms || format(
            'SELECT %1$L::text AS table_name, %2$s AS row_key, sha256(convert_to(%3$s, ''UTF8'')) AS payload_sha256, %4$s AS exhibit_sha256 FROM ledger.%1$I r',
            name, ledger.log_key_expression(name), ledger.log_payload_expression(name),
            CASE WHEN name = 'exhibit_content' THEN 'sha256(r.content)' ELSE 'NULL::bytea' END);
        IF name NOT IN ('exhibit_content', 'source_identity') THEN
            payload_arms := payload_arms || format('SELECT %1$L::text AS table_name, %2$s AS row_key, %3$s AS payload FROM ledger.%1$I r',
                name, ledger.log_key_expression(name), ledger.log_payload_expression(name));
        END IF;
    END LOOP;
    EXECUTE 'CREATE OR REPLACE VIEW ledger.log_row_digest AS ' || array_to_string(digest_arms, E'\nUNION ALL\n');
    EXECUTE 'CREATE OR REPLACE VIEW ledger.log_row_payload WITH (security_invoker = true) AS ' || array_to_string(payload_arms, E'\nUNION ALL\n');
END
$views$;
COMMENT ON FUNCTION ledger.rebuild_log_views() IS 'For migrations: rebuilds ledger.log_row_digest and ledger.log_row_payload over every logged table (refusing when a ledger table is not logged).';
REVOKE ALL ON FUNCTION ledger.attach_to_log(text), ledger.rebuild_log_views() FROM PUBLIC;

-- ---------------------------------------------------------------------------------------------------------
-- Vocabularies: jurisdictions (two-letter codes; UK and EU as sanctions practice writes them), the decisions on
-- a proposed match, and how a match was found.

INSERT INTO ledger.vocabulary (vocabulary, code, label, ordinal) VALUES
    ('jurisdiction', 'EU', 'European Union', 1),
    ('jurisdiction', 'US', 'United States', 2),
    ('jurisdiction', 'UK', 'United Kingdom', 3),
    ('jurisdiction', 'UA', 'Ukraine', 4),
    ('jurisdiction', 'CA', 'Canada', 5),
    ('jurisdiction', 'CH', 'Switzerland', 6),
    ('jurisdiction', 'JP', 'Japan', 7),
    ('jurisdiction', 'AU', 'Australia', 8),
    ('jurisdiction', 'NZ', 'New Zealand', 9),
    ('jurisdiction', 'UN', 'United Nations Security Council', 10),
    ('jurisdiction', 'NO', 'Norway', 11),
    ('jurisdiction', 'IS', 'Iceland', 12),
    ('jurisdiction', 'LI', 'Liechtenstein', 13),
    ('jurisdiction', 'MC', 'Monaco', 14),
    ('jurisdiction', 'SG', 'Singapore', 15),
    ('jurisdiction', 'KR', 'South Korea', 16),
    ('jurisdiction', 'TW', 'Taiwan', 17),
    ('match_decision', 'proposed', 'Proposed by matching, not yet decided', 1),
    ('match_decision', 'accepted', 'Accepted: the designation target is this actor', 2),
    ('match_decision', 'rejected', 'Rejected: not this actor', 3),
    ('match_method', 'identifier', 'A shared identifier', 1),
    ('match_method', 'name', 'Similar names (any script or romanisation)', 2),
    ('match_method', 'manual', 'Linked by hand', 3);

-- New kinds of entity.
ALTER TABLE ledger.entity DROP CONSTRAINT entity_entity_type_check,
    ADD CONSTRAINT entity_entity_type_check CHECK (entity_type IN ('instrument', 'provision', 'element', 'source', 'actor', 'place',
        'item', 'link', 'exhibit', 'sanctions-target', 'designation', 'actor-match'));
COMMENT ON COLUMN ledger.entity.entity_type IS 'What the entity is: instrument, provision, element, source, actor, place, item, link, exhibit, sanctions-target (an entity named by a sanctions dataset), designation, or actor-match (a link between a ledger actor and a sanctions target).';

-- ---------------------------------------------------------------------------------------------------------
-- Imports: one row per file imported, with what it held and what changed.

CREATE TABLE ledger.sanctions_import (
    id               uuid NOT NULL DEFAULT gen_random_uuid(),
    dataset          text NOT NULL CHECK (dataset ~ '^[a-z0-9][a-z0-9_.-]*$' AND length(dataset) <= 50),
    format           text NOT NULL CHECK (format IN ('opensanctions-csv', 'ftm')),
    file_name        text NOT NULL CHECK (btrim(file_name) <> ''),
    file_sha256      bytea NOT NULL CHECK (octet_length(file_sha256) = 32),
    file_bytes       bigint NOT NULL CHECK (file_bytes >= 0),
    dataset_titles   text[] NOT NULL DEFAULT '{}',
    data_as_of       text,
    jurisdiction     text CHECK (jurisdiction ~ '^[A-Z]{2}$'),
    targets          integer NOT NULL CHECK (targets >= 0),
    designations     integer NOT NULL CHECK (designations >= 0),
    new_targets      integer NOT NULL CHECK (new_targets >= 0),
    changed_targets  integer NOT NULL CHECK (changed_targets >= 0),
    new_designations integer NOT NULL CHECK (new_designations >= 0),
    changed_designations integer NOT NULL CHECK (changed_designations >= 0),
    gone_designations integer NOT NULL CHECK (gone_designations >= 0),
    imported_at      timestamptz NOT NULL DEFAULT now(),
    imported_by      text NOT NULL DEFAULT session_user,
    CONSTRAINT sanctions_import_pkey PRIMARY KEY (id)
);
COMMENT ON TABLE ledger.sanctions_import IS 'Every sanctions file imported: which dataset, which file (name, SHA-256, size), what it held, what changed against the previous import of the same dataset, when and by whom. The gap report names the imports it rests on.';
COMMENT ON COLUMN ledger.sanctions_import.id IS 'Internal id of the import.';
COMMENT ON COLUMN ledger.sanctions_import.dataset IS 'The dataset''s short name as given on import (e.g. ca_dfatd_sema_sanctions). A later import of the same dataset is compared with what it holds: listings no longer in it are marked as gone.';
COMMENT ON COLUMN ledger.sanctions_import.format IS 'opensanctions-csv (targets.simple.csv) or ftm (FollowTheMoney JSON lines).';
COMMENT ON COLUMN ledger.sanctions_import.file_name IS 'The file''s name as given (its last path component).';
COMMENT ON COLUMN ledger.sanctions_import.file_sha256 IS 'SHA-256 of the file''s bytes: which export exactly.';
COMMENT ON COLUMN ledger.sanctions_import.file_bytes IS 'The file''s size in bytes.';
COMMENT ON COLUMN ledger.sanctions_import.dataset_titles IS 'The dataset titles the file''s rows name (OpenSanctions dataset column or FtM datasets), sorted.';
COMMENT ON COLUMN ledger.sanctions_import.data_as_of IS 'The latest last_seen (else last_change) time in the file, as written there: how fresh the data is.';
COMMENT ON COLUMN ledger.sanctions_import.jurisdiction IS 'The jurisdiction given for the whole file (--jurisdiction), if any.';
COMMENT ON COLUMN ledger.sanctions_import.targets IS 'Targets (persons, companies…) in the file.';
COMMENT ON COLUMN ledger.sanctions_import.designations IS 'Listings in the file.';
COMMENT ON COLUMN ledger.sanctions_import.new_targets IS 'Targets not in the ledger before.';
COMMENT ON COLUMN ledger.sanctions_import.changed_targets IS 'Targets whose details changed (a new version was recorded).';
COMMENT ON COLUMN ledger.sanctions_import.new_designations IS 'Listings not in the ledger before.';
COMMENT ON COLUMN ledger.sanctions_import.changed_designations IS 'Listings whose details changed (e.g. an end date appeared) or that came back.';
COMMENT ON COLUMN ledger.sanctions_import.gone_designations IS 'Listings of this dataset that the previous import had and this file no longer has (recorded as no longer in the data).';
COMMENT ON COLUMN ledger.sanctions_import.imported_at IS 'When the import was recorded (transaction time).';
COMMENT ON COLUMN ledger.sanctions_import.imported_by IS 'The database user that imported it.';
CREATE TRIGGER sanctions_import_stamp BEFORE INSERT ON ledger.sanctions_import FOR EACH ROW EXECUTE FUNCTION ledger.stamp_row('imported_at', 'imported_by');
CREATE TRIGGER sanctions_import_append_only BEFORE UPDATE OR DELETE ON ledger.sanctions_import FOR EACH ROW EXECUTE FUNCTION ledger.refuse_change();
CREATE TRIGGER sanctions_import_no_truncate BEFORE TRUNCATE ON ledger.sanctions_import FOR EACH STATEMENT EXECUTE FUNCTION ledger.refuse_change();

-- ---------------------------------------------------------------------------------------------------------
-- Targets: the persons, companies and other entities a sanctions dataset lists, as the data describes them.
-- Only what identifying and reporting need is kept: no phone numbers, e-mail or postal addresses.

CREATE TABLE ledger.sanctions_target_version (
    entity_id     uuid NOT NULL,
    version       integer NOT NULL CHECK (version >= 1),
    schema        text NOT NULL CHECK (schema ~ '^[A-Z][A-Za-z]+$'),
    name          text NOT NULL CHECK (btrim(name) <> ''),
    aliases       text[] NOT NULL DEFAULT '{}',
    birth_dates   text[] NOT NULL DEFAULT '{}',
    countries     text[] NOT NULL DEFAULT '{}',
    identifiers   text[] NOT NULL DEFAULT '{}',
    program_ids   text[] NOT NULL DEFAULT '{}',
    datasets      text[] NOT NULL DEFAULT '{}',
    first_seen    text,
    last_seen     text,
    last_change   text,
    import_id     uuid,
    withdrawn     boolean NOT NULL DEFAULT false,
    recorded_at   timestamptz NOT NULL DEFAULT now(),
    recorded_by   text NOT NULL DEFAULT session_user,
    change_reason text CHECK (change_reason IS NULL OR btrim(change_reason) <> ''),
    entity_type   text NOT NULL GENERATED ALWAYS AS ('sanctions-target') STORED,
    CONSTRAINT sanctions_target_version_pkey PRIMARY KEY (entity_id, version),
    CONSTRAINT sanctions_target_version_entity_fkey FOREIGN KEY (entity_id, entity_type) REFERENCES ledger.entity (id, entity_type),
    CONSTRAINT sanctions_target_version_import_fkey FOREIGN KEY (import_id) REFERENCES ledger.sanctions_import (id)
);
COMMENT ON TABLE ledger.sanctions_target_version IS 'Versions of sanctions targets: an entity (person, company, organisation, vessel…) as a sanctions dataset describes it. The external id is the dataset''s own (OpenSanctions / FollowTheMoney id). Linked to ledger actors only through an accepted ledger.actor_match_version.';
COMMENT ON COLUMN ledger.sanctions_target_version.entity_id IS 'The target (ledger.entity.id; its external_id is the OpenSanctions/FtM id).';
COMMENT ON COLUMN ledger.sanctions_target_version.version IS 'Version number, 1 for the first record; a later import that describes the target differently adds the next.';
COMMENT ON COLUMN ledger.sanctions_target_version.schema IS 'The FollowTheMoney schema: Person, Company, Organization, LegalEntity, PublicBody, Vessel…';
COMMENT ON COLUMN ledger.sanctions_target_version.name IS 'The name the data gives first (its caption).';
COMMENT ON COLUMN ledger.sanctions_target_version.aliases IS 'Other names and spellings, any script.';
COMMENT ON COLUMN ledger.sanctions_target_version.birth_dates IS 'Birth dates (persons), as the data gives them.';
COMMENT ON COLUMN ledger.sanctions_target_version.countries IS 'Country codes the data associates with the target.';
COMMENT ON COLUMN ledger.sanctions_target_version.identifiers IS 'Identifiers (registration, tax, IMO numbers…) as the data gives them.';
COMMENT ON COLUMN ledger.sanctions_target_version.program_ids IS 'Sanctions programme ids the data gives.';
COMMENT ON COLUMN ledger.sanctions_target_version.datasets IS 'The dataset titles that list the target.';
COMMENT ON COLUMN ledger.sanctions_target_version.first_seen IS 'When the data''s publisher first saw the target, as written in the data.';
COMMENT ON COLUMN ledger.sanctions_target_version.last_seen IS 'When the publisher last saw it, as written in the data.';
COMMENT ON COLUMN ledger.sanctions_target_version.last_change IS 'When the publisher last saw it change, as written in the data.';
COMMENT ON COLUMN ledger.sanctions_target_version.import_id IS 'The import that recorded this version.';
COMMENT ON COLUMN ledger.sanctions_target_version.withdrawn IS 'True when this version withdraws the target from current use (it stays in history).';
COMMENT ON COLUMN ledger.sanctions_target_version.recorded_at IS 'When this version was recorded (transaction time).';
COMMENT ON COLUMN ledger.sanctions_target_version.recorded_by IS 'The database user (session user) that recorded this version.';
COMMENT ON COLUMN ledger.sanctions_target_version.change_reason IS 'Why this version was recorded; required for every version after the first.';
COMMENT ON COLUMN ledger.sanctions_target_version.entity_type IS 'Always ''sanctions-target'': ties the row to an entity of the right type.';
CREATE TRIGGER sanctions_target_version_version BEFORE INSERT ON ledger.sanctions_target_version FOR EACH ROW EXECUTE FUNCTION ledger.assign_version();
CREATE TRIGGER sanctions_target_version_append_only BEFORE UPDATE OR DELETE ON ledger.sanctions_target_version FOR EACH ROW EXECUTE FUNCTION ledger.refuse_change();
CREATE TRIGGER sanctions_target_version_no_truncate BEFORE TRUNCATE ON ledger.sanctions_target_version FOR EACH STATEMENT EXECUTE FUNCTION ledger.refuse_change();

-- ---------------------------------------------------------------------------------------------------------
-- Designations: one listing of a target (imported) or of a ledger actor (entered by hand) by one jurisdiction.

CREATE TABLE ledger.designation_version (
    entity_id          uuid NOT NULL,
    version            integer NOT NULL CHECK (version >= 1),
    target_id          uuid,
    actor_id           uuid,
    jurisdiction       text NOT NULL CHECK (jurisdiction ~ '^[A-Z]{2}$'),
    authority          text CHECK (authority IS NULL OR btrim(authority) <> ''),
    programme          text CHECK (programme IS NULL OR btrim(programme) <> ''),
    program_id         text CHECK (program_id IS NULL OR btrim(program_id) <> ''),
    reason             text CHECK (reason IS NULL OR btrim(reason) <> ''),
    status             text CHECK (status IS NULL OR btrim(status) <> ''),
    listed_on          date,
    listed_precision   text CHECK (listed_precision IN ('day', 'month', 'year')),
    delisted_on        date,
    delisted_precision text CHECK (delisted_precision IN ('day', 'month', 'year')),
    reference          text CHECK (reference IS NULL OR btrim(reference) <> ''),
    source_url         text CHECK (source_url IS NULL OR source_url ~ '^https?://[^\s]+$'),
    source_id          uuid,
    listing_text       text NOT NULL DEFAULT '',
    dataset            text,
    import_id          uuid,
    in_data            boolean NOT NULL DEFAULT true,
    withdrawn          boolean NOT NULL DEFAULT false,
    recorded_at        timestamptz NOT NULL DEFAULT now(),
    recorded_by        text NOT NULL DEFAULT session_user,
    change_reason      text CHECK (change_reason IS NULL OR btrim(change_reason) <> ''),
    entity_type        text NOT NULL GENERATED ALWAYS AS ('designation') STORED,
    target_type        text NOT NULL GENERATED ALWAYS AS ('sanctions-target') STORED,
    actor_type         text NOT NULL GENERATED ALWAYS AS ('actor') STORED,
    source_type        text NOT NULL GENERATED ALWAYS AS ('source') STORED,
    CONSTRAINT designation_version_pkey PRIMARY KEY (entity_id, version),
    CONSTRAINT designation_version_entity_fkey FOREIGN KEY (entity_id, entity_type) REFERENCES ledger.entity (id, entity_type),
    CONSTRAINT designation_version_target_fkey FOREIGN KEY (target_id, target_type) REFERENCES ledger.entity (id, entity_type),
    CONSTRAINT designation_version_actor_fkey FOREIGN KEY (actor_id, actor_type) REFERENCES ledger.entity (id, entity_type),
    CONSTRAINT designation_version_source_fkey FOREIGN KEY (source_id, source_type) REFERENCES ledger.entity (id, entity_type),
    CONSTRAINT designation_version_import_fkey FOREIGN KEY (import_id) REFERENCES ledger.sanctions_import (id),
    CONSTRAINT designation_version_one_subject CHECK (num_nonnulls(target_id, actor_id) = 1),
    CONSTRAINT designation_version_has_source CHECK (import_id IS NOT NULL OR source_id IS NOT NULL OR source_url IS NOT NULL),
    CONSTRAINT designation_version_dates CHECK ((listed_on IS NULL) = (listed_precision IS NULL) AND (delisted_on IS NULL) = (delisted_precision IS NULL)
        AND (listed_on IS NULL OR delisted_on IS NULL OR delisted_on >= listed_on)),
    CONSTRAINT designation_version_imported_from_dataset CHECK ((import_id IS NULL) = (dataset IS NULL))
);
COMMENT ON TABLE ledger.designation_version IS 'Versions of designations: one listing by one jurisdiction, of a sanctions target (imported; it reaches a ledger actor only through an accepted match) or of a ledger actor (entered by hand, with its source). A listing a later import no longer has gets a version with in_data = false; nothing is deleted.';
COMMENT ON COLUMN ledger.designation_version.entity_id IS 'The designation (ledger.entity.id).';
COMMENT ON COLUMN ledger.designation_version.version IS 'Version number, 1 for the first record; each change adds the next.';
COMMENT ON COLUMN ledger.designation_version.target_id IS 'The sanctions target listed (imported designations).';
COMMENT ON COLUMN ledger.designation_version.actor_id IS 'The ledger actor listed (designations entered by hand).';
COMMENT ON COLUMN ledger.designation_version.jurisdiction IS 'Who designates: EU, US, UK, UA, CA, CH, JP, AU, NZ, UN… (vocabulary ''jurisdiction''; other two-letter ISO codes allowed).';
COMMENT ON COLUMN ledger.designation_version.authority IS 'The designating authority (e.g. OFAC, Council of the EU), when known.';
COMMENT ON COLUMN ledger.designation_version.programme IS 'The programme or regime, as the data or the source words it.';
COMMENT ON COLUMN ledger.designation_version.program_id IS 'The programme''s id in the data, when given.';
COMMENT ON COLUMN ledger.designation_version.reason IS 'The reason the data or the source gives.';
COMMENT ON COLUMN ledger.designation_version.status IS 'The status the data gives (e.g. active), when given.';
COMMENT ON COLUMN ledger.designation_version.listed_on IS 'Listing date (first day of the period when only a month or year is known); empty when the data does not say.';
COMMENT ON COLUMN ledger.designation_version.listed_precision IS 'How precise listed_on is: day, month or year.';
COMMENT ON COLUMN ledger.designation_version.delisted_on IS 'Delisting (end) date, when known.';
COMMENT ON COLUMN ledger.designation_version.delisted_precision IS 'How precise delisted_on is: day, month or year.';
COMMENT ON COLUMN ledger.designation_version.reference IS 'The listing''s reference: annex entry, SDN id, authority id…';
COMMENT ON COLUMN ledger.designation_version.source_url IS 'Where the listing is published or reported.';
COMMENT ON COLUMN ledger.designation_version.source_id IS 'The ledger source that reports the listing (designations entered by hand).';
COMMENT ON COLUMN ledger.designation_version.listing_text IS 'The listing as the data words it (OpenSanctions sanction text), verbatim; empty when entered by hand.';
COMMENT ON COLUMN ledger.designation_version.dataset IS 'The dataset it was imported from (ledger.sanctions_import.dataset); empty when entered by hand.';
COMMENT ON COLUMN ledger.designation_version.import_id IS 'The import that recorded this version; empty when entered by hand.';
COMMENT ON COLUMN ledger.designation_version.in_data IS 'False when a later import of the dataset no longer has the listing (delisted, or dropped by the publisher): the data no longer says it is in force.';
COMMENT ON COLUMN ledger.designation_version.withdrawn IS 'True when this version withdraws the designation record (an entry error; it stays in history).';
COMMENT ON COLUMN ledger.designation_version.recorded_at IS 'When this version was recorded (transaction time).';
COMMENT ON COLUMN ledger.designation_version.recorded_by IS 'The database user (session user) that recorded this version.';
COMMENT ON COLUMN ledger.designation_version.change_reason IS 'Why this version was recorded; required for every version after the first.';
COMMENT ON COLUMN ledger.designation_version.entity_type IS 'Always ''designation'': ties the row to an entity of the right type.';
COMMENT ON COLUMN ledger.designation_version.target_type IS 'Always ''sanctions-target'': ties target_id to a target.';
COMMENT ON COLUMN ledger.designation_version.actor_type IS 'Always ''actor'': ties actor_id to an actor.';
COMMENT ON COLUMN ledger.designation_version.source_type IS 'Always ''source'': ties source_id to a source.';
CREATE INDEX designation_version_target ON ledger.designation_version (target_id);
CREATE INDEX designation_version_actor ON ledger.designation_version (actor_id);
CREATE TRIGGER designation_version_version BEFORE INSERT ON ledger.designation_version FOR EACH ROW EXECUTE FUNCTION ledger.assign_version();
CREATE TRIGGER designation_version_append_only BEFORE UPDATE OR DELETE ON ledger.designation_version FOR EACH ROW EXECUTE FUNCTION ledger.refuse_change();
CREATE TRIGGER designation_version_no_truncate BEFORE TRUNCATE ON ledger.designation_version FOR EACH STATEMENT EXECUTE FUNCTION ledger.refuse_change();

-- ---------------------------------------------------------------------------------------------------------
-- Matches: a proposed, accepted or rejected link between a ledger actor and a sanctions target. Only accepted
-- matches carry a target's designations to the actor.

CREATE TABLE ledger.actor_match_version (
    entity_id     uuid NOT NULL,
    version       integer NOT NULL CHECK (version >= 1),
    actor_id      uuid NOT NULL,
    target_id     uuid NOT NULL,
    decision      text NOT NULL CHECK (decision IN ('proposed', 'accepted', 'rejected')),
    method        text NOT NULL CHECK (method IN ('identifier', 'name', 'manual')),
    score         numeric(4, 3) NOT NULL CHECK (score >= 0 AND score <= 1),
    basis         text NOT NULL CHECK (btrim(basis) <> ''),
    note          text,
    decided_by    text,
    withdrawn     boolean NOT NULL DEFAULT false,
    recorded_at   timestamptz NOT NULL DEFAULT now(),
    recorded_by   text NOT NULL DEFAULT session_user,
    change_reason text CHECK (change_reason IS NULL OR btrim(change_reason) <> ''),
    entity_type   text NOT NULL GENERATED ALWAYS AS ('actor-match') STORED,
    actor_type    text NOT NULL GENERATED ALWAYS AS ('actor') STORED,
    target_type   text NOT NULL GENERATED ALWAYS AS ('sanctions-target') STORED,
    CONSTRAINT actor_match_version_pkey PRIMARY KEY (entity_id, version),
    CONSTRAINT actor_match_version_entity_fkey FOREIGN KEY (entity_id, entity_type) REFERENCES ledger.entity (id, entity_type),
    CONSTRAINT actor_match_version_actor_fkey FOREIGN KEY (actor_id, actor_type) REFERENCES ledger.entity (id, entity_type),
    CONSTRAINT actor_match_version_target_fkey FOREIGN KEY (target_id, target_type) REFERENCES ledger.entity (id, entity_type)
);
COMMENT ON TABLE ledger.actor_match_version IS 'Versions of matches between a ledger actor and a sanctions target: proposed by evidence-ledger sanctions match (by identifier, then by name in any script), then accepted or rejected by a person. Only accepted matches carry designations to the actor; nothing is linked silently.';
COMMENT ON COLUMN ledger.actor_match_version.entity_id IS 'The match (ledger.entity.id; its external_id is the short id people type, m-…).';
COMMENT ON COLUMN ledger.actor_match_version.version IS 'Version number: 1 when proposed, the next for each decision.';
COMMENT ON COLUMN ledger.actor_match_version.actor_id IS 'The ledger actor.';
COMMENT ON COLUMN ledger.actor_match_version.target_id IS 'The sanctions target.';
COMMENT ON COLUMN ledger.actor_match_version.decision IS 'proposed, accepted or rejected (vocabulary ''match_decision'').';
COMMENT ON COLUMN ledger.actor_match_version.method IS 'How the match was found: identifier, name or manual (vocabulary ''match_method'').';
COMMENT ON COLUMN ledger.actor_match_version.score IS 'How close the match is, 0 to 1 (1 for a shared identifier).';
COMMENT ON COLUMN ledger.actor_match_version.basis IS 'What matched, in words: the identifier, or the two names and their score.';
COMMENT ON COLUMN ledger.actor_match_version.note IS 'The note of whoever decided.';
COMMENT ON COLUMN ledger.actor_match_version.decided_by IS 'The database user that accepted or rejected it (set by the server).';
COMMENT ON COLUMN ledger.actor_match_version.withdrawn IS 'True when this version withdraws the match record (it stays in history).';
COMMENT ON COLUMN ledger.actor_match_version.recorded_at IS 'When this version was recorded (transaction time).';
COMMENT ON COLUMN ledger.actor_match_version.recorded_by IS 'The database user (session user) that recorded this version.';
COMMENT ON COLUMN ledger.actor_match_version.change_reason IS 'Why this version was recorded; required for every version after the first.';
COMMENT ON COLUMN ledger.actor_match_version.entity_type IS 'Always ''actor-match'': ties the row to an entity of the right type.';
COMMENT ON COLUMN ledger.actor_match_version.actor_type IS 'Always ''actor'': ties actor_id to an actor.';
COMMENT ON COLUMN ledger.actor_match_version.target_type IS 'Always ''sanctions-target'': ties target_id to a target.';
CREATE INDEX actor_match_version_pair ON ledger.actor_match_version (actor_id, target_id);
CREATE TRIGGER actor_match_version_version BEFORE INSERT ON ledger.actor_match_version FOR EACH ROW EXECUTE FUNCTION ledger.assign_version();
CREATE TRIGGER actor_match_version_append_only BEFORE UPDATE OR DELETE ON ledger.actor_match_version FOR EACH ROW EXECUTE FUNCTION ledger.refuse_change();
CREATE TRIGGER actor_match_version_no_truncate BEFORE TRUNCATE ON ledger.actor_match_version FOR EACH STATEMENT EXECUTE FUNCTION ledger.refuse_change();

-- A decision is recorded with who made it, never a name given; the pair never changes across versions.
CREATE FUNCTION ledger.check_match_decision() RETURNS trigger
LANGUAGE plpgsql AS $$
DECLARE
    first record;
BEGIN
    SELECT actor_id, target_id INTO first FROM ledger.actor_match_version WHERE entity_id = NEW.entity_id AND version = 1;
    IF FOUND AND (first.actor_id <> NEW.actor_id OR first.target_id <> NEW.target_id) THEN
        RAISE EXCEPTION 'a match links one actor and one target for good: record a new match instead' USING ERRCODE = 'EL109';
    END IF;
    NEW.decided_by := CASE WHEN NEW.decision = 'proposed' THEN NULL ELSE session_user END;
    RETURN NEW;
END
$$;
COMMENT ON FUNCTION ledger.check_match_decision() IS 'Trigger function: a match keeps its actor and target across versions (SQLSTATE EL109); decided_by is the session user who accepts or rejects.';
CREATE TRIGGER actor_match_version_decision BEFORE INSERT ON ledger.actor_match_version FOR EACH ROW EXECUTE FUNCTION ledger.check_match_decision();

-- The version numbers of the new tables from static queries, as 0008 does for the others.
CREATE OR REPLACE FUNCTION ledger.assign_version() RETURNS trigger
LANGUAGE plpgsql AS $$
DECLARE
    expected integer;
BEGIN
    IF TG_TABLE_SCHEMA <> 'ledger' THEN
        EXECUTE format('SELECT coalesce(max(version), 0) + 1 FROM %I.%I WHERE entity_id = $1', TG_TABLE_SCHEMA, TG_TABLE_NAME)
            INTO expected USING NEW.entity_id;
    ELSIF TG_TABLE_NAME = 'item_version' THEN
        SELECT coalesce(max(version), 0) + 1 INTO expected FROM ledger.item_version WHERE entity_id = NEW.entity_id;
    ELSIF TG_TABLE_NAME = 'link_version' THEN
        SELECT coalesce(max(version), 0) + 1 INTO expected FROM ledger.link_version WHERE entity_id = NEW.entity_id;
    ELSIF TG_TABLE_NAME = 'source_version' THEN
        SELECT coalesce(max(version), 0) + 1 INTO expected FROM ledger.source_version WHERE entity_id = NEW.entity_id;
    ELSIF TG_TABLE_NAME = 'actor_version' THEN
        SELECT coalesce(max(version), 0) + 1 INTO expected FROM ledger.actor_version WHERE entity_id = NEW.entity_id;
    ELSIF TG_TABLE_NAME = 'place_version' THEN
        SELECT coalesce(max(version), 0) + 1 INTO expected FROM ledger.place_version WHERE entity_id = NEW.entity_id;
    ELSIF TG_TABLE_NAME = 'instrument_version' THEN
        SELECT coalesce(max(version), 0) + 1 INTO expected FROM ledger.instrument_version WHERE entity_id = NEW.entity_id;
    ELSIF TG_TABLE_NAME = 'provision_version' THEN
        SELECT coalesce(max(version), 0) + 1 INTO expected FROM ledger.provision_version WHERE entity_id = NEW.entity_id;
    ELSIF TG_TABLE_NAME = 'element_version' THEN
        SELECT coalesce(max(version), 0) + 1 INTO expected FROM ledger.element_version WHERE entity_id = NEW.entity_id;
    ELSIF TG_TABLE_NAME = 'sanctions_target_version' THEN
        SELECT coalesce(max(version), 0) + 1 INTO expected FROM ledger.sanctions_target_version WHERE entity_id = NEW.entity_id;
    ELSIF TG_TABLE_NAME = 'designation_version' THEN
        SELECT coalesce(max(version), 0) + 1 INTO expected FROM ledger.designation_version WHERE entity_id = NEW.entity_id;
    ELSIF TG_TABLE_NAME = 'actor_match_version' THEN
        SELECT coalesce(max(version), 0) + 1 INTO expected FROM ledger.actor_match_version WHERE entity_id = NEW.entity_id;
    ELSE
        EXECUTE format('SELECT coalesce(max(version), 0) + 1 FROM %I.%I WHERE entity_id = $1', TG_TABLE_SCHEMA, TG_TABLE_NAME)
            INTO expected USING NEW.entity_id;
    END IF;
    IF NEW.version IS NULL THEN
        NEW.version := expected;
    ELSIF NEW.version <> expected THEN
        RAISE EXCEPTION 'version % of % % is not the next one (%)', NEW.version, TG_TABLE_NAME, NEW.entity_id, expected
            USING ERRCODE = 'EL106', HINT = 'the record was changed meanwhile: read it again and repeat the change';
    END IF;
    IF NEW.version > 1 AND coalesce(btrim(NEW.change_reason), '') = '' THEN
        RAISE EXCEPTION 'version % of % % needs a reason for the change', NEW.version, TG_TABLE_NAME, NEW.entity_id
            USING ERRCODE = 'EL102', HINT = 'say why the record is amended or withdrawn';
    END IF;
    -- Who and when are the server's to say.
    NEW.recorded_at := now();
    NEW.recorded_by := session_user;
    RETURN NEW;
END
$$;

SELECT ledger.attach_to_log('sanctions_import');
SELECT ledger.attach_to_log('sanctions_target_version');
SELECT ledger.attach_to_log('designation_version');
SELECT ledger.attach_to_log('actor_match_version');
SELECT ledger.rebuild_log_views();

-- ---------------------------------------------------------------------------------------------------------
-- Current state, for people in psql and for the reports.

CREATE VIEW ledger.current_sanctions_target AS
SELECT DISTINCT ON (v.entity_id) e.external_id AS id, v.schema, v.name, v.aliases, v.birth_dates, v.countries, v.identifiers,
       v.program_ids, v.datasets, v.first_seen, v.last_seen, v.last_change, v.import_id, v.withdrawn, v.version,
       v.recorded_at, v.recorded_by, v.entity_id
FROM ledger.sanctions_target_version v JOIN ledger.entity e ON e.id = v.entity_id
ORDER BY v.entity_id, v.version DESC;
COMMENT ON VIEW ledger.current_sanctions_target IS 'The latest version of every sanctions target.';
COMMENT ON COLUMN ledger.current_sanctions_target.id IS 'The target''s id in its data (OpenSanctions / FtM id).';

CREATE VIEW ledger.current_designation AS
SELECT DISTINCT ON (v.entity_id) e.external_id AS id, t.external_id AS target, a.external_id AS actor, v.jurisdiction,
       v.authority, v.programme, v.program_id, v.reason, v.status, v.listed_on, v.listed_precision, v.delisted_on,
       v.delisted_precision, v.reference, v.source_url, s.external_id AS source, v.listing_text, v.dataset, v.import_id,
       v.in_data, v.withdrawn, v.version, v.recorded_at, v.recorded_by, v.change_reason, v.target_id, v.actor_id, v.entity_id
FROM ledger.designation_version v JOIN ledger.entity e ON e.id = v.entity_id
LEFT JOIN ledger.entity t ON t.id = v.target_id LEFT JOIN ledger.entity a ON a.id = v.actor_id
LEFT JOIN ledger.entity s ON s.id = v.source_id
ORDER BY v.entity_id, v.version DESC;
COMMENT ON VIEW ledger.current_designation IS 'The latest version of every designation, imported or entered by hand; in_data false means the latest import of its dataset no longer has it.';
COMMENT ON COLUMN ledger.current_designation.id IS 'The designation''s id (des:…).';
COMMENT ON COLUMN ledger.current_designation.target IS 'The listed target''s id (imported designations).';
COMMENT ON COLUMN ledger.current_designation.actor IS 'The listed actor''s id (designations entered by hand).';
COMMENT ON COLUMN ledger.current_designation.source IS 'The ledger source''s id (designations entered by hand).';

CREATE VIEW ledger.current_actor_match AS
SELECT DISTINCT ON (v.entity_id) e.external_id AS id, a.external_id AS actor, t.external_id AS target, v.decision, v.method,
       v.score, v.basis, v.note, v.decided_by, v.withdrawn, v.version, v.recorded_at, v.recorded_by, v.actor_id, v.target_id, v.entity_id
FROM ledger.actor_match_version v JOIN ledger.entity e ON e.id = v.entity_id
JOIN ledger.entity a ON a.id = v.actor_id JOIN ledger.entity t ON t.id = v.target_id
ORDER BY v.entity_id, v.version DESC;
COMMENT ON VIEW ledger.current_actor_match IS 'The latest version of every match between a ledger actor and a sanctions target, with its decision.';
COMMENT ON COLUMN ledger.current_actor_match.id IS 'The match''s id (m-…), as sanctions match --accept / --reject take it.';
COMMENT ON COLUMN ledger.current_actor_match.actor IS 'The actor''s id.';
COMMENT ON COLUMN ledger.current_actor_match.target IS 'The target''s id.';

-- Every designation that reaches a ledger actor: entered for it by hand, or listing a target that a person
-- accepted as the actor.
CREATE VIEW ledger.actor_designation AS
SELECT a.external_id AS actor, d.id AS designation, d.jurisdiction, d.authority, d.programme, d.program_id, d.reason, d.status,
       d.listed_on, d.listed_precision, d.delisted_on, d.delisted_precision, d.reference, d.source_url, d.source, d.listing_text,
       d.dataset, d.import_id, d.in_data, d.target, m.id AS match, i.imported_at,
       CASE WHEN NOT d.in_data THEN i.imported_at END AS gone_since, a.id AS actor_id
FROM ledger.current_designation d
LEFT JOIN ledger.current_actor_match m ON m.target_id = d.target_id AND m.decision = 'accepted' AND NOT m.withdrawn
JOIN ledger.entity a ON a.id = coalesce(d.actor_id, m.actor_id)
LEFT JOIN ledger.sanctions_import i ON i.id = d.import_id
WHERE NOT d.withdrawn;
COMMENT ON VIEW ledger.actor_designation IS 'Every designation that reaches a ledger actor: entered for it by hand, or listing a sanctions target a person accepted as that actor (ledger.current_actor_match). A designation with in_data false was no longer in the latest import of its dataset from gone_since on.';
COMMENT ON COLUMN ledger.actor_designation.actor IS 'The actor''s id.';
COMMENT ON COLUMN ledger.actor_designation.designation IS 'The designation''s id.';
COMMENT ON COLUMN ledger.actor_designation.target IS 'The target''s id (imported designations).';
COMMENT ON COLUMN ledger.actor_designation.source IS 'The ledger source''s id (designations entered by hand).';
COMMENT ON COLUMN ledger.actor_designation.match IS 'The accepted match that carries it to the actor (imported designations).';
COMMENT ON COLUMN ledger.actor_designation.imported_at IS 'When the import that recorded its latest version ran.';
COMMENT ON COLUMN ledger.actor_designation.gone_since IS 'When the import that no longer had it ran (in_data false), else empty.';
COMMENT ON COLUMN ledger.actor_designation.actor_id IS 'Internal id of the actor.';

-- Actors implicated by evidence: named on a current, not withdrawn item as perpetrator, facilitator, operator or
-- owner, or in an actor attribute of its kind that says who acted (a railway operator, a fuel supplier; not the
-- speaker of a statement or the body of a finding), where the item supports a criterion through a current
-- link. The grade joins the item's best source reliability with the link's credibility.
CREATE VIEW ledger.implicated_actor AS
WITH item AS (
    SELECT DISTINCT ON (v.entity_id) v.* FROM ledger.item_version v ORDER BY v.entity_id, v.version DESC
), involvement AS (
    SELECT i.entity_id AS item_id, ia.actor_id, ia.role::text AS involvement
    FROM item i JOIN ledger.item_actor ia ON ia.item_id = i.entity_id AND ia.item_version = i.version
    WHERE i.status <> 'withdrawn' AND ia.role IN ('perpetrator', 'facilitator', 'operator', 'owner')
    UNION
    SELECT i.entity_id, e.id, 'attribute ' || a.key
    FROM item i CROSS JOIN LATERAL jsonb_each_text(i.attributes) AS a(key, value)
    JOIN ledger.evidence_kind_attribute k ON k.kind = i.kind AND k.attribute = a.key AND k.value_type = 'actor'
    JOIN ledger.entity e ON e.entity_type = 'actor' AND e.external_id = a.value
    WHERE i.status <> 'withdrawn' AND a.key NOT IN ('speaker', 'body')
), reliability AS (
    SELECT i.entity_id AS item_id, min(s.reliability) AS reliability
    FROM item i JOIN ledger.item_source x ON x.item_id = i.entity_id AND x.item_version = i.version
    JOIN ledger.current_source s ON s.entity_id = x.source_id AND NOT s.withdrawn
    GROUP BY i.entity_id
)
SELECT ae.external_id AS actor, ie.external_id AS item, inv.involvement, i.kind::text AS item_kind, i.status::text AS item_status,
       l.id AS link, l.criterion, l.relation::text AS relation, r.reliability::text AS reliability, l.credibility::text AS credibility,
       coalesce(r.reliability::text, 'F') || l.credibility::text AS grade, i.occurred, inv.actor_id, i.entity_id AS item_id
FROM involvement inv
JOIN item i ON i.entity_id = inv.item_id
JOIN ledger.entity ae ON ae.id = inv.actor_id
JOIN ledger.entity ie ON ie.id = inv.item_id
JOIN ledger.current_link l ON l.item = ie.external_id AND NOT l.withdrawn AND l.relation = 'supports'
LEFT JOIN reliability r ON r.item_id = inv.item_id;
COMMENT ON VIEW ledger.implicated_actor IS 'Actors implicated by evidence: one row per actor, item and supporting link, where the actor is named on a current (not withdrawn) item as perpetrator, facilitator, operator or owner, or in an actor attribute that says who acted (operator, supplier…), and the item supports a criterion. grade = best source reliability (F when the item has no graded source) + link credibility, e.g. B2. The sanctions gap report reads it.';
COMMENT ON COLUMN ledger.implicated_actor.actor IS 'The actor''s id.';
COMMENT ON COLUMN ledger.implicated_actor.item IS 'The item''s id.';
COMMENT ON COLUMN ledger.implicated_actor.involvement IS 'How the item names the actor: its role, or "attribute <name>".';
COMMENT ON COLUMN ledger.implicated_actor.item_kind IS 'The item''s kind.';
COMMENT ON COLUMN ledger.implicated_actor.item_status IS 'The item''s review status.';
COMMENT ON COLUMN ledger.implicated_actor.link IS 'The supporting link''s id.';
COMMENT ON COLUMN ledger.implicated_actor.criterion IS 'The element or provision the link supports.';
COMMENT ON COLUMN ledger.implicated_actor.relation IS 'Always supports.';
COMMENT ON COLUMN ledger.implicated_actor.reliability IS 'The best reliability among the item''s current sources (A best).';
COMMENT ON COLUMN ledger.implicated_actor.credibility IS 'The link''s information credibility (1 best).';
COMMENT ON COLUMN ledger.implicated_actor.grade IS 'Reliability and credibility together, e.g. B2.';
COMMENT ON COLUMN ledger.implicated_actor.occurred IS 'When the item''s event occurred.';
COMMENT ON COLUMN ledger.implicated_actor.actor_id IS 'Internal id of the actor.';
COMMENT ON COLUMN ledger.implicated_actor.item_id IS 'Internal id of the item.';

-- View columns without a comment of their own take the comment of the column they show.
DO $comments$
DECLARE
    r record;
    source_comment text;
BEGIN
    FOR r IN
        SELECT c.relname AS view_name, a.attname AS column_name,
               regexp_replace(c.relname, '^current_', '') || '_version' AS table_name
        FROM pg_class c JOIN pg_namespace n ON n.oid = c.relnamespace
        JOIN pg_attribute a ON a.attrelid = c.oid AND a.attnum > 0 AND NOT a.attisdropped
        WHERE n.nspname = 'ledger' AND c.relkind = 'v' AND col_description(c.oid, a.attnum) IS NULL
          AND c.relname IN ('current_sanctions_target', 'current_designation', 'current_actor_match', 'actor_designation')
    LOOP
        SELECT col_description(t.oid, ta.attnum) INTO source_comment
        FROM pg_class t JOIN pg_namespace tn ON tn.oid = t.relnamespace
        JOIN pg_attribute ta ON ta.attrelid = t.oid AND ta.attname = r.column_name
        WHERE tn.nspname = 'ledger' AND t.relname = CASE WHEN r.view_name = 'actor_designation' THEN 'designation_version' ELSE r.table_name END;
        IF source_comment IS NULL THEN
            RAISE EXCEPTION 'no comment to copy for ledger.%.%', r.view_name, r.column_name;
        END IF;
        EXECUTE format('COMMENT ON COLUMN ledger.%I.%I IS %L', r.view_name, r.column_name, source_comment);
    END LOOP;
END
$comments$;

-- ---------------------------------------------------------------------------------------------------------
-- Privileges: researchers import, enter, match and decide; everyone who reads the ledger reads designations
-- (they are public information); nobody but the owner changes anything.

GRANT SELECT ON ledger.sanctions_import, ledger.sanctions_target_version, ledger.designation_version, ledger.actor_match_version,
    ledger.current_sanctions_target, ledger.current_designation, ledger.current_actor_match, ledger.actor_designation,
    ledger.implicated_actor
    TO ledger_researcher, ledger_reviewer, ledger_auditor;
GRANT INSERT ON ledger.sanctions_import, ledger.sanctions_target_version, ledger.designation_version, ledger.actor_match_version
    TO ledger_researcher;
GRANT SELECT ON ledger.current_sanctions_target, ledger.current_designation, ledger.current_actor_match, ledger.actor_designation
    TO ledger_reader;
