-- The escalation digests sent to the desk (notify.escalate_after_days):
-- one a day, the day in UTC.
CREATE TABLE digests (
  day       TEXT PRIMARY KEY,  -- "2024-03-20"
  sent_at   INTEGER NOT NULL,
  recipient TEXT NOT NULL,
  incidents INTEGER NOT NULL,
  reply     TEXT NOT NULL
);
