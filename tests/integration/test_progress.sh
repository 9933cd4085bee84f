#!/usr/bin/env bash
# The progress line: on a terminal, one line redrawn in place and cleared
# before log lines and at the end; nothing of it when stderr is not a
# terminal (cron, the journal, a pipe).
source "$(dirname "$0")/lib.sh"
command -v script >/dev/null || { echo "skip: script (bsdutils) missing"; exit 125; }

cb customers import "$SRC/samples/customers.csv" 2>/dev/null
for i in $(seq 10 13); do
  signed_report "$T/r$i.eml" "CB-Report#202401$i-300000$i" "Offene Memcached-Server" \
    "\"64496\",\"192.0.2.$i\",\"2024-01-$i 03:00:00\",\"11211\",\"1.4.$i\""
  { echo "From reports@reports.cert-bund.de Mon Jan 15 06:42:17 2024"; cat "$T/r$i.eml"; echo; } >>"$T/reports.mbox"
done

TEST "stderr not a terminal: no progress line"
CERTBUND_NOW=2024-01-20T00:00:00Z cb -q ingest "$T/reports.mbox" 2>"$T/err" || fail "ingest exited $?"
if grep -q $'\r' "$T/err"; then fail "a carriage return on a stderr that is no terminal"; else ok; fi

TEST "stderr a terminal: redrawn in place, cleared at the end"
rm -f "$T/db.sqlite"*
init_db
cb customers import "$SRC/samples/customers.csv" 2>/dev/null
# script(1) gives the command a terminal; its output is what the terminal saw.
CERTBUND_NOW=2024-01-20T00:00:00Z script -qec "'$CERTBUND' --config '$T/certbund.toml' -q ingest '$T/reports.mbox'" /dev/null >"$T/tty" || fail "ingest on a terminal exited $?"
expect_contains "$(cat -v "$T/tty")" "certbund: ingest 1" "the progress line"
expect_contains "$(cat -v "$T/tty")" "verified" "with the verdict counts"
# The last thing written clears the line: carriage return, erase to end of line.
expect_eq "$(tail -c 4 "$T/tty" | od -An -c | tr -s ' ')" ' \r 033 [ K' "cleared at the end"

TEST "notify on a terminal: the summary line starts on a clear line"
port=$(start_sink "$T/sink")
write_config "smtp://127.0.0.1:$port"
CERTBUND_NOW=2024-01-20T00:00:00Z script -qec "'$CERTBUND' --config '$T/certbund.toml' notify" /dev/null >"$T/tty" || fail "notify on a terminal exited $?"
expect_contains "$(cat -v "$T/tty")" $'^[[K'"certbund: 4 sent, 0 failed, 0 waiting to retry, 0 in doubt" "the progress line is cleared before the summary"

finish
