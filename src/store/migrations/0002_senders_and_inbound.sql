-- Reply-to addresses and SMS senders of a service, the sender each notification used, received
-- text messages, and the service's SMS prefix setting.

CREATE TABLE reply_to_addresses (
  id             TEXT PRIMARY KEY,
  service_id     TEXT NOT NULL REFERENCES services (id),
  email_address  TEXT NOT NULL,
  is_default     INTEGER NOT NULL DEFAULT 0,
  created_at     INTEGER NOT NULL
);
CREATE INDEX reply_to_addresses_service ON reply_to_addresses (service_id);

CREATE TABLE sms_senders (
  id          TEXT PRIMARY KEY,
  service_id  TEXT NOT NULL REFERENCES services (id),
  sms_sender  TEXT NOT NULL,
  is_default  INTEGER NOT NULL DEFAULT 0,
  created_at  INTEGER NOT NULL
);
CREATE INDEX sms_senders_service ON sms_senders (service_id);

CREATE TABLE received_texts (
  id             TEXT PRIMARY KEY,
  service_id     TEXT NOT NULL REFERENCES services (id),
  notify_number  TEXT NOT NULL,
  user_number    TEXT NOT NULL,
  content        TEXT NOT NULL,
  created_at     INTEGER NOT NULL
);
CREATE INDEX received_texts_service_created ON received_texts (service_id, created_at);

ALTER TABLE services ADD COLUMN prefix_sms INTEGER NOT NULL DEFAULT 1;
-- The reply-to address (email) or sender (SMS) the notification goes out with; NULL for none.
ALTER TABLE notifications ADD COLUMN sender TEXT;
-- The one-click unsubscribe URL the sender gave (RFC 8058 headers), if any.
ALTER TABLE notifications ADD COLUMN unsubscribe_url TEXT;
