#!/usr/bin/env bash
# certbund poll scales with what is new: one poll at a time (a lock beside
# the database), a Maildir poll reads new/ and the unflagged cur/ mails, an
# mbox poll skips the prefix it processed (and starts over when the file
# was rewritten), one summary line per mailbox (-v: one per mail), and an
# imaps:// mailbox is checked with the TLS settings SMTP has.
source "$(dirname "$0")/lib.sh"

N=2000
MBOX=$T/reports.mbox
MAILDIR=$T/Maildir

# many_mails KIND DIR_OR_FILE FIRST COUNT: unsigned mails (kept, not
# verified) into an mbox or a Maildir's new/
many_mails() {
  /usr/bin/python3 - "$@" <<'PY'
import os, sys
kind, where, first, count = sys.argv[1], sys.argv[2], int(sys.argv[3]), int(sys.argv[4])
def mail(n):
    return ("Subject: scan report %d\nFrom: someone@example.org\nMessage-ID: <%d@example.org>\n\n"
            "Nothing signed here, number %d.\n" % (n, n, n))
if kind == "mbox":
    with open(where, "a") as f:
        for n in range(first, first + count):
            f.write("From someone@example.org Tue Jan 16 06:00:00 2024\n" + mail(n) + "\n")
else:
    os.makedirs(os.path.join(where, "new"), exist_ok=True)
    for d in ("cur", "tmp"):
        os.makedirs(os.path.join(where, d), exist_ok=True)
    for n in range(first, first + count):
        with open(os.path.join(where, "new", "%d.test" % n), "w") as f:
            f.write(mail(n))
PY
}

mailbox_config() {
  local boxes=""
  for box in "$@"; do boxes+=$'[[mailbox]]\npath = "'"$box"$'"\n'; done
  write_config "" "$boxes"
}
lines() { grep -c . "$1" || true; }

many_mails mbox "$MBOX" 1 "$N"
many_mails maildir "$MAILDIR" 100001 "$N"
mailbox_config "$MBOX" "$MAILDIR"

TEST "the first poll stores every mail and ends with one summary line per mailbox"
cb poll 2>"$T/first.err"
expect_eq "$(sql 'select count(*) from mails')" $((2 * N)) "mails stored"
expect_eq "$(grep -vc ': mail ' "$T/first.err")" 2 "summary lines"
expect_contains "$(grep -v ': mail ' "$T/first.err" | head -n 1)" "$MBOX: $N mails: 0 verified, $N not verified (kept)" "mbox summary"
expect_contains "$(grep -v ': mail ' "$T/first.err" | tail -n 1)" "$MAILDIR: $N mails: 0 verified, $N not verified (kept)" "Maildir summary"
expect_eq "$(find "$MAILDIR/cur" -name '*:2,S' | wc -l)" "$N" "Maildir mails flagged S"

TEST "an unchanged mbox and Maildir: no mail read again, one line each"
start=$(date +%s%N)
cb poll 2>"$T/again.err"
elapsed_ms=$(( ($(date +%s%N) - start) / 1000000 ))
echo "   (poll of an unchanged $N-mail mbox and $N-mail Maildir: ${elapsed_ms} ms)"
expect_eq "$(cat "$T/again.err")" "certbund: $MBOX: nothing new
certbund: $MAILDIR: nothing new" "the whole output"
expect_eq "$(sql 'select count(*) from mails')" $((2 * N)) "mails stored"

TEST "appended mails and new Maildir mails are read, and only they"
many_mails mbox "$MBOX" $((N + 1)) 3
cp "$SAMPLES/cbreport-redis-inline.eml" "$MAILDIR/new/verified.eml"
cp "$SAMPLES/unsigned-mongodb.eml" "$MAILDIR/cur/1.unread:2,F"
cb poll -v 2>"$T/appended.err"
expect_eq "$(grep -c "$MBOX:" "$T/appended.err")" 4 "-v: one line per new mbox mail and the summary"
expect_contains "$(cat "$T/appended.err")" "$MBOX:$((N + 3)): mail" "numbered on after the processed prefix"
expect_contains "$(cat "$T/appended.err")" "$MBOX: 3 mails: 0 verified, 3 not verified (kept), 0 need review, 0 already stored" "mbox summary"
expect_contains "$(cat "$T/appended.err")" "$MAILDIR: 2 mails: 1 verified, 1 not verified (kept), 0 need review, 0 already stored" "Maildir summary"
expect_eq "$(sql 'select count(*) from mails')" $((2 * N + 5)) "mails stored"

TEST "without -v a verified mail gives no line of its own"
cp "$SAMPLES/legacy-memcached.eml" "$MAILDIR/new/verified2.eml"
cb poll 2>"$T/quiet.err"
expect_eq "$(cat "$T/quiet.err")" "certbund: $MBOX: nothing new
certbund: $MAILDIR: 1 mail: 1 verified, 0 not verified (kept), 0 need review, 0 already stored; 0 notices queued" "the whole output"

