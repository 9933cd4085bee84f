#!/usr/bin/env bash
# The MTA contract of `certbund ingest -` (one mail on stdin, as Postfix,
# Exim, procmail or maildrop deliver it): every failure that is not the
# mail's fault exits 75 (EX_TEMPFAIL), so the MTA keeps the mail and
# retries; never another code, which would bounce the report back to
# CERT-Bund. Once the mail is stored, nothing after it fails the delivery.
# Only `certbund init` creates the database.
source "$(dirname "$0")/lib.sh"

MAIL=$SAMPLES/cbreport-redis-inline.eml
cb customers import "$SRC/samples/customers.csv" 2>/dev/null
# pipe CONFIG [ARGS...]: `certbund --config CONFIG ingest - ARGS` with the mail on stdin, as an MTA runs it
pipe() {
  local config=$1
  shift
  "$CERTBUND" --config "$config" ingest - "$@" <"$MAIL"
}
stored() { sql "select count(*) from mails"; }

TEST "a missing config: 75, not 78"
expect_exit 75 "missing config" -- pipe "$T/none.toml"
expect_contains "$(cat "$T/err")" "none.toml" "names the file"
expect_eq "$(wc -l <"$T/err")" 1 "one line"

TEST "a config with a typo: 75, with its line"
sed 's/^trusted_fingerprints/trusted_fingerprint/' "$T/certbund.toml" >"$T/typo.toml"
expect_exit 75 "config typo" -- pipe "$T/typo.toml"
expect_contains "$(cat "$T/err")" "typo.toml:" "file:line"
expect_eq "$(stored)" 0 "nothing stored"

TEST "a typo in the MTA's command line: 75, not 64"
expect_exit 75 "unknown option" -- pipe "$T/certbund.toml" --bogus
expect_exit 64 "the same typo at a terminal with a file is a usage error" -- cb ingest "$MAIL" --bogus

TEST "a missing database: 75 for ingest -, 78 elsewhere, with one line saying to run init; nothing created"
mv "$T/db.sqlite" "$T/kept.sqlite"
expect_exit 75 "missing database" -- pipe "$T/certbund.toml"
expect_contains "$(cat "$T/err")" "$T/db.sqlite" "names the path"
expect_contains "$(cat "$T/err")" "certbund init" "says to run init"
expect_eq "$(wc -l <"$T/err")" 1 "one line"
[[ ! -e $T/db.sqlite ]] && ok || fail "ingest - created a database"
expect_exit 78 "ingest FILE" -- cb ingest "$MAIL"
expect_exit 78 "incidents" -- cb incidents
expect_contains "$(cat "$T/err")" "certbund init" "incidents says to run init"
expect_exit 78 "notify" -- cb notify
[[ ! -e $T/db.sqlite ]] && ok || fail "a command other than init created a database"
mv "$T/kept.sqlite" "$T/db.sqlite"

TEST "a database folder that does not exist: 75, nothing made"
sed 's|^path = "db.sqlite"|path = "nowhere/db.sqlite"|' "$T/certbund.toml" >"$T/nowhere.toml"
expect_exit 75 "no database folder" -- pipe "$T/nowhere.toml"
[[ ! -e $T/nowhere ]] && ok || fail "the folder was made"

TEST "a locked database: 75"
/usr/bin/python3 - "$T/db.sqlite" <<'PY' &
import sqlite3, sys, time
db = sqlite3.connect(sys.argv[1], isolation_level=None)
db.execute("BEGIN EXCLUSIVE")
time.sleep(4)
PY
locker=$!
sleep 1
sed 's/^path = "db.sqlite"/path = "db.sqlite"\nbusy_timeout_ms = 300/' "$T/certbund.toml" >"$T/short.toml"
expect_exit 75 "locked" -- pipe "$T/short.toml"
wait $locker

TEST "a templates.dir that is not there: 75, and after the fix the mail is stored once, notices and all"
sed "s|^dir = .*|dir = \"$T/no-templates\"|" "$T/certbund.toml" >"$T/notemplates.toml"
expect_exit 75 "missing templates" -- env CERTBUND_NOW=2024-01-15T08:00:00Z "$CERTBUND" --config "$T/notemplates.toml" ingest - <"$MAIL"
expect_contains "$(cat "$T/err")" "no-templates" "names the folder"
expect_eq "$(sql "select count(*) from events")" 0 "no events yet"
# The report waits as a pending mail that fails again; a mail that needs
# no template still gets in.
expect_exit 0 "an unsigned mail meanwhile" -- "$CERTBUND" --config "$T/notemplates.toml" ingest - \
  <"$SAMPLES/unsigned-mongodb.eml"
