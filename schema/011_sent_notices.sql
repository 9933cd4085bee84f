-- The sent notices by id, for a list's last_notice: an outbox row keeps
-- its whole mail (bytes) before status and sent_at, so reading those two
-- from the table read the mail's overflow pages, notice by notice (a
-- sixth of listing a million incidents). Only sent notices are in it.
CREATE INDEX outbox_sent ON outbox(id, sent_at) WHERE status = 'sent';
