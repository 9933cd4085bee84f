#!/usr/bin/env bash
# The command line's contract: exit codes of sysexits.h and one-line
# errors that say what and where.
source "$(dirname "$0")/lib.sh"

TEST "--help explains the commands and the exit codes"
out=$("$CERTBUND" --help)
expect_contains "$out" "ingest" "help lists ingest"
expect_contains "$out" "75 temporary failure" "help lists exit codes"

TEST "usage errors exit 64"
expect_exit 64 "unknown command" -- "$CERTBUND" frobnicate
expect_exit 64 "unknown option" -- cb incidents --frob
expect_exit 64 "bad --ip" -- cb incidents --ip 300.1.1.1
expect_contains "$(cat "$T/err")" '"300.1.1.1"' "the bad value is named"

TEST "a missing input exits 66 and names it"
expect_exit 66 "missing mail" -- cb ingest "$T/nonexistent.eml"
expect_contains "$(cat "$T/err")" "nonexistent.eml" "path in the error"
expect_eq "$(wc -l <"$T/err")" 1 "one line"

TEST "a broken config exits 78 with file and line"
printf '[database]\npath = \n' >"$T/bad.toml"
expect_exit 78 "broken config" -- "$CERTBUND" --config "$T/bad.toml" incidents
expect_contains "$(cat "$T/err")" "bad.toml:2" "file:line"
expect_exit 78 "missing config" -- "$CERTBUND" --config "$T/none.toml" incidents

TEST "a customers CSV with a broken line exits 65 with file:line and changes nothing"
cb customers import "$SRC/samples/customers.csv" 2>/dev/null
printf 'id,name,email,language,networks\nc1,A,a@example.org,de,192.0.2.0/24\nc2,B,b@example.org,de,10.0.0.0/33\n' >"$T/customers.csv"
expect_exit 65 "bad customers" -- cb customers import "$T/customers.csv"
expect_contains "$(cat "$T/err")" "customers.csv:3" "file:line"
expect_contains "$(cat "$T/err")" "10.0.0.0/33" "the bad value"
expect_eq "$(cb customers list --format csv | tail -n +2 | wc -l)" 3 "the old list is kept"

TEST "customers lookup: the most specific network wins"
expect_contains "$(cb customers lookup 192.0.2.130)" "c1003" "192.0.2.130"
expect_contains "$(cb customers lookup 192.0.2.17)" "c1001" "192.0.2.17"
expect_contains "$(cb customers lookup 2001:db8:10::5)" "c1001" "IPv6"
expect_contains "$(cb customers lookup 203.0.113.9)" "unassigned" "nobody's"

TEST "a locked database is a temporary failure (75)"
cb incidents >/dev/null
/usr/bin/python3 - "$T/db.sqlite" <<'PY' &
import sqlite3, sys, time
db = sqlite3.connect(sys.argv[1], isolation_level=None)
db.execute("BEGIN EXCLUSIVE")
time.sleep(4)
PY
locker=$!
sleep 1
write_config "smtp://127.0.0.1:9" ""
sed -i 's/^path = "db.sqlite"/path = "db.sqlite"\nbusy_timeout_ms = 500/' "$T/certbund.toml"
expect_exit 75 "locked database" -- cb ingest "$SAMPLES/legacy-memcached.eml"
wait $locker
write_config

finish
