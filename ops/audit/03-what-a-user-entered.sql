-- What did user U enter in the last N days? Counts per table, then the entities.
\if :{?user}
\else
SELECT session_user AS user \gset
\endif
\if :{?days}
\else
\set days 7
\endif
SELECT table_name, count(*) AS rows, min(recorded_at) AS first, max(recorded_at) AS last
FROM ledger.audit_trail
WHERE acting_role = :'user' AND recorded_at > now() - make_interval(days => :days)
GROUP BY table_name ORDER BY rows DESC;
SELECT entry, recorded_at, entity_type, external_id, row_version, reason
FROM ledger.audit_trail
WHERE acting_role = :'user' AND recorded_at > now() - make_interval(days => :days) AND external_id IS NOT NULL
  AND table_name LIKE '%\_version'
ORDER BY entry DESC LIMIT 100;
