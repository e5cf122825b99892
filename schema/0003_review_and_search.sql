-- 0003 review, withdrawal and name search: SQL functions that record new versions the way the CLI does, so
-- psql users get the same rules; and a search over names in every script and romanisation.

SET LOCAL ROLE ledger_owner;
SET LOCAL search_path = ledger, pg_catalog;

CREATE EXTENSION IF NOT EXISTS pg_trgm WITH SCHEMA ledger;
CREATE EXTENSION IF NOT EXISTS unaccent WITH SCHEMA ledger;

-- Records a new version of an item that repeats the current one with another status, and copies its actors,
-- sources and exhibits. Privileges are the caller's (SECURITY INVOKER): check_item_review still decides who
-- may verify or dispute.
CREATE FUNCTION ledger.record_item_status(item_id text, new_status ledger.review_status, review_note text, reason text)
RETURNS integer
LANGUAGE plpgsql SET search_path = ledger, pg_catalog AS $$
#variable_conflict use_column
DECLARE
    cur ledger.item_version;
    next_version integer;
BEGIN
    IF coalesce(btrim(record_item_status.reason), '') = '' THEN
        RAISE EXCEPTION 'a reason is required' USING ERRCODE = 'EL102';
    END IF;
    SELECT v.* INTO cur FROM ledger.item_version v JOIN ledger.entity e ON e.id = v.entity_id
    WHERE e.entity_type = 'item' AND e.external_id = record_item_status.item_id
    ORDER BY v.version DESC LIMIT 1;
    IF NOT FOUND THEN
        RAISE EXCEPTION 'there is no evidence item "%"', record_item_status.item_id USING ERRCODE = 'EL104';
    END IF;
    IF cur.status = 'withdrawn' THEN
        RAISE EXCEPTION 'evidence item "%" is withdrawn', record_item_status.item_id USING ERRCODE = 'EL105', HINT = 'a withdrawn item stays withdrawn; record a new item if it is needed again';
    END IF;
    IF cur.status IN ('verified', 'disputed') AND new_status NOT IN ('verified', 'disputed', 'withdrawn')
       AND NOT pg_catalog.pg_has_role(session_user, 'ledger_reviewer', 'MEMBER') THEN
        RAISE EXCEPTION 'only a reviewer may take back a review (the item is %)', cur.status USING ERRCODE = '42501';
    END IF;
    next_version := cur.version + 1;
    -- The reviewer column is set by check_item_review from the session user; a note given is kept.
    INSERT INTO ledger.item_version (entity_id, version, kind, title, description, occurred, occurred_precision, place_id,
        acting_state_id, territorial_state_id, attributes, claim_status, status, review_note, change_reason)
    VALUES (cur.entity_id, next_version, cur.kind, cur.title, cur.description, cur.occurred, cur.occurred_precision, cur.place_id,
        cur.acting_state_id, cur.territorial_state_id, cur.attributes, cur.claim_status, new_status,
        record_item_status.review_note, record_item_status.reason);
    INSERT INTO ledger.item_actor (item_id, item_version, actor_id, role)
        SELECT item_id, next_version, actor_id, role FROM ledger.item_actor WHERE item_id = cur.entity_id AND item_version = cur.version;
    INSERT INTO ledger.item_source (item_id, item_version, source_id, ordinal, locator, quote)
        SELECT item_id, next_version, source_id, ordinal, locator, quote FROM ledger.item_source WHERE item_id = cur.entity_id AND item_version = cur.version;
    INSERT INTO ledger.item_exhibit (item_id, item_version, exhibit_id, ordinal, note)
        SELECT item_id, next_version, exhibit_id, ordinal, note FROM ledger.item_exhibit WHERE item_id = cur.entity_id AND item_version = cur.version;
    RETURN next_version;
END
$$;
COMMENT ON FUNCTION ledger.record_item_status(text, ledger.review_status, text, text) IS 'Records a new version of an evidence item (by external id) with another status — verified or disputed (reviewers; the note is required), submitted, or withdrawn — repeating its content, actors, sources and exhibits. Returns the new version number.';

