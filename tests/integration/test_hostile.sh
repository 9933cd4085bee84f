#!/usr/bin/env bash
# What anyone can mail to an abuse address: terminal escapes, MIME nested
# past any reason, scans "in 2099". Each input is kept, listed and never
# believed; nothing reaches the operator's terminal or a customer raw.
source "$(dirname "$0")/lib.sh"

INPUTS=$SRC/tests/inputs/hostile
ESC=$'\x1b'
BEL=$'\x07'
RLO=$'\xe2\x80\xae'  # U+202E RIGHT-TO-LEFT OVERRIDE
CSI8=$'\xc2\x9b'     # U+009B, the 8-bit CSI
export CERTBUND_NOW=2024-01-15T07:00:00Z

# expect_no_controls TEXT WHAT: no ESC, BEL, CR, C1 CSI or RLO in TEXT
expect_no_controls() {
  local c
  for c in "$ESC" "$BEL" $'\r' "$CSI8" "$RLO"; do expect_not_contains "$1" "$c" "$2"; done
}

mail_id_by_subject() {  # mail_id_by_subject NEEDLE: the id of the newest mail whose subject holds NEEDLE
  cb mails --format json | jq -r --arg n "$1" '[.[] | select(.subject | contains($n))] | last | .id'
}

cb customers import "$SRC/samples/customers.csv" 2>/dev/null

TEST "terminal escapes in From and Subject: kept as rejected, shown escaped"
expect_exit 0 "ingest" -- cb ingest "$INPUTS/terminal-escapes-in-headers.eml"
expect_no_controls "$(cat "$T/err")" "ingest log"
id=$(mail_id_by_subject "pwned")
expect_eq "$(cb mails --format json | jq -r ".[] | select(.id == $id) | .status")" "rejected" "kept as rejected"
out=$(cb mails)
expect_no_controls "$out" "mails table"
expect_contains "$out" 'hi \x1b[2J\x1b]0;pwned\x07' "the subject shown escaped"
out=$(cb mails --format csv | sed 's/\r$//')  # CSV lines end in CRLF
expect_no_controls "$out" "mails csv"
out=$(cb mails show "$id")
expect_no_controls "$out" "mails show"
expect_contains "$out" 'from:     \x1b[31mEvil <e@x>' "From shown escaped"
expect_contains "$out" 'subject:  hi \x1b[2J\x1b]0;pwned\x07' "Subject shown escaped"
expect_eq "$(cb mails show --raw "$id" | sha256sum | cut -c1-64)" "$(sha256sum <"$INPUTS/terminal-escapes-in-headers.eml" | cut -c1-64)" \
  "show --raw into a pipe is the evidence, byte for byte"
if command -v script >/dev/null; then  # util-linux: a real terminal
  out=$(script -qec "$(printf '%q ' "$CERTBUND" --config "$T/certbund.toml" mails show --raw "$id")" /dev/null </dev/null)
  expect_no_controls "$(printf '%s' "$out" | tr -d '\r')" "show --raw on a terminal"
  expect_contains "$out" 'hi \x1b[2J' "show --raw on a terminal escapes"
fi

TEST "encoded words that decode to CR, LF, C1 CSI and bidi overrides are shown escaped"
printf 'From: =?utf-8?q?Bank=E2=80=AE_gpj=2Eexe?= <e@x>\nSubject: =?utf-8?q?a=0D=0Ab=C2=9B2J=E2=81=A6c?=\nMessage-Id: <e2@x>\n\nhi\n' >"$T/encoded.eml"
expect_exit 0 "ingest" -- cb ingest "$T/encoded.eml"
expect_no_controls "$(cat "$T/err")" "ingest log"
id=$(mail_id_by_subject "2J")
out=$(cb mails)
expect_no_controls "$out" "mails table"
expect_contains "$out" 'a\r\nb\u009b2J\u2066c' "subject escaped in the table"
out=$(cb mails show "$id")
expect_no_controls "$out" "mails show"
expect_contains "$out" 'Bank\u202e gpj.exe' "the bidi override in From is visible"

