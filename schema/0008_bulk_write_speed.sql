-- 0008 the same rules at bulk speed: checks that ran once per row with dynamic SQL now run once per statement
-- over its transition table, or with static queries planned once per session; the log's trigger functions and
-- ledger.log_row_digest build the same leaves and payload texts with cheaper expressions. Nothing that is stored,
-- hashed or refused changes: the same versions, stamps, SQLSTATEs, messages, leaf bytes and payload digests.

SET LOCAL ROLE ledger_owner;
SET LOCAL search_path = ledger, pg_catalog;

-- ---------------------------------------------------------------------------------------------------------
-- Versions: the next version number from a static query per table (its plan is kept for the session) instead
-- of a query built and planned anew for every row. Tables added later take the generic path.

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
COMMENT ON FUNCTION ledger.assign_version() IS 'Trigger function: a new version row gets the next version number of its entity (a different number is refused, SQLSTATE EL106), the transaction''s time and the session user as recorded_at and recorded_by whatever was given, and needs a reason after version 1 (SQLSTATE EL102).';

-- ---------------------------------------------------------------------------------------------------------
-- Item attributes: checked once per statement against ledger.evidence_kind_attribute, over all new rows.

CREATE FUNCTION ledger.check_item_attributes_of_statement() RETURNS trigger
LANGUAGE plpgsql AS $$
DECLARE
    bad record;
