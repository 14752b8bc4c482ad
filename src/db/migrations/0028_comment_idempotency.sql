-- A comment's idempotency key (from the form's hidden field or the Idempotency-Key header), per
-- author: a retry after an error the client saw (an outage, a lost answer) returns the comment
-- already stored instead of posting it twice (issue 14). The key is stored with a hash of what was
-- posted, so a key reused for different words is a new comment.
CREATE TABLE comment_idempotency_keys (
  author_id integer NOT NULL REFERENCES accounts (id) ON DELETE CASCADE,
  key text NOT NULL,
  comment_id integer NOT NULL REFERENCES comments (id) ON DELETE CASCADE,
  created_at timestamptz NOT NULL DEFAULT now(),
  PRIMARY KEY (author_id, key)
);
CREATE INDEX comment_idempotency_keys_created_idx ON comment_idempotency_keys (created_at);
