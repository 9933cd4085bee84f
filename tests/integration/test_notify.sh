#!/usr/bin/env bash
# Notices over a real SMTP server on 127.0.0.1: each customer gets exactly
# their rows in their language; failures stay queued or fail with the
# reply; nothing is sent twice; report data cannot inject headers.
source "$(dirname "$0")/lib.sh"

cat >"$T/customers.csv" <<'CSV'
id,name,email,language,networks
c1001,Muster Hosting GmbH,abuse@muster.example;noc@muster.example,de,192.0.2.0/24 2001:db8:10::/48
c1002,Example Ltd,security@example.org,en,198.51.100.0/24
c1003,Beispiel AG,it@beispiel.example,de+en,192.0.2.128/26
c1004,Gone Ltd,reject@gone.example,en,203.0.113.0/25
c1005,Half Gone GmbH,reject@half.example;ok@half.example,de,203.0.113.128/26
c1006,Partly Busy AG,ok@part.example;tempfail@part.example,de,203.0.113.192/27
CSV
cb customers import "$T/customers.csv" 2>/dev/null

signed_report "$T/redis.eml" CB-Report#20240115-10001234 "Offene Redis-Server" \
  '"64496","192.0.2.17","2024-01-15 03:00:00","6379","7.0.1"' \
  '"64496","192.0.2.18","2024-01-15 03:05:00","6379","6.2.5"' \
  '"64496","198.51.100.7","2024-01-15 03:10:00","6379","5.0.7"' \
  '"64496","192.0.2.130","2024-01-15 03:15:00","6379","7.2.0"' \
  '"64496","203.0.113.150","2024-01-15 03:20:00","6379","7.2.0"' \
  '"64496","203.0.113.240","2024-01-15 03:25:00","6379","7.2.0"'

TEST "server down: the notices stay queued, notify exits 75"
CERTBUND_NOW=2024-01-15T08:00:00Z cb ingest "$T/redis.eml" 2>/dev/null
expect_eq "$(sql "select count(*) from outbox where status = 'queued'")" 4 "queued: c1001, c1002, c1003, c1005"
expect_exit 75 "notify with the server down" -- env CERTBUND_NOW=2024-01-15T08:00:00Z "$CERTBUND" --config "$T/certbund.toml" notify
expect_eq "$(sql "select count(*) from outbox where status = 'queued' and attempts = 1")" 4 "attempt counted"
expect_contains "$(cb incidents --unassigned)" "203.0.113.240" "the unassigned address is listed"

TEST "the server is back: sent on the next run after the backoff"
port=$(start_sink "$T/sink")
write_config "smtp://127.0.0.1:$port"
CERTBUND_NOW=2024-01-15T08:00:30Z cb notify 2>/dev/null || true
expect_eq "$(ls "$T/sink"/*.eml 2>/dev/null | wc -l)" 0 "nothing before next_try"
CERTBUND_NOW=2024-01-15T09:00:00Z cb notify 2>/dev/null
expect_eq "$(ls "$T/sink"/*.eml | wc -l)" 4 "four notices delivered"

TEST "one refused address of a customer does not silence the others"
expect_eq "$(sink_mail_to "$T/sink" ok@half.example | wc -l)" 1 "delivered to the good address"
expect_eq "$(sql "select status from outbox where customer = 'c1005'")" sent "recorded as sent"
expect_contains "$(sql "select last_reply from outbox where customer = 'c1005'")" "reject@half.example: 550" "the refusal is kept"

TEST "each customer gets exactly their rows"
m1=$(sink_mail_to "$T/sink" abuse@muster.example)
body=$(decoded "$m1")
expect_contains "$body" "192.0.2.17" "c1001 row 1"
expect_contains "$body" "192.0.2.18" "c1001 row 2"
expect_not_contains "$body" "198.51.100.7" "c1002's row"
expect_not_contains "$body" "192.0.2.130" "c1003's row"
expect_contains "$(cat "${m1%.eml}.json")" "noc@muster.example" "both addresses in the envelope"
m2=$(sink_mail_to "$T/sink" security@example.org)
body2=$(decoded "$m2")
expect_contains "$body2" "198.51.100.7" "c1002 row"
expect_not_contains "$body2" "192.0.2.17" "c1001's row in c1002's notice"
m3=$(sink_mail_to "$T/sink" it@beispiel.example)
body3=$(decoded "$m3")
expect_contains "$body3" "192.0.2.130" "c1003 row"
expect_not_contains "$body3" "192.0.2.17" "c1001's row in c1003's notice"

