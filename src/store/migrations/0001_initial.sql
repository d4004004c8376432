-- Services, API keys, templates with their version history, and notifications.
-- Times are microseconds since the Unix epoch, UTC.

CREATE TABLE services (
  id          TEXT PRIMARY KEY,
  name        TEXT NOT NULL UNIQUE,
  email_from  TEXT NOT NULL UNIQUE,
  active      INTEGER NOT NULL DEFAULT 1,
  restricted  INTEGER NOT NULL DEFAULT 1,
  created_at  INTEGER NOT NULL
);

CREATE TABLE api_keys (
  id             TEXT PRIMARY KEY,
  service_id     TEXT NOT NULL REFERENCES services (id),
  name           TEXT NOT NULL,
  key_type       TEXT NOT NULL CHECK (key_type IN ('normal', 'team', 'test')),
  secret_sealed  TEXT NOT NULL,
  secret_digest  TEXT NOT NULL UNIQUE,
  revoked_at     INTEGER,
  created_at     INTEGER NOT NULL
);
CREATE UNIQUE INDEX api_keys_live_name ON api_keys (service_id, name) WHERE revoked_at IS NULL;

CREATE TABLE templates (
  id               TEXT PRIMARY KEY,
  service_id       TEXT NOT NULL REFERENCES services (id),
  template_type    TEXT NOT NULL CHECK (template_type IN ('email', 'sms')),
  current_version  INTEGER NOT NULL,
  archived         INTEGER NOT NULL DEFAULT 0,
  created_at       INTEGER NOT NULL,
  created_by       TEXT NOT NULL
);
CREATE INDEX templates_service ON templates (service_id);

CREATE TABLE template_versions (
  template_id  TEXT NOT NULL REFERENCES templates (id),
  version      INTEGER NOT NULL,
  name         TEXT NOT NULL,
  subject      TEXT,
  body         TEXT NOT NULL,
  updated_at   INTEGER,
  PRIMARY KEY (template_id, version)
);

CREATE TABLE notifications (
  id                 TEXT PRIMARY KEY,
  service_id         TEXT NOT NULL REFERENCES services (id),
  api_key_id         TEXT NOT NULL REFERENCES api_keys (id),
  key_type           TEXT NOT NULL,
  template_id        TEXT NOT NULL,
  template_version   INTEGER NOT NULL,
  notification_type  TEXT NOT NULL,
  to_address         TEXT NOT NULL,
  personalisation    TEXT NOT NULL,
  reference          TEXT,
  status             TEXT NOT NULL,
  provider_response  TEXT,
  created_at         INTEGER NOT NULL,
  sent_at            INTEGER,
  updated_at         INTEGER,
  attempts           INTEGER NOT NULL DEFAULT 0,
  -- When the row may next be claimed by a delivery worker: its lease or its retry time.
  due_at             INTEGER NOT NULL,
  FOREIGN KEY (template_id, template_version) REFERENCES template_versions (template_id, version)
);
CREATE INDEX notifications_due ON notifications (due_at) WHERE status IN ('created', 'sending');
CREATE INDEX notifications_service_created ON notifications (service_id, created_at);
