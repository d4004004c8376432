-- The banner of a service's emails: 'gc-en' or 'gc-fr' (the Government of Canada signature,
-- English or French first), 'custom' (logo_url with logo_alt), or 'none'.
ALTER TABLE services ADD COLUMN branding TEXT NOT NULL DEFAULT 'gc-en';
ALTER TABLE services ADD COLUMN logo_url TEXT;
ALTER TABLE services ADD COLUMN logo_alt TEXT;
