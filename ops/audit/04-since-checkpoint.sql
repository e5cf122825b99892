-- Everything written since checkpoint N (default: the latest signed one).
\if :{?size}
\else
SELECT coalesce(max(size), 0) AS size FROM ledger.checkpoint \gset
\endif
SELECT entry, recorded_at, acting_role, table_name, external_id, row_version, reason
FROM ledger.audit_trail
WHERE entry >= :size
ORDER BY entry;
