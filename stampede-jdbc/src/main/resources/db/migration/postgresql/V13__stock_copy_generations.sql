-- The generation of the copy of a SKU's stock that a faster store decides purchases on (the redis strategy's Lua take;
-- issue 13 item 1, dev.stampede.core.sale.StockCopies): a fencing token. Making a new copy (after Redis lost its data,
-- a failover, a restart without persistence) raises it and reads the stock in the same UPDATE; an order taken from a
-- copy is written only in a transaction whose UPDATE of this row still finds the copy's generation and enough stock,
-- so the row lock serializes the two and the durable record, not the copy, decides what is sold.
ALTER TABLE skus ADD COLUMN copy_generation bigint NOT NULL DEFAULT 0;

-- Until now a redis SKU's row kept its initial stock (the stock lived in Redis only); from now its orders take their
-- units from the row, so the row starts from what its orders left.
UPDATE skus s
   SET stock = s.initial_stock - coalesce((SELECT sum(o.quantity) FROM orders o WHERE o.sku_id = s.id), 0)
 WHERE s.strategy = 'redis';
