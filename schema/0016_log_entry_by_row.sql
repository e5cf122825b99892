-- 0016 a row's log entry found from the index alone: the index on (table_name, row_key) also carries each entry's
-- index (idx), so that a read joining many rows to their entries (a streamed dossier joins every current item and
-- link version to its entry, to know its entry and that it is as of the checkpoint) reads the index's narrow tuples
-- (an index-only scan of one table's part of the index) instead of every page of the log's heap, whose rows hold
-- the leaf bytes (at a million items, each such scan read 1.3 GB). The same key, the same order, one index as
-- before; nothing stored changes. The index is built anew: reads and writes of the log wait meanwhile (four
-- million entries: 2–3 s here).

SET LOCAL ROLE ledger_owner;
SET LOCAL search_path = ledger, pg_catalog;

DROP INDEX ledger.log_entry_row;
CREATE INDEX log_entry_row ON ledger.log_entry (table_name, row_key) INCLUDE (idx);
COMMENT ON INDEX ledger.log_entry_row IS 'A row''s log entry by its table and key; carries idx, so that joins of rows to their entries need not read the log''s heap.';
