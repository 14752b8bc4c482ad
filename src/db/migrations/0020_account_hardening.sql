-- Known devices: a browser that has signed in to an account before holds a random token (its
-- sha-256 here); sign-in throttling lets the right password through from it (issue 14).
CREATE TABLE known_devices (
  token_hash text PRIMARY KEY,
  account_id integer NOT NULL REFERENCES accounts (id) ON DELETE CASCADE,
  created_at timestamptz NOT NULL DEFAULT now(),
  last_used_at timestamptz NOT NULL DEFAULT now()
);
CREATE INDEX known_devices_account_idx ON known_devices (account_id);

-- API tokens: scopes (read, write, publish, admin), an optional expiry, and why a token was revoked
-- (shown in the newsroom: "revoked when an administrator reset your password").
-- Tokens made before scopes existed keep acting as their owner's role: all four scopes.
ALTER TABLE api_tokens ADD COLUMN scopes text[] NOT NULL DEFAULT ARRAY['read', 'write', 'publish', 'admin'];
ALTER TABLE api_tokens ADD COLUMN expires_at timestamptz;
ALTER TABLE api_tokens ADD COLUMN revoked_reason text;
