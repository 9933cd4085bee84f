-- A signed report is identified by what its signature covers, not by its
-- unsigned headers (Verification::signed_id). The same signed report
-- arriving again (another Subject, CRLF through IMAP and LF through a
-- pipe) is kept as a mail of its own, a duplicate of the first: it makes
-- no report, no events and no notices. Mails stored before this have no
-- signed_id until they are parsed again.
ALTER TABLE mails ADD COLUMN signed_id TEXT NOT NULL DEFAULT '';
ALTER TABLE mails ADD COLUMN duplicate_of INTEGER REFERENCES mails(id);
CREATE INDEX mails_signed_id ON mails(signed_id) WHERE signed_id <> '';

-- The rows of a report that could not be read (or believed), held one by
-- one for a person while the readable rows went on: one per line, each
-- "row N: why" then the row as written.
ALTER TABLE reports ADD COLUMN held_rows TEXT NOT NULL DEFAULT '';
