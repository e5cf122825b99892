-- 0012 checkpoints keep their frontier: the roots of the perfect subtrees that cover the tree they sign (one
-- 32-byte hash per set bit of the size, largest subtree first). The next checkpoint checks that this frontier
-- folds to the signed root, then hashes only the entries added since, instead of every leaf of the log.
-- Rows signed before this migration have no frontier; the next checkpoint after them reads every leaf once.

SET LOCAL ROLE ledger_owner;
SET LOCAL search_path = ledger, pg_catalog;

ALTER TABLE ledger.checkpoint ADD COLUMN frontier bytea,
    ADD CONSTRAINT checkpoint_frontier_length
        CHECK (frontier IS NULL OR octet_length(frontier) = 32 * length(replace(size::bit(64)::text, '0', '')));
COMMENT ON COLUMN ledger.checkpoint.frontier IS 'The roots of the perfect subtrees covering the first size entries, largest first, 32 bytes each (RFC 9162 hashes; one per set bit of size), as the signer computed them. Folded from the right they give root. Not trusted: the next checkpoint extends them only after checking that fold against the signed note, and verify compares them with the leaves. NULL for checkpoints signed before migration 0012.';
COMMENT ON CONSTRAINT checkpoint_frontier_length ON ledger.checkpoint IS 'A frontier holds one 32-byte hash per set bit of the checkpoint''s size.';
