-- Users locked until their customer unlocks them (the admin API): too many authentications that
-- did not succeed within a day. Nothing biometric: who, and since when.
CREATE TABLE IF NOT EXISTS hard_locks (
    customer  text        NOT NULL,
    username  text        NOT NULL,
    locked_at timestamptz NOT NULL DEFAULT now(),
    PRIMARY KEY (customer, username)
);
