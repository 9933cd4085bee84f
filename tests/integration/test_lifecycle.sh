#!/usr/bin/env bash
# The incident lifecycle (docs/ARCHITECTURE.md): open -> resolved -> an older
# timestamp changes nothing -> a later timestamp reopens. Duplicates are
# stored once; reminders wait remind_after_days.
source "$(dirname "$0")/lib.sh"

cb customers import "$SRC/samples/customers.csv" 2>/dev/null
ROW1='"64496","192.0.2.17","2024-01-10 03:00:00","6379","7.0.1"'
ROW_OLD='"64496","192.0.2.17","2024-01-05 03:00:00","6379","7.0.1"'
ROW_LATER='"64496","192.0.2.17","2024-02-01 03:00:00","6379","7.0.1"'

incident() { cb incidents --all --ip 192.0.2.17 --format json | jq -r ".[0].$1"; }

TEST "a new event opens an incident and queues a notice"
signed_report "$T/m1.eml" CB-Report#20240111-10000001 "Offene Redis-Server" "$ROW1"
CERTBUND_NOW=2024-01-11T08:00:00Z cb ingest "$T/m1.eml" 2>/dev/null
expect_eq "$(incident status)" open "status after first report"
expect_eq "$(incident last_seen)" 2024-01-10T03:00:00Z "last_seen"
expect_eq "$(sql 'select count(*) from outbox')" 1 "notices queued"

TEST "the same event in another report is a duplicate: stored once, not notified again"
signed_report "$T/m2.eml" CB-Report#20240112-10000002 "Offene Redis-Server" "$ROW1"
CERTBUND_NOW=2024-01-12T08:00:00Z cb ingest "$T/m2.eml" 2>/dev/null
expect_eq "$(sql 'select count(*) from events')" 1 "events after duplicate"
expect_eq "$(sql 'select count(*) from outbox')" 1 "notices after duplicate"

TEST "resolve, then an older timestamp changes nothing"
id=$(incident id)
CERTBUND_NOW=2024-01-20T00:00:00Z cb incidents resolve "$id" 2>/dev/null
expect_eq "$(incident status)" resolved "status after resolve"
expect_exit 66 "resolving it again" -- cb incidents resolve "$id"
expect_eq "$(cat "$T/err")" "certbund: incident $id: already resolved at 2024-01-20T00:00:00Z" "resolving it again says when"
expect_exit 66 "resolving no incident" -- cb incidents resolve 99999
expect_eq "$(cat "$T/err")" "certbund: incident 99999: no such incident" "resolving no incident says so"
expect_eq "$(cb stats --format json | jq -c '.services.redis')" '{"open":0,"resolved":1,"median_days_to_fix":9.875}' "stats: time to fix"
signed_report "$T/m3.eml" CB-Report#20240121-10000003 "Offene Redis-Server" "$ROW_OLD"
CERTBUND_NOW=2024-01-21T08:00:00Z cb ingest "$T/m3.eml" 2>/dev/null
expect_eq "$(incident status)" resolved "status after a late report of an old scan"
expect_eq "$(incident last_seen)" 2024-01-10T03:00:00Z "last_seen unchanged by the older event"
expect_eq "$(sql 'select count(*) from outbox')" 1 "no notice for the older event"

TEST "a timestamp later than the resolution reopens and notifies"
signed_report "$T/m4.eml" CB-Report#20240202-10000004 "Offene Redis-Server" "$ROW_LATER"
CERTBUND_NOW=2024-02-02T08:00:00Z cb ingest "$T/m4.eml" 2>/dev/null
expect_eq "$(incident status)" open "status after a later event"
expect_eq "$(incident id)" "$id" "the same incident reopens"
expect_eq "$(incident last_seen)" 2024-02-01T03:00:00Z "last_seen after reopening"
expect_eq "$(sql 'select count(*) from outbox')" 2 "notice after reopening"
expect_contains "$(cb incidents --format json | jq -r '.[0].tickets | join(" ")')" CB-Report#20240202-10000004 "tickets"

TEST "an open incident seen again is reminded only after remind_after_days"
ROW_3D='"64496","192.0.2.17","2024-02-04 03:00:00","6379","7.0.1"'
signed_report "$T/m5.eml" CB-Report#20240205-10000005 "Offene Redis-Server" "$ROW_3D"
CERTBUND_NOW=2024-02-05T08:00:00Z cb ingest "$T/m5.eml" 2>/dev/null
expect_eq "$(sql 'select count(*) from outbox')" 2 "no reminder after 3 days"
ROW_9D='"64496","192.0.2.17","2024-02-10 03:00:00","6379","7.0.1"'
signed_report "$T/m6.eml" CB-Report#20240211-10000006 "Offene Redis-Server" "$ROW_9D"
CERTBUND_NOW=2024-02-11T08:00:00Z cb ingest "$T/m6.eml" 2>/dev/null
expect_eq "$(sql 'select count(*) from outbox')" 3 "reminder after 9 days"

finish