TEST "languages: de, en, de+en with German first"
expect_contains "$body" "Sehr geehrte" "German notice"
expect_not_contains "$body" "Dear " "no English in a de notice"
expect_contains "$body2" "Dear " "English notice"
expect_not_contains "$body2" "Sehr geehrte" "no German in an en notice"
de_at=$(grep -n "Sehr geehrte" <<<"$body3" | head -1 | cut -d: -f1)
en_at=$(grep -n "Dear " <<<"$body3" | head -1 | cut -d: -f1)
[[ -n $de_at && -n $en_at && $de_at -lt $en_at ]] && ok || fail "de+en: German ($de_at) before English ($en_at)"

TEST "the notice is a proper mail: ticket in subject and header, advice for Redis"
head=$(sed '/^\r\?$/q' "$m1")
expect_contains "$head" "Auto-Submitted: auto-generated" "Auto-Submitted"
expect_contains "$head" "CB-Report#20240115-10001234" "ticket in the header"
expect_contains "$head" "Message-ID: <" "Message-ID"
expect_contains "$body" "CB-Report#20240115-10001234" "ticket in the subject"
expect_contains "$body" "protected-mode" "Redis advice"

TEST "rerun sends nothing twice"
CERTBUND_NOW=2024-01-16T09:00:00Z cb notify 2>/dev/null
CERTBUND_NOW=2024-01-16T09:00:00Z cb ingest "$T/redis.eml" 2>/dev/null
CERTBUND_NOW=2024-01-17T09:00:00Z cb notify 2>/dev/null
expect_eq "$(ls "$T/sink"/*.eml | wc -l)" 4 "still four delivered"

TEST "a 550 recipient fails with the server's reply"
signed_report "$T/gone.eml" CB-Report#20240116-10001235 "Offene Redis-Server" \
  '"64496","203.0.113.5","2024-01-16 03:00:00","6379","7.0.1"'
CERTBUND_NOW=2024-01-16T08:00:00Z cb ingest "$T/gone.eml" 2>/dev/null
expect_exit 65 "notify with a notice failed for good" -- env CERTBUND_NOW=2024-01-16T08:00:00Z "$CERTBUND" --config "$T/certbund.toml" notify
expect_contains "$(cat "$T/err")" "1 failed" "the summary counts it"
expect_eq "$(sql "select status from outbox where customer = 'c1004'")" failed "status"
expect_contains "$(cb outbox)" "550" "the reply is shown"

TEST "outbox retry: a failed notice made again for the customer's fixed address"
gone=$(sql "select id from outbox where customer = 'c1004'")
sed 's/reject@gone.example/fixed@gone.example/' "$T/customers.csv" >"$T/customers-fixed.csv"
CERTBUND_NOW=2024-01-16T08:30:00Z cb customers import "$T/customers-fixed.csv" 2>/dev/null
expect_exit 0 "outbox retry" -- env CERTBUND_NOW=2024-01-16T08:30:00Z "$CERTBUND" --config "$T/certbund.toml" outbox retry "$gone"
expect_contains "$(cat "$T/err")" "fixed@gone.example" "says to whom"
CERTBUND_NOW=2024-01-16T08:30:00Z cb notify 2>/dev/null
expect_eq "$(sql "select status from outbox where id = $gone")" sent "sent now"
expect_eq "$(sink_mail_to "$T/sink" fixed@gone.example | wc -l)" 1 "delivered to the fixed address"
expect_exit 66 "retry of a sent notice" -- cb outbox retry "$gone"
expect_exit 66 "show of an unknown notice" -- cb outbox show 9999

