-- Delivery lanes. A template's process type says which lane its notifications take; each
-- notification records its lane (0 priority, 1 normal, 2 bulk) when it is created.

ALTER TABLE templates ADD COLUMN process_type TEXT NOT NULL DEFAULT 'normal';
ALTER TABLE notifications ADD COLUMN lane INTEGER NOT NULL DEFAULT 1;

-- The queue: what is in flight, by lane, then service, then due time. Workers take the services
-- of a lane in turn, so they walk it one service at a time.
CREATE INDEX notifications_queue ON notifications (lane, service_id, due_at)
  WHERE status IN ('created', 'sending');