CREATE FUNCTION ledger.review_item(item text, new_status ledger.review_status, note text) RETURNS integer
LANGUAGE plpgsql SET search_path = ledger, pg_catalog AS $$
BEGIN
    IF new_status NOT IN ('verified', 'disputed', 'submitted') THEN
        RAISE EXCEPTION 'a review marks an item verified, disputed or submitted, not %', new_status USING ERRCODE = 'EL109';
    END IF;
    IF coalesce(btrim(note), '') = '' THEN
        RAISE EXCEPTION 'a review needs a note: what was checked, or why it is disputed' USING ERRCODE = 'EL109';
    END IF;
    RETURN ledger.record_item_status(item, new_status, note, 'review: ' || new_status::text);
END
$$;
COMMENT ON FUNCTION ledger.review_item(text, ledger.review_status, text) IS 'A reviewer verifies or disputes an evidence item: SELECT ledger.review_item(''item-…'', ''verified'', ''source, file and content checked'').';

CREATE FUNCTION ledger.withdraw_item(item text, reason text) RETURNS integer
LANGUAGE sql SET search_path = ledger, pg_catalog AS $$
    SELECT ledger.record_item_status(item, 'withdrawn', NULL, reason)
$$;
COMMENT ON FUNCTION ledger.withdraw_item(text, text) IS 'Withdraws an evidence item with a reason: a new version with status withdrawn; nothing is erased.';

CREATE FUNCTION ledger.withdraw_link(link text, reason text) RETURNS integer
LANGUAGE plpgsql SET search_path = ledger, pg_catalog AS $$
DECLARE
    cur ledger.link_version;
BEGIN
    SELECT v.* INTO cur FROM ledger.link_version v JOIN ledger.entity e ON e.id = v.entity_id
    WHERE e.entity_type = 'link' AND e.external_id = withdraw_link.link ORDER BY v.version DESC LIMIT 1;
    IF NOT FOUND THEN
        RAISE EXCEPTION 'there is no link "%"', withdraw_link.link USING ERRCODE = 'EL104';
    END IF;
    IF cur.withdrawn THEN
        RAISE EXCEPTION 'link "%" is already withdrawn', withdraw_link.link USING ERRCODE = 'EL105';
    END IF;
    INSERT INTO ledger.link_version (entity_id, version, item_id, criterion_id, criterion_type, relation, credibility, argument, asserted_by, withdrawn, change_reason)
    VALUES (cur.entity_id, cur.version + 1, cur.item_id, cur.criterion_id, cur.criterion_type, cur.relation, cur.credibility, cur.argument,
            cur.asserted_by, true, withdraw_link.reason);
    RETURN cur.version + 1;
END
$$;
COMMENT ON FUNCTION ledger.withdraw_link(text, text) IS 'Withdraws a link (ITEM/CRITERION) with a reason: a new version marked withdrawn; nothing is erased.';

-- Names in any script and romanisation: Cyrillic is transliterated to plain Latin letters, accents dropped,
-- case folded, so "Мозырь", "Мазыр", "Mazyr" and "Mozyr" all come near "mozyr"/"mazyr".
CREATE FUNCTION ledger.name_key(name text) RETURNS text
LANGUAGE sql IMMUTABLE PARALLEL SAFE SET search_path = ledger, pg_catalog AS $$
    -- Both cases are listed: in a C-locale database lower() folds only ASCII letters.
    SELECT regexp_replace(lower(translate(
        replace(replace(replace(replace(replace(replace(replace(replace(replace(replace(replace(replace(replace(replace(replace(replace(ledger.unaccent('ledger.unaccent'::regdictionary, name), 'щ', 'shch'), 'Щ', 'shch'), 'ш', 'sh'), 'Ш', 'sh'), 'ч', 'ch'), 'Ч', 'ch'), 'ж', 'zh'), 'Ж', 'zh'), 'ю', 'yu'), 'Ю', 'yu'), 'я', 'ya'), 'Я', 'ya'), 'х', 'kh'), 'Х', 'kh'), 'ц', 'ts'), 'Ц', 'ts'),
        'абвгґдеёэєзиіїйклмнопрстуўфыАБВГҐДЕЁЭЄЗИІЇЙКЛМНОПРСТУЎФЫьъЬЪ''’',
        'abvhgdeeeezyiiiklmnoprstuufyabvhgdeeeezyiiiklmnoprstuufy')), '[^a-z0-9 ]', '', 'g')
