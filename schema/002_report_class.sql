-- The class of a report (what its notice is about), decided from the
-- signed content: see classify_report. Reports stored before this
-- migration count as exposures, the class of every report then handled.
ALTER TABLE reports ADD COLUMN class TEXT NOT NULL DEFAULT 'exposure'
  CHECK (class IN ('exposure', 'vulnerability', 'infection', 'compromise', 'abuse_activity',
                   'phishing_defacement'));
