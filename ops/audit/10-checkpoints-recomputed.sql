-- Does every signed checkpoint's root match the root recomputed in SQL from the stored leaves? (Signatures are
-- checked by evidence-ledger verify, which is the authority.)
SELECT c.size, c.signed_at, encode(c.root, 'base64') AS signed_root,
       encode(ledger.log_root(c.size), 'base64') AS recomputed_root,
       c.root = ledger.log_root(c.size) AS matches
FROM ledger.checkpoint c
ORDER BY c.size;
