#!/usr/bin/env bash
# Owners over time: a network first seen in a later import is held from
# that import on (the carve-out: 198.51.100.0/25 moves from c1002's /24 to
# a new c1004), the history of every network is kept and shown, and an
# import that covers open unassigned incidents attributes them and queues
# a notice for what was scanned within notify.remind_after_days.
source "$(dirname "$0")/lib.sh"

now() { CERTBUND_NOW=$1 cb "${@:2}"; }
redis_row() { echo "\"64496\",\"$1\",\"$2\",\"6379\",\"7.0.1\""; }

{
  cat "$SRC/samples/customers.csv"
  echo 'c1004,Carve Out KG,noc@carve.example,de,198.51.100.0/25'
} >"$T/carved.csv"
{
  cat "$T/carved.csv"
  echo 'c1005,Late GmbH,abuse@late.example,en,203.0.113.0/24'
} >"$T/late.csv"

TEST "the first import covers the scans from before it"
now 2024-01-01T00:00:00Z customers import "$SRC/samples/customers.csv" 2>/dev/null
expect_eq "$(now 2024-01-02T00:00:00Z customers lookup 198.51.100.5 --at 2023-06-01)" \
  "198.51.100.5 at 2023-06-01T00:00:00Z: c1002 (Example Ltd) by 198.51.100.0/24, since the first import" \
  "lookup before the first import"

TEST "carve-out: a report scanned before the re-import goes to the old holder"
now 2024-03-01T00:00:00Z customers import "$T/carved.csv" 2>"$T/err"
expect_contains "$(cat "$T/err")" "1 network span opened, 0 closed" "import summary"
signed_report "$T/before.eml" CB-Report#20240302-10000001 "Offene Redis-Server" "$(redis_row 198.51.100.5 '2024-02-28 03:00:00')"
now 2024-03-02T08:00:00Z ingest "$T/before.eml" 2>/dev/null
expect_eq "$(cb incidents --ip 198.51.100.5 --format json | jq -r '.[0].customer')" c1002 "incident of the scan before"
expect_eq "$(sql 'select customer from outbox')" c1002 "its notice"
signed_report "$T/after.eml" CB-Report#20240306-10000002 "Offene Redis-Server" "$(redis_row 198.51.100.6 '2024-03-05 03:00:00')"
now 2024-03-06T08:00:00Z ingest "$T/after.eml" 2>/dev/null
expect_eq "$(cb incidents --ip 198.51.100.6 --format json | jq -r '.[0].customer')" c1004 "incident of the scan after"
expect_eq "$(sql 'select customer from outbox order by id desc limit 1')" c1004 "its notice"

TEST "lookup --at and history tell who held what when"
expect_eq "$(now 2024-03-06T00:00:00Z customers lookup 198.51.100.5)" \
  "198.51.100.5: c1004 (Carve Out KG) by 198.51.100.0/25, since 2024-03-01T00:00:00Z" "lookup now"
expect_eq "$(now 2024-03-06T00:00:00Z customers lookup 198.51.100.5 --at 2024-02-28)" \
  "198.51.100.5 at 2024-02-28T00:00:00Z: c1002 (Example Ltd) by 198.51.100.0/24, since the first import" \
  "lookup --at before the re-import"
expect_eq "$(cb customers history c1004 --format json | jq -c '.networks')" \
  '[{"network":"198.51.100.0/25","from":"2024-03-01T00:00:00Z","until":null}]' "history of c1004"
now 2024-03-10T00:00:00Z customers import "$SRC/samples/customers.csv" 2>/dev/null
expect_eq "$(cb customers history c1004 --format csv | tail -n 1 | tr -d '\r')" \
  "198.51.100.0/25,2024-03-01T00:00:00Z,2024-03-10T00:00:00Z" "history keeps the dropped network"
expect_exit 66 "history of an unknown customer" -- cb customers history c9999
now 2024-03-10T00:00:00Z customers import "$T/carved.csv" --valid-from 2024-03-10 2>/dev/null

TEST "--valid-from in the future or before the last change is refused"
expect_exit 64 "valid-from in the future" -- now 2024-03-11T00:00:00Z customers import "$T/carved.csv" --valid-from 2024-04-01
expect_exit 64 "valid-from before the last change" -- now 2024-03-11T00:00:00Z customers import "$SRC/samples/customers.csv" --valid-from 2024-03-05
expect_contains "$(cat "$T/err")" "certbund: valid from 2024-03-05T00:00:00Z is before the latest change" "its message"

TEST "late assignment: an import attributes open unassigned incidents and notifies the recent ones"
signed_report "$T/unassigned.eml" CB-Report#20240312-10000003 "Offene Redis-Server" \
  "$(redis_row 203.0.113.1 '2024-03-11 03:00:00')" "$(redis_row 203.0.113.2 '2024-03-11 03:00:00')" \
  "$(redis_row 203.0.113.3 '2024-03-11 04:00:00')"
signed_report "$T/old.eml" CB-Report#20240213-10000004 "Offene Redis-Server" "$(redis_row 203.0.113.50 '2024-02-12 03:00:00')"
now 2024-03-12T08:00:00Z ingest "$T/old.eml" "$T/unassigned.eml" 2>/dev/null
expect_eq "$(cb incidents --unassigned --format json | jq length)" 4 "unassigned before the import"
outbox_before=$(sql 'select count(*) from outbox')
now 2024-03-13T08:00:00Z customers import "$T/late.csv" 2>"$T/err"
expect_contains "$(cat "$T/err")" "4 unassigned incidents attributed, 1 notice queued" "import summary"
expect_eq "$(cb incidents --unassigned --format json | jq length)" 0 "unassigned after the import"
expect_eq "$(cb incidents --customer c1005 --format json | jq -r '[.[].ip] | sort | join(" ")')" \
  "203.0.113.1 203.0.113.2 203.0.113.3 203.0.113.50" "attributed to c1005"
expect_eq "$(sql 'select count(*) from outbox')" $((outbox_before + 1)) "one notice queued"
expect_eq "$(sql 'select customer || " " || ticket from outbox order by id desc limit 1')" \
  "c1005 CB-Report#20240312-10000003" "the notice's customer and ticket"
rm -rf "$T/dry-run"
cb notify --dry-run >/dev/null
notice=$T/dry-run/$(sql "select max(id) from outbox").eml
body=$(decoded "$notice")
expect_contains "$body" "203.0.113.3" "the notice lists the recent scans"
expect_not_contains "$body" "203.0.113.50" "a scan older than remind_after_days is not notified"
now 2024-03-14T08:00:00Z customers import "$T/late.csv" 2>/dev/null
expect_eq "$(sql 'select count(*) from outbox')" $((outbox_before + 1)) "a second import notifies nobody again"

finish
