-- 0006 stored subtree hashes: the hashes of complete, aligned subtrees of the log, so that an inclusion proof
-- needs O(log² n) of them instead of every leaf. Derived data: made from the stored leaves by
-- ledger.log_extend_nodes, trusted by nobody (every proof made from them is verified before it is given out).

SET LOCAL ROLE ledger_owner;
SET LOCAL search_path = ledger, pg_catalog;

CREATE TABLE ledger.log_node (
    level integer NOT NULL CHECK (level BETWEEN 0 AND 63),
    idx   bigint NOT NULL CHECK (idx >= 0),
    hash  bytea NOT NULL CHECK (octet_length(hash) = 32),
    CONSTRAINT log_node_pkey PRIMARY KEY (level, idx)
);
COMMENT ON TABLE ledger.log_node IS 'Hashes of complete aligned subtrees of the log (level L, index i: leaves i·2^L to (i+1)·2^L − 1), derived from the leaves for fast proofs. Not trusted: proofs made from them are verified before use, and verify never reads them.';
COMMENT ON COLUMN ledger.log_node.level IS 'log2 of the number of leaves the subtree covers (0 = one leaf: the leaf hash).';
COMMENT ON COLUMN ledger.log_node.idx IS 'The subtree''s position among subtrees of its level.';
COMMENT ON COLUMN ledger.log_node.hash IS 'The subtree''s RFC 9162 hash.';

CREATE FUNCTION ledger.log_extend_nodes(tree_size bigint) RETURNS bigint
LANGUAGE plpgsql SECURITY DEFINER SET search_path = ledger, pg_catalog AS $$
DECLARE
    lvl integer := 0;
    added bigint := 0;
    n bigint;
BEGIN
    PERFORM pg_advisory_xact_lock(1162636900); -- one extender at a time ('ELnd' as an integer)
    INSERT INTO ledger.log_node (level, idx, hash)
    SELECT 0, e.idx, sha256('\x00'::bytea || e.leaf) FROM ledger.log_entry e
    WHERE e.idx < tree_size AND e.idx >= (SELECT coalesce(max(idx) + 1, 0) FROM ledger.log_node WHERE level = 0)
    ORDER BY e.idx;
    GET DIAGNOSTICS n = ROW_COUNT;
    added := added + n;
    LOOP
        INSERT INTO ledger.log_node (level, idx, hash)
        SELECT lvl + 1, a.idx / 2, sha256('\x01'::bytea || a.hash || b.hash)
        FROM ledger.log_node a JOIN ledger.log_node b ON b.level = lvl AND b.idx = a.idx + 1
        WHERE a.level = lvl AND a.idx % 2 = 0
          AND a.idx / 2 >= (SELECT coalesce(max(idx) + 1, 0) FROM ledger.log_node WHERE level = lvl + 1);
        GET DIAGNOSTICS n = ROW_COUNT;
        added := added + n;
        EXIT WHEN NOT EXISTS (SELECT 1 FROM ledger.log_node WHERE level = lvl + 1 AND idx >= 1);
        lvl := lvl + 1;
    END LOOP;
    RETURN added;
END
$$;
COMMENT ON FUNCTION ledger.log_extend_nodes(bigint) IS 'Adds the subtree hashes of the first tree_size entries that ledger.log_node lacks (leaf hashes from the stored leaf bytes, then pairs level by level). Returns how many it added.';

REVOKE ALL ON FUNCTION ledger.log_extend_nodes(bigint) FROM PUBLIC;
GRANT EXECUTE ON FUNCTION ledger.log_extend_nodes(bigint) TO ledger_auditor, ledger_researcher, ledger_reviewer;
GRANT SELECT ON ledger.log_node TO ledger_auditor, ledger_researcher, ledger_reviewer;
