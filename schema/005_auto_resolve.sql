-- Why certbund resolved an incident by itself: "not seen again for N days"
-- (incidents.auto_resolve_days). NULL while open, or when a person
-- resolved it. A later scan reopens it and clears this.
ALTER TABLE incidents ADD COLUMN resolution TEXT;
