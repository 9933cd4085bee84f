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
expect_contains "$out" '7.0\u001b[2J\u202e' "the cell shown escaped"
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

finish
