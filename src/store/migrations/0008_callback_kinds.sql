-- Callbacks come in three kinds, each with its own URL and token: delivery statuses, complaints
-- and received text messages. A service has at most one of each.

CREATE TABLE service_callbacks_by_kind (
  service_id    TEXT NOT NULL REFERENCES services (id),
  kind          TEXT NOT NULL,
  url           TEXT NOT NULL,
  token_sealed  TEXT NOT NULL,
  created_at    INTEGER NOT NULL,
  updated_at    INTEGER,
  PRIMARY KEY (service_id, kind)
);
INSERT INTO service_callbacks_by_kind (service_id, kind, url, token_sealed, created_at, updated_at)
  SELECT service_id, 'delivery_status', url, token_sealed, created_at, updated_at
  FROM service_callbacks;
DROP TABLE service_callbacks;
ALTER TABLE service_callbacks_by_kind RENAME TO service_callbacks;

-- Which of the service's callbacks a queued body goes to.
ALTER TABLE pending_callbacks ADD COLUMN kind TEXT NOT NULL DEFAULT 'delivery_status';
