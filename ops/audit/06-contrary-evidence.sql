-- Evidence that contradicts or qualifies a criterion, with the argument: it must appear in every dossier.
SELECT l.criterion, l.relation, l.credibility, l.item, i.title, l.argument
FROM ledger.current_link l JOIN ledger.current_item i ON i.id = l.item
WHERE l.relation IN ('contradicts', 'qualifies') AND NOT l.withdrawn AND i.status <> 'withdrawn'
ORDER BY l.criterion, l.relation, l.item;
