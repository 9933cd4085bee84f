#!/usr/bin/env bash
# The templates built into the binary: a config without templates.dir
# sends notices; templates.dir overrides one file and keeps the rest.
source "$(dirname "$0")/lib.sh"

port=$(start_sink "$T/sink")
write_config "smtp://127.0.0.1:$port"
sed -i '/^\[templates\]$/,+1d' "$T/certbund.toml"
printf 'id,name,email,language,networks\nc1,Muster GmbH,abuse@muster.example,de+en,192.0.2.0/24\n' >"$T/customers.csv"
cb customers import "$T/customers.csv" 2>/dev/null

TEST "no templates.dir: the notice comes from the built-in templates"
expect_not_contains "$(cat "$T/certbund.toml")" "templates" "the config names no templates"
signed_report "$T/redis.eml" CB-Report#20240115-10001234 "Offene Redis-Server" \
  '"64496","192.0.2.17","2024-01-15 03:00:00","6379","7.0.1"'
(cd / && CERTBUND_NOW=2024-01-15T08:00:00Z cb ingest "$T/redis.eml" 2>/dev/null)
(cd / && CERTBUND_NOW=2024-01-15T08:00:00Z cb notify >/dev/null 2>&1) || fail "notify"
mail=$(sink_mail_to "$T/sink" abuse@muster.example)
body=$(decoded "$mail")
expect_contains "$body" "192.0.2.17" "the customer's row"
expect_contains "$body" "Redis" "the service's advice"
expect_contains "$body" "English version below" "both languages"

TEST "templates.dir with one file: that file changes, the rest stays built-in"
mkdir -p "$T/tpl/en/exposure"
echo "OUR OWN REDIS ADVICE" >"$T/tpl/en/exposure/redis.mustache"
printf '[templates]\ndir = "tpl"\n' >>"$T/certbund.toml"
signed_report "$T/redis2.eml" CB-Report#20240116-10001235 "Offene Redis-Server" \
  '"64496","192.0.2.18","2024-01-16 03:00:00","6379","7.0.1"'
CERTBUND_NOW=2024-01-16T08:00:00Z cb ingest "$T/redis2.eml" 2>/dev/null
CERTBUND_NOW=2024-01-16T08:00:00Z cb notify >/dev/null 2>&1 || fail "notify with an override"
body2=$(decoded "$(grep -l 192.0.2.18 "$T/sink"/*.eml | head -1)")
expect_contains "$body2" "OUR OWN REDIS ADVICE" "the override"
expect_contains "$body2" "192.0.2.18" "the built-in frame still lists the row"
german=${body2%%OUR OWN REDIS ADVICE*}
expect_contains "$german" "Redis" "the German advice stays built-in"

finish
