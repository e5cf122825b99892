-- Provisions whose text is not confirmed against an official copy, but that evidence is linked to.
SELECT p.code, p.label, p.text_status, count(DISTINCT l.item) AS linked_items
FROM ledger.current_provision p
LEFT JOIN ledger.current_element e ON e.provision = p.code
JOIN ledger.current_link l ON (l.criterion = p.code OR l.criterion = e.code) AND NOT l.withdrawn
WHERE p.text_status <> 'confirmed'
GROUP BY p.code, p.label, p.text_status
ORDER BY linked_items DESC, p.code;
