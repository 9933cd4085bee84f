#!/usr/bin/env bash
# A notice goes out once: three notify runs at once deliver each notice
# exactly once, and notify killed (SIGKILL) at random points never sends
# a notice twice; a kill while the server holds the DATA leaves the notice
# in_doubt for the desk, never a silent resend. The sink counts
# deliveries by Message-ID and recipient.
source "$(dirname "$0")/lib.sh"

CUSTOMERS=40
KILLS=${CERTBUND_NOTIFY_KILLS:-36}

{
  echo "id,name,email,language,networks"
  for i in $(seq 0 $((CUSTOMERS - 1))); do echo "c$((2000 + i)),Kunde $i,n$i@crash.example,de,192.0.2.$((10 + i))/32"; done
} >"$T/customers.csv"

# named_report OUT TICKET TOPIC ROW...: signed_report whose signed text
# names its service, as CERT-Bund's does (the Subject decides nothing).
named_report() {
  local out=$1
  shift
  report_body "$T/body.txt" "$@"
  sed -i "s/^Betroffene Systeme in Ihrem Netzbereich:/$2 in Ihrem Netzbereich:/" "$T/body.txt"
  sign_mail --mode pgp-mime --key trusted "$T/body.txt" >"$out"
}

# Three signed reports, each with one row for every customer, each on
# another port (so another incident): 3 x 40 notices.
for r in 1 2 3; do
  rows=()
  for i in $(seq 0 $((CUSTOMERS - 1))); do
    rows+=("\"64496\",\"192.0.2.$((10 + i))\",\"2024-01-1$r 03:00:00\",\"1121$r\",\"1.4.$r\"")
  done
  named_report "$T/r$r.eml" "CB-Report#2024011$r-2000000$r" "Offene Memcached-Server" "${rows[@]}"
done
NOTICES=$((3 * CUSTOMERS))

# fresh_outbox: a new database with the three reports' notices queued.
fresh_outbox() {
  rm -f "$T/db.sqlite" "$T/db.sqlite-wal" "$T/db.sqlite-shm"
  init_db
  cb customers import "$T/customers.csv" 2>/dev/null
  CERTBUND_NOW=2024-01-14T08:00:00Z cb -q ingest "$T/r1.eml" "$T/r2.eml" "$T/r3.eml"
}

# deliveries DIR...: "TOTAL DISTINCT" deliveries of (Message-ID, recipient) in the sinks.
deliveries() {
  /usr/bin/python3 - "$@" <<'PY'
import email, glob, json, os, sys
seen = {}
for path in [p for d in sys.argv[1:] for p in glob.glob(os.path.join(d, "*.json"))]:
    record = json.load(open(path))
    mid = email.message_from_binary_file(open(path[:-5] + ".eml", "rb"))["Message-ID"]
    for rcpt in record["rcpt_tos"]:
        seen[(mid, rcpt)] = seen.get((mid, rcpt), 0) + 1
print(sum(seen.values()), len(seen))
PY
}

