#!/usr/bin/env bash
# certbund poll from an IMAP mailbox on a real dovecot on 127.0.0.1: every
# unseen mail is stored with its verdict and marked \Seen on the server
# only once it is stored; a mail that could not be stored stays unseen; a
# second poll finds nothing new; a denied login is a temporary failure
# that never shows the password.
command -v dovecot >/dev/null || { echo "skip: dovecot missing (apt-get install dovecot-imapd)"; exit 125; }
source "$(dirname "$0")/lib.sh"

PASS='s3cret-pw'
IMAP=$T/imap
PORT=$(/usr/bin/python3 -c 'import socket; s = socket.socket(); s.bind(("127.0.0.1", 0)); print(s.getsockname()[1])')
MAILDIR=$IMAP/home/alice/Maildir

trap 'dovecot -c "$IMAP/dovecot.conf" stop 2>/dev/null || true; cleanup' EXIT
# dovecot's own users must reach its sockets and the Maildir below $T.
chmod 711 "$T"
"$SRC/tests/tools/dovecot-start" "$IMAP" "$PORT" alice "$PASS"

# deliver MAIL...: into the Maildir's new/, owned by the user dovecot runs as
deliver() {
  cp "$@" "$MAILDIR/new/"
  chown -R nobody:nogroup "$MAILDIR"
}
seen_count() { find "$MAILDIR/cur" "$MAILDIR/new" -type f -name '*:2,*S*' | wc -l; }

echo "$PASS" >"$T/imap.pw"
URL="imap://alice@127.0.0.1:$PORT/INBOX"
# imap_config PASSWORD_FILE: the config with the IMAP mailbox
imap_config() {
  write_config "" "[[mailbox]]
url = \"$URL\"
password_file = \"$1\""
}
imap_config imap.pw
cb incidents >/dev/null  # creates the database
deliver "$SAMPLES"/{cbreport-redis-inline,legacy-memcached,tampered-redis}.eml

TEST "a mail that cannot be stored stays unseen on the server"
sed -i 's|^path = "db.sqlite"$|&\nbusy_timeout_ms = 200|' "$T/certbund.toml"
# Another writer holds the database, so the first mail fetched is not stored.
/usr/bin/python3 -c '
import sqlite3, sys, time
db = sqlite3.connect(sys.argv[1], isolation_level=None)
db.execute("BEGIN EXCLUSIVE")
print("locked", flush=True)
time.sleep(60)' "$T/db.sqlite" >"$T/lock.out" 2>&1 &
LOCK_PID=$!
for _ in $(seq 50); do [[ -s $T/lock.out ]] && break; sleep 0.1; done
expect_eq "$(cat "$T/lock.out")" locked "the database is locked"
rc=0
cb poll >"$T/out" 2>"$T/err" || rc=$?
kill "$LOCK_PID" && wait "$LOCK_PID" 2>/dev/null || true
if [[ $rc -ne 0 ]]; then ok; else fail "poll with a locked database succeeded"; fi
expect_eq "$(sql 'select count(*) from mails')" 0 "nothing stored"
expect_eq "$(seen_count)" 0 "no mail marked seen"
imap_config imap.pw

TEST "poll stores every unseen mail with its verdict"
cb poll -v 2>"$T/log1"
expect_eq "$(grep -c ': mail ' "$T/log1")" 3 "-v: one log line per mail"
expect_contains "$(tail -n 1 "$T/log1")" "$URL: 3 mails: 2 verified, 1 not verified (kept)" "and the mailbox's summary"
expect_eq "$(sql "select origin, verdict from mails order by origin")" \
  "$URL;UID=1|verified
$URL;UID=2|verified
$URL;UID=3|bad_signature" "origins and verdicts"
expect_not_contains "$(sql 'select origin from mails')" "$PASS" "no password in an origin"

TEST "events only from the verified mails"
expect_eq "$(sql "select count(*) from events")" 5 "3 redis and 2 memcached rows"
expect_eq "$(sql "select count(*) from events e join mails m on m.id = e.mail_id where m.verdict != 'verified'")" 0 \
  "no event from the tampered mail"
expect_eq "$(sql "select count(*) from events where ip = '198.51.100.8'")" 0 "no event for a row only the tampered mail has"

TEST "the mail is kept as the server sent it"
id=$(sql "select id from mails where origin = '$URL;UID=1'")
expect_eq "$(cb mails show "$id" --raw | sha256sum)" \
  "$(sed 's/$/\r/' "$SAMPLES/cbreport-redis-inline.eml" | sha256sum)" "the server's bytes (CRLF line ends)"

TEST "every stored mail is \\Seen on the server"
expect_eq "$(seen_count)" 3 "three files with the S flag"
expect_eq "$(ls "$MAILDIR/new" | wc -l)" 0 "nothing left in new/"

TEST "a second poll finds nothing new"
cb poll 2>"$T/log2"
expect_eq "$(cat "$T/log2")" "certbund: $URL: nothing new" "no mail read: one line"
expect_eq "$(sql 'select count(*) from mails')" 3 "still three mails"

TEST "a mail that arrives later is read on the next poll, alone"
deliver "$SAMPLES/unsigned-mongodb.eml"
cb poll -v 2>"$T/log3"
expect_eq "$(grep -c ': mail ' "$T/log3")" 1 "one mail read"
expect_eq "$(sql "select verdict from mails where origin = '$URL;UID=4'")" unsigned "stored with its verdict"
expect_eq "$(seen_count)" 4 "and marked seen"

TEST "an IMAP mailbox without a readable password_file is a config error"
imap_config missing.pw
expect_exit 78 "password_file missing" -- cb poll
expect_contains "$(cat "$T/err")" "missing.pw" "names the file"
imap_config imap.pw

# Last: after a failed login dovecot delays the next ones from this address.
TEST "a wrong password: exit 75, one line naming the URL, never the password"
echo "wrong-$PASS" >"$T/imap.pw"
expect_exit 75 "login denied" -- cb poll
expect_eq "$(wc -l <"$T/err")" 1 "one line"
expect_contains "$(cat "$T/err")" "$URL" "names the URL"
expect_not_contains "$(cat "$T/err")" "$PASS" "no password"

finish
