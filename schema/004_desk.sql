-- The desk's record of its work: every change of an incident's status
-- with who made it and why, notes on incidents, and which incidents each
-- notice tells of. `author` is a person's name (--by, else the login
-- name) or "certbund" for what a scan or an import did.

CREATE TABLE incident_history (
  id          INTEGER PRIMARY KEY,
  incident_id INTEGER NOT NULL REFERENCES incidents(id),
  at          INTEGER NOT NULL,
  what        TEXT NOT NULL CHECK (what IN ('opened', 'resolved', 'reopened')),
  author      TEXT NOT NULL,
  why         TEXT NOT NULL DEFAULT ''
);
CREATE INDEX incident_history_incident ON incident_history(incident_id, at);

CREATE TABLE incident_notes (
  id          INTEGER PRIMARY KEY,
  incident_id INTEGER NOT NULL REFERENCES incidents(id),
  at          INTEGER NOT NULL,
  author      TEXT NOT NULL,
  text        TEXT NOT NULL CHECK (length(text) > 0)
);
CREATE INDEX incident_notes_incident ON incident_notes(incident_id, at);

CREATE TABLE outbox_incidents (
  outbox_id   INTEGER NOT NULL REFERENCES outbox(id),
  incident_id INTEGER NOT NULL REFERENCES incidents(id),
  PRIMARY KEY (outbox_id, incident_id)
) WITHOUT ROWID;
CREATE INDEX outbox_incidents_incident ON outbox_incidents(incident_id);

-- What the first schema knew, carried over: an incident was opened when
-- first seen, resolved at resolved_at by someone unknown; a notice told
-- of the incidents of its report that its customer held.
INSERT INTO incident_history (incident_id, at, what, author, why)
  SELECT id, first_seen, 'opened', 'certbund', '' FROM incidents;
INSERT INTO incident_history (incident_id, at, what, author, why)
  SELECT id, resolved_at, 'resolved', 'unknown', '' FROM incidents WHERE resolved_at IS NOT NULL;
INSERT OR IGNORE INTO outbox_incidents (outbox_id, incident_id)
  SELECT o.id, e.incident_id FROM outbox o JOIN events e ON e.report_id = o.report_id AND e.customer = o.customer;

-- A queued notice can be cancelled: when every incident it tells of is
-- resolved before it is sent (or by hand). SQLite cannot change a CHECK
-- in place, so the table is copied (migrations run with foreign keys
-- off, and are checked before they commit).
CREATE TABLE outbox_new (
  id          INTEGER PRIMARY KEY,
  customer    TEXT NOT NULL,
  report_id   INTEGER NOT NULL REFERENCES reports(id),
  ticket      TEXT NOT NULL,
  message_id  TEXT NOT NULL UNIQUE,
  subject     TEXT NOT NULL,
  from_addr   TEXT NOT NULL,
  recipients  TEXT NOT NULL,  -- one per line
  bytes       BLOB NOT NULL,
  status      TEXT NOT NULL DEFAULT 'queued'
              CHECK (status IN ('queued', 'sent', 'failed', 'cancelled')),
  attempts    INTEGER NOT NULL DEFAULT 0,
  created     INTEGER NOT NULL,
  next_try    INTEGER NOT NULL,
  sent_at     INTEGER,
  failed_at   INTEGER,
  last_reply  TEXT NOT NULL DEFAULT ''
);
INSERT INTO outbox_new SELECT * FROM outbox;
DROP TABLE outbox;
ALTER TABLE outbox_new RENAME TO outbox;
CREATE INDEX outbox_due ON outbox(status, next_try);
ALTER TABLE outbox ADD COLUMN cancelled_at INTEGER;
ALTER TABLE outbox ADD COLUMN note TEXT NOT NULL DEFAULT '';  -- why it was cancelled

-- A person's review of a mail whose report waited for one: either the
-- rows they read (the CSV as given, and the report made from it), or a
-- dismissal with a note. A dismissed mail has its own status, so the
-- mails table is copied for its CHECK, as the outbox above.
CREATE TABLE mails_new (
  id          INTEGER PRIMARY KEY,
  received    INTEGER NOT NULL,
  origin      TEXT NOT NULL,
  sha256      TEXT NOT NULL UNIQUE,
  message_id  TEXT NOT NULL,
  subject     TEXT NOT NULL,
  from_addr   TEXT NOT NULL,
  raw         BLOB NOT NULL,
  size        INTEGER NOT NULL,
  verdict     TEXT NOT NULL DEFAULT '',
  kind        TEXT NOT NULL DEFAULT '',
  signer      TEXT NOT NULL DEFAULT '',
  detail      TEXT NOT NULL DEFAULT '',
  status      TEXT NOT NULL DEFAULT 'pending'
              CHECK (status IN ('pending', 'parsed', 'needs_review', 'rejected', 'dismissed'))
);
INSERT INTO mails_new SELECT * FROM mails;
DROP TABLE mails;
ALTER TABLE mails_new RENAME TO mails;
CREATE INDEX mails_status ON mails(status);
CREATE INDEX mails_verdict ON mails(verdict);

CREATE TABLE mail_reviews (
  id        INTEGER PRIMARY KEY,
  mail_id   INTEGER NOT NULL REFERENCES mails(id),
  at        INTEGER NOT NULL,
  author    TEXT NOT NULL,
  action    TEXT NOT NULL CHECK (action IN ('rows', 'dismissed')),
  note      TEXT NOT NULL DEFAULT '',
  report_id INTEGER REFERENCES reports(id),  -- the report made from the rows
  rows_csv  TEXT NOT NULL DEFAULT ''         -- the rows as the person gave them
);
CREATE INDEX mail_reviews_mail ON mail_reviews(mail_id);
CREATE INDEX mail_reviews_report ON mail_reviews(report_id);
