-- The lockout counts an authentication when it begins, not only when it fails: each row is an
-- attempt, named by its session, that has not succeeded. A success deletes the user's rows; an
-- attempt that never decides stays, and ages out of the window as a failure would. Rows from
-- before this version (failures without a session) count as they did.
ALTER TABLE authentication_failures ADD COLUMN IF NOT EXISTS session_id text;
CREATE UNIQUE INDEX IF NOT EXISTS authentication_failures_by_session
    ON authentication_failures (customer, username, session_id) WHERE session_id IS NOT NULL;
