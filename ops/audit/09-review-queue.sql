-- Items waiting for review (submitted), oldest first, with how many sources each cites.
SELECT i.id, i.kind, i.title, i.recorded_at AS submitted_at, i.recorded_by,
       (SELECT count(*) FROM ledger.item_source x WHERE x.item_id = i.entity_id AND x.item_version = i.version) AS sources
FROM ledger.current_item i
WHERE i.status = 'submitted'
ORDER BY i.recorded_at, i.id;
