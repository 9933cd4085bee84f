#!/usr/bin/env bash
# Real mail as the field sends it (tests/data/field/, made like the mail
# other abuse tools got wrong): mbox files with unquoted From lines in a
# body, an mbox envelope line before a single mail's headers, customers
# files as spreadsheets save them, timestamps with offsets.
source "$(dirname "$0")/lib.sh"
FIELD=$SRC/tests/data/field
# fresh_db: every case starts from an empty database with the sample customers
fresh_db() {
  rm -f "$T"/db.sqlite*
  init_db
  cb customers import "${1:-$SRC/samples/customers.csv}" 2>/dev/null
}

TEST "an mbox whose body has an unquoted 'From our scans ...' line after a blank line: 2 mails, both verified"
fresh_db
cb ingest "$FIELD/mbox-unquoted-from-line.mbox" 2>"$T/log"
expect_eq "$(sql 'select count(*) from mails')" 2 "two mails, not three"
expect_eq "$(sql "select group_concat(verdict) from (select verdict from mails order by id)")" verified,verified "both verified"
expect_eq "$(sql "select count(*) from events")" 4 "their four rows"

TEST "an envelope line before the headers of a mail piped to ingest -: ticket, service, rows and notices as without it"
fresh_db
log=$(cb ingest - <"$FIELD/leading-from-line.eml" 2>&1)
expect_contains "$log" "verified CB-Report#20240116-10001240 redis: 2 rows, 2 new events, 0 unassigned, 2 notices queued" "the log"
expect_eq "$(sql "select subject from mails")" "[CB-Report#20240116-10001240] Offene Redis-Server in AS64496" "subject stored"
expect_eq "$(sql "select from_addr from mails")" "CERT-Bund Reports <reports@reports.cert-bund.de>" "sender stored"
expect_eq "$(sql "select substr(raw, 1, 5) from mails")" "From:" "stored without the envelope line"
expect_eq "$(sql "select count(*) from outbox")" 2 "two notices"

TEST "the same mail as a saved .eml, in a Maildir and through parse: the same"
sed '1s/^From />From /' "$FIELD/leading-from-line.eml" >"$T/saved.eml"
expect_eq "$(cb parse "$T/saved.eml" | jq -r '[.verdict, .ticket, .service, (.rows | length)] | join(" ")')" \
  "verified CB-Report#20240116-10001240 redis 2" "parse of the quoted form"
expect_eq "$(cb parse "$FIELD/leading-from-line.eml" | jq -r '[.verdict, .ticket, .service, (.rows | length)] | join(" ")')" \
  "verified CB-Report#20240116-10001240 redis 2" "parse of the file as given"
mkdir -p "$T/md/new" "$T/md/cur" "$T/md/tmp"
cp "$FIELD/leading-from-line.eml" "$T/md/new/1.host"
log=$(cb ingest "$T/saved.eml" "$T/md" 2>&1)
expect_eq "$(grep -c 'already stored (parsed)' <<<"$log")" 2 "the same bytes as the piped mail: known again"

