-- The claim reads the queue through notifications_queue (lane, service_id, due_at); the older
-- index on due_at alone is read by nothing, and every claim and every final status had to update
-- it as well.

DROP INDEX IF EXISTS notifications_due;