BEGIN
    SELECT n.kind, a.key, a.value, k.value_type AS expected,
           CASE
               WHEN k.value_type IS NULL THEN 'unknown'
               WHEN k.value_type = 'integer' AND NOT (jsonb_typeof(a.value) = 'number' AND a.value::text ~ '^-?[0-9]+$') THEN 'integer'
               WHEN k.value_type IN ('text', 'date', 'place', 'actor') AND jsonb_typeof(a.value) <> 'string' THEN 'string'
               WHEN k.value_type = 'date' AND NOT (a.value #>> '{}') ~ '^\d{4}-\d{2}-\d{2}$' THEN 'date'
               WHEN k.value_type IN ('place', 'actor') AND NOT EXISTS (
                   SELECT 1 FROM ledger.entity e WHERE e.entity_type = k.value_type AND e.external_id = a.value #>> '{}') THEN 'missing'
           END AS problem
      INTO bad
    FROM new_rows n
    CROSS JOIN LATERAL jsonb_each(n.attributes) AS a(key, value)
    LEFT JOIN ledger.evidence_kind_attribute k ON k.kind = n.kind AND k.attribute = a.key
    WHERE k.value_type IS NULL
       OR (k.value_type = 'integer' AND NOT (jsonb_typeof(a.value) = 'number' AND a.value::text ~ '^-?[0-9]+$'))
       OR (k.value_type IN ('text', 'date', 'place', 'actor') AND jsonb_typeof(a.value) <> 'string')
       OR (k.value_type = 'date' AND NOT (a.value #>> '{}') ~ '^\d{4}-\d{2}-\d{2}$')
       OR (k.value_type IN ('place', 'actor') AND NOT EXISTS (
               SELECT 1 FROM ledger.entity e WHERE e.entity_type = k.value_type AND e.external_id = a.value #>> '{}'))
    LIMIT 1;
    IF bad.problem = 'unknown' THEN
        RAISE EXCEPTION 'attribute "%" is not one of a % item''s attributes', bad.key, bad.kind
            USING ERRCODE = 'EL103', HINT = 'see ledger.evidence_kind_attribute for the attributes of each kind';
    ELSIF bad.problem = 'integer' THEN
        RAISE EXCEPTION 'attribute "%" of a % item must be a whole number, not %', bad.key, bad.kind, bad.value USING ERRCODE = 'EL103';
    ELSIF bad.problem = 'string' THEN
        RAISE EXCEPTION 'attribute "%" of a % item must be a string, not %', bad.key, bad.kind, bad.value USING ERRCODE = 'EL103';
    ELSIF bad.problem = 'date' THEN
        RAISE EXCEPTION 'attribute "%" must be a date YYYY-MM-DD, not %', bad.key, bad.value USING ERRCODE = 'EL103';
    ELSIF bad.problem = 'missing' THEN
        RAISE EXCEPTION 'attribute "%" names % "%", which is not in the ledger', bad.key, bad.expected, bad.value #>> '{}' USING ERRCODE = 'EL103';
    END IF;
    RETURN NULL;
END
$$;
COMMENT ON FUNCTION ledger.check_item_attributes_of_statement() IS 'Statement trigger function: checks the attributes of every item version a statement inserted against ledger.evidence_kind_attribute (SQLSTATE EL103).';

DROP TRIGGER item_version_attributes ON ledger.item_version;
CREATE TRIGGER item_version_attributes AFTER INSERT ON ledger.item_version REFERENCING NEW TABLE AS new_rows
    FOR EACH STATEMENT EXECUTE FUNCTION ledger.check_item_attributes_of_statement();
COMMENT ON FUNCTION ledger.check_item_attributes() IS 'Trigger function (row by row; since 0008 the item_version table uses ledger.check_item_attributes_of_statement): checks an item version''s attributes against ledger.evidence_kind_attribute (SQLSTATE EL103).';

-- ---------------------------------------------------------------------------------------------------------
-- Child rows: once per statement, each distinct parent version they name must have been recorded in this
-- transaction by this session user.

CREATE FUNCTION ledger.check_child_rows_of_statement() RETURNS trigger
LANGUAGE plpgsql AS $$
DECLARE
    parent_id uuid;
    parent_version integer;
BEGIN
    -- TG_ARGV: the parent version table, then the columns holding the parent's id and version.
    EXECUTE format($q$
        SELECT n.parent_id, n.parent_version
        FROM (SELECT DISTINCT %2$I AS parent_id, %3$I AS parent_version FROM new_rows) AS n
        LEFT JOIN ledger.%1$I p ON p.entity_id = n.parent_id AND p.version = n.parent_version
        WHERE (p.recorded_at = now() AND p.recorded_by = session_user) IS NOT TRUE
        LIMIT 1
        $q$, TG_ARGV[0], TG_ARGV[1], TG_ARGV[2])
        INTO parent_id, parent_version;
    IF parent_id IS NOT NULL THEN
        RAISE EXCEPTION 'rows of % belong to version % of % and can only be added with it, in the same transaction', TG_TABLE_NAME, parent_version, parent_id
            USING ERRCODE = 'EL107', HINT = 'record a new version (with a reason) that carries the changed rows';
    END IF;
    RETURN NULL;
END
$$;
COMMENT ON FUNCTION ledger.check_child_rows_of_statement() IS 'Statement trigger function: child rows (names, an item''s actors, sources, exhibits) may only be added in the transaction that recorded their parent version (SQLSTATE EL107), so a version never changes after it was recorded.';

DROP TRIGGER actor_name_with_parent ON ledger.actor_name;
CREATE TRIGGER actor_name_with_parent AFTER INSERT ON ledger.actor_name REFERENCING NEW TABLE AS new_rows
    FOR EACH STATEMENT EXECUTE FUNCTION ledger.check_child_rows_of_statement('actor_version', 'actor_id', 'actor_version');
DROP TRIGGER place_name_with_parent ON ledger.place_name;
CREATE TRIGGER place_name_with_parent AFTER INSERT ON ledger.place_name REFERENCING NEW TABLE AS new_rows
    FOR EACH STATEMENT EXECUTE FUNCTION ledger.check_child_rows_of_statement('place_version', 'place_id', 'place_version');
DROP TRIGGER item_actor_with_parent ON ledger.item_actor;
CREATE TRIGGER item_actor_with_parent AFTER INSERT ON ledger.item_actor REFERENCING NEW TABLE AS new_rows
    FOR EACH STATEMENT EXECUTE FUNCTION ledger.check_child_rows_of_statement('item_version', 'item_id', 'item_version');
DROP TRIGGER item_source_with_parent ON ledger.item_source;
CREATE TRIGGER item_source_with_parent AFTER INSERT ON ledger.item_source REFERENCING NEW TABLE AS new_rows
    FOR EACH STATEMENT EXECUTE FUNCTION ledger.check_child_rows_of_statement('item_version', 'item_id', 'item_version');
DROP TRIGGER item_exhibit_with_parent ON ledger.item_exhibit;
CREATE TRIGGER item_exhibit_with_parent AFTER INSERT ON ledger.item_exhibit REFERENCING NEW TABLE AS new_rows
    FOR EACH STATEMENT EXECUTE FUNCTION ledger.check_child_rows_of_statement('item_version', 'item_id', 'item_version');
COMMENT ON FUNCTION ledger.check_child_row() IS 'Trigger function (row by row; since 0008 the ledger''s child tables use ledger.check_child_rows_of_statement): a child row may only be added in the transaction that recorded its parent version (SQLSTATE EL107).';

-- ---------------------------------------------------------------------------------------------------------
-- Links: once per statement, no link (unless it withdraws) to a withdrawn item, none to a provision that has
-- elements.

CREATE FUNCTION ledger.check_links_of_statement() RETURNS trigger
LANGUAGE plpgsql AS $$
BEGIN
    IF EXISTS (
        SELECT 1 FROM new_rows n
        WHERE NOT n.withdrawn AND EXISTS (
            SELECT 1 FROM ledger.item_version v WHERE v.entity_id = n.item_id
            AND v.version = (SELECT max(version) FROM ledger.item_version WHERE entity_id = n.item_id) AND v.status = 'withdrawn')) THEN
        RAISE EXCEPTION 'the item is withdrawn: it cannot be linked to a criterion' USING ERRCODE = 'EL105';
    END IF;
    IF EXISTS (
        SELECT 1 FROM new_rows n
        WHERE n.criterion_type = 'provision' AND EXISTS (SELECT 1 FROM ledger.element_version e WHERE e.provision_id = n.criterion_id)) THEN
        RAISE EXCEPTION 'the provision has elements: link the item to one of its elements' USING ERRCODE = 'EL108';
    END IF;
    RETURN NULL;
END
$$;
COMMENT ON FUNCTION ledger.check_links_of_statement() IS 'Statement trigger function: no link a statement inserted may tie a withdrawn item (SQLSTATE EL105), nor a provision that has elements rather than one of its elements (EL108).';

DROP TRIGGER link_version_check ON ledger.link_version;
CREATE TRIGGER link_version_check AFTER INSERT ON ledger.link_version REFERENCING NEW TABLE AS new_rows
    FOR EACH STATEMENT EXECUTE FUNCTION ledger.check_links_of_statement();
COMMENT ON FUNCTION ledger.check_link() IS 'Trigger function (row by row; since 0008 link_version uses ledger.check_links_of_statement): a link may not tie a withdrawn item (SQLSTATE EL105), nor a provision that has elements rather than one of its elements (EL108).';

-- ---------------------------------------------------------------------------------------------------------
-- The log: the trigger functions of every logged table and the arms of ledger.log_row_digest, made again with
-- cheaper expressions for the same bytes. A leaf's fixed parts (magic, version, origin; record time, operation,
-- table; acting role) are encoded once per statement instead of once per row. The canonical payload is
-- concatenated directly: members ordered by key length, then bytes, each value a JSON string from to_json(text)
-- (the escaping jsonb's output uses) or null, with ", " and ": " separators — the exact text that
-- jsonb_build_object(...)::text gives. Sorting the statement's rows by key gets enough memory to stay off disk.
DO $log$
DECLARE
    name text;
    key_expr text;
    version_expr text;
    payload_expr text;
    exhibit_expr text;
    digest_arms text[] := '{}';
BEGIN
    FOR name IN
        SELECT c.relname FROM pg_trigger t JOIN pg_class c ON c.oid = t.tgrelid JOIN pg_namespace n ON n.oid = c.relnamespace
        WHERE n.nspname = 'ledger' AND t.tgname = 'zz_log_' || c.relname
        ORDER BY t.oid
    LOOP
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
        SELECT 'concat(''{'', ' || string_agg(format('%L, coalesce(to_json(%s)::text, ''null'')',
                   CASE WHEN m.n = 1 THEN '' ELSE ', ' END || to_json(m.attname::text)::text || ': ',
                   CASE format_type(m.atttypid, m.atttypmod)
                       WHEN 'timestamp with time zone' THEN format('ledger.log_time(r.%I)', m.attname)
                       WHEN 'date' THEN format('to_char(r.%I, ''YYYY-MM-DD'')', m.attname)
                       WHEN 'tstzrange' THEN format('CASE WHEN r.%1$I IS NULL THEN NULL ELSE (CASE WHEN lower_inc(r.%1$I) THEN ''['' ELSE ''('' END) || ledger.log_time(lower(r.%1$I)) || '','' || ledger.log_time(upper(r.%1$I)) || (CASE WHEN upper_inc(r.%1$I) THEN '']'' ELSE '')'' END) END', m.attname)
                       WHEN 'bytea' THEN format('encode(r.%I, ''hex'')', m.attname)
                       ELSE format('r.%I::text', m.attname)
                   END), ', ' ORDER BY m.n) || ', ''}'')'
          INTO payload_expr
        FROM (SELECT a.attname, a.atttypid, a.atttypmod,
                     row_number() OVER (ORDER BY octet_length(a.attname::text), a.attname::text COLLATE "C") AS n
              FROM pg_attribute a
              WHERE a.attrelid = format('ledger.%I', name)::regclass AND a.attnum > 0 AND NOT a.attisdropped AND a.attgenerated = '') AS m;
        exhibit_expr := CASE WHEN name = 'exhibit_content' THEN 'sha256(r.content)' ELSE 'NULL::bytea' END;

        EXECUTE format($f$
            CREATE OR REPLACE FUNCTION ledger.%1$I() RETURNS trigger
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
            $f$, 'log_append_' || name, name, key_expr, version_expr, payload_expr, exhibit_expr);

        digest_arms := digest_arms || format(
            'SELECT %1$L::text AS table_name, %2$s AS row_key, sha256(convert_to(%3$s, ''UTF8'')) AS payload_sha256, %4$s AS exhibit_sha256 FROM ledger.%1$I r',
            name, key_expr, payload_expr, exhibit_expr);
    END LOOP;
    EXECUTE 'CREATE OR REPLACE VIEW ledger.log_row_digest AS ' || array_to_string(digest_arms, E'\nUNION ALL\n');
END
$log$;

-- ---------------------------------------------------------------------------------------------------------
-- External ids: the same rule as 0002's, without a bounded repetition that the regular expression engine
-- unrolls into two hundred states (it cost more than the rest of an entity's insert): the same first
-- character, the same characters after it, at most 200 of them in all (they are ASCII, so characters are bytes).

ALTER TABLE ledger.entity DROP CONSTRAINT entity_external_id_check,
    ADD CONSTRAINT entity_external_id_check CHECK (external_id ~ '^[A-Za-z0-9][A-Za-z0-9._:/()+-]*$' AND length(external_id) <= 200);
