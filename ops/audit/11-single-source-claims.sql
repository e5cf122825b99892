-- Items resting on a single source, by kind: candidates for corroboration.
SELECT i.kind, i.id, i.title, min(s.id) AS only_source, min(s.reliability::text) AS grade
FROM ledger.current_item i
JOIN ledger.item_source x ON x.item_id = i.entity_id AND x.item_version = i.version
JOIN ledger.current_source s ON s.entity_id = x.source_id
WHERE i.status <> 'withdrawn'
GROUP BY i.kind, i.id, i.title
HAVING count(DISTINCT s.id) = 1
ORDER BY i.kind, i.id;
