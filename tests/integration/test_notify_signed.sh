#!/usr/bin/env bash
# notify.on_ingest sends right away; notify.sign_key signs every notice
# with the desk's own key (PGP/MIME), and the signature verifies.
source "$(dirname "$0")/lib.sh"

# The desk's own signing key, made for this run only (INSECURE).
export GNUPGHOME=$T/desk
mkdir -m 700 "$GNUPGHOME"
gpg --batch --passphrase '' --quick-gen-key 'Abuse Desk Test INSECURE <abuse@example.net>' ed25519 sign never 2>/dev/null
DESK_FPR=$(gpg --with-colons -k abuse@example.net | awk -F: '/^fpr/ {print $10; exit}')

port=$(start_sink "$T/sink")
write_config "smtp://127.0.0.1:$port" "on_ingest = true
sign_key = \"$DESK_FPR\"
gnupg_home = \"$T/desk\""
cb customers import "$SRC/samples/customers.csv" 2>/dev/null

TEST "on_ingest: the notice is sent by the ingest itself"
signed_report "$T/r.eml" CB-Report#20240115-10001234 "Offene MongoDB-Server" \
  '"64496","198.51.100.7","2024-01-15 03:00:00","27017","4.0.3"'
CERTBUND_NOW=2024-01-15T08:00:00Z cb ingest "$T/r.eml" 2>/dev/null
expect_eq "$(ls "$T/sink"/*.eml 2>/dev/null | wc -l)" 1 "delivered during ingest"
expect_eq "$(sql "select status from outbox")" sent "recorded as sent"

TEST "the notice is PGP/MIME signed by the desk's key and verifies"
mail=$(ls "$T/sink"/*.eml | head -1)
expect_contains "$(cat "$mail")" 'multipart/signed' "multipart/signed"
expect_contains "$(cat "$mail")" 'protocol="application/pgp-signature"' "RFC 3156 protocol"
/usr/bin/python3 - "$mail" "$T/signed.part" "$T/sig.asc" <<'PY'
import re, sys
raw = open(sys.argv[1], "rb").read()
boundary = re.search(rb'boundary="?([^";\r\n]+)"?', raw).group(1)
parts = raw.split(b"--" + boundary)
open(sys.argv[2], "wb").write(parts[1][2:-2])  # without the CRLFs that belong to the boundaries
sig = parts[2]
open(sys.argv[3], "wb").write(sig[sig.index(b"-----BEGIN"):])
PY
if gpg --batch --verify "$T/sig.asc" "$T/signed.part" 2>"$T/verify.log"; then ok; else fail "signature does not verify: $(cat "$T/verify.log")"; fi
expect_contains "$(cat "$T/verify.log")" "$DESK_FPR" "signed by the desk key"
expect_contains "$(decoded "$mail")" "bindIp: 127.0.0.1" "MongoDB advice inside the signed part"
gpgconf --homedir "$T/desk" --kill all

finish
