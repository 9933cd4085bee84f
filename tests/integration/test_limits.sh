#!/usr/bin/env bash
# Limits (issue 9, item 4): a mail too large, a header too long, too many
# rows: each kept whole and listed with its reason, never a crash or a
# silent drop; a customer's long list goes in a CSV attachment.
source "$(dirname "$0")/lib.sh"

fresh_db() {
  rm -f "$T/db.sqlite" "$T/db.sqlite-wal" "$T/db.sqlite-shm"
  init_db
  cb customers import "$SRC/samples/customers.csv" 2>/dev/null
}
fresh_db
export CERTBUND_NOW=2024-01-15T08:00:00Z

TEST "a 3.5 MB Subject: stored whole, rejected with the reason, exit 0"
/usr/bin/python3 - "$T/long-subject.eml" <<'PY'
import sys
with open(sys.argv[1], "w") as f:
    f.write("From: someone@example.org\nSubject: [CB-Report#20240110-10000001] " + "A" * 3500000 +
            "\nMessage-Id: <long@example.org>\n\nhello\n")
PY
expect_exit 0 "ingest of the long Subject" -- cb ingest - <"$T/long-subject.eml"
expect_contains "$(cat "$T/err")" "limits.max_header_bytes" "the reason is said"
expect_eq "$(sql "select status, verdict from mails where message_id = '<long@example.org>'")" "rejected|unsigned" \
  "kept as rejected"
expect_eq "$(sql "select size from mails where message_id = '<long@example.org>'")" "$(stat -c %s "$T/long-subject.eml")" \
  "stored whole"
expect_contains "$(sql "select detail from mails where message_id = '<long@example.org>'")" \
  "a header field Subject of 3500" "the reason is kept"

TEST "a mail over limits.max_mail_bytes: stored whole, not verified, rejected with the reason"
signed_report "$T/big.eml" "CB-Report#20240111-10000002" "Offene Memcached-Server" \
  '"64496","192.0.2.7","2024-01-11 03:00:00","11211","1.4.7"'
fresh_db
write_config "" $'[limits]\nmax_mail_bytes = 1024'
expect_exit 0 "ingest of a mail over the limit" -- cb ingest "$T/big.eml"
expect_eq "$(sql "select status from mails where subject like '%10000002%'")" rejected "rejected"
expect_contains "$(sql "select detail from mails where subject like '%10000002%'")" \
  "more than limits.max_mail_bytes (1024): not read" "the reason is kept"
expect_eq "$(sql "select count(*) from events")" 0 "no events"
write_config

TEST "a report over limits.max_rows: held for review with the reason, no events, no notices"
signed_report "$T/rows.eml" "CB-Report#20240112-10000003" "Offene Memcached-Server" \
  '"64496","192.0.2.8","2024-01-12 03:00:00","11211","1.4.8"' \
  '"64496","192.0.2.9","2024-01-12 03:00:00","11211","1.4.9"' \
  '"64496","192.0.2.10","2024-01-12 03:00:00","11211","1.4.10"'
fresh_db
write_config "" $'[limits]\nmax_rows = 2'
expect_exit 0 "ingest of a long report" -- cb ingest "$T/rows.eml"
expect_eq "$(sql "select status from mails where subject like '%10000003%'")" needs_review "held for review"
expect_contains "$(sql "select problems from reports")" "3 rows, more than limits.max_rows (2)" "the reason is kept"
expect_eq "$(sql "select count(*) from events"):$(sql "select count(*) from outbox")" "0:0" "no events, no notices"
write_config

TEST "4000 rows for one customer: a small notice, every row in its CSV attachment, through the SMTP sink"
rows=()
for i in $(seq 1 4000); do rows+=("\"64496\",\"2001:db8:10::$(printf '%x' "$i")\",\"2024-01-13 03:00:00\",\"11211\",\"1.4.$i\""); done
signed_report "$T/many.eml" "CB-Report#20240113-10000004" "Offene Memcached-Server" "${rows[@]}"
port=$(start_sink "$T/sink")
fresh_db
write_config "smtp://127.0.0.1:$port"
cb ingest "$T/many.eml" 2>/dev/null
expect_eq "$(sql "select count(*) from outbox")" 1 "one notice"
cb notify 2>/dev/null
eml=$(sink_mail_to "$T/sink" abuse@muster.example)
[[ -n $eml ]] || fail "the notice did not arrive"
size=$(stat -c %s "$eml")
((size < 600000)) && ok || fail "the notice has $size bytes"
/usr/bin/python3 - "$eml" >"$T/parts" <<'PY'
import csv, email, email.policy, io, sys
m = email.message_from_binary_file(open(sys.argv[1], "rb"), policy=email.policy.default)
print("top", m.get_content_type())
for part in m.iter_parts():
    print("part", part.get_content_type(), part.get_filename() or "-")
    if part.get_content_type() == "text/csv":
        raw = part.get_payload(decode=True)
        rows = list(csv.reader(io.StringIO(raw.decode("utf-8"), newline="")))
        print("header", ",".join(rows[0]))
        print("rows", len(rows) - 1, "distinct", len({r[1] for r in rows[1:]}))
    else:
        text = part.get_content()
        print("inline", sum(1 for line in text.splitlines() if line.startswith("  2001:db8:10::")))
PY
parts=$(cat "$T/parts")
expect_contains "$parts" "top multipart/mixed" "multipart/mixed"
expect_contains "$parts" "part text/csv certbund-CB-Report-20240113-10000004.csv" "the CSV attachment"
expect_contains "$parts" "header asn,ip,port,timestamp,version" "its header line"
expect_contains "$parts" "rows 4000 distinct 4000" "every row in the CSV"
expect_contains "$parts" "inline 500" "500 rows inline"

finish
