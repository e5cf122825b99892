-- Who changed item X, when and why? Every version, oldest first, with the log entry that recorded it.
\if :{?item}
\else
\set item 'item-hajun-633-missiles-2022-05-14'
\endif
SELECT h.version, h.status, h.recorded_at, h.recorded_by, h.reason, h.reviewer, h.review_note, a.entry AS log_entry
FROM ledger.item_history h
LEFT JOIN ledger.audit_trail a ON a.table_name = 'item_version' AND a.external_id = h.item AND a.row_version = h.version
WHERE h.item = :'item'
ORDER BY h.version;
