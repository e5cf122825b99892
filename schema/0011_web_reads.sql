-- 0011 what the web interface reads as the signed-in role. The log's size, for the ledger-state page: it shows
-- nothing those roles could not already read, since checkpoints (which carry sizes) are readable by every ledger
-- role. And indexes, so that the links of an item, and those to a criterion, are found without reading them all.

SET LOCAL ROLE ledger_owner;
SET LOCAL search_path = ledger, pg_catalog;

GRANT SELECT ON ledger.log_head TO ledger_reader, ledger_researcher, ledger_reviewer;

CREATE INDEX link_version_item ON ledger.link_version (item_id);
COMMENT ON INDEX ledger.link_version_item IS 'Finds the links of an evidence item (its page in the web interface, the criterion filter of item lists).';

CREATE INDEX link_version_criterion ON ledger.link_version (criterion_id);
COMMENT ON INDEX ledger.link_version_criterion IS 'Finds the links to a criterion element or provision (the criterion filter of item lists in the web interface).';
