-- Who verified or disputed what, and when.
SELECT h.reviewer, h.status, h.item, h.version, h.recorded_at, h.review_note
FROM ledger.item_history h
WHERE h.status IN ('verified', 'disputed')
ORDER BY h.reviewer, h.recorded_at;
