-- What poll processed of each mbox: its first `size` bytes, their SHA-256
-- (lowercase hex) and how many messages they held. The next poll skips
-- that prefix when the file still starts with it. `path` is absolute.

CREATE TABLE mailbox_marks (
  path     TEXT PRIMARY KEY,
  size     INTEGER NOT NULL CHECK (size >= 0),
  sha256   TEXT NOT NULL,
  messages INTEGER NOT NULL CHECK (messages >= 0),
  updated  INTEGER NOT NULL
);
