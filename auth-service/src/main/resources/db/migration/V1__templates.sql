-- Enrolled templates, sealed (AES-256-GCM with the template key), one per customer and user.
-- Version 1 is the schema earlier releases created by hand; such a database is baselined at 1.
CREATE TABLE IF NOT EXISTS templates (
    customer    text        NOT NULL,
    username    text        NOT NULL,
    template    bytea       NOT NULL,
    enrolled_at timestamptz NOT NULL DEFAULT now(),
    PRIMARY KEY (customer, username)
);
