#!/usr/bin/env bash
# Real mail as the field sends it (tests/data/field/, made like the mail
# other abuse tools got wrong): mbox files with unquoted From lines in a
# body, an mbox envelope line before a single mail's headers, customers
# files as spreadsheets save them, timestamps with offsets.
source "$(dirname "$0")/lib.sh"
FIELD=$SRC/tests/data/field

TEST "an mbox whose body has an unquoted 'From our scans ...' line after a blank line: 2 mails, both verified"
cb ingest "$FIELD/mbox-unquoted-from-line.mbox" 2>"$T/log"
expect_eq "$(sql 'select count(*) from mails')" 2 "two mails, not three"
expect_eq "$(sql "select group_concat(verdict) from (select verdict from mails order by id)")" verified,verified "both verified"
expect_eq "$(sql "select count(*) from events")" 4 "their four rows"

finish