TEST "an mbox rewritten since the last poll is read from the start"
/usr/bin/python3 - "$MBOX" <<'PY'
import sys
path = sys.argv[1]
data = open(path).read()
# a mail client deleted the first mail
second = data.index("\nFrom someone@example.org", 1) + 1
open(path, "w").write(data[second:])
PY
cb poll 2>"$T/rewritten.err"
expect_contains "$(cat "$T/rewritten.err")" "$MBOX: $((N + 2)) mails: 0 verified, 0 not verified (kept), 0 need review, $((N + 2)) already stored" "read again, all known"
cb poll 2>"$T/after.err"
expect_contains "$(cat "$T/after.err")" "$MBOX: nothing new" "and remembered again"

TEST "an overlapping poll exits 0 at once with one line"
# Another poll: a process holding the flock on the lock file.
/usr/bin/python3 -c '
import fcntl, sys, time
f = open(sys.argv[1], "a")
fcntl.flock(f, fcntl.LOCK_EX)
print("locked", flush=True)
time.sleep(60)' "$T/db.sqlite.lock" >"$T/holder.out" 2>&1 &
HOLDER=$!
for _ in $(seq 50); do [[ -s $T/holder.out ]] && break; sleep 0.1; done
expect_eq "$(cat "$T/holder.out")" locked "the other poll holds the lock"
start=$(date +%s%N)
expect_exit 0 "poll while another one runs" -- cb poll
elapsed_ms=$(( ($(date +%s%N) - start) / 1000000 ))
kill "$HOLDER" && wait "$HOLDER" 2>/dev/null || true
expect_eq "$(cat "$T/err")" "certbund: poll: another poll is running ($T/db.sqlite.lock is locked); nothing to do" "its one line"
if [[ $elapsed_ms -lt 2000 ]]; then ok; else fail "the overlapping poll took ${elapsed_ms} ms"; fi
cp "$SAMPLES/expired-ssdp.eml" "$MAILDIR/new/later.eml"
cb poll 2>/dev/null
expect_eq "$(sql 'select count(*) from mails')" $((2 * N + 7)) "the next poll runs again"

TEST "imaps:// checks the server's certificate with the mailbox's ca_file and verify_peer"
if ! command -v dovecot >/dev/null; then
  echo "   (skipped: dovecot missing, apt-get install dovecot-imapd)"
else
  IMAP=$T/imap
  PORT=$(/usr/bin/python3 -c 'import socket; s = socket.socket(); s.bind(("127.0.0.1", 0)); print(s.getsockname()[1])')
  trap 'dovecot -c "$IMAP/dovecot.conf" stop 2>/dev/null || true; cleanup' EXIT
  chmod 711 "$T"
  mkdir -p "$T/tls"
  openssl req -x509 -newkey rsa:2048 -nodes -days 2 -subj /CN=127.0.0.1 -addext subjectAltName=IP:127.0.0.1 \
    -keyout "$T/tls/key.pem" -out "$T/tls/cert.pem" 2>/dev/null
  "$SRC/tests/tools/dovecot-start" "$IMAP" "$PORT" alice 's3cret-pw' --tls "$T/tls/cert.pem" "$T/tls/key.pem"
  cp "$SAMPLES/cbreport-ntp-ipv6.eml" "$IMAP/home/alice/Maildir/new/"
  chown -R nobody:nogroup "$IMAP/home/alice/Maildir"
  echo 's3cret-pw' >"$T/imap.pw"
  imaps_config() {
    write_config "" "[[mailbox]]
url = \"imaps://alice@127.0.0.1:$PORT/INBOX\"
password_file = \"imap.pw\"
$1"
  }
  before=$(sql 'select count(*) from mails')
  imaps_config ""
  expect_exit 75 "a self-signed server without ca_file" -- cb poll
  expect_contains "$(cat "$T/err")" "imaps://alice@127.0.0.1:$PORT/INBOX" "the error names the mailbox"
  expect_eq "$(sql 'select count(*) from mails')" "$before" "nothing stored"
  imaps_config 'ca_file = "tls/cert.pem"'
  expect_exit 0 "with ca_file" -- cb poll
  expect_contains "$(cat "$T/err")" "imaps://alice@127.0.0.1:$PORT/INBOX: 1 mail: 1 verified" "its summary"
  expect_eq "$(sql 'select count(*) from mails')" $((before + 1)) "the mail stored"
  cp "$SAMPLES/cbreport-exchange-german.eml" "$IMAP/home/alice/Maildir/new/"
  chown -R nobody:nogroup "$IMAP/home/alice/Maildir"
  imaps_config 'verify_peer = false'
  expect_exit 0 "verify_peer = false accepts any certificate" -- cb poll
  expect_eq "$(sql 'select count(*) from mails')" $((before + 2)) "the next mail stored"
fi

finish
