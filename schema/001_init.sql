-- certbund's first schema. Enum values are stored as their names
-- (include/certbund/states.hpp), never as numbers. Times are seconds since the epoch, UTC.
-- Addresses are also kept as 16-byte BLOBs (IPv4 mapped into IPv6) so
-- that network ranges compare byte by byte.

CREATE TABLE mails (
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
              CHECK (status IN ('pending', 'parsed', 'needs_review', 'rejected'))
);
CREATE INDEX mails_status ON mails(status);
CREATE INDEX mails_verdict ON mails(verdict);

-- A mail may be parsed again after an upgrade: its latest report counts.
CREATE TABLE reports (
  id          INTEGER PRIMARY KEY,
  mail_id     INTEGER NOT NULL REFERENCES mails(id),
  ticket      TEXT NOT NULL,
  topic       TEXT NOT NULL,
  scope       TEXT NOT NULL,
  service     TEXT NOT NULL,
  critical    INTEGER NOT NULL,
  status      TEXT NOT NULL CHECK (status IN ('parsed', 'needs_review')),
  problems    TEXT NOT NULL,  -- one per line
  columns     TEXT NOT NULL,  -- JSON array of the titles as written
  explanation TEXT NOT NULL,
  row_count   INTEGER NOT NULL
);
CREATE INDEX reports_mail ON reports(mail_id);

CREATE TABLE customers (
  id        TEXT PRIMARY KEY CHECK (length(id) > 0),
  name      TEXT NOT NULL,
  emails    TEXT NOT NULL,  -- separated by ';'
  language  TEXT NOT NULL CHECK (language IN ('de', 'en', 'de+en')),
  current   INTEGER NOT NULL DEFAULT 1  -- 0: dropped by a later import, kept for history
);

-- Who held which network when: [valid_from, valid_to), valid_to NULL = still.
CREATE TABLE customer_networks (
  id          INTEGER PRIMARY KEY,
  customer_id TEXT NOT NULL REFERENCES customers(id),
  network     TEXT NOT NULL,
  family      INTEGER NOT NULL CHECK (family IN (4, 6)),
  prefix      INTEGER NOT NULL,
  first       BLOB NOT NULL,
  last        BLOB NOT NULL,
  valid_from  INTEGER NOT NULL,
  valid_to    INTEGER
);
CREATE INDEX customer_networks_range ON customer_networks(family, first, last);
CREATE INDEX customer_networks_network ON customer_networks(network, valid_to);
CREATE INDEX customer_networks_customer ON customer_networks(customer_id, valid_to);

-- One row per (ip, port, service); a resolved incident is reopened in place.
CREATE TABLE incidents (
  id            INTEGER PRIMARY KEY,
  ip            TEXT NOT NULL,
  ip_bytes      BLOB NOT NULL,
  port          INTEGER,
  service       TEXT NOT NULL,
  asn           INTEGER,
  customer      TEXT REFERENCES customers(id),
  status        TEXT NOT NULL DEFAULT 'open' CHECK (status IN ('open', 'resolved')),
  first_seen    INTEGER NOT NULL,
  last_seen     INTEGER NOT NULL,
  resolved_at   INTEGER,
  last_notified INTEGER
);
CREATE UNIQUE INDEX incidents_key ON incidents(ip, ifnull(port, -1), service);
CREATE INDEX incidents_status ON incidents(status);
CREATE INDEX incidents_customer ON incidents(customer);
CREATE INDEX incidents_service ON incidents(service);
CREATE INDEX incidents_ip_bytes ON incidents(ip_bytes);
CREATE INDEX incidents_last_seen ON incidents(last_seen);

CREATE TABLE events (
  id          INTEGER PRIMARY KEY,
  report_id   INTEGER NOT NULL REFERENCES reports(id),
  mail_id     INTEGER NOT NULL REFERENCES mails(id),
  incident_id INTEGER NOT NULL REFERENCES incidents(id),
  ip          TEXT NOT NULL,
  port        INTEGER,
  service     TEXT NOT NULL,
  timestamp   INTEGER NOT NULL,
  asn         INTEGER,
  extra       TEXT NOT NULL,  -- JSON object: column title -> value or null
  customer    TEXT REFERENCES customers(id)
);
CREATE UNIQUE INDEX events_key ON events(ip, ifnull(port, -1), service, timestamp);
CREATE INDEX events_incident ON events(incident_id);
CREATE INDEX events_report ON events(report_id);

CREATE TABLE outbox (
  id          INTEGER PRIMARY KEY,
  customer    TEXT NOT NULL,
  report_id   INTEGER NOT NULL REFERENCES reports(id),
  ticket      TEXT NOT NULL,
  message_id  TEXT NOT NULL UNIQUE,
  subject     TEXT NOT NULL,
  from_addr   TEXT NOT NULL,
  recipients  TEXT NOT NULL,  -- one per line
  bytes       BLOB NOT NULL,
  status      TEXT NOT NULL DEFAULT 'queued' CHECK (status IN ('queued', 'sent', 'failed')),
  attempts    INTEGER NOT NULL DEFAULT 0,
  created     INTEGER NOT NULL,
  next_try    INTEGER NOT NULL,
  sent_at     INTEGER,
  failed_at   INTEGER,
  last_reply  TEXT NOT NULL DEFAULT ''
);
CREATE INDEX outbox_due ON outbox(status, next_try);
