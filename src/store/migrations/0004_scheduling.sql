-- When a scheduled notification is due (its due_at holds the same instant until it is claimed).
ALTER TABLE notifications ADD COLUMN scheduled_for INTEGER;
