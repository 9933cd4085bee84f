-- Mails that came attached to other mails (message/rfc822: a report a
-- colleague or a ticket system forwarded as an attachment). The attached
-- mail is a mail of its own, verified on its own; this keeps which mail
-- carried it. The same mail may come in directly and in several carriers.

CREATE TABLE attached_mails (
  carrier_id  INTEGER NOT NULL REFERENCES mails(id),
  mail_id     INTEGER NOT NULL REFERENCES mails(id),
  position    INTEGER NOT NULL,  -- its place among the carrier's attached mails, from 1
  PRIMARY KEY (carrier_id, mail_id)
);
CREATE INDEX attached_mails_mail ON attached_mails(mail_id);