TEST "controls inside a signed report: log, show, incidents and the notice"
signed_report "$T/evil-rows.eml" "CB-Report#20240115-50000100" "Offene Redis-Server" \
  '"64496","192.0.2.17","2024-01-15 03:00:00","6379","7.0'"$ESC"'[2J'"$RLO"'"' \
  '"64496","192.0.2.18'"$ESC"'[5m","2024-01-15 03:00:00","6379","7.0"'
expect_exit 0 "ingest" -- cb ingest "$T/evil-rows.eml"
err=$(cat "$T/err")
expect_no_controls "$err" "the log quotes the broken cell escaped"
expect_contains "$err" '192.0.2.18\x1b[5m' "the broken cell is named"
id=$(mail_id_by_subject "50000100")
out=$(cb mails show "$id")
expect_no_controls "$out" "mails show of a signed report"
expect_contains "$out" '7.0\x1b[2J\u202e' "the cell shown escaped"
out=$(cb mails show --format json "$id")
expect_no_controls "$out" "mails show --format json of a signed report"
expect_contains "$out" '7.0\u001b[2J\u202e' "the cell shown escaped in JSON"
expect_no_controls "$(cb incidents)" "incidents table"
signed_report "$T/evil-cell.eml" "CB-Report#20240115-50000101" "Offene Redis-Server" \
  '"64496","192.0.2.17","2024-01-15 03:00:00","6379","7.0'"$ESC"'[2J'"$RLO$CSI8"'"'
