-- Files sent with an email: [{"filename", "mime_type", "data" (base64)}], or NULL.
ALTER TABLE notifications ADD COLUMN attachments TEXT;
