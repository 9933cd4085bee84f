#!/usr/bin/env bash
# certbund check [--smtp]: one line per check, ok or what is wrong and
# where; exit 0, 78 for what the operator fixes, 75 for a relay that does
# not answer. certbund templates export DIR [--force].
source "$(dirname "$0")/lib.sh"

# check_exit CODE WHAT CONFIG [ARGS]: certbund --config CONFIG check ARGS, its lines in $T/out
check_with() {
  local config=$1
  shift
  "$CERTBUND" --config "$config" check "$@"
}

TEST "a sound set-up: every line ok, exit 0"
expect_exit 0 "all well" -- cb check
out=$(cat "$T/out")
for what in "config: valid" "database: writable, schema current ($T/db.sqlite)" "keyring: readable" \
  "pgp key $TRUSTED_FPR:" "S/MIME certificate $SMIME_FPR:" "templates: complete"; do
  expect_contains "$out" "ok: $what" "the line for $what"
done
expect_eq "$(grep -vc '^ok: ' "$T/out")" 0 "no line but ok"

TEST "a mailbox that is not there: FAIL saying so, not 'not readable'; a dry-run folder not made yet is ok, said so"
{ cat "$T/certbund.toml"; printf '[[mailbox]]\npath = "nowhere/Maildir"\n'; } |
  sed 's|^dry_run_dir = .*|dry_run_dir = "later/dry-run"|' >"$T/nobox.toml"
expect_exit 78 "missing mailbox" -- check_with "$T/nobox.toml"
expect_contains "$(cat "$T/out")" "FAIL: mailbox: no such file or folder ($T/nowhere/Maildir)" "the mailbox line"
expect_contains "$(cat "$T/out")" "ok: notify.dry_run_dir: not there yet; this user may make it ($T/later/dry-run)" \
  "the dry-run line"

TEST "a config typo: FAIL with its line, 78"
sed 's/^trusted_fingerprints/trusted_fingerprint/' "$T/certbund.toml" >"$T/typo.toml"
expect_exit 78 "config typo" -- check_with "$T/typo.toml"
expect_contains "$(cat "$T/out")" "FAIL: config: $T/typo.toml:" "file:line"

TEST "a pinned fingerprint that is not in the keyring: FAIL, 78"
sed "s/$TRUSTED_FPR/0000000000000000000000000000000000000000/" "$T/certbund.toml" >"$T/wrongkey.toml"
expect_exit 78 "wrong fingerprint" -- check_with "$T/wrongkey.toml"
expect_contains "$(cat "$T/out")" "FAIL: pgp key 0000000000000000000000000000000000000000: not in the keyring" "names the key"
expect_contains "$(cat "$T/out")" "ok: database" "the other checks still run"

TEST "a missing template: FAIL naming it, 78"
mkdir -p "$T/tpl/en/exposure"
echo "English only" >"$T/tpl/en/exposure/telnet.mustache"
sed "s|^dir = .*|dir = \"$T/tpl\"|" "$T/certbund.toml" >"$T/tpl.toml"
expect_exit 78 "template missing" -- check_with "$T/tpl.toml"
expect_contains "$(cat "$T/out")" "FAIL: templates: missing de/exposure/telnet ($T/tpl)" "names the template"

TEST "a template in a folder no notice reads (services/ instead of a class): FAIL naming it, 78"
mkdir -p "$T/tpl2/en/services" "$T/tpl2/de/services"
echo "Redis" >"$T/tpl2/en/services/redis.mustache"
echo "Redis" >"$T/tpl2/de/services/redis.mustache"
sed "s|^dir = .*|dir = \"$T/tpl2\"|" "$T/certbund.toml" >"$T/tpl2.toml"
expect_exit 78 "template unused" -- check_with "$T/tpl2.toml"
expect_contains "$(cat "$T/out")" "FAIL: templates: no notice uses de/services/redis, en/services/redis (advice is" "names both"

TEST "a missing database: FAIL saying to run init, 78"
sed 's|^path = "db.sqlite"|path = "none/db.sqlite"|' "$T/certbund.toml" >"$T/nodb.toml"
expect_exit 78 "no database" -- check_with "$T/nodb.toml"
expect_contains "$(cat "$T/out")" "FAIL: database: $T/none/db.sqlite: no database here; run \`certbund init\`" "says init"
[[ ! -e $T/none ]] && ok || fail "check made a folder"

TEST "a keyring the user cannot read: FAIL, 78"
if [[ $EUID -ne 0 ]]; then echo "   (skipped: needs root for runuser)"; else
  share_with_other_users
  chmod 644 "$T/certbund.toml"
  chmod 700 "$T/gnupg"
  expect_exit 78 "unreadable keyring" -- runuser -u nobody -- "$CERTBUND" --config "$T/certbund.toml" check
  expect_contains "$(cat "$T/out")" "FAIL: keyring:" "the keyring line"
  expect_contains "$(cat "$T/out")" "FAIL: database:" "nor may nobody write the database"
fi

TEST "--smtp: a relay that does not answer is 75; one that does is ok"
expect_exit 75 "relay down" -- cb check --smtp
expect_contains "$(cat "$T/out")" "FAIL: smtp:" "the relay's line"
expect_contains "$(cat "$T/out")" "(smtp://127.0.0.1:9)" "where"
port=$(start_sink "$T/sink")
write_config "smtp://127.0.0.1:$port"
expect_exit 0 "relay up" -- cb check --smtp
expect_contains "$(cat "$T/out")" "ok: smtp: the relay answers" "the relay's line"
expect_eq "$(ls "$T/sink"/*.eml 2>/dev/null | wc -l)" 0 "nothing sent"

TEST "templates export: the built-in set, never overwriting unless --force"
expect_exit 0 "export" -- cb templates export "$T/export"
[[ -s $T/export/de/notice.mustache && -s $T/export/en/subject.mustache ]] && ok || fail "templates written: $(ls -R "$T/export")"
echo "edited" >"$T/export/de/notice.mustache"
expect_exit 64 "a second export" -- cb templates export "$T/export"
expect_contains "$(cat "$T/err")" "--force" "says how to overwrite"
expect_eq "$(cat "$T/export/de/notice.mustache")" edited "the edit is kept"
expect_exit 0 "export --force" -- cb templates export --force "$T/export"
expect_not_contains "$(cat "$T/export/de/notice.mustache")" edited "overwritten"
sed "s|^dir = .*|dir = \"$T/export\"|" "$T/certbund.toml" >"$T/exported.toml"
expect_exit 0 "the exported set is complete" -- check_with "$T/exported.toml"

finish
