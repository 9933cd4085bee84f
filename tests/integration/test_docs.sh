#!/usr/bin/env bash
# The man pages: built by scdoc, and certbund(1) describes every command
# `certbund --help` lists.
source "$(dirname "$0")/lib.sh"

TEST "certbund(1) has a paragraph for every command"
commands=$("$CERTBUND" --help | awk '/^Subcommands:/ {on = 1; next} on && /^  [a-z]/ {print $1} on && !/^  / {on = 0}')
expect_contains "$commands" "ingest" "the command list was read"
for cmd in $commands; do
  expect_contains "$(cat "$SRC/man/certbund.1.scd")" "*certbund $cmd" "certbund(1) on $cmd"
done

TEST "both pages are built and render"
man_dir=$(dirname "$CERTBUND")/man
for page in certbund.1 certbund.toml.5; do
  if [[ -s $man_dir/$page ]]; then ok; else fail "$man_dir/$page not built"; fi
  if command -v man >/dev/null; then
    expect_contains "$(MANWIDTH=80 man -l "$man_dir/$page" 2>/dev/null)" "SEE ALSO" "$page renders"
  fi
done

finish