expect_exit 0 "ingest" -- cb ingest "$T/evil-cell.eml"
expect_exit 0 "notify --dry-run" -- cb notify --dry-run
notice=$(ls "$T"/dry-run/*.eml | head -n 1)
if [[ -n $notice ]]; then
  text=$(decoded "$notice")
  expect_no_controls "$text" "the notice"
  expect_contains "$text" "192.0.2.17" "the row is in the notice"
else
  fail "no notice written"
fi
expect_no_controls "$(cb outbox)" "outbox table"

# deep_mail DEPTH > FILE: an unsigned mail whose multiparts nest DEPTH deep
deep_mail() {
  /usr/bin/python3 - "$1" <<'PY'
import sys
d = int(sys.argv[1])
sys.stdout.write("From: x@example.org\nSubject: nested %d\nMIME-Version: 1.0\n" % d
                 + "".join("Content-Type: multipart/mixed; boundary=\"n%d\"\n\n--n%d\n" % (i, i) for i in range(d))
                 + "Content-Type: text/plain\n\nhi\n")
PY
}

TEST "50,000 nested multiparts: stored, kept as rejected with the reason, exit 0"
deep_mail 50000 >"$T/deep.eml"
expect_exit 0 "ingest FILE" -- cb ingest "$T/deep.eml"
expect_contains "$(cat "$T/err")" "nested deeper than 64 levels" "the log names the cut"
id=$(mail_id_by_subject "nested 50000")
expect_eq "$(cb mails --format json | jq -r ".[] | select(.id == $id) | .status")" "rejected" "kept as rejected"
expect_contains "$(cb mails show "$id")" "MIME parts nested deeper than 64 levels were left out (limits.mime_depth)" \
  "mails show gives the reason"
expect_eq "$(cb mails show --raw "$id" | sha256sum | cut -c1-64)" "$(sha256sum <"$T/deep.eml" | cut -c1-64)" \
  "the raw mail is stored byte for byte"

TEST "the same through the MTA pipe, and inside an mbox with a report after it"
deep_mail 49999 >"$T/deep2.eml"
expect_exit 0 "ingest -" -- bash -c '"$0" --config "$1" ingest - <"$2"' "$CERTBUND" "$T/certbund.toml" "$T/deep2.eml"
expect_eq "$(sql "SELECT status FROM mails WHERE subject = 'nested 49999'")" "rejected" "ingest - keeps it"
{
  echo "From x@example.org Mon Jan 15 06:00:00 2024"
  deep_mail 50001
  echo
  echo "From reports@reports.cert-bund.de Mon Jan 15 06:42:17 2024"
  cat "$SAMPLES/legacy-memcached.eml"
} >"$T/deep.mbox"
expect_exit 0 "ingest mbox" -- cb ingest "$T/deep.mbox"
expect_eq "$(sql "SELECT status FROM mails WHERE subject = 'nested 50001'")" "rejected" "the deep one is kept"
expect_contains "$(cat "$T/err")" "2 mails: 1 verified" "the report after it is read"
expect_exit 0 "ingest mbox again" -- cb ingest "$T/deep.mbox"
expect_contains "$(cat "$T/err")" "2 already stored" "a rerun does not die at the deep mail"

TEST "64 levels are read; limits.mime_depth lowers the cap for signed content too"
deep_mail 64 >"$T/deep64.eml"
expect_exit 0 "ingest" -- cb ingest "$T/deep64.eml"
expect_not_contains "$(cat "$T/err")" "nested deeper" "64 levels are within the cap"
report_body "$T/nested-body.txt" "CB-Report#20240115-50000102" "Offene Redis-Server" \
  '"64496","192.0.2.17","2024-01-15 03:00:00","6379","7.0"'
printf '"asn","ip","timestamp","port","version"\n"64496","192.0.2.18","2024-01-15 03:00:00","6379","7.0"\n' >"$T/events.csv"
sign_mail --mode pgp-mime --key trusted --html --attach "$T/events.csv" "$T/nested-body.txt" >"$T/nested.eml"
write_config "smtp://127.0.0.1:9" $'[limits]\nmime_depth = 1'
expect_exit 0 "ingest with mime_depth = 1" -- cb ingest "$T/nested.eml"
err=$(cat "$T/err")
expect_contains "$err" "verified CB-Report#20240115-50000102" "the signature still counts"
expect_contains "$err" "NEEDS REVIEW" "held for review"
expect_contains "$err" "deeper than 1 levels were left out (limits.mime_depth)" "with the reason"
expect_eq "$(sql "SELECT count(*) FROM events WHERE mail_id IN (SELECT id FROM mails WHERE subject LIKE '%50000102%')")" 0 "no events"
write_config

TEST "a scan in 2099: verified, held for review, no event, no notice"
expect_exit 0 "ingest" -- cb ingest "$INPUTS/timestamp-in-2099.eml"
err=$(cat "$T/err")
expect_contains "$err" "verified CB-Report#20240115-50000012 redis: NEEDS REVIEW" "held"
expect_contains "$err" "192.0.2.150: scanned 2099-01-01T00:00:00Z, after the mail arrived (2024-01-15T07:00:00Z) plus limits.clock_skew" \
  "the reason names the row"
expect_eq "$(sql "SELECT status FROM mails WHERE subject LIKE '%50000012%'")" "needs_review" "the mail needs review"
expect_eq "$(sql "SELECT count(*) FROM events WHERE ip = '192.0.2.150'")" 0 "no event"
expect_eq "$(sql "SELECT count(*) FROM outbox WHERE report_id IN (SELECT r.id FROM reports r JOIN mails m ON m.id = r.mail_id WHERE m.subject LIKE '%50000012%')")" 0 "no notice"
id=$(mail_id_by_subject "50000012")
expect_contains "$(cb mails show "$id")" "problem:  192.0.2.150: scanned 2099-01-01T00:00:00Z" "mails show says why"
expect_exit 0 "reparse in 2100" -- env CERTBUND_NOW=2100-01-01T00:00:00Z "$CERTBUND" --config "$T/certbund.toml" reparse "$id"
expect_eq "$(sql "SELECT status FROM mails WHERE id = $id")" "needs_review" "the mail's arrival counts, not the time of a reparse"

TEST "unbelievable variants: before 1990, port 0; within limits.clock_skew is believed"
signed_report "$T/old.eml" "CB-Report#20240115-50000110" "Offene Redis-Server" \
  '"64496","192.0.2.151","1989-12-31 23:00:00","6379","7.0"'
signed_report "$T/port0.eml" "CB-Report#20240115-50000111" "Offene Redis-Server" \
  '"64496","192.0.2.152","2024-01-15 03:00:00","0","7.0"'
signed_report "$T/soon.eml" "CB-Report#20240115-50000112" "Offene Redis-Server" \
  '"64496","192.0.2.153","2024-01-16 06:00:00","6379","7.0"'
for f in old port0 soon; do expect_exit 0 "ingest $f" -- cb ingest "$T/$f.eml"; cp "$T/err" "$T/err.$f"; done
expect_contains "$(cat "$T/err.old")" "192.0.2.151: scanned 1989-12-31T23:00:00Z, before 1990" "before 1990 held"
expect_contains "$(cat "$T/err.port0")" "192.0.2.152: port 0 cannot be scanned" "port 0 held"
expect_contains "$(cat "$T/err.soon")" "1 row, 1 new event" "23 hours after arrival is believed"
write_config "smtp://127.0.0.1:9" $'[limits]\nclock_skew = "1h"'
signed_report "$T/soon2.eml" "CB-Report#20240115-50000113" "Offene Redis-Server" \
  '"64496","192.0.2.154","2024-01-15 08:00:01","6379","7.0"'
expect_exit 0 "ingest with clock_skew 1h" -- cb ingest "$T/soon2.eml"
expect_contains "$(cat "$T/err")" "192.0.2.154: scanned 2024-01-15T08:00:01Z, after the mail arrived" "limits.clock_skew counts"
write_config

# outbox_of NEEDLE: how many notices the reports of mails whose subject holds NEEDLE queued
outbox_of() {
  sql "SELECT count(*) FROM outbox WHERE report_id IN (SELECT r.id FROM reports r JOIN mails m ON m.id = r.mail_id WHERE m.subject LIKE '%$1%')"
}

TEST "a signed Redis report, then its body re-sent under a Telnet Subject: the same report, nothing made"
expect_exit 0 "ingest the original" -- cb ingest "$INPUTS/forged-subject-original.eml"
expect_contains "$(cat "$T/err")" "verified CB-Report#20240115-20000001 redis: 2 rows, 2 new events" "the original counts"
original=$(mail_id_by_subject "20000001")
notices=$(sql "SELECT count(*) FROM outbox")
expect_exit 0 "ingest the resend" -- cb ingest "$INPUTS/forged-subject-other-service.eml"
expect_contains "$(cat "$T/err")" "the signed report of mail $original again, kept as a duplicate, nothing made of it" \
  "the resend is the same signed report"
expect_eq "$(sql "SELECT count(*) FROM incidents WHERE service = 'telnet'")" 0 "no telnet incident"
expect_eq "$(sql "SELECT count(*) FROM events WHERE ip IN ('192.0.2.30', '198.51.100.30')")" 2 "no new event"
expect_eq "$(sql "SELECT count(*) FROM outbox")" "$notices" "no new notice"
resend=$(mail_id_by_subject "20991231-99999999")
expect_eq "$(cb mails --format json | jq -r ".[] | select(.id == $resend) | .status")" "duplicate" "listed as a duplicate"
expect_eq "$(cb mails --status duplicate --format json | jq -r 'map(.id) | join(" ")')" "$resend" "mails --status duplicate"
expect_eq "$(cb mails show --raw "$resend" | sha256sum | cut -c1-64)" \
  "$(sha256sum <"$INPUTS/forged-subject-other-service.eml" | cut -c1-64)" "kept byte for byte as evidence"

TEST "the same signed report through IMAP (CRLF) and through a pipe (LF): one report"
sed 's/$/\r/; s/^Message-Id: <8433/Message-Id: <crlf-8433/' "$INPUTS/forged-subject-original.eml" >"$T/crlf.eml"
expect_exit 0 "ingest - with CRLF" -- bash -c '"$0" --config "$1" ingest - <"$2"' "$CERTBUND" "$T/certbund.toml" "$T/crlf.eml"
expect_contains "$(cat "$T/err")" "the signed report of mail $original again" "CRLF is the same report"
sed 's/^Subject: .*/Subject: [CB-Report#20240115-20000001] Offene Redis-Server in AS64496 (Erinnerung)/' \
  "$INPUTS/forged-subject-original.eml" >"$T/resubject.eml"
expect_exit 0 "ingest under another Subject" -- cb ingest "$T/resubject.eml"
expect_contains "$(cat "$T/err")" "kept as a duplicate" "another Subject is the same report"
expect_eq "$(sql "SELECT count(*) FROM outbox")" "$notices" "still no new notice"

TEST "the Telnet resend alone: redis from the signed rows, a note, no word of the Subject in the notice"
mkdir -p "$T/alone"
ln -s "$T/gnupg" "$T/alone/gnupg"
cp "$T/certbund.toml" "$T/alone/certbund.toml"
cba() { "$CERTBUND" --config "$T/alone/certbund.toml" "$@"; }
cba init >/dev/null
cba customers import "$SRC/samples/customers.csv" 2>/dev/null
expect_exit 0 "ingest" -- cba ingest "$INPUTS/forged-subject-other-service.eml"
err=$(cat "$T/err")
expect_contains "$err" "redis: 2 rows, 2 new events" "redis, from the signed content"
expect_contains "$err" 'note: the Subject names telnet ("Offene Telnet-Server"), port 6379 of every signed row names redis' \
  "the disagreement is noted"
expect_eq "$(sqlite3 "$T/alone/db.sqlite" "SELECT count(*) FROM incidents WHERE service = 'telnet'")" 0 "no telnet incident"
expect_eq "$(sqlite3 "$T/alone/db.sqlite" "SELECT group_concat(DISTINCT service) FROM incidents")" "redis" "redis incidents"
id=$(cba mails --format json | jq -r '.[0].id')
expect_contains "$(cba mails show "$id")" "the Subject names telnet" "mails show notes it"
expect_exit 0 "notify --dry-run" -- cba notify --dry-run
shopt -s nullglob
notices_alone=("$T"/alone/dry-run/*.eml)
shopt -u nullglob
expect_eq "$((${#notices_alone[@]} > 0))" 1 "notices written"
for n in "${notices_alone[@]}"; do
  text=$(decoded "$n")
  expect_not_contains "$text" "Telnet" "no Telnet in the notice"
  expect_contains "$text" "Redis" "the notice speaks of Redis"
done

TEST "a signed report whose content names no service waits for review, whatever the Subject says"
{
  echo "Subject: [CB-Report#20240115-50000120] Offene Memcached-Server in AS64496"
  echo "From: CERT-Bund Reports <reports@reports.cert-bund.de>"
  echo
  echo "Betroffene Systeme in Ihrem Netzbereich:"
  echo
  echo '"asn","ip","timestamp"'
  echo '"64496","192.0.2.160","2024-01-15 03:00:00"'
} >"$T/nameless.txt"
sign_mail --mode pgp-mime --key trusted "$T/nameless.txt" >"$T/nameless.eml"
expect_exit 0 "ingest" -- cb ingest "$T/nameless.eml"
expect_contains "$(cat "$T/err")" "NEEDS REVIEW, kept without events or notices (the signed content does not name the service" \
  "held for review"
expect_eq "$(sql "SELECT count(*) FROM events WHERE ip = '192.0.2.160'")" 0 "no event"

TEST "rows held one by one: readable rows go on, the unreadable one waits; the review adds it once"
signed_report "$T/partial.eml" "CB-Report#20240115-50000130" "Offene Redis-Server" \
  '"64496","192.0.2.170","2024-01-15 03:00:00","6379","7.0"' \
  '"64496","192.0.2.17l","2024-01-15 03:00:00","6379","7.0"' \
  '"64496","192.0.2.172","2099-01-15 03:00:00","6379","7.0"' \
  '"64496","192.0.2.173","2024-01-15 03:00:00","6379","7.0"' \
  '"64496","192.0.2.174"'
before=$(sql "SELECT count(*) FROM outbox")
expect_exit 0 "ingest" -- cb ingest "$T/partial.eml"
err=$(cat "$T/err")
expect_contains "$err" "redis: 2 rows, 2 new events" "the readable rows go on"
expect_contains "$err" 'NEEDS REVIEW: 3 rows held (row 2: "192.0.2.17l" is not an IP address; row 5: 2 cells, the header has 5; 192.0.2.172: scanned 2099' \
  "the held rows are named: unreadable, cut short, unbelievable"
id=$(mail_id_by_subject "50000130")
expect_eq "$(sql "SELECT status FROM mails WHERE id = $id")" "needs_review" "the mail waits for review"
expect_eq "$(sql "SELECT count(*) FROM events WHERE ip IN ('192.0.2.170', '192.0.2.173')")" 2 "events of the readable rows"
expect_eq "$(( $(sql "SELECT count(*) FROM outbox") > before ))" 1 "their notice is queued"
expect_contains "$(sql "SELECT held_rows FROM reports WHERE mail_id = $id")" '"64496","192.0.2.17l","2024-01-15 03:00:00","6379","7.0"' \
  "the held row is kept as written"
out=$(cb mails show "$id")
expect_contains "$out" 'held:     "64496","192.0.2.17l","2024-01-15 03:00:00","6379","7.0"' "mails show lists the held rows"
expect_contains "$out" 'held:     "64496","192.0.2.172","2099-01-15T03:00:00Z","6379","7.0"' "the unbelievable one too"
queued=$(sql "SELECT count(*) FROM outbox")
printf '%s\n' '"asn","ip","timestamp","port","version"' \
  '"64496","192.0.2.170","2024-01-15 03:00:00","6379","7.0"' \
  '"64496","192.0.2.171","2024-01-15 03:00:00","6379","7.0"' >"$T/read.csv"
expect_exit 0 "review" -- cb mails review "$id" --rows "$T/read.csv" --by alice
expect_contains "$(cat "$T/err")" "2 rows, 1 new event" "only the held row is new"
expect_eq "$(sql "SELECT count(*) FROM events WHERE ip = '192.0.2.170'")" 1 "no duplicate event"
expect_eq "$(sql "SELECT count(*) FROM events WHERE ip = '192.0.2.171'")" 1 "the person's row is an event"
expect_eq "$(sql "SELECT count(*) FROM outbox")" "$((queued + 1))" "one notice, for the new row only"
expect_eq "$(sql "SELECT status FROM mails WHERE id = $id")" "parsed" "nothing waits"

TEST "clear-signed and S/MIME reports again, under another Subject or with CRLF: duplicates"
for mode in clearsign smime; do
  case $mode in clearsign) n=140 ;; smime) n=141 ;; esac
  report_body "$T/$mode.txt" "CB-Report#20240115-50000$n" "Offene Redis-Server" \
    "\"64496\",\"192.0.2.$n\",\"2024-01-15 03:00:00\",\"6379\",\"7.0\""
  sign_mail --mode "$mode" --key trusted "$T/$mode.txt" >"$T/$mode.eml"
  expect_exit 0 "ingest $mode" -- cb ingest "$T/$mode.eml"
  expect_contains "$(cat "$T/err")" "redis: 1 row, 1 new event" "$mode: the first counts"
  first=$(mail_id_by_subject "50000$n")
  sed 's/^Subject: .*/Subject: [CB-Report#20991231-99999998] Offene Telnet-Server in AS64496/' "$T/$mode.eml" >"$T/$mode-resent.eml"
  expect_exit 0 "ingest $mode under a Telnet Subject" -- cb ingest "$T/$mode-resent.eml"
  expect_contains "$(cat "$T/err")" "the signed report of mail $first again, kept as a duplicate" "$mode: another Subject"
  sed 's/$/\r/' "$T/$mode.eml" >"$T/$mode-crlf.eml"
  expect_exit 0 "ingest - $mode with CRLF" -- bash -c '"$0" --config "$1" ingest - <"$2"' "$CERTBUND" "$T/certbund.toml" "$T/$mode-crlf.eml"
  expect_contains "$(cat "$T/err")" "the signed report of mail $first again, kept as a duplicate" "$mode: CRLF"
  expect_eq "$(sql "SELECT count(*) FROM events WHERE ip = '192.0.2.$n'")" 1 "$mode: one event"
done
expect_eq "$(sql "SELECT count(*) FROM incidents WHERE service = 'telnet'")" 0 "still no telnet incident"

finish
