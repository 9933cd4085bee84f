-- Retention: `certbund purge` deletes what abuse mail holds of resolved
-- incidents once the desk's retention period is over, and keeps what
-- stats needs without any address.

-- A purged mail keeps its row (hash, verdict, status: the count, and the
-- duplicate check when it is delivered again) but not its bytes.
ALTER TABLE mails ADD COLUMN purged_at INTEGER;

-- A purged incident, without its address or port: what stats counts.
CREATE TABLE purged_incidents (
  service     TEXT NOT NULL,
  customer    TEXT,
  first_seen  INTEGER NOT NULL,
  resolved_at INTEGER NOT NULL
);
CREATE INDEX purged_incidents_service ON purged_incidents(service);
CREATE INDEX purged_incidents_customer ON purged_incidents(customer);

-- Every purge: when, what it cut off, how much it deleted.
CREATE TABLE purges (
  id        INTEGER PRIMARY KEY,
  at        INTEGER NOT NULL,
  before    INTEGER NOT NULL,  -- incidents resolved before this were purged
  incidents INTEGER NOT NULL,
  events    INTEGER NOT NULL,
  notices   INTEGER NOT NULL,
  mails     INTEGER NOT NULL
);
