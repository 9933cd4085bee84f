#!/usr/bin/env bash
# The escalation digest: with notify.escalate_after_days and
# notify.desk_address, `notify` sends the desk one digest a day of the
# incidents still open that many days after their first notice and
# reported again since, grouped by customer. Off by default.
source "$(dirname "$0")/lib.sh"

PORT=$(start_sink "$T/sink")
write_config "smtp://127.0.0.1:$PORT"
cb customers import "$SRC/samples/customers.csv" 2>/dev/null
redis_row() { echo "\"64496\",\"$1\",\"$2\",\"6379\",\"7.0.1\""; }
digests() { grep -l '"desk@example.net"' "$T"/sink/*.json 2>/dev/null | wc -l; }

signed_report "$T/first.eml" CB-Report#20240302-10000001 "Offene Redis-Server" \
  "$(redis_row 192.0.2.17 '2024-03-01 03:00:00')" "$(redis_row 192.0.2.18 '2024-03-01 03:00:00')" \
  "$(redis_row 198.51.100.9 '2024-03-01 03:00:00')"
CERTBUND_NOW=2024-03-02T08:00:00Z cb ingest "$T/first.eml" 2>/dev/null
CERTBUND_NOW=2024-03-02T09:00:00Z cb notify 2>/dev/null
signed_report "$T/again.eml" CB-Report#20240311-10000002 "Offene Redis-Server" \
  "$(redis_row 192.0.2.17 '2024-03-10 03:00:00')" "$(redis_row 198.51.100.9 '2024-03-10 03:00:00')"
CERTBUND_NOW=2024-03-11T08:00:00Z cb ingest "$T/again.eml" 2>/dev/null

TEST "off by default: no digest"
CERTBUND_NOW=2024-03-20T09:00:00Z cb notify 2>/dev/null
expect_eq "$(digests)" 0 "digests without the keys"

write_config "smtp://127.0.0.1:$PORT" 'escalate_after_days = 14
desk_address = "desk@example.net"'

TEST "no digest before N days have passed since the first notice"
CERTBUND_NOW=2024-03-15T09:00:00Z cb notify 2>"$T/err"
expect_eq "$(digests)" 0 "13 days after the first notice"

TEST "one digest of what is still reported, grouped by customer"
CERTBUND_NOW=2024-03-17T09:00:00Z cb notify 2>"$T/err"
expect_eq "$(digests)" 1 "one digest"
expect_contains "$(cat "$T/err")" "escalation digest of 2 incidents to desk@example.net: sent" "notify says so"
digest=$(sink_mail_to "$T/sink" desk@example.net)
text=$(decoded "$digest")
expect_contains "$text" "Subject: certbund: 2 incidents still open after 14 days (2024-03-17)" "its subject"
expect_contains "$text" "c1001 Muster Hosting GmbH <abuse@muster.example>: 1 incident" "the first customer"
expect_contains "$text" "192.0.2.17:6379" "its incident"
expect_contains "$text" "first notice 2024-03-02, last seen 2024-03-10" "when told, when seen"
expect_contains "$text" "c1002 Example Ltd <security@example.org>: 1 incident" "the second customer"
expect_not_contains "$text" "192.0.2.18" "an incident not reported again since its notice"
expect_eq "$(grep -c '^From: ' "$digest")" 1 "from the desk's sender"
expect_contains "$(grep '^From: ' "$digest")" "abuse@example.net" "the desk's sender"

TEST "one a day"
CERTBUND_NOW=2024-03-17T18:00:00Z cb notify 2>/dev/null
expect_eq "$(digests)" 1 "no second digest the same day"
CERTBUND_NOW=2024-03-18T09:00:00Z cb notify 2>/dev/null
expect_eq "$(digests)" 2 "the next day's"

TEST "a resolved incident is not escalated"
for id in $(cb incidents --format json | jq '.[].id'); do CERTBUND_NOW=2024-03-18T10:00:00Z cb incidents resolve "$id" 2>/dev/null; done
CERTBUND_NOW=2024-03-19T09:00:00Z cb notify 2>/dev/null
expect_eq "$(digests)" 2 "nothing to escalate, no digest"

TEST "a digest the server refuses for now is tried by the next notify"
signed_report "$T/third.eml" CB-Report#20240321-10000003 "Offene Redis-Server" "$(redis_row 192.0.2.17 '2024-03-20 03:00:00')"
CERTBUND_NOW=2024-03-21T08:00:00Z cb ingest "$T/third.eml" 2>/dev/null
CERTBUND_NOW=2024-03-21T08:30:00Z cb notify 2>/dev/null
# Reopened: its first notice is still the one of 2024-03-02.
expect_eq "$(digests)" 3 "a reopened incident counts from its first notice"
signed_report "$T/fourth.eml" CB-Report#20240323-10000004 "Offene Redis-Server" "$(redis_row 192.0.2.17 '2024-03-22 03:00:00')"
CERTBUND_NOW=2024-03-23T08:00:00Z cb ingest "$T/fourth.eml" 2>/dev/null
write_config "smtp://127.0.0.1:9" 'escalate_after_days = 1
desk_address = "desk@example.net"'
expect_exit 75 "SMTP down" -- env CERTBUND_NOW=2024-03-23T09:00:00Z "$CERTBUND" --config "$T/certbund.toml" notify
expect_contains "$(cat "$T/err")" "escalation digest of 1 incident to desk@example.net: will retry" "notify says so"
write_config "smtp://127.0.0.1:$PORT" 'escalate_after_days = 1
desk_address = "desk@example.net"'
CERTBUND_NOW=2024-03-23T10:00:00Z cb notify 2>/dev/null
expect_eq "$(digests)" 4 "sent on the next notify"

finish