# delivered_ids DIR...: each Message-ID the sinks received, once per delivery.
delivered_ids() {
  for dir in "$@"; do
    for f in "$dir"/*.eml; do grep -m1 -i '^Message-ID:' "$f" | tr -d '\r' | cut -d' ' -f2; done
  done
}

integrity() { sql "PRAGMA integrity_check"; }

TEST "three notify runs at once deliver each notice exactly once"
fresh_outbox
expect_eq "$(sql "select count(*) from outbox where status = 'queued'")" $NOTICES "notices queued"
port=$(start_sink "$T/sink")
write_config "smtp://127.0.0.1:$port"
pids=()
for _ in 1 2 3; do
  CERTBUND_NOW=2024-01-14T09:00:00Z "$CERTBUND" --config "$T/certbund.toml" -q notify &
  pids+=($!)
done
for pid in "${pids[@]}"; do wait "$pid" || fail "a concurrent notify exited $?"; done
read -r total distinct < <(deliveries "$T/sink")
expect_eq "$total" $NOTICES "deliveries"
expect_eq "$distinct" $NOTICES "distinct (Message-ID, recipient)"
expect_eq "$(sql "select count(*) from outbox where status = 'sent'")" $NOTICES "every notice recorded as sent"
expect_eq "$(sql "select count(distinct claimed_by) > 1 from outbox")" 1 "more than one run claimed notices"
expect_eq "$(integrity)" ok "integrity_check"

TEST "eight MTA deliveries at once with notify.on_ingest: each notice delivered once"
rm -f "$T/db.sqlite" "$T/db.sqlite-wal" "$T/db.sqlite-shm"
init_db
cb customers import "$T/customers.csv" 2>/dev/null
for m in $(seq 1 8); do
  rows=()
  for i in $(seq 0 4); do rows+=("\"64496\",\"192.0.2.$((10 + i))\",\"2024-01-20 03:00:00\",\"$((2000 + m))\",\"$m\""); done
  named_report "$T/m$m.eml" "CB-Report#20240120-3000000$m" "Offene Memcached-Server" "${rows[@]}"
done
write_config "smtp://127.0.0.1:$port" "on_ingest = true"
pids=()
for m in $(seq 1 8); do
  CERTBUND_NOW=2024-01-20T09:00:00Z "$CERTBUND" --config "$T/certbund.toml" -q ingest - <"$T/m$m.eml" &
  pids+=($!)
done
for pid in "${pids[@]}"; do wait "$pid" || fail "an ingest - exited $?"; done
CERTBUND_NOW=2024-01-20T09:00:00Z cb -q notify || fail "a last notify exited $?"
expect_eq "$(sql "select count(*) from outbox")" 40 "notices queued"
expect_eq "$(sql "select count(*) from outbox where status = 'sent'")" 40 "every notice sent"
read -r total distinct < <(deliveries "$T/sink")
expect_eq "$total" $((NOTICES + 40)) "deliveries (with the 120 above)"
expect_eq "$((total - distinct))" 0 "duplicate deliveries"
expect_eq "$(integrity)" ok "integrity_check"
write_config

TEST "notify SIGKILLed $KILLS times at random points: no notice delivered twice"
fresh_outbox
# Every other run goes to a sink that keeps each message 0.3 s before it
# answers the DATA (those kills mostly hit a run waiting for that answer),
# the others to the quick sink, killed within 0.2 s: anywhere in a claim,
# a send or a record.
slow=$(start_sink "$T/slow" --data-delay 0.3)
fast=$(start_sink "$T/fast")
kills=0
bad_integrity=0
earlier_in_doubt=0  # of the outboxes queued again
while [[ $kills -lt $KILLS ]]; do
  if [[ $(sql "select count(*) from outbox where status = 'queued'") -eq 0 ]]; then
    echo "   every notice sent or in doubt after $kills kills: queueing the outbox again"
    # Settle the last claim first, so it counts.
    CERTBUND_NOW=2024-01-14T09:00:00Z cb -q notify 2>/dev/null || true
    earlier_in_doubt=$((earlier_in_doubt + $(sql "select count(*) from outbox where status = 'in_doubt'")))
    fresh_outbox
  fi
  if ((kills % 2)); then
    write_config "smtp://127.0.0.1:$fast"
    delay=$(printf "0.%03d" $((RANDOM % 200 + 5)))
  else
    write_config "smtp://127.0.0.1:$slow"
    delay=$(printf "0.%02d" $((RANDOM % 99 + 1)))
  fi
  CERTBUND_NOW=2024-01-14T09:00:00Z "$CERTBUND" --config "$T/certbund.toml" -q notify 2>/dev/null &
  pid=$!
  sleep "$delay"
  kill -9 "$pid" 2>/dev/null && kills=$((kills + 1))
  wait "$pid" 2>/dev/null || true
  [[ $(integrity) == ok ]] || bad_integrity=$((bad_integrity + 1))
done
expect_eq "$bad_integrity" 0 "integrity_check failures after kills"
# One run left alone settles the claims of the killed runs and sends the rest.
CERTBUND_NOW=2024-01-14T09:00:00Z cb -q notify 2>"$T/err" || true
expect_eq "$(sql "select count(*) from outbox where status in ('queued', 'sending')")" 0 "nothing left queued or sending"
in_doubt=$(sql "select count(*) from outbox where status = 'in_doubt'")
echo "   $kills kills; $((earlier_in_doubt + in_doubt)) notices left in doubt; $(sql "select count(*) from outbox where status = 'sent'") sent of the last outbox"
[[ $in_doubt -gt 0 ]] && ok || fail "no kill left a notice in doubt"
expect_contains "$(cat "$T/err")" "in doubt" "the summary names the notices in doubt"
read -r total distinct < <(deliveries "$T/slow" "$T/fast")
echo "   $total deliveries, $distinct distinct: $((total - distinct)) duplicates"
expect_eq "$((total - distinct))" 0 "duplicate deliveries"
# Every notice recorded as sent arrived (exactly once, above); nothing
# arrived for a notice still queued; an in_doubt one arrived at most once.
ids=$(delivered_ids "$T/slow" "$T/fast" | sort)
missing=0
for mid in $(sql "select message_id from outbox where status = 'sent'"); do
  grep -qxF "$mid" <<<"$ids" || missing=$((missing + 1))
done
expect_eq "$missing" 0 "notices recorded as sent but never delivered"

TEST "a notice in doubt is not sent again by itself"
before=$(deliveries "$T/slow" "$T/fast")
CERTBUND_NOW=2024-01-15T09:00:00Z cb -q notify 2>/dev/null || true
expect_eq "$(deliveries "$T/slow" "$T/fast")" "$before" "no delivery from another run"
expect_eq "$(sql "select count(*) from outbox where status = 'in_doubt'")" "$in_doubt" "still in doubt"
expect_contains "$(cb outbox)" "in_doubt" "listed in the outbox"

TEST "outbox retry sends one in doubt again, to its addresses not sent"
id=$(sql "select id from outbox where status = 'in_doubt' order by id limit 1")
expect_exit 0 "outbox retry" -- env CERTBUND_NOW=2024-01-15T09:00:00Z "$CERTBUND" --config "$T/certbund.toml" outbox retry "$id"
expect_eq "$(sql "select status from outbox where id = $id")" queued "queued again"
CERTBUND_NOW=2024-01-15T09:00:00Z cb -q notify 2>/dev/null || true
expect_eq "$(sql "select status from outbox where id = $id")" sent "sent"
expect_exit 66 "retry of a sent notice" -- cb outbox retry "$id"

TEST "notify.resend_in_doubt = true queues them again by itself"
write_config "smtp://127.0.0.1:$slow" "resend_in_doubt = true"
CERTBUND_NOW=2024-01-15T10:00:00Z cb -q notify 2>/dev/null || true
expect_eq "$(sql "select count(*) from outbox where status <> 'sent'")" 0 "every notice sent"

finish
