-- Single-use tokens seen, for the replay check (UsedTokens): the SHA-256 of the issuer's namespace
-- and the token's jti, and until when it must be remembered (its expiry plus the clock skew).
-- The primary key is the check: an insert that conflicts with a remembered token is a replay.
CREATE TABLE used_tokens (
    token_key      bytea       PRIMARY KEY,
    remember_until timestamptz NOT NULL
);
CREATE INDEX used_tokens_by_expiry ON used_tokens (remember_until);
