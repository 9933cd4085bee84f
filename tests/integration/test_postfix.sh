#!/usr/bin/env bash
# certbund behind a real Postfix (a private instance under $T, no network
# listener): a pipe transport in master.cf (flags=Rq user=certbund
# argv=certbund ingest -) and a transport map for certbund-reports@desk.test.
# Mails submitted with sendmail are stored once, each delivered once.
# While certbund cannot take a mail (its database read-only to it, a typo
# in its config) the mail waits in Postfix's deferred queue, never bounced
# to CERT-Bund; once fixed, `postqueue -f` delivers it, stored once.
[[ $EUID -eq 0 ]] || { echo "skip: a Postfix instance needs root"; exit 125; }
command -v postfix >/dev/null || { echo "skip: postfix missing (scripts/install-deps)"; exit 125; }
source "$(dirname "$0")/lib.sh"

PF=$T/postfix
DESK=$T/desk  # the desk's own folder: config, database, keyring; the user certbund's
ADDRESS=certbund-reports@desk.test
made_user=
if ! id certbund >/dev/null 2>&1; then
  useradd --system --no-create-home --shell /usr/sbin/nologin certbund
  made_user=1
fi
stop_all() {
  postfix -c "$PF/etc" stop >/dev/null 2>&1 || true
  runuser -u certbund -- gpgconf --homedir "$DESK/gnupg" --kill all 2>/dev/null || true
  if [[ -n $made_user ]]; then userdel certbund 2>/dev/null || true; fi
  cleanup
}
trap stop_all EXIT

share_with_other_users
mkdir -p "$DESK"
cp -a "$T/gnupg" "$DESK/gnupg"
cp "$T/certbund.toml" "$DESK/certbund.toml"
chown -R certbund: "$DESK"
runuser -u certbund -- "$CERTBUND" --config "$DESK/certbund.toml" init >/dev/null
rc=0
"$SRC/tests/tools/postfix-start" "$PF" "$CERTBUND" --config "$DESK/certbund.toml" ingest - || rc=$?
[[ $rc -eq 125 ]] && exit 125
[[ $rc -eq 0 ]] || { echo "FAIL: postfix did not start: $(cat "$PF/start.log" 2>/dev/null)"; exit 1; }

submit() { sendmail -C "$PF/etc" -f reports@reports.cert-bund.de "$ADDRESS" <"$1"; }
queue() { postqueue -c "$PF/etc" -p; }
stored() { sqlite3 -cmd ".timeout 5000" "$DESK/db.sqlite" "select count(*) from mails" 2>/dev/null || echo 0; }
log_count() { grep -c "$1" "$PF/maillog" 2>/dev/null || true; }
# wait_for WHAT COMMAND...: up to 60 s until COMMAND succeeds
wait_for() {
  local what=$1
  shift
  for _ in $(seq 120); do
    if "$@"; then ok; return 0; fi
    sleep 0.5
  done
  fail "timed out waiting for: $what; queue: $(queue | head -5); log: $(tail -5 "$PF/maillog")"
  return 1
}
queue_empty() { queue | grep -q "Mail queue is empty"; }
logged() { [[ $(log_count "$1") -ge $2 ]]; }

TEST "mails submitted with sendmail go through the pipe and are stored once"
for mail in cbreport-redis-inline legacy-memcached tampered-redis; do submit "$SAMPLES/$mail.eml"; done
wait_for "three deliveries" logged "status=sent (delivered via certbund service" 3
wait_for "an empty queue" queue_empty
expect_eq "$(stored)" 3 "three mails stored, forged one included"
expect_eq "$(sqlite3 "$DESK/db.sqlite" "select count(*) from mails where verdict = 'verified'")" 2 "two verified"
expect_eq "$(log_count "status=bounced")" 0 "nothing bounced"

TEST "the same report again, under new Received headers: no new events"
events=$(sqlite3 "$DESK/db.sqlite" "select count(*) from events")
submit "$SAMPLES/cbreport-redis-inline.eml"
wait_for "the fourth delivery" logged "status=sent (delivered via certbund service" 4
expect_eq "$(sqlite3 "$DESK/db.sqlite" "select count(*) from events")" "$events" "no event twice"

# deferred_then_delivered WHAT BREAK FIX: a new report submitted while BREAK
# holds waits deferred (certbund said 75), is not bounced, and after FIX
# and `postqueue -f` is delivered and stored once.
deferred_then_delivered() {
  local what=$1 break_it=$2 fix_it=$3 ticket=$4
  local sent_before deferred_before
  sent_before=$(log_count "status=sent (delivered via certbund service")
  deferred_before=$(log_count "status=deferred")
  signed_report "$T/$ticket.eml" "CB-Report#$ticket" "Offene Redis-Server" \
    '"64496","192.0.2.99","2024-01-15 03:00:00","6379","7.0"'
  $break_it
  submit "$T/$ticket.eml"
  wait_for "$what: a deferral" logged "status=deferred" $((deferred_before + 1))
  expect_contains "$(queue)" "$ADDRESS" "$what: the mail waits in the queue"
  expect_eq "$(log_count "status=bounced")" 0 "$what: nothing bounced"
  expect_eq "$(stored_ticket "$ticket")" 0 "$what: not stored yet"
  $fix_it
  postqueue -c "$PF/etc" -f
  wait_for "$what: the delivery after the fix" logged "status=sent (delivered via certbund service" $((sent_before + 1))
  wait_for "$what: an empty queue" queue_empty
  expect_eq "$(stored_ticket "$ticket")" 1 "$what: stored once"
}
stored_ticket() { sqlite3 -cmd ".timeout 5000" "$DESK/db.sqlite" "select count(*) from mails where subject like '%$1%'"; }
db_read_only() { chown root: "$DESK/db.sqlite"; chmod 644 "$DESK/db.sqlite"; }
db_writable() { chown certbund: "$DESK/db.sqlite"; chmod 640 "$DESK/db.sqlite"; }
config_typo() { sed -i 's/^trusted_fingerprints/trusted_fingerprint/' "$DESK/certbund.toml"; }
config_fixed() { sed -i 's/^trusted_fingerprint =/trusted_fingerprints =/' "$DESK/certbund.toml"; }

TEST "the database read-only to certbund: deferred, not bounced; delivered once after the fix"
deferred_then_delivered "read-only database" db_read_only db_writable 20240115-20000001

TEST "a typo in certbund's config: deferred, not bounced; delivered once after the fix"
deferred_then_delivered "config typo" config_typo config_fixed 20240115-20000002

finish