expect_contains "$(cat "$T/err")" "pending mails left for the next run" "the pending one is logged"
expect_exit 0 "the retry after the fix" -- env CERTBUND_NOW=2024-01-15T08:00:00Z "$CERTBUND" --config "$T/certbund.toml" ingest - <"$MAIL"
expect_eq "$(stored)" 2 "the report stored once, and the unsigned mail"
expect_eq "$(sql "select status from mails where subject like '%20240115-10001234%'")" parsed "parsed"
expect_eq "$(sql "select count(*) from outbox")" 3 "its notices queued"

TEST "a file-size limit (ulimit -f): 75 with a write error, not death by SIGXFSZ"
sql "delete from outbox; delete from events; delete from incidents; delete from reports; delete from mails;" 2>/dev/null ||
  { rm -f "$T"/db.sqlite*; init_db; }
rows=()
for i in $(seq 1 1500); do rows+=("\"64496\",\"192.0.2.$((i % 250 + 1))\",\"2024-01-15 03:00:00\",\"$((1000 + i))\",\"7.0\""); done
signed_report "$T/big.eml" CB-Report#20240115-10009999 "Offene Redis-Server" "${rows[@]}"
rc=0
(ulimit -f 16 && exec "$CERTBUND" --config "$T/certbund.toml" ingest - <"$T/big.eml") \
  >"$T/out" 2>"$T/err" || rc=$?
expect_eq "$rc" 75 "exit code (153 would be SIGXFSZ): $(cat "$T/err")"
expect_eq "$(wc -l <"$T/err")" 1 "one line: $(cat "$T/err")"

TEST "a database this user cannot write (the pipe runs as nobody): 75, nothing lost"
if [[ $EUID -ne 0 ]]; then
  echo "   (skipped: needs root for runuser)"
else
  share_with_other_users
  chmod -R a+rX "$T/gnupg"
  chmod 644 "$T/certbund.toml"
  rc=0
  runuser -u nobody -- "$CERTBUND" --config "$T/certbund.toml" ingest - <"$MAIL" >"$T/out" 2>"$T/err" || rc=$?
  expect_eq "$rc" 75 "read-only database: $(cat "$T/err")"
  expect_eq "$(wc -l <"$T/err")" 1 "one line"
fi

TEST "a desk member in the database's group lists incidents read-only; writing is refused"
if [[ $EUID -ne 0 ]]; then
  echo "   (skipped: needs root for runuser)"
else
  share_with_other_users
  chmod -R a+rX "$T/gnupg"
  mkdir -m 750 "$T/desk"
  sed 's|^path = "db.sqlite"|path = "desk/var/db.sqlite"|' "$T/certbund.toml" >"$T/desk.toml"
  chmod 644 "$T/desk.toml"
  "$CERTBUND" --config "$T/desk.toml" init >/dev/null
  "$CERTBUND" --config "$T/desk.toml" ingest - <"$MAIL" 2>/dev/null
  expect_eq "$(stat -c '%a' "$T/desk/var") $(stat -c '%a' "$T/desk/var/db.sqlite")" "750 640" "modes made by init"
  chgrp -R nogroup "$T/desk"  # nobody's group: a desk member with read access only
  expect_exit 0 "incidents as a group member" -- runuser -u nobody -- "$CERTBUND" --config "$T/desk.toml" incidents
  expect_exit 0 "mails as a group member" -- runuser -u nobody -- "$CERTBUND" --config "$T/desk.toml" mails
  expect_contains "$(cat "$T/out")" "CB-Report" "the stored mail listed"
  expect_exit 78 "a write as a group member" -- runuser -u nobody -- "$CERTBUND" --config "$T/desk.toml" incidents note 1 x
  expect_contains "$(cat "$T/err")" "not writable by this user" "says why"
fi

TEST "a stored mail is never failed by what follows: on_ingest with the relay down exits 0, the notice queued"
rm -f "$T"/db.sqlite*
init_db
cb customers import "$SRC/samples/customers.csv" 2>/dev/null
write_config "smtp://127.0.0.1:9" "on_ingest = true"
expect_exit 0 "relay down" -- env CERTBUND_NOW=2024-01-15T08:00:00Z "$CERTBUND" --config "$T/certbund.toml" ingest - <"$MAIL"
expect_eq "$(sql "select count(*) from mails")" 1 "stored"
expect_eq "$(sql "select count(*) from outbox where status = 'queued'")" 3 "the notices wait in the outbox"
write_config

finish
