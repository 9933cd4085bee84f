#!/usr/bin/env bash
# Durable before done: the commit that stores a raw mail reaches the disk
# (an fsync/fdatasync of the database or its WAL) before the source hears
# the mail is processed: before the rename(2) that moves a Maildir message
# from new/ to cur/, and before `ingest -` exits 0 to the MTA. Seen with
# strace, in the order the kernel saw the calls.
source "$(dirname "$0")/lib.sh"
command -v strace >/dev/null || { echo "skip: strace missing (scripts/install-deps)"; exit 125; }
strace -f -o /dev/null true 2>/dev/null || { echo "skip: strace cannot trace in this container"; exit 125; }

# traced LOG ARGS...: certbund ARGS under strace, file descriptors shown as paths
traced() {
  local log=$1
  shift
  # LeakSanitizer cannot run under ptrace: off for the sanitizer build.
  ASAN_OPTIONS="${ASAN_OPTIONS:+$ASAN_OPTIONS:}detect_leaks=0" \
    strace -f -y -qq -o "$log" -e trace=fsync,fdatasync,rename,renameat,renameat2,exit_group \
    "$CERTBUND" --config "$T/certbund.toml" "$@"
}
# first_line LOG REGEX: the number of the first line matching, or 0
first_line() { grep -n -E "$2" "$1" | head -n 1 | cut -d: -f1 || true; }
DB_SYNC='(fsync|fdatasync)\([0-9]+<[^>]*/db\.sqlite(-wal)?>'

TEST "Maildir: before the k-th message's rename to cur/, at least k syncs of the database"
mkdir -p "$T/md/new" "$T/md/cur" "$T/md/tmp"
n=0
for mail in cbreport-redis-inline legacy-memcached cbreport-ntp-ipv6 unsigned-mongodb; do
  n=$((n + 1))
  cp "$SAMPLES/$mail.eml" "$T/md/new/170000000$n.$n.host"
done
traced "$T/maildir.trace" ingest "$T/md" 2>"$T/err" || fail "ingest: $(cat "$T/err")"
# Each mail's store commit syncs once; mails read ahead are stored (and
# synced) before the first is renamed, so the syncs may all come first,
# but never fewer than the renames so far.
unsynced=$(awk -v sync="$DB_SYNC" '
  $0 ~ sync { syncs++ }
  /rename.*md\/new\// { renames++; if (syncs < renames) bad++ }
  END { print renames + 0, bad + 0 }' "$T/maildir.trace")
expect_eq "$unsynced" "4 0" "renames seen, and renames with fewer database syncs before them"
expect_eq "$(ls "$T/md/cur" | wc -l)" 4 "the messages moved to cur/"

TEST "ingest -: the database's fsync comes before the exit that tells the MTA"
traced "$T/stdin.trace" ingest - <"$SAMPLES/cbreport-exchange-german.eml" 2>"$T/err" || fail "ingest -: $(cat "$T/err")"
# gpg's children exit first: certbund's own exit is the last one
exit_at=$(grep -n -E 'exit_group\(0\)' "$T/stdin.trace" | tail -n 1 | cut -d: -f1)
sync=$(first_line "$T/stdin.trace" "$DB_SYNC")
if [[ -n $sync && -n $exit_at && $sync -lt $exit_at ]]; then ok; else
  fail "no fsync of the database before exit (sync at line ${sync:-none}, exit at ${exit_at:-none})"
fi
expect_eq "$(sql "select count(*) from mails")" 5 "all stored"

TEST "mbox: mails read ahead share one synced commit, made before gpg verifies any of them"
# An mbox keeps every message: nothing is let go, so the mails read ahead
# may share one fsync; each is still on disk before it is verified.
for i in 1 2 3 4 5 6; do
  signed_report "$T/mb$i.eml" "CB-Report#2024011$i-2000000$i" "Offene Memcached-Server" \
    "\"64496\",\"192.0.2.$((60 + i))\",\"2024-01-1$i 03:00:00\",\"11211\",\"1.4.$i\""
  { echo "From reports@reports.cert-bund.de Mon Jan 15 06:42:17 2024"; cat "$T/mb$i.eml"; echo; } >>"$T/six.mbox"
done
ASAN_OPTIONS="${ASAN_OPTIONS:+$ASAN_OPTIONS:}detect_leaks=0" \
  strace -f -y -qq -v -s 64 -o "$T/mbox.trace" -e trace=fsync,fdatasync,execve \
  "$CERTBUND" --config "$T/certbund.toml" ingest "$T/six.mbox" 2>"$T/err" || fail "ingest: $(cat "$T/err")"
sync=$(first_line "$T/mbox.trace" "$DB_SYNC")
verify=$(first_line "$T/mbox.trace" 'execve\(.*"--verify"')
if [[ -n $sync && -n $verify && $sync -lt $verify ]]; then ok; else
  fail "no fsync of the database before the first gpg --verify (sync at line ${sync:-none}, gpg at ${verify:-none})"
fi
syncs=$(grep -c -E "$DB_SYNC" "$T/mbox.trace" || true)
if ((syncs >= 1 && syncs < 6)); then ok; else fail "$syncs database syncs for 6 mails of an mbox, expected 1 to 5"; fi
expect_eq "$(sql "select count(*) from mails where status = 'parsed' and origin like '%six.mbox:%'")" 6 "the six reports parsed"

finish
