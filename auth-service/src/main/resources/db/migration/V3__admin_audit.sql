-- What the customers' admin calls did: who (the admin token's subject, or why it was refused),
-- what, about whom, when. Never biometric data.
CREATE TABLE IF NOT EXISTS admin_audit (
    at       timestamptz NOT NULL DEFAULT now(),
    customer text        NOT NULL,
    actor    text        NOT NULL,
    action   text        NOT NULL,
    username text,
    outcome  text        NOT NULL
);
CREATE INDEX IF NOT EXISTS admin_audit_by_customer ON admin_audit (customer, at);
