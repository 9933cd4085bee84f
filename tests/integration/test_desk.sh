#!/usr/bin/env bash
# The desk's daily work with the real binary: one incident's story, notes,
# resolve and reopen with their authors, queued notices mended by a
# resolution, lists that are filtered, sorted and cut, JSON and CSV for
# every table, and command-line errors in certbund's voice.
source "$(dirname "$0")/lib.sh"

export CERTBUND_NOW=2024-01-15T07:00:00Z
cb customers import "$SRC/samples/customers.csv" 2>/dev/null
TICKET=CB-Report#20240115-00000001
signed_report "$T/m1.eml" "$TICKET" "Offene Redis-Server" \
  '"64496","192.0.2.17","2024-01-15 03:00:00","6379","7.0"' \
  '"64496","192.0.2.18","2024-01-15 03:05:00","6379","7.0"' \
  '"64497","198.51.100.7","2024-01-14 22:00:00","6379","6.2"'
cb ingest "$T/m1.eml" 2>/dev/null
id_of() { cb incidents --all --ip "$1" --format json | jq -r '.[0].id'; }
A=$(id_of 192.0.2.17)
B=$(id_of 192.0.2.18)
C=$(id_of 198.51.100.7)

TEST "incidents show: the incident, its customer, the scan, the notice and the opening"
story=$(cb incidents show "$A" --format json)
expect_eq "$(jq -r '[.ip, .port, .service, .customer, .customer_name, .status] | join(" ")' <<<"$story")" \
  "192.0.2.17 6379 redis c1001 Muster Hosting GmbH open" "the incident"
expect_eq "$(jq -r '.events[0] | [.scanned, .ticket, .verdict] | join(" ")' <<<"$story")" \
  "2024-01-15T03:00:00Z $TICKET verified" "its event"
expect_eq "$(jq -r '.events[0].mail_id' <<<"$story")" 1 "the mail that reported it"
expect_eq "$(jq -r '.notices[0] | [.status, (.to | join(";"))] | join(" ")' <<<"$story")" \
  "queued abuse@muster.example;noc@muster.example" "the queued notice and to whom"
expect_eq "$(jq -r '.history[0] | [.at, .what, .by] | join(" ")' <<<"$story")" \
  "2024-01-15T07:00:00Z opened certbund" "opened by the scan"
expect_contains "$(cb incidents show "$A")" "customer:    c1001 (Muster Hosting GmbH)" "the table's header"
expect_exit 66 "an unknown incident" -- cb incidents show 999

TEST "incidents resolve: the shared notice is made again without the resolved address"
NOTICE=$(jq -r '.notices[0].id' <<<"$story")
CERTBUND_NOW=2024-01-15T09:00:00Z cb incidents resolve "$A" --note "port closed" --by alice 2>"$T/log"
expect_contains "$(cat "$T/log")" "notice $NOTICE made again" "the log says so"
cb notify --dry-run >/dev/null
body=$(decoded "$T/dry-run/$NOTICE.eml")
expect_contains "$body" "192.0.2.18" "the open incident stays in the notice"
expect_not_contains "$body" "192.0.2.17" "the resolved one is gone"
expect_eq "$(cb incidents show "$A" --format json | jq -r '.history[1] | [.what, .by, .why] | join("|")')" \
  "resolved|alice|port closed" "who resolved it and why"

TEST "incidents resolve: resolving the last incident of a queued notice cancels it"
CERTBUND_NOW=2024-01-15T10:00:00Z cb incidents resolve "$B" 2>/dev/null
expect_eq "$(cb outbox --format json | jq -r ".[] | select(.id == $NOTICE) | .status")" cancelled "the notice"
expect_eq "$(cb incidents show "$B" --format json | jq -r '.notices[0] | [.status, .done_at] | join(" ")')" \
  "cancelled 2024-01-15T10:00:00Z" "the story of the other incident says so"
expect_eq "$(cb incidents show "$B" --format json | jq -r '.history[1].by')" "$(id -un)" "the login name without --by"
expect_exit 66 "resolving it again" -- cb incidents resolve "$B"

TEST "incidents reopen and note: the story in time order, as CSV"
CERTBUND_NOW=2024-01-16T08:00:00Z cb incidents reopen "$A" --by bob --note "still reachable" 2>/dev/null
CERTBUND_NOW=2024-01-16T09:00:00Z cb incidents note "$A" "phoned the customer" --by carol 2>/dev/null
expect_exit 66 "reopening an open incident" -- cb incidents reopen "$A"
expect_eq "$(cat "$T/err")" "certbund: incident $A: already open" "reopening an open incident says it is open"
expect_exit 66 "a note on no incident" -- cb incidents note 999 "x"
csv=$(cb incidents show "$A" --format csv | tr -d '\r')
expect_eq "$(cut -d, -f2,3 <<<"$csv" | tail -n +2 | tr '\n' ' ')" \
  "scanned, opened,certbund resolved,alice reopened,bob note,carol " \
  "scan, opening, resolution, reopening, note (the notice was made again without it)"
