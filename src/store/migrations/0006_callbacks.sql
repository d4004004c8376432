-- Delivery-status callbacks: where each service wants final statuses POSTed, and the callbacks
-- waiting to be sent.

-- One per service. The bearer token is sealed with the store's master key, like API key secrets.
CREATE TABLE service_callbacks (
  service_id    TEXT PRIMARY KEY REFERENCES services (id),
  url           TEXT NOT NULL,
  token_sealed  TEXT NOT NULL,
  created_at    INTEGER NOT NULL,
  updated_at    INTEGER
);

-- Queued in the transaction that records the status they report. A row leaves when its POST
-- succeeds; one the sender gave up on stays, with given_up_at and the last error.
CREATE TABLE pending_callbacks (
  id               TEXT PRIMARY KEY,
  notification_id  TEXT NOT NULL,
  service_id       TEXT NOT NULL REFERENCES services (id),
  payload          TEXT NOT NULL,
  -- Failed attempts so far.
  attempts         INTEGER NOT NULL DEFAULT 0,
  -- When a sender may next claim the row: its retry time, or the end of a sender's lease.
  next_attempt_at  INTEGER NOT NULL,
  last_error       TEXT,
  given_up_at      INTEGER,
  created_at       INTEGER NOT NULL
);
CREATE INDEX pending_callbacks_due ON pending_callbacks (next_attempt_at)
  WHERE given_up_at IS NULL;
