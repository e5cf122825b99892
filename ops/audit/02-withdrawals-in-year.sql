-- Every withdrawal in a year, with its reason: items and links.
\if :{?year}
\else
SELECT extract(year FROM now())::int AS year \gset
\endif
SELECT 'item' AS what, h.item AS id, h.version, h.recorded_at, h.recorded_by, h.reason
FROM ledger.item_history h
WHERE h.status = 'withdrawn' AND extract(year FROM h.recorded_at) = :year
UNION ALL
SELECT 'link', e.external_id, v.version, v.recorded_at, v.recorded_by, v.change_reason
FROM ledger.link_version v JOIN ledger.entity e ON e.id = v.entity_id
WHERE v.withdrawn AND extract(year FROM v.recorded_at) = :year
ORDER BY recorded_at;
