-- 0015 what a ledger_reader may read of evidence items, found through the indexes rather than through the
-- current_* views (which compute every item's latest version, seconds at a million items). Each function returns
-- only what ledger_reader can already read through ledger.current_item, ledger.current_link and
-- ledger.public_source: the current version, never earlier ones (an amendment may have removed what an earlier
-- version said), and only public, not withdrawn sources. They run with their owner's rights (SECURITY DEFINER)
-- so that they may use the tables behind those views.

SET LOCAL ROLE ledger_owner;
SET LOCAL search_path = ledger, pg_catalog;

CREATE FUNCTION ledger.public_item(item text)
RETURNS TABLE (id text, kind text, title text, description text, occurred_from text, occurred_to text,
               occurred_precision text, place text, acting_state text, territorial_state text, attributes text,
               claim_status text, status text, reviewer text, review_note text, version integer)
LANGUAGE sql STABLE SECURITY DEFINER SET search_path = ledger, pg_catalog AS $$
    SELECT e.external_id, v.kind::text, v.title, v.description,
           (lower(v.occurred) AT TIME ZONE 'UTC')::date::text,
           ((upper(v.occurred) - interval '1 microsecond') AT TIME ZONE 'UTC')::date::text,
           v.occurred_precision::text, p.external_id, a.external_id, t.external_id, v.attributes::text,
           v.claim_status::text, v.status::text, v.reviewer, v.review_note, v.version
    FROM ledger.entity e
    CROSS JOIN LATERAL (SELECT * FROM ledger.item_version iv WHERE iv.entity_id = e.id ORDER BY iv.version DESC LIMIT 1) v
    LEFT JOIN ledger.entity p ON p.id = v.place_id
    LEFT JOIN ledger.entity a ON a.id = v.acting_state_id
    LEFT JOIN ledger.entity t ON t.id = v.territorial_state_id
    WHERE e.entity_type = 'item' AND e.external_id = public_item.item
$$;
COMMENT ON FUNCTION ledger.public_item(text) IS 'The current version of one evidence item, as ledger.current_item shows it, found by its id through the indexes (dates in UTC). SELECT * FROM ledger.public_item(''item-hajun-633-missiles-2022-05-14'').';

CREATE FUNCTION ledger.public_items(after text, kind text, status text, page_size integer)
RETURNS TABLE (id text, kind text, title text, occurred_from text, occurred_to text, status text)
LANGUAGE sql STABLE SECURITY DEFINER SET search_path = ledger, pg_catalog AS $$
    SELECT e.external_id, v.kind::text, v.title,
           (lower(v.occurred) AT TIME ZONE 'UTC')::date::text,
           ((upper(v.occurred) - interval '1 microsecond') AT TIME ZONE 'UTC')::date::text, v.status::text
    FROM ledger.entity e
    CROSS JOIN LATERAL (SELECT iv.kind, iv.title, iv.occurred, iv.status FROM ledger.item_version iv
                        WHERE iv.entity_id = e.id ORDER BY iv.version DESC LIMIT 1) v
    WHERE e.entity_type = 'item'
      AND (public_items.after IS NULL OR e.external_id > public_items.after)
      AND (public_items.kind IS NULL OR v.kind::text = public_items.kind)
      AND (public_items.status IS NULL AND v.status <> 'withdrawn' OR v.status::text = public_items.status)
    ORDER BY e.external_id
    LIMIT least(greatest(public_items.page_size, 1), 500)
$$;
COMMENT ON FUNCTION ledger.public_items(text, text, text, integer) IS 'Current evidence items in the order of their ids, after an id (keyset pages of at most 500), of a kind and review status (default: all but withdrawn). SELECT * FROM ledger.public_items(NULL, ''missile-launch'', NULL, 50).';

CREATE FUNCTION ledger.public_item_sources(item text)
RETURNS TABLE (source text, reliability text, name text, locator text, quote text)
LANGUAGE sql STABLE SECURITY DEFINER SET search_path = ledger, pg_catalog AS $$
    SELECT se.external_id, sv.reliability::text, coalesce(sv.publisher, sv.title, ''), s.locator, s.quote
    FROM ledger.entity e
    CROSS JOIN LATERAL (SELECT iv.version FROM ledger.item_version iv WHERE iv.entity_id = e.id ORDER BY iv.version DESC LIMIT 1) v
    JOIN ledger.item_source s ON s.item_id = e.id AND s.item_version = v.version
    JOIN ledger.entity se ON se.id = s.source_id
    CROSS JOIN LATERAL (SELECT * FROM ledger.source_version x WHERE x.entity_id = s.source_id ORDER BY x.version DESC LIMIT 1) sv
    WHERE e.entity_type = 'item' AND e.external_id = public_item_sources.item
      AND sv.protection = 'public' AND NOT sv.withdrawn
    ORDER BY s.ordinal
$$;
COMMENT ON FUNCTION ledger.public_item_sources(text) IS 'The public, not withdrawn sources of an item''s current version, with locator and quote (restricted and protected sources are left out, as ledger.public_source leaves them out).';

CREATE FUNCTION ledger.public_item_links(item text)
RETURNS TABLE (criterion text, relation text, credibility text, argument text)
LANGUAGE sql STABLE SECURITY DEFINER SET search_path = ledger, pg_catalog AS $$
    SELECT c.external_id, l.relation::text, l.credibility::text, l.argument
    FROM ledger.entity e
    CROSS JOIN LATERAL (
        SELECT DISTINCT ON (lv.entity_id) lv.* FROM ledger.link_version lv
        WHERE lv.entity_id IN (SELECT x.entity_id FROM ledger.link_version x WHERE x.item_id = e.id)
        ORDER BY lv.entity_id, lv.version DESC) l
    JOIN ledger.entity c ON c.id = l.criterion_id
    WHERE e.entity_type = 'item' AND e.external_id = public_item_links.item AND NOT l.withdrawn
    ORDER BY c.external_id, l.relation
$$;
COMMENT ON FUNCTION ledger.public_item_links(text) IS 'The current, not withdrawn links of an item to criteria, as ledger.current_link shows them, found through the item''s links only.';

REVOKE EXECUTE ON FUNCTION ledger.public_item(text), ledger.public_items(text, text, text, integer),
    ledger.public_item_sources(text), ledger.public_item_links(text) FROM PUBLIC;
GRANT EXECUTE ON FUNCTION ledger.public_item(text), ledger.public_items(text, text, text, integer),
    ledger.public_item_sources(text), ledger.public_item_links(text)
    TO ledger_reader, ledger_researcher, ledger_reviewer, ledger_auditor;
