-- What a service may do and how much: channel permissions, sending limits and their counters,
-- and the people a trial service or a team key may send to.

ALTER TABLE services ADD COLUMN permissions TEXT NOT NULL
  DEFAULT 'email,sms,international_sms,upload_document';
ALTER TABLE services ADD COLUMN rate_limit INTEGER NOT NULL DEFAULT 1000;
ALTER TABLE services ADD COLUMN email_daily_limit INTEGER NOT NULL DEFAULT 50;
ALTER TABLE services ADD COLUMN sms_daily_limit INTEGER NOT NULL DEFAULT 50;
ALTER TABLE services ADD COLUMN email_annual_limit INTEGER NOT NULL DEFAULT 20000000;
ALTER TABLE services ADD COLUMN sms_annual_limit INTEGER NOT NULL DEFAULT 100000;

-- Messages sent per service, channel and period ("2026-12-04" for a UTC day, "FY2026" for the
-- fiscal year from April 1st), updated in the transaction that stores each notification.
CREATE TABLE usage_counters (
  service_id  TEXT NOT NULL REFERENCES services (id),
  channel     TEXT NOT NULL,
  period      TEXT NOT NULL,
  count       INTEGER NOT NULL,
  PRIMARY KEY (service_id, channel, period)
);

-- Team members' addresses and numbers, and the service's safelist, in normalised form (lower-case
-- email addresses, E.164 numbers).
CREATE TABLE allowed_recipients (
  id          TEXT PRIMARY KEY,
  service_id  TEXT NOT NULL REFERENCES services (id),
  kind        TEXT NOT NULL CHECK (kind IN ('team', 'safelist')),
  recipient   TEXT NOT NULL,
  created_at  INTEGER NOT NULL
);
CREATE INDEX allowed_recipients_service ON allowed_recipients (service_id);

ALTER TABLE api_keys ADD COLUMN last_used_at INTEGER;
