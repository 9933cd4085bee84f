#!/usr/bin/env bash
# The .deb of scripts/package, installed on this machine as an operator
# would: apt-get install, the files in their FHS places, the user and
# /var/lib/certbund made by the postinst, the main job as the user
# certbund from the installed paths (no source tree, no templates
# folder), then apt-get purge. Needs root and a machine without certbund.
[[ $EUID -eq 0 ]] || { echo "skip: installing a package needs root"; exit 125; }
command -v apt-get >/dev/null && command -v runuser >/dev/null || { echo "skip: not Debian"; exit 125; }
source "$(dirname "$0")/lib.sh"

# One package test per machine at a time (sibling checkouts run theirs).
exec 9>/tmp/certbund-package-test.lock
flock 9
if dpkg-query -W certbund >/dev/null 2>&1 || [[ -e /usr/bin/certbund || -e /var/lib/certbund || -e /etc/certbund ]]; then
  echo "skip: certbund is installed here already; not touching it"
  exit 125
fi

deb=$("$SRC/scripts/package")
remove_package() {
  apt-get purge -y -qq certbund >/dev/null 2>&1 || true
  rm -rf /var/lib/certbund
}
trap 'remove_package; cleanup' EXIT
chmod 755 "$T"  # the user certbund reads the test's files

TEST "apt-get install puts every file in its place"
DEBIAN_FRONTEND=noninteractive apt-get install -y -qq "$deb" >"$T/apt.log" 2>&1 || fail "apt-get install: $(tail -5 "$T/apt.log")"
files=$(dpkg -L certbund)
for f in /usr/bin/certbund /usr/share/man/man1/certbund.1 /usr/share/man/man5/certbund.toml.5 \
  /etc/certbund/certbund.toml /usr/share/doc/certbund/examples/certbund.toml \
  /usr/lib/systemd/system/certbund-poll.service /usr/lib/systemd/system/certbund-poll.timer \
  /usr/lib/systemd/system/certbund-notify.service /usr/lib/systemd/system/certbund-notify.timer \
  /usr/lib/sysusers.d/certbund.conf /usr/lib/tmpfiles.d/certbund.conf; do
  expect_contains "$files" "$f" "packaged: $f"
  [[ -e $f ]] && ok || fail "installed: $f"
done
expect_contains "$(dpkg-query -W -f='${Depends}' certbund)" "libgpgme" "depends on the Debian libraries"
expect_contains "$(cat /var/lib/dpkg/info/certbund.conffiles)" "/etc/certbund/certbund.toml" "the config is a conffile"
expect_contains "$(man -w certbund.toml 2>&1)" "/usr/share/man/man5/certbund.toml.5" "man certbund.toml finds the page"

TEST "the postinst made the user and /var/lib/certbund"
expect_eq "$(id -un certbund 2>/dev/null)" certbund "user certbund"
expect_eq "$(stat -c '%U:%G %a' /var/lib/certbund)" "certbund:certbund 750" "/var/lib/certbund"
expect_eq "$(stat -c '%U %a' /var/lib/certbund/gnupg)" "certbund 700" "the keyring folder"

TEST "the units carry the hardening and verify"
unit=$(cat /usr/lib/systemd/system/certbund-poll.service)
for line in User=certbund ProtectSystem=strict ReadWritePaths=/var/lib/certbund NoNewPrivileges=yes PrivateTmp=yes \
  "ExecStart=/usr/bin/certbund --quiet poll"; do
  expect_contains "$unit" "$line" "certbund-poll.service: $line"
done
expect_contains "$(cat /usr/lib/systemd/system/certbund-notify.service)" "ExecStart=/usr/bin/certbund notify" "notify unit"
if systemd-analyze verify /usr/lib/systemd/system/certbund-{poll,notify}.{service,timer} >"$T/verify" 2>&1; then ok
else fail "systemd-analyze verify: $(grep certbund "$T/verify" | head -3)"; fi

TEST "the installed example config names what is missing, with its line"
as_certbund() { runuser -u certbund -- "$@"; }
rc=0
as_certbund certbund incidents >"$T/out" 2>"$T/err" || rc=$?
expect_eq "$rc" 78 "exit 78 before a fingerprint is pinned"
expect_contains "$(cat "$T/err")" "/etc/certbund/certbund.toml:" "names the file and line"
expect_contains "$(cat "$T/err")" "pgp.trusted_fingerprints is empty" "says what to fill in"

TEST "the main job as the user certbund, from the installed paths"
port=$(start_sink "$T/sink")
# On stdin: the clone may sit in a folder (mktemp -d, 0700) certbund cannot enter.
as_certbund gpg --batch --quiet --homedir /var/lib/certbund/gnupg --import <"$SRC/samples/keys/trusted.pub.asc" 2>/dev/null ||
  fail "the trusted key imported into certbund's keyring"
sed -i "s|^  # \"AAAA.*|  \"$TRUSTED_FPR\",|; s|^url = \"smtp://127.0.0.1:25\"|url = \"smtp://127.0.0.1:$port\"|" \
  /etc/certbund/certbund.toml
printf 'id,name,email,language,networks\nc1,Muster GmbH,abuse@muster.example,de+en,192.0.2.0/24\n' >"$T/customers.csv"
chmod 644 "$T/customers.csv"
signed_report "$T/redis.eml" CB-Report#20240115-10001234 "Offene Redis-Server" \
  '"64496","192.0.2.17","2024-01-15 03:00:00","6379","7.0.1"'
(cd / && as_certbund certbund init >/dev/null 2>&1) || fail "certbund init"
expect_eq "$(stat -c '%U %a' /var/lib/certbund/certbund.sqlite)" "certbund 640" "the database made by init"
(cd / && as_certbund certbund customers import "$T/customers.csv" >/dev/null 2>&1) || fail "customers import"
rc=0
(cd / && as_certbund certbund ingest - <"$T/redis.eml" 2>"$T/err") || rc=$?
expect_eq "$rc" 0 "ingest - from the MTA's side: $(cat "$T/err")"
(cd / && as_certbund certbund notify >/dev/null 2>&1) || fail "notify"
expect_contains "$(decoded "$(sink_mail_to "$T/sink" abuse@muster.example)")" "192.0.2.17" \
  "the notice, from the built-in templates"
expect_contains "$(as_certbund certbund incidents)" "192.0.2.17" "the open incident"

TEST "apt-get purge removes the package; the evidence stays"
apt-get purge -y -qq certbund >/dev/null 2>&1 || fail "apt-get purge"
[[ ! -e /usr/bin/certbund ]] && ok || fail "/usr/bin/certbund still there"
[[ ! -e /etc/certbund/certbund.toml ]] && ok || fail "/etc/certbund/certbund.toml still there after purge"
[[ -e /var/lib/certbund/certbund.sqlite ]] && ok || fail "the database went with the package"

finish