expect_eq "$(cb incidents --format json | jq -r ".[] | select(.id == $A) | .status")" open "open again"

TEST "lists: sort, reverse, limit, spans, the customer's name, resolved_at, last_notice"
expect_eq "$(cb incidents --all --sort ip --format json | jq -r 'map(.ip) | join(" ")')" \
  "192.0.2.17 192.0.2.18 198.51.100.7" "by address"
expect_eq "$(cb incidents --all --sort last_seen --reverse --limit 1 --format json | jq -r '.[0].ip')" \
  "192.0.2.18" "the last seen"
expect_eq "$(cb incidents --all --since 2024-01-15 --format json | jq length)" 2 "--since a day"
expect_eq "$(cb incidents --all --until 2024-01-14 --format json | jq -r '.[0].ip')" 198.51.100.7 "--until a day, whole"
expect_eq "$(CERTBUND_NOW=2024-01-25T00:00:00Z cb incidents --all --since 10d --format json | jq length)" 2 "--since 10d"
header=$(cb incidents --all --format csv | head -n 1 | tr -d '\r')
expect_contains "$header" "name,status,first_seen,last_seen,resolved_at,last_notice" "CSV columns"
expect_eq "$(cb incidents --resolved --format csv | tail -n +2 | cut -d, -f7,11 | tr -d '\r')" \
  "Muster Hosting GmbH,2024-01-15T10:00:00Z" "name and resolved_at in the CSV"
PORT=$(start_sink "$T/sink")
write_config "smtp://127.0.0.1:$PORT"
cb notify 2>/dev/null
expect_eq "$(cb incidents --format json | jq -r ".[] | select(.id == $C) | .last_notice")" \
  "2024-01-15T07:00:00Z" "last_notice once the notice is sent"
expect_contains "$(cb incidents)" "Example Ltd" "the table has the name"

TEST "filters: values checked, services in any case, customers by name"
expect_eq "$(cb incidents --all --service REDIS --format json | jq length)" 3 "--service REDIS"
expect_exit 64 "--service foo" -- cb incidents --service foo
expect_contains "$(cat "$T/err")" "memcached" "the valid services are named"
expect_eq "$(cb incidents --all --customer "Example Ltd" --format json | jq -r '.[0].customer')" c1002 "--customer by name"
expect_eq "$(cb incidents --all --customer muster --format json | jq length)" 2 "--customer by part of a name"
expect_exit 64 "--customer nobody" -- cb incidents --customer "Nobody GmbH"
expect_exit 64 "mails --status needs-review" -- cb mails --status needs-review
expect_contains "$(cat "$T/err")" "needs_review" "the valid statuses are named"
expect_exit 64 "mails --status foo" -- cb mails --status foo
expect_exit 64 "--sort color" -- cb incidents --sort color
expect_exit 64 "--since yesterday" -- cb incidents --since yesterday

TEST "JSON and CSV for every table (jq parses each)"
for cmd in "outbox" "customers list" "stats" "mails" "mails show 1" "incidents" "incidents show $A"; do
  # shellcheck disable=SC2086
  if cb $cmd --format json | jq -e . >/dev/null; then ok; else fail "$cmd --format json"; fi
  # shellcheck disable=SC2086
  expect_contains "$(cb $cmd --format csv | head -n 1)" $'\r' "$cmd --format csv has CRLF lines"
done
expect_eq "$(cb outbox --format json | jq -r 'map(.status) | join(" ")')" "cancelled sent" "outbox states, by id"
expect_eq "$(cb customers list --format json | jq -r '.[0].networks | join(" ")')" \
  "192.0.2.0/24 2001:db8:10::/48" "customers' networks"
expect_eq "$(cb stats --format json | jq -r '.services.redis.open')" 2 "stats"
expect_eq "$(cb mails show 1 --format json | jq -r '.report.rows | map(.ip) | join(" ")')" \
  "192.0.2.17 192.0.2.18 198.51.100.7" "mails show: the rows"
expect_eq "$(cb mails show 1 --format csv | sed -n 2p | tr -d '\r')" '64496,192.0.2.17,2024-01-15 03:00:00,6379,7.0' \
  "mails show: CSV in CERT-Bund's columns"

TEST "review queue: a report that needs review waits; the rows a person read go on"
export CERTBUND_NOW=2024-01-20T08:00:00Z
signed_report "$T/m2.eml" CB-Report#20240120-00000002 "Offene Redis-Server" \
  '"64496","192.0.2.3O","2024-01-20 03:00:00","6379","7.0"' \
  '"64496","192.0.2.40","2024-01-20 03:00:00","6379","7.0"'
