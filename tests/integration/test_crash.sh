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
init_db
cb customers import "$SRC/samples/customers.csv" 2>/dev/null
cb ingest "$T/r10.eml" 2>/dev/null
sql "update mails set status = 'pending'; delete from outbox; delete from events; delete from incidents; delete from reports;"
cb ingest "$T/r11.eml" 2>/dev/null
expect_eq "$(sql "select count(*) from mails where status = 'pending'")" 0 "no pending mail left"
expect_eq "$(sql 'select count(*) from events')" 6 "events of both mails"

# ---- Hundreds of signed mails, killed again and again (issue 9, item 8) ----

N=300
"$SRC/tests/tools/signed-reports" "$N" "$T/many"
for f in "$T"/many/*.eml; do
  { echo "From reports@reports.cert-bund.de Mon Jan 15 06:42:17 2024"; sed 's/^\(>*From \)/>\1/' "$f"; echo; } >>"$T/many.mbox"
done

fresh_db() {
  rm -f "$T/db.sqlite" "$T/db.sqlite-wal" "$T/db.sqlite-shm"
  init_db
  cb customers import "$SRC/samples/customers.csv" 2>/dev/null
}

# Every mail stored once and processed, every row one event, every mail one
# report, no notice twice, and a sound database file.
check_all_stored() {  # check_all_stored WHAT
  expect_eq "$(sql 'select count(*), count(distinct sha256) from mails')" "$N|$N" "$1: every mail stored once"
  expect_eq "$(sql "select count(*) from mails where status <> 'parsed'")" 0 "$1: every mail processed"
  expect_eq "$(sql 'select count(*) from events')" $((3 * N)) "$1: every row one event"
  expect_eq "$(sql 'select count(*) from (select 1 from events group by ip, port, timestamp having count(*) > 1)')" 0 \
    "$1: no duplicate event"
  expect_eq "$(sql 'select count(*), count(distinct mail_id) from reports')" "$N|$N" "$1: one report a mail"
  expect_eq "$(sql 'select count(*) from (select 1 from outbox group by customer, ticket having count(*) > 1)')" 0 \
    "$1: no notice twice"
  expect_eq "$(sql 'pragma integrity_check')" ok "$1: integrity_check"
}

KILLS=0
# kill_and_rerun SOURCE MIN_KILLS: ingests SOURCE into fresh databases,
# killing each run after 50-340 ms, until MIN_KILLS kills; each round ends
# with a run that finishes, and is then checked.
kill_and_rerun() {
  local source=$1 want=$2 kills=0 round=0 rc delay fails=$FAILS
  while ((kills < want && FAILS == fails)); do
    round=$((round + 1))
    fresh_db
    [[ $source == *maildir ]] && reset_maildir "$source"
    while true; do
      "$CERTBUND" --config "$T/certbund.toml" -q ingest "$source" 2>>"$T/kill.err" &
      pid=$!
      delay=$(printf '0.%02d' $((RANDOM % 30 + 5)))
      sleep "$delay"
      if ((kills < want)) && kill -9 "$pid" 2>/dev/null; then kills=$((kills + 1)); fi
      rc=0
      wait "$pid" 2>/dev/null || rc=$?
      ((rc == 0)) && break
      ((rc == 137)) || { fail "ingest of $source exited $rc: $(tail -n 3 "$T/kill.err")"; break; }
    done
    echo "   round $round: $kills kills so far"
    check_all_stored "$(basename "$source"), round $round"
    [[ $source == *maildir ]] && expect_eq "$(find "$source/new" -type f | wc -l)" 0 "round $round: no mail left in new/"
  done
  KILLS=$((KILLS + kills))
}

# Every mail back in new/, as the MTA delivered it.
reset_maildir() {
  rm -rf "$1"
  mkdir -p "$1"/{new,cur,tmp}
  local f
  for f in "$T"/many/*.eml; do cp "$f" "$1/new/$(basename "$f" .eml).crash.host"; done
}

TEST "at least 30 kills during ingest of an mbox of $N signed mails, each rerun: nothing lost, nothing twice"
kill_and_rerun "$T/many.mbox" 30

TEST "at least 25 kills during ingest of a Maildir of $N signed mails, each rerun: nothing lost, nothing twice"
kill_and_rerun "$T/maildir" 25
echo "   $KILLS kills survived"
((KILLS >= 50)) && ok || fail "only $KILLS kills"

TEST "8 concurrent ingest - and a poll at once: every mail stored once"
fresh_db
reset_maildir "$T/polled"
# The poll reads the first 100 mails from its Maildir; 8 pipes deliver all
# 300 (the first 100 again: duplicates by then, or racing the poll).
{ cat "$T/certbund.toml"; printf '[[mailbox]]\npath = "polled"\n'; } >"$T/poll.toml"
deliver() {  # deliver FILE...: each through `ingest -`, again while it exits 75
  local f rc tries
  for f in "$@"; do
    for tries in 1 2 3 4 5 6 7 8 9 10; do
      rc=0
      "$CERTBUND" --config "$T/certbund.toml" -q ingest - <"$f" 2>>"$T/pipe.err" || rc=$?
      ((rc == 75)) && { echo 75 >>"$T/tempfail"; continue; }
      ((rc == 0)) || echo "$f: exit $rc" >>"$T/pipe.fail"
      break
    done
  done
}
rm -f "$T/tempfail" "$T/pipe.fail"
find "$T/polled/new" -type f | sort | sed -n '101,$p' | xargs rm -f
files=("$T"/many/*.eml)
pids=()
for w in 0 1 2 3 4 5 6 7; do
  mine=()
  for ((i = w; i < N; i += 8)); do mine+=("${files[$i]}"); done
  deliver "${mine[@]}" &
  pids+=($!)
done
"$CERTBUND" --config "$T/poll.toml" -q poll 2>"$T/poll.err" &
poll_pid=$!
for pid in "${pids[@]}"; do wait "$pid"; done
poll_rc=0
wait "$poll_pid" || poll_rc=$?
expect_eq "$poll_rc" 0 "poll exit ($(tail -n 2 "$T/poll.err"))"
expect_eq "$(cat "$T/pipe.fail" 2>/dev/null)" "" "no pipe delivery failed for good"
echo "   $(cat "$T/tempfail" 2>/dev/null | wc -l) deliveries exited 75 and were retried"
check_all_stored "concurrent"
expect_eq "$(find "$T/polled/new" -type f | wc -l)" 0 "the poll moved every mail it read"

finish