TEST "header injection in report fields arrives neutralised"
printf 'Subject: [CB-Report#20240117-10001236] Offene Redis-Server in AS64496\n\nBetroffene Systeme in Ihrem Netzbereich:\n\n"asn","ip","timestamp","port","version"\n"64496","192.0.2.20","2024-01-17 03:00:00","6379","7.0\r\nBcc: victim@evil.example"\n\n' >"$T/inj.txt"
sign_mail --mode pgp-mime --key trusted "$T/inj.txt" >"$T/inj.eml"
CERTBUND_NOW=2024-01-17T08:00:00Z cb ingest "$T/inj.eml" 2>/dev/null
CERTBUND_NOW=2024-01-17T08:00:00Z cb notify 2>/dev/null || true
m4=$(ls -t "$T/sink"/*.eml | head -1)
expect_not_contains "$(sed '/^\r\?$/q' "$m4")" "Bcc:" "no Bcc header"
expect_not_contains "$(cat "${m4%.eml}.json")" "victim@evil.example" "not in the envelope"
# An RFC 2047 word can carry CR LF into the decoded topic, which goes into
# the notice's Subject.
printf 'Subject: [CB-Report#20240117-10001238] =?utf-8?q?Offene_Redis-Server=0D=0ABcc=3A_victim2=40evil.example?= in AS64496\n\nBetroffene Systeme in Ihrem Netzbereich:\n\n"asn","ip","timestamp","port","version"\n"64496","192.0.2.22","2024-01-17 04:00:00","6379","7.0"\n\n' >"$T/inj2.txt"
sign_mail --mode pgp-mime --key trusted "$T/inj2.txt" >"$T/inj2.eml"
CERTBUND_NOW=2024-01-17T09:00:00Z cb ingest "$T/inj2.eml" 2>/dev/null
CERTBUND_NOW=2024-01-17T09:00:00Z cb notify 2>/dev/null || true
m5=$(ls -t "$T/sink"/*.eml | head -1)
expect_not_contains "$(sed '/^\r\?$/q' "$m5" | grep -i '^bcc')" "victim2" "no Bcc header from an encoded subject"
expect_not_contains "$(cat "${m5%.eml}.json")" "victim2@evil.example" "not in the envelope either"

TEST "notify --dry-run writes .eml files and sends nothing"
signed_report "$T/dry.eml" CB-Report#20240118-10001237 "Offene Memcached-Server" \
  '"64496","192.0.2.21","2024-01-18 03:00:00","11211","1.4.17"'
CERTBUND_NOW=2024-01-18T08:00:00Z cb ingest "$T/dry.eml" 2>/dev/null
before=$(ls "$T/sink"/*.eml | wc -l)
cb notify --dry-run >/dev/null
expect_eq "$(ls "$T/dry-run"/*.eml | wc -l)" 1 "one .eml written"
expect_eq "$(ls "$T/sink"/*.eml | wc -l)" "$before" "nothing sent"
expect_eq "$(sql "select count(*) from outbox where status = 'queued'")" 1 "still queued"

TEST "STARTTLS required with a self-signed certificate"
openssl req -x509 -newkey rsa:2048 -nodes -keyout "$T/key.pem" -out "$T/cert.pem" -days 2 \
  -subj /CN=127.0.0.1 -addext "subjectAltName=IP:127.0.0.1,DNS:localhost" 2>/dev/null
tport=$(start_sink "$T/tls-sink" --tls-cert "$T/cert.pem" --tls-key "$T/key.pem" --require-starttls)
write_config "smtp://127.0.0.1:$tport" ""
sed -i "s|^from = .*|&\nstarttls = \"required\"\nca_file = \"$T/cert.pem\"|" "$T/certbund.toml"
CERTBUND_NOW=2024-01-18T09:00:00Z cb notify 2>/dev/null
expect_eq "$(ls "$T/tls-sink"/*.json | wc -l)" 1 "delivered over TLS"
expect_contains "$(cat "$T/tls-sink"/*.json)" '"tls": true' "the sink saw TLS"

TEST "an address refused for now waits alone; the one that took it is not sent again"
signed_report "$T/part.eml" CB-Report#20240119-10001239 "Offene Redis-Server" \
  '"64496","203.0.113.200","2024-01-19 03:00:00","6379","7.0.1"'
CERTBUND_NOW=2024-01-19T08:00:00Z cb ingest "$T/part.eml" 2>/dev/null
part=$(sql "select id from outbox where customer = 'c1006'")
write_config "smtp://127.0.0.1:$port"
expect_exit 75 "notify with an address waiting" -- env CERTBUND_NOW=2024-01-19T08:00:00Z "$CERTBUND" --config "$T/certbund.toml" notify
expect_contains "$(cat "$T/err")" "1 waiting to retry (next at 2024-01-19T08:01:00Z)" "the summary names the next try"
expect_eq "$(sql "select status from outbox where id = $part")" queued "the notice waits"
expect_eq "$(sql "select address || ' ' || status from outbox_recipients where outbox_id = $part order by position" | tr '\n' ,)" \
  "ok@part.example sent,tempfail@part.example queued," "each address's state"
expect_exit 75 "notify --now, the address still refused" -- env CERTBUND_NOW=2024-01-19T08:00:10Z "$CERTBUND" --config "$T/certbund.toml" notify --now
expect_eq "$(sql "select attempts from outbox_recipients where outbox_id = $part and address = 'tempfail@part.example'")" 2 "--now tried it again before the backoff"
expect_eq "$(grep -l '"ok@part.example"' "$T/sink"/*.json | wc -l)" 1 "the address that took it got it once"
shown=$(cb outbox show "$part")
expect_contains "$shown" "tempfail@part.example" "outbox show lists the addresses"
expect_contains "$shown" "451" "with the refusal"
expect_contains "$shown" "Message-ID: <" "and the headers"
expect_eq "$(cb outbox show "$part" --format json | jq -r '.recipients[1].status')" queued "outbox show as JSON"
expect_exit 0 "outbox cancel" -- cb outbox cancel "$part" --note "phoned them" --by desk
expect_eq "$(sql "select status from outbox where id = $part")" cancelled "cancelled"
expect_contains "$(sql "select note from outbox where id = $part")" "desk: phoned them" "who and why"

finish
