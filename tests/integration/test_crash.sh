#!/usr/bin/env bash
# A kill at any point, rerun, gives the same state as a run that was never
# interrupted: nothing lost, nothing twice.
source "$(dirname "$0")/lib.sh"

cb customers import "$SRC/samples/customers.csv" 2>/dev/null

# Twelve signed reports with rows for several customers, in one mbox.
for i in $(seq 10 21); do
  signed_report "$T/r$i.eml" "CB-Report#202401$i-100000$i" "Offene Memcached-Server" \
    "\"64496\",\"192.0.2.$i\",\"2024-01-$i 03:00:00\",\"11211\",\"1.4.$i\"" \
    "\"64496\",\"198.51.100.$i\",\"2024-01-$i 04:00:00\",\"11211\",\"1.5.$i\"" \
    "\"64496\",\"203.0.113.$i\",\"2024-01-$i 05:00:00\",\"11211\",\"1.6.$i\""
  { echo "From reports@reports.cert-bund.de Mon Jan 15 06:42:17 2024"; sed 's/^\(>*From \)/>\1/' "$T/r$i.eml"; echo; } >>"$T/reports.mbox"
done

state() {
  {
    sql "select sha256, verdict, status from mails order by sha256"
    sql "select ip, port, service, timestamp from events order by ip, timestamp"
    cb incidents --all --format json | jq -c 'map(del(.id)) | sort_by(.ip)'
    sql "select customer, ticket, status from outbox order by customer, ticket"
  }
}

TEST "reference: one uninterrupted run"
export CERTBUND_NOW=2024-01-25T00:00:00Z
cb ingest "$T/reports.mbox" 2>/dev/null
reference=$(state)
expect_eq "$(sql 'select count(*) from mails')" 12 "mails"
expect_eq "$(sql 'select count(*) from events')" 36 "events"

TEST "killed at random points, then rerun: the same state"
for delay in 0.05 0.1 0.15 0.2 0.3 0.4; do
  rm -f "$T/db.sqlite" "$T/db.sqlite-wal" "$T/db.sqlite-shm"
  init_db
  cb customers import "$SRC/samples/customers.csv" 2>/dev/null
  # The binary itself in the background: killing a subshell running `cb`
  # would leave certbund running.
  "$CERTBUND" --config "$T/certbund.toml" ingest "$T/reports.mbox" 2>/dev/null &
  pid=$!
  sleep "$delay"
  kill -9 "$pid" 2>/dev/null || true
  wait "$pid" 2>/dev/null || true
  partial=$(sql 'select count(*) from mails')
  echo "   killed at ${delay}s with $partial of 12 mails stored"
  cb -q ingest "$T/reports.mbox" || fail "rerun after a kill at ${delay}s exited $?"
  after=$(state)
  if [[ $after == "$reference" ]]; then ok; else
    fail "state after a kill at ${delay}s ($partial mails stored before the kill) differs:"
    diff <(echo "$reference") <(echo "$after") >&2 || true
  fi
done

TEST "a pending mail left by a crash is finished by the next run"
rm -f "$T/db.sqlite" "$T/db.sqlite-wal" "$T/db.sqlite-shm"
init_db
cb customers import "$SRC/samples/customers.csv" 2>/dev/null
cb ingest "$T/r10.eml" 2>/dev/null
sql "update mails set status = 'pending'; delete from outbox; delete from events; delete from incidents; delete from reports;"
cb ingest "$T/r11.eml" 2>/dev/null
expect_eq "$(sql "select count(*) from mails where status = 'pending'")" 0 "no pending mail left"
expect_eq "$(sql 'select count(*) from events')" 6 "events of both mails"

finish