$$;
COMMENT ON FUNCTION ledger.name_key(text) IS 'A search key for a name in any script: Belarusian, Russian and Ukrainian Cyrillic transliterated to Latin letters, accents removed, lower case, punctuation dropped (used by ledger.search_names).';

CREATE VIEW ledger.current_name AS
SELECT 'actor'::text AS entity_type, a.id AS external_id, n.name, n.language, n.romanisation, ledger.name_key(n.name) AS name_key
FROM ledger.current_actor a JOIN ledger.actor_name n ON n.actor_id = a.entity_id AND n.actor_version = a.version
WHERE NOT a.withdrawn
UNION ALL
SELECT 'place', p.id, n.name, n.language, n.romanisation, ledger.name_key(n.name)
FROM ledger.current_place p JOIN ledger.place_name n ON n.place_id = p.entity_id AND n.place_version = p.version
WHERE NOT p.withdrawn;
COMMENT ON VIEW ledger.current_name IS 'Every current name of every actor and place, with its search key.';
COMMENT ON COLUMN ledger.current_name.entity_type IS 'actor or place.';
COMMENT ON COLUMN ledger.current_name.external_id IS 'The actor''s or place''s id.';
COMMENT ON COLUMN ledger.current_name.name IS 'The name as written.';
COMMENT ON COLUMN ledger.current_name.language IS 'Its BCP 47 language tag.';
COMMENT ON COLUMN ledger.current_name.romanisation IS 'The romanisation standard, when the name is one.';
COMMENT ON COLUMN ledger.current_name.name_key IS 'ledger.name_key(name): the script-independent search key.';

CREATE FUNCTION ledger.search_names(query text, min_similarity real DEFAULT 0.3)
RETURNS TABLE (entity_type text, external_id text, matched_name text, language text, similarity real)
LANGUAGE sql STABLE SET search_path = ledger, pg_catalog AS $$
    WITH q AS (SELECT ledger.name_key(query) AS key),
    scored AS (
        SELECT n.entity_type, n.external_id, n.name, n.language,
               greatest(ledger.similarity(n.name_key, q.key), ledger.word_similarity(q.key, n.name_key)) AS similarity
        FROM ledger.current_name n, q
        WHERE q.key <> ''
    )
    SELECT DISTINCT ON (entity_type, external_id) entity_type, external_id, name, language, similarity
    FROM scored
    WHERE similarity >= min_similarity
    ORDER BY entity_type, external_id, similarity DESC, name
$$;
COMMENT ON FUNCTION ledger.search_names(text, real) IS 'Actors and places whose name, in any script or romanisation, is like the query: the better of trigram similarity and word similarity of their ledger.name_key, at least min_similarity. SELECT * FROM ledger.search_names(''Мозырь'').';

REVOKE EXECUTE ON FUNCTION ledger.record_item_status(text, ledger.review_status, text, text), ledger.review_item(text, ledger.review_status, text),
    ledger.withdraw_item(text, text), ledger.withdraw_link(text, text) FROM PUBLIC;
GRANT EXECUTE ON FUNCTION ledger.record_item_status(text, ledger.review_status, text, text), ledger.withdraw_item(text, text),
    ledger.withdraw_link(text, text) TO ledger_researcher, ledger_reviewer;
GRANT EXECUTE ON FUNCTION ledger.review_item(text, ledger.review_status, text) TO ledger_reviewer;
GRANT SELECT ON ledger.current_name TO ledger_reader, ledger_researcher, ledger_reviewer, ledger_auditor;
GRANT EXECUTE ON FUNCTION ledger.search_names(text, real), ledger.name_key(text) TO ledger_reader, ledger_researcher, ledger_reviewer, ledger_auditor;
