#!/usr/bin/env bash
# Every sample mail: its verdict and its exact parsed report (golden files
# in samples/expected/, reviewed by hand), then ingest from an mbox, a
# Maildir, files and stdin: forged, tampered and unsigned mails are kept
# and listed and create no event; ingesting again changes nothing.
source "$(dirname "$0")/lib.sh"

TEST "parse gives the reviewed report of every sample"
rm -f "$T"/db.sqlite*
for mail in "$SAMPLES"/*.eml; do
  name=$(basename "$mail" .eml)
  actual=$(cb parse "$mail" | jq -S .)
  expected=$(jq -S . "$SRC/samples/expected/$name.json")
  if [[ $actual == "$expected" ]]; then ok; else
    fail "parse $name differs from samples/expected/$name.json"
    diff <(echo "$expected") <(echo "$actual") >&2 || true
  fi
done

TEST "parse stores nothing"
expect_eq "$(ls "$T"/db.sqlite 2>/dev/null | wc -l)" 0 "no database made by parse"
init_db

TEST "verdicts of the samples"
verdict() { cb parse "$SAMPLES/$1.eml" | jq -r .verdict; }
expect_eq "$(verdict tampered-redis)" bad_signature "tampered"
expect_eq "$(verdict unsigned-mongodb)" unsigned "unsigned"
expect_eq "$(verdict untrusted-memcached)" untrusted_key "untrusted"
expect_eq "$(verdict expired-ssdp)" expired_key "expired"
expect_eq "$(verdict revoked-dns)" revoked_key "revoked"
expect_eq "$(verdict ticket-smime-ddos)" verified "S/MIME"
expect_eq "$(verdict legacy-memcached)" verified "clear-signed legacy"

TEST "a key that is not in the keyring: unknown_key"
mkdir -p "$T/emptyhome" && chmod 700 "$T/emptyhome"
sed "s|^gnupg_home = .*|gnupg_home = \"emptyhome\"|" "$T/certbund.toml" >"$T/empty.toml"
expect_eq "$("$CERTBUND" --config "$T/empty.toml" parse "$SAMPLES/cbreport-redis-inline.eml" | jq -r .verdict)" unknown_key "no public key"

TEST "ingest from mbox, Maildir, files and stdin"
cp -r "$SRC/samples/maildir" "$T/maildir"
cb ingest "$SRC/samples/mbox/certbund.mbox" 2>"$T/log1"
expect_eq "$(grep -c ': mail ' "$T/log1")" 8 "one log line per mbox mail"
cb ingest "$T/maildir" 2>/dev/null
expect_eq "$(ls "$T/maildir/new" | wc -l)" 0 "Maildir new/ emptied"
expect_eq "$(ls "$T/maildir/cur" | grep -c ':2,S$')" 5 "every Maildir mail marked seen in cur/"
cb ingest - <"$SAMPLES/untrusted-memcached.eml" 2>/dev/null
cb ingest "$SAMPLES"/*.eml 2>/dev/null
expect_eq "$(sql 'select count(*) from mails')" 13 "every distinct mail stored once"

TEST "every verdict is stored and listed"
for v in verified:8 bad_signature:1 unsigned:1 untrusted_key:1 expired_key:1 revoked_key:1; do
  expect_eq "$(cb mails --verdict "${v%%:*}" --format json | jq length)" "${v##*:}" "mails --verdict ${v%%:*}"
done
expect_eq "$(cb mails --status needs_review --format json | jq -r '.[].ticket')" CERT-Bund#2024052128000456 "needs_review listed"
expect_eq "$(cb mails --status rejected --format csv | tail -n +2 | wc -l)" 5 "rejected mails listed as CSV"

TEST "only verified, signed rows become events"
expect_eq "$(sql 'select count(*) from events')" 16 "events"
for ip in 192.0.2.99 198.51.100.8 192.0.2.27 192.0.2.140 192.0.2.19; do
  expect_eq "$(sql "select count(*) from events where ip = '$ip'")" 0 "no event for $ip"
done
expect_eq "$(cb incidents --ip 2001:db8:10::/48 --format json | jq length)" 2 "IPv6 incidents by network"
expect_eq "$(cb incidents --service redis --format json | jq length)" 3 "redis incidents"

TEST "a verified report with an unreadable row: its good row goes on, the bad one waits for review"
cb customers import "$SRC/samples/customers.csv" 2>/dev/null
report_body "$T/bad.txt" CB-Report#20240601-10007001 "Offene Redis-Server" \
  '"64496","192.0.2.201","2024-06-01 03:00:00","6379","7.0"' \
  '"64496","999.0.2.202","2024-06-01 03:05:00","6379","7.0"'
sign_mail --mode pgp-mime --key trusted "$T/bad.txt" >"$T/bad.eml"
log=$(cb ingest "$T/bad.eml" 2>&1)
expect_contains "$log" "NEEDS REVIEW: 1 row held" "the log says so"
expect_contains "$log" '"999.0.2.202" is not an IP address' "and why"
expect_eq "$(sql "select count(*) from events where ip = '192.0.2.201'")" 1 "an event from its good row"
expect_eq "$(sql 'select count(*) from outbox')" 1 "its notice"
expect_contains "$(cb mails --status needs_review --format csv)" CB-Report#20240601-10007001 "listed for a person"

TEST "a verified report that cannot be read as a whole creates no event and no notice"
report_body "$T/bad2.txt" CB-Report#20240601-10007002 "Offene Redis-Server" \
  '"64496","192.0.2.203","2024-06-01 03:00:00","6379","7.0"' \
  '"64496","192.0.2.204","2024-06-01 03:05:00","6380","7.0"'
sign_mail --mode pgp-mime --key trusted "$T/bad2.txt" >"$T/bad2.eml"
log=$(cb ingest "$T/bad2.eml" 2>&1)
expect_contains "$log" "NEEDS REVIEW, kept without events or notices (the signed content does not name the service" \
  "the signed text names no service, the ports disagree"
expect_eq "$(sql "select count(*) from events where ip in ('192.0.2.203', '192.0.2.204')")" 0 "no event"
expect_eq "$(sql 'select count(*) from outbox')" 1 "no new notice"

TEST "ingesting everything again changes nothing"
before=$(sql 'select count(*) from mails; select count(*) from events; select count(*) from incidents; select count(*) from outbox')
cb ingest "$SRC/samples/mbox/certbund.mbox" "$SAMPLES"/*.eml 2>"$T/log2"
expect_eq "$(sql 'select count(*) from mails; select count(*) from events; select count(*) from incidents; select count(*) from outbox')" "$before" "counts"
expect_contains "$(cat "$T/log2")" "already stored" "the log says so"

TEST "mails show: verdict, signer and rows of one stored mail"
id=$(cb mails --verdict verified --format json | jq -r '.[] | select(.ticket == "CB-Report#20240115-10001234") | .id')
out=$(cb mails show "$id")
expect_contains "$out" "$TRUSTED_FPR" "signer"
expect_contains "$out" "198.51.100.7" "rows"
expect_eq "$(cb mails show "$id" --raw | sha256sum | cut -d' ' -f1)" "$(sha256sum <"$SAMPLES/cbreport-redis-inline.eml" | cut -d' ' -f1)" "raw bytes kept as evidence"

TEST "reparse --all after no change: every mail unchanged, nothing new"
before=$(sql 'select count(*) from events; select count(*) from incidents; select count(*) from outbox')
out=$(cb reparse --all 2>/dev/null)
expect_eq "$(grep -c ": unchanged" <<<"$out")" 15 "15 mails unchanged"
expect_eq "$(sql 'select count(*) from events; select count(*) from incidents; select count(*) from outbox')" "$before" "counts"

TEST "reparse after the operator trusts a key: the mail is processed and says so"
UNTRUSTED_FPR=$(awk '$1 == "untrusted" {print $3}' "$SRC/samples/keys/fingerprints.txt")
sed -i "s|^trusted_fingerprints = \[\"$TRUSTED_FPR\"\]|trusted_fingerprints = [\"$TRUSTED_FPR\", \"$UNTRUSTED_FPR\"]|" "$T/certbund.toml"
id=$(cb mails --verdict untrusted_key --format json | jq -r '.[0].id')
out=$(cb reparse "$id")
expect_contains "$out" "verdict untrusted_key -> verified" "verdict change"
expect_contains "$out" "1 new event;" "new event"
expect_eq "$(sql "select count(*) from events where mail_id = $id")" 1 "its row is an event now"
expect_exit 66 "unknown mail" -- cb reparse 9999
expect_exit 64 "neither --all nor IDs" -- cb reparse
write_config

finish