cb ingest "$T/m2.eml" 2>/dev/null
M=$(cb mails --status needs_review --format json | jq -r 'map(.id) | join(" ")')
expect_eq "$M" 2 "the mail waits for review"
expect_eq "$(cb stats --format json | jq -r .review.waiting)" 1 "stats counts it"
expect_eq "$(cb incidents --all --ip 192.0.2.40 --format json | jq length)" 1 "the readable row went on"
expect_eq "$(cb incidents --all --ip 192.0.2.30 --format json | jq length)" 0 "the held row waits for the review"
cb mails show "$M" --format csv >"$T/rows.csv"
printf '%s\r\n' '64496,192.0.2.3x,2024-01-20 03:00:00,6379,7.0' >>"$T/rows.csv"
expect_exit 65 "rows with a bad address" -- cb mails review "$M" --rows "$T/rows.csv"
expect_contains "$(cat "$T/err")" 'rows.csv: row 2: "192.0.2.3x" is not an IP address' "the file and row"
sed -i 's/192\.0\.2\.3x/192.0.2.30/' "$T/rows.csv"
cb mails review "$M" --rows "$T/rows.csv" --by alice --note "read from the first row" 2>"$T/log"
expect_contains "$(cat "$T/log")" "mail $M reviewed by alice: 2 rows, 1 new event, 0 unassigned, 1 notice queued" "the log: the held row is new, the other one is not made twice"
expect_eq "$(cb mails --status needs_review --format json | jq length)" 0 "nothing waits"
expect_eq "$(cb mails show "$M" --format json | jq -r '[.status, .reviews[0].by, .reviews[0].action] | join(" ")')" \
  "parsed alice rows" "the mail, reviewed by alice"
R=$(id_of 192.0.2.30)
expect_eq "$(cb incidents show "$R" --format json | jq -r '.events[0] | [.ticket, .reviewed_by] | join(" ")')" \
  "CB-Report#20240120-00000002 alice" "the event, read by alice"
expect_eq "$(cb outbox --format json | jq -r '.[-1] | [.status, .ticket, .customer] | join(" ")')" \
  "queued CB-Report#20240120-00000002 c1001" "its notice"
expect_exit 66 "a mail that no longer waits" -- cb mails review "$M" --dismiss --note x
expect_eq "$(cb reparse "$M")" "mail $M: unchanged (parsed, redis, 2 rows)" "reparse keeps the person's reading"

TEST "review queue: dismissing a mail with a note"
signed_report "$T/m3.eml" CB-Report#20240120-00000003 "Offene Redis-Server" \
  '"64496","not an address","2024-01-20 03:00:00","6379","7.0"'
cb ingest "$T/m3.eml" 2>/dev/null
N=$(cb mails --status needs_review --format json | jq -r '.[0].id')
expect_exit 64 "--dismiss without --note" -- cb mails review "$N" --dismiss
expect_exit 64 "neither --rows nor --dismiss" -- cb mails review "$N"
cb mails review "$N" --dismiss --note "CERT-Bund's test run" --by bob 2>/dev/null
expect_eq "$(cb mails --status dismissed --format json | jq -r 'map(.id) | join(" ")')" "$N" "dismissed"
expect_eq "$(cb stats --format json | jq -c .review)" '{"waiting":0,"reviewed":1,"dismissed":1}' "stats"
expect_contains "$(cb mails show "$N")" "bob: dismissed: CERT-Bund's test run" "who and why"

TEST "command-line errors: certbund's voice, the command's usage, a hint"
expect_exit 64 "no command" -- "$CERTBUND"
expect_eq "$(head -n 1 "$T/err")" "certbund: give a command: init, check, templates, ingest, poll, parse, incidents, mails, customers, notify, outbox, reparse, stats, purge" "no command"
expect_exit 64 "a mistyped command" -- cb incdents
expect_eq "$(head -n 1 "$T/err")" 'certbund: "incdents" is not a command (did you mean incidents?)' "a mistyped command"
expect_contains "$(cat "$T/err")" "Usage: certbund [OPTIONS] SUBCOMMAND" "the usage"
expect_exit 64 "a mistyped option" -- "$CERTBUND" incidents --cofnig "$T/certbund.toml"
expect_eq "$(head -n 1 "$T/err")" "certbund: incidents: unknown option --cofnig (did you mean --config?)" "a mistyped option"
expect_contains "$(cat "$T/err")" "Usage: certbund incidents [OPTIONS]" "the subcommand's usage"
expect_exit 64 "not a number" -- cb incidents resolve abc
expect_eq "$(head -n 1 "$T/err")" 'certbund: incidents resolve: ids: "abc" is not a number' "not a number"
expect_exit 64 "a mistyped subcommand" -- cb customers lsit
expect_eq "$(head -n 1 "$T/err")" 'certbund: customers: "lsit" is not a command (did you mean list?)' "a mistyped subcommand"
expect_exit 64 "a missing value" -- cb incidents --limit
expect_eq "$(head -n 1 "$T/err")" "certbund: incidents: --limit: give a value (N)" "a missing value"
expect_exit 0 "global options after the command" -- "$CERTBUND" incidents --config "$T/certbund.toml" -q
expect_contains "$("$CERTBUND" --help)" "64 usage" "the exit codes in certbund --help"
expect_not_contains "$("$CERTBUND" incidents --help)" "Exit codes" "not in a command's --help"
expect_not_contains "$("$CERTBUND" incidents show --help)" "Exit codes" "nor a subcommand's"

finish
