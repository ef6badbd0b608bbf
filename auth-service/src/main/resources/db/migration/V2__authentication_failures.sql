-- Failed authentications, one row each, for the lockout: a user with too many in the window is
-- refused until the oldest age out. A successful authentication deletes the user's rows. Nothing
-- biometric: who, and when.
CREATE TABLE IF NOT EXISTS authentication_failures (
    customer  text        NOT NULL,
    username  text        NOT NULL,
    failed_at timestamptz NOT NULL DEFAULT now()
);
CREATE INDEX IF NOT EXISTS authentication_failures_by_user ON authentication_failures (customer, username, failed_at);
