-- Criterion elements with no supporting evidence from an item that is not withdrawn: the gaps.
SELECT e.code, e.body,
       count(l.item) FILTER (WHERE l.relation <> 'supports') AS contrary_or_qualifying
FROM ledger.current_element e
LEFT JOIN ledger.current_link l ON l.criterion = e.code AND NOT l.withdrawn
LEFT JOIN ledger.current_item i ON i.id = l.item AND i.status <> 'withdrawn'
GROUP BY e.code, e.body
HAVING count(l.item) FILTER (WHERE l.relation = 'supports' AND i.id IS NOT NULL) = 0
ORDER BY e.code;