TEST "a customers file saved by a spreadsheet in Windows-1252: imported, named, and mailed as UTF-8"
rm -f "$T"/db.sqlite*
init_db
log=$(cb customers import "$FIELD/customers-windows-1252.csv" 2>&1)
expect_contains "$log" "2 customers with 3 networks imported (read as ISO-8859-1, separated by ',')" "the summary names the encoding"
expect_eq "$(sql "select name from customers where id = 'c2001'")" "Müller Bäckerei GmbH" "stored as UTF-8"
cb ingest "$FIELD/report-for-windows-1252-customer.eml" 2>/dev/null
rm -rf "$T/dry-run"
cb notify --dry-run >/dev/null
notice=$(grep -l "abuse@mueller.example" "$T"/dry-run/*.eml | head -n 1)
expect_contains "$(decoded "$notice" | tr "\n" " ")" "(Müller Bäckerei GmbH, Kundennummer c2001)" "the notice names the customer in UTF-8"
expect_eq "$(/usr/bin/python3 -c 'import sys; sys.stdin.buffer.read().decode("utf-8"); print("utf-8")' <"$notice" 2>&1 | tail -n 1)" utf-8 "the whole notice is valid UTF-8"

TEST "the same customers as a German spreadsheet saves them: ';', CRLF, Windows-1252 quotes"
printf 'id;name;email;language;networks\r\nc2001;\x84M\xfcller\x93 B\xe4ckerei GmbH;abuse@mueller.example;de;192.0.2.0/25\r\nc2002;Example Ltd;"security@example.org;noc@example.org";en;198.51.100.0/24 2001:db8:20::/48\r\n' >"$T/semikolon.csv"
log=$(cb customers import "$T/semikolon.csv" 2>&1)
expect_contains "$log" "2 customers with 3 networks imported (read as Windows-1252, separated by ';')" "summary"
expect_eq "$(sql "select name from customers where id = 'c2001'")" "„Müller“ Bäckerei GmbH" "stored as UTF-8"
expect_eq "$(sql "select emails from customers where id = 'c2002'")" "security@example.org;noc@example.org" "the quoted ';' list"

TEST "a customers file with bytes that are no text is refused with file:line and exit 65, the old list kept"
printf 'id,name,email,language,networks\nc9,Bad\x81Name,x@example.org,de,203.0.113.0/24\n' >"$T/bad.csv"
expect_exit 65 "refused" -- cb customers import "$T/bad.csv"
expect_contains "$(cat "$T/err")" "bad.csv:2: byte 0x81" "file:line and the byte"
expect_eq "$(sql "select count(*) from customers where current = 1")" 2 "the old list is kept"

TEST "timestamps with offsets, fractions, Z and UTC: stored as UTC seconds, the report parsed"
fresh_db
log=$(cb ingest "$FIELD/timestamps-with-offsets.eml" 2>&1)
expect_contains "$log" "verified CB-Report#20240115-10001555 redis: 5 rows, 5 new events" "parsed, not held"
ts() { sql "select strftime('%Y-%m-%dT%H:%M:%SZ', timestamp, 'unixepoch') from events where ip = '$1'"; }
expect_eq "$(ts 192.0.2.130)" 2024-01-14T03:12:45Z "Z"
expect_eq "$(ts 192.0.2.131)" 2024-01-14T02:12:45Z "+01:00 is an hour ahead of UTC"
expect_eq "$(ts 192.0.2.132)" 2024-01-14T03:12:45Z ".123Z is UTC, the fraction dropped"
expect_eq "$(ts 192.0.2.133)" 2024-01-14T03:12:45Z "' UTC'"
expect_eq "$(ts 192.0.2.134)" 2024-01-14T03:12:45Z "no zone: UTC"

TEST "a timestamp that cannot be read holds the report, and the problem says what is wrong"
fresh_db
signed_report "$T/ts.eml" CB-Report#20240115-10001556 "Offene Redis-Server" \
  '"64496","192.0.2.140","2024-01-14T03:12:45+0100","6379","7.0"' \
  '"64496","192.0.2.141","2024-01-14 03:12:45 CET","6379","7.0"' \
  '"64496","192.0.2.142","2024-01-14 24:12:45Z","6379","7.0"'
log=$(cb ingest "$T/ts.eml" 2>&1)
expect_contains "$log" "NEEDS REVIEW" "held"
expect_contains "$log" 'row 2: "2024-01-14 03:12:45 CET": "CET" is not a time zone' "the zone named"
expect_contains "$log" 'row 3: "2024-01-14 24:12:45Z": hour 24 is out of range' "the hour named"
expect_not_contains "$log" "row 1" "+0100 is read"

TEST "text after the scope in the subject: scope read, topic without the rest"
fresh_db
report_body "$T/scope.txt" CB-Report#20240115-10001557 "Offene Redis-Server" \
  '"64496","192.0.2.150","2024-01-14 03:12:45","6379","7.0"'
sed -i '1s/$/ (Prüfung)/' "$T/scope.txt"
sign_mail --mode pgp-mime --key trusted "$T/scope.txt" >"$T/scope.eml"
cb ingest "$T/scope.eml" 2>/dev/null
expect_eq "$(sql "select topic || '|' || scope || '|' || service from reports")" "Offene Redis-Server|AS64496|redis" "topic, scope, service"

# forward_as_attachment IN.eml OUT.eml: a colleague's forward (Thunderbird's
# "Forward as Attachment"), with a table of its own in the unsigned text.
forward_as_attachment() {
  /usr/bin/python3 - "$1" "$2" <<'PY'
import email, email.policy, sys
from email.message import EmailMessage
inner = email.message_from_binary_file(open(sys.argv[1], "rb"), policy=email.policy.compat32)
fwd = EmailMessage()
fwd["From"] = "Colleague <colleague@isp.example>"
fwd["To"] = "abuse@isp.example"
fwd["Subject"] = "Fwd: [CB-Report#20240117-10001999] Offene Telnet-Server in AS64496"
fwd.set_content('FYI\n\n"asn","ip","timestamp","port"\n"64496","203.0.113.99","2024-01-16 03:00:00","23"\n')
fwd.add_attachment(inner)
open(sys.argv[2], "wb").write(fwd.as_bytes(policy=email.policy.SMTP))
PY
}

TEST "a signed report forwarded as an attachment: verified as a mail of its own, the carrier's text never read"
fresh_db
signed_report "$T/report.eml" CB-Report#20240117-10001998 "Offene Redis-Server" \
  '"64496","192.0.2.160","2024-01-16 03:12:45","6379","7.0"' \
  '"64496","198.51.100.60","2024-01-16 03:12:45","6379","7.0"'
forward_as_attachment "$T/report.eml" "$T/forward.eml"
log=$(cb ingest - <"$T/forward.eml" 2>&1)
expect_contains "$log" "mail 1 unsigned: kept, not processed (no signature); attached mail 2 verified CB-Report#20240117-10001998 redis: 2 rows, 2 new events, 0 unassigned, 2 notices queued" "the log names both"
expect_eq "$(sql "select count(*) from events where ip = '203.0.113.99'")" 0 "no row from the carrier's text"
expect_eq "$(sql "select count(*) from incidents where service = 'telnet'")" 0 "nor its subject's topic"
expect_eq "$(sql "select count(*) from outbox")" 2 "the report's notices"
expect_contains "$(cb mails show 1)" "attached: mail 2 (each verified on its own)" "the carrier shows what it carried"
expect_contains "$(cb mails show 2)" "came attached to: mail 1" "the report shows its carrier"
expect_contains "$(cb mails show 2)" "verdict:  verified" "and its own verdict"

TEST "the same report sent directly afterwards (the forward has CRLF line ends): nothing twice"
log=$(cb ingest "$T/report.eml" 2>&1)
expect_contains "$log" "mail 3 verified: the signed report of mail 2 again, kept as a duplicate, nothing made of it" \
  "the same signed report: a duplicate"
expect_eq "$(sql "select count(*) from outbox")" 2 "no notice twice"

TEST "a forwarded report that was altered: kept and listed as a bad signature, no events"
fresh_db
sed 's/192\.0\.2\.160/192.0.2.161/' "$T/report.eml" >"$T/altered.eml"
forward_as_attachment "$T/altered.eml" "$T/forward-altered.eml"
log=$(cb ingest "$T/forward-altered.eml" 2>&1)
expect_contains "$log" "attached mail 2 bad_signature" "the attached mail's verdict"
expect_eq "$(sql "select count(*) from events")" 0 "no events"
expect_eq "$(cb mails --status rejected --format csv | tail -n +2 | wc -l)" 2 "both listed"

finish
