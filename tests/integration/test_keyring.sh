#!/usr/bin/env bash
# A keyring the running user cannot read is a config error that names it,
# never a stream of "unknown_key" verdicts.
[[ $EUID -eq 0 ]] || { echo "skip: needs root to run as another user"; exit 125; }
source "$(dirname "$0")/lib.sh"
share_with_other_users

TEST "a keyring this user cannot read: exit 78, not unknown_key"
chmod 755 "$T"
chmod 644 "$T/certbund.toml"
chmod 700 "$T/gnupg"
rc=0
runuser -u nobody -- "$CERTBUND" --config "$T/certbund.toml" parse "$SAMPLES/cbreport-redis-inline.eml" \
  >"$T/out" 2>"$T/err" || rc=$?
expect_eq "$rc" 78 "exit code"
expect_contains "$(cat "$T/err")" "$T/gnupg: not readable by uid $(id -u nobody)" "names the keyring and the user"
expect_not_contains "$(cat "$T/out")" "unknown_key" "no verdict"

TEST "readable: verified as that user"
chmod -R a+rX "$T/gnupg"
expect_eq "$(runuser -u nobody -- "$CERTBUND" --config "$T/certbund.toml" parse "$SAMPLES/cbreport-redis-inline.eml" 2>/dev/null | jq -r .verdict)" \
  verified "verdict"
runuser -u nobody -- gpgconf --homedir "$T/gnupg" --kill all 2>/dev/null || true

finish
