#!/usr/bin/env bash
# Retention: `purge` deletes what abuse mail holds of incidents resolved
# past retention.days (or --older-than): their events, the notices and the
# raw mails that told only of them; it says what first, --dry-run changes
# nothing, and stats keeps the counts.
source "$(dirname "$0")/lib.sh"

PORT=$(start_sink "$T/sink")
write_config "smtp://127.0.0.1:$PORT" "[retention]
days = 30"
cb customers import "$SRC/samples/customers.csv" 2>/dev/null
redis_row() { echo "\"64496\",\"$1\",\"$2\",\"6379\",\"7.0.1\""; }
signed_report "$T/old.eml" CB-Report#20240111-10000001 "Offene Redis-Server" "$(redis_row 192.0.2.17 '2024-01-10 03:00:00')"
signed_report "$T/kept.eml" CB-Report#20240112-10000002 "Offene Redis-Server" \
  "$(redis_row 198.51.100.7 '2024-01-11 03:00:00')"
CERTBUND_NOW=2024-01-12T08:00:00Z cb ingest "$T/old.eml" "$T/kept.eml" 2>/dev/null
CERTBUND_NOW=2024-01-12T09:00:00Z cb notify 2>/dev/null
old_mail=$(sql "select id from mails where subject like '%10000001%'")
old_incident=$(cb incidents --ip 192.0.2.17 --format json | jq '.[0].id')
CERTBUND_NOW=2024-01-20T00:00:00Z cb incidents resolve "$old_incident" 2>/dev/null
stats_before=$(cb stats --format json | jq -c '.services.redis')

TEST "nothing is purged before the retention period is over"
expect_eq "$(CERTBUND_NOW=2024-02-10T00:00:00Z cb purge --dry-run)" \
  "would delete 0 incidents, 0 events, 0 notices, 0 raw mails (incidents resolved before 2024-01-11T00:00:00Z)" \
  "dry run within retention.days"

TEST "--dry-run says what would go and changes nothing"
expect_eq "$(CERTBUND_NOW=2024-03-01T00:00:00Z cb purge --dry-run)" \
  "would delete 1 incident, 1 event, 1 notice, 1 raw mail (incidents resolved before 2024-01-31T00:00:00Z)" \
  "dry run past retention.days"
expect_eq "$(sql 'select count(*) from events')" 2 "events kept"
expect_eq "$(sql 'select count(*) from outbox')" 2 "notices kept"

TEST "purge says what it deletes, deletes it, and stats keeps the counts"
CERTBUND_NOW=2024-03-01T00:00:00Z cb purge >"$T/purge.out"
expect_eq "$(cat "$T/purge.out")" \
  "deleting 1 incident, 1 event, 1 notice, 1 raw mail (incidents resolved before 2024-01-31T00:00:00Z)
deleted 1 incident, 1 event, 1 notice, 1 raw mail; stats keeps their counts" "its output"
expect_eq "$(cb incidents --all --format json | jq -r '[.[].ip] | join(" ")')" 198.51.100.7 "only the open incident is left"
expect_eq "$(sql "select count(*) from events where ip = '192.0.2.17'")" 0 "its events are gone"
expect_eq "$(sql "select count(*) from outbox where ticket = 'CB-Report#20240111-10000001'")" 0 "its notice is gone"
expect_eq "$(sql "select length(raw) from mails where id = $old_mail")" 0 "the raw mail is gone"
expect_exit 66 "the purged mail's bytes cannot be shown" -- cb mails show "$old_mail" --raw
expect_eq "$(cat "$T/err")" "certbund: mail $old_mail: its raw bytes were purged on 2024-03-01T00:00:00Z (retention)" "why"
expect_exit 0 "reparse --all skips the purged mail" -- cb reparse --all
expect_eq "$(cb mails --format json | jq length)" 2 "both mails are still counted"
expect_eq "$(cb stats --format json | jq -c '.services.redis')" "$stats_before" "stats by service unchanged"
expect_eq "$(cb stats --format json | jq -c '.purged')" \
  '{"incidents":1,"events":1,"notices":1,"mails":1,"last":"2024-03-01T00:00:00Z"}' "stats counts the purge"
expect_contains "$(cb stats)" "purged (last 2024-03-01T00:00:00Z)" "the stats table too"
CERTBUND_NOW=2024-03-01T00:00:00Z cb ingest "$T/old.eml" 2>"$T/again.err"
expect_contains "$(cat "$T/again.err")" "already stored" "the same mail again is known by its hash"
expect_eq "$(sql 'select count(*) from events')" 1 "and brings nothing back"

TEST "--older-than overrides retention.days; a bad duration, or neither, is a usage error"
expect_eq "$(CERTBUND_NOW=2024-03-01T00:00:00Z cb purge --older-than 1y --dry-run)" \
  "would delete 0 incidents, 0 events, 0 notices, 0 raw mails (incidents resolved before 2023-03-02T00:00:00Z)" \
  "--older-than 1y"
expect_exit 64 "a bad duration" -- cb purge --older-than 30x
expect_contains "$(cat "$T/err")" '"30x" is not a duration' "its message"
write_config "smtp://127.0.0.1:$PORT"
expect_exit 64 "no retention.days and no --older-than" -- cb purge
expect_contains "$(cat "$T/err")" "retention.days" "its message"

TEST "incidents.auto_resolve_days: not seen again for N days is resolved as such; a later scan reopens it"
write_config "smtp://127.0.0.1:$PORT" "[incidents]
auto_resolve_days = 14"
signed_report "$T/seen.eml" CB-Report#20240302-10000003 "Offene Redis-Server" "$(redis_row 192.0.2.30 '2024-03-01 03:00:00')"
CERTBUND_NOW=2024-03-02T08:00:00Z cb ingest "$T/seen.eml" 2>/dev/null
incident() { cb incidents --all --ip 192.0.2.30 --format json | jq -r ".[0].$1"; }
CERTBUND_NOW=2024-03-14T00:00:00Z cb notify 2>"$T/notify.err"
expect_eq "$(incident status)" open "still open 13 days after its last scan"
CERTBUND_NOW=2024-03-16T00:00:00Z cb notify 2>"$T/notify.err"
expect_eq "$(incident status)" resolved "resolved 15 days after its last scan"
expect_eq "$(incident resolution)" "not seen again for 14 days" "recorded as not seen again"
expect_eq "$(incident resolved_at)" 2024-03-16T00:00:00Z "resolved when it was found"
expect_contains "$(cat "$T/notify.err")" "1 incident resolved: not seen again for 14 days" "notify says so"
expect_eq "$(cb incidents --all --ip 198.51.100.7 --format json | jq -r '.[0].resolution')" \
  "not seen again for 14 days" "the older open one too"
signed_report "$T/back.eml" CB-Report#20240321-10000004 "Offene Redis-Server" "$(redis_row 192.0.2.30 '2024-03-20 03:00:00')"
CERTBUND_NOW=2024-03-21T08:00:00Z cb ingest "$T/back.eml" 2>/dev/null
expect_eq "$(incident status)" open "a later scan reopens it"
expect_eq "$(incident resolution)" null "and clears the resolution"
expect_eq "$(sql "select count(*) from outbox where ticket = 'CB-Report#20240321-10000004'")" 1 "and notifies again"
expect_eq "$(sql "select count(*) from incidents where resolution is not null and status = 'open'")" 0 \
  "no open incident keeps a resolution"

finish
