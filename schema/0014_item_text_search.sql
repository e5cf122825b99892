-- 0014 full-text search over evidence items: the words of an item version's title and description, in the
-- 'simple' configuration (lower case, no stemming, no stop words), so that words of any language and script are
-- found as written. Names in any script or romanisation are found by ledger.search_names instead.

SET LOCAL ROLE ledger_owner;
SET LOCAL search_path = ledger, pg_catalog;

CREATE FUNCTION ledger.item_text(title text, description text) RETURNS tsvector
LANGUAGE sql IMMUTABLE PARALLEL SAFE
RETURN pg_catalog.to_tsvector('pg_catalog.simple'::pg_catalog.regconfig, coalesce(title, '') || ' ' || coalesce(description, ''));
COMMENT ON FUNCTION ledger.item_text(text, text) IS 'The searchable words of an item version''s title and description (configuration simple: any language, as written). SELECT … FROM ledger.item_version WHERE ledger.item_text(title, description) @@ plainto_tsquery(''simple'', ''Iskander Mozyr'').';

CREATE INDEX item_version_text ON ledger.item_version USING gin (ledger.item_text(title, description));
COMMENT ON INDEX ledger.item_version_text IS 'Finds item versions by the words of their title and description (full-text search of the web interface''s item list).';

GRANT EXECUTE ON FUNCTION ledger.item_text(text, text) TO ledger_reader, ledger_researcher, ledger_reviewer, ledger_auditor;
