-- Bounces and complaints read from the bounce mailbox. A report's Maildir file name is its
-- report_key, so a report read twice (after a crash between recording it and filing it away) is
-- kept once.

-- Delivery status notifications, with GC Notify's bounce classification (feedback_type
-- hard-bounce, soft-bounce or unknown-bounce; feedback_subtype general, no-email, mailbox-full,
-- ...) and what the remote server said, which the notification's provider_response does not carry.
CREATE TABLE bounces (
  id                TEXT PRIMARY KEY,
  notification_id   TEXT NOT NULL,
  report_key        TEXT NOT NULL UNIQUE,
  action            TEXT NOT NULL,
  status_code       TEXT NOT NULL,
  feedback_type     TEXT NOT NULL,
  feedback_subtype  TEXT NOT NULL,
  diagnostic        TEXT,
  created_at        INTEGER NOT NULL
);
CREATE INDEX bounces_notification ON bounces (notification_id);

-- Abuse complaints (Abuse Reporting Format reports). complaint_date is when the email arrived at
-- the complaining mailbox, as the report says, else when the report was read.
CREATE TABLE complaints (
  id               TEXT PRIMARY KEY,
  notification_id  TEXT NOT NULL,
  service_id       TEXT NOT NULL REFERENCES services (id),
  feedback_type    TEXT NOT NULL,
  complaint_date   INTEGER NOT NULL,
  created_at       INTEGER NOT NULL,
  report_key       TEXT NOT NULL UNIQUE
);
CREATE INDEX complaints_notification ON complaints (notification_id);
