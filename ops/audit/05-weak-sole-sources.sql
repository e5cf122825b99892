-- Items whose sources are all graded D or worse (D, E, F): claims that stand on weak sources only.
SELECT i.id, i.kind, i.title, string_agg(s.id || ' [' || s.reliability || ']', ', ' ORDER BY s.id) AS sources
FROM ledger.current_item i
JOIN ledger.item_source x ON x.item_id = i.entity_id AND x.item_version = i.version
JOIN ledger.current_source s ON s.entity_id = x.source_id
WHERE i.status <> 'withdrawn'
GROUP BY i.id, i.kind, i.title
HAVING bool_and(s.reliability >= 'D')
ORDER BY i.id;
