-- A notice is claimed before it is sent, and its delivery is kept per
-- recipient, so it goes out once.
--
-- `sending`: claimed by one notify run (claimed_by "host:pid", claimed_at)
-- in a committed transaction before it talks to the SMTP server; no other
-- run can claim it. `in_doubt`: still `sending` when its claimer was gone
-- (killed, crashed): the server may have it, so it waits for the desk
-- (`outbox retry`) instead of going out again by itself. SQLite cannot
-- change a CHECK in place, so the table is copied, as 004_desk.sql did.
CREATE TABLE outbox_new (
  id           INTEGER PRIMARY KEY,
  customer     TEXT NOT NULL,
  report_id    INTEGER NOT NULL REFERENCES reports(id),
  ticket       TEXT NOT NULL,
  message_id   TEXT NOT NULL UNIQUE,
  subject      TEXT NOT NULL,
  from_addr    TEXT NOT NULL,
  recipients   TEXT NOT NULL,  -- one per line
  bytes        BLOB NOT NULL,
  status       TEXT NOT NULL DEFAULT 'queued'
               CHECK (status IN ('queued', 'sending', 'sent', 'failed', 'cancelled', 'in_doubt')),
  attempts     INTEGER NOT NULL DEFAULT 0,
  created      INTEGER NOT NULL,
  next_try     INTEGER NOT NULL,
  sent_at      INTEGER,
  failed_at    INTEGER,
  last_reply   TEXT NOT NULL DEFAULT '',
  cancelled_at INTEGER,
  note         TEXT NOT NULL DEFAULT '',  -- why it was cancelled
  claimed_by   TEXT NOT NULL DEFAULT '',  -- host:pid of the run that last claimed it
  claimed_at   INTEGER
);
INSERT INTO outbox_new (id, customer, report_id, ticket, message_id, subject, from_addr, recipients, bytes,
                        status, attempts, created, next_try, sent_at, failed_at, last_reply, cancelled_at, note)
  SELECT id, customer, report_id, ticket, message_id, subject, from_addr, recipients, bytes,
         status, attempts, created, next_try, sent_at, failed_at, last_reply, cancelled_at, note FROM outbox;
DROP TABLE outbox;
ALTER TABLE outbox_new RENAME TO outbox;
CREATE INDEX outbox_due ON outbox(status, next_try);

-- Each address of a notice on its own: `sending` while a claimed attempt
-- is under way (in doubt when the notice is), `sent` when the server took
-- it for this address, `failed` when it refused it for good (5xx); a 4xx
-- leaves it `queued` alone. Deleted with its notice (purge).
CREATE TABLE outbox_recipients (
  outbox_id INTEGER NOT NULL REFERENCES outbox(id) ON DELETE CASCADE,
  position  INTEGER NOT NULL,  -- its place in the notice's To, from 0
  address   TEXT NOT NULL,
  status    TEXT NOT NULL DEFAULT 'queued' CHECK (status IN ('queued', 'sending', 'sent', 'failed')),
  attempts  INTEGER NOT NULL DEFAULT 0,
  reply     TEXT NOT NULL DEFAULT '',  -- the server's last reply for this address
  done_at   INTEGER,                   -- when sent or failed
  PRIMARY KEY (outbox_id, address)
) WITHOUT ROWID;

-- The addresses of the notices already there, from their `recipients`
-- lines; what the notice's state says is all that is known of each.
WITH RECURSIVE split(outbox_id, position, address, rest) AS (
  SELECT id, -1, '', recipients || char(10) FROM outbox
  UNION ALL
  SELECT outbox_id, position + 1, substr(rest, 1, instr(rest, char(10)) - 1), substr(rest, instr(rest, char(10)) + 1)
    FROM split WHERE rest <> ''
)
INSERT OR IGNORE INTO outbox_recipients (outbox_id, position, address, status, attempts, reply, done_at)
  SELECT s.outbox_id, s.position, s.address,
         CASE o.status WHEN 'sent' THEN 'sent' WHEN 'failed' THEN 'failed' ELSE 'queued' END,
         o.attempts, o.last_reply, coalesce(o.sent_at, o.failed_at)
    FROM split s JOIN outbox o ON o.id = s.outbox_id
   WHERE s.position >= 0 AND s.address <> '';
