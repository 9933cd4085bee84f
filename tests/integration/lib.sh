# Shared set-up for the integration suites: a temporary folder with a
# verifier keyring, a config and a database; helpers to run the real
# binary and to check results. Source it; it expects $CERTBUND (the binary)
# and $CERTBUND_SOURCE_DIR (the repository) from CTest.
set -euo pipefail

: "${CERTBUND:?set by CTest: the certbund binary}"
: "${CERTBUND_SOURCE_DIR:?set by CTest: the repository}"
SRC=$CERTBUND_SOURCE_DIR
SAMPLES=$SRC/samples/mails
TRUSTED_FPR=$(awk '$1 == "trusted" {print $3}' "$SRC/samples/keys/fingerprints.txt")
SMIME_FPR=$(awk '$1 == "smime" {print $3}' "$SRC/samples/keys/fingerprints.txt")

command -v gpg >/dev/null || { echo "skip: gpg missing"; exit 125; }
command -v jq >/dev/null || { echo "skip: jq missing"; exit 125; }

T=$(mktemp -d /tmp/cbit.XXXXXX)
FAILS=0
CHECKS=0
SINK_PIDS=()

cleanup() {
  for pid in "${SINK_PIDS[@]}"; do kill "$pid" 2>/dev/null || true; done
  # port=$(start_sink ...) runs in a subshell, which cannot add to SINK_PIDS.
  for pidfile in "$T"/*/sink.pid; do [[ -f $pidfile ]] && kill "$(cat "$pidfile")" 2>/dev/null || true; done
  gpgconf --homedir "$T/gnupg" --kill all 2>/dev/null || true
  if [[ $FAILS -eq 0 ]]; then rm -rf "$T"; else echo "test data left in $T"; fi
}
trap cleanup EXIT

"$SRC/samples/make-keyring" "$T/gnupg"

# write_config [SMTP_URL] [EXTRA TOML]
write_config() {
  cat >"$T/certbund.toml" <<TOML
[database]
path = "db.sqlite"
[pgp]
gnupg_home = "gnupg"
trusted_fingerprints = ["$TRUSTED_FPR"]
[smime]
trusted_fingerprints = ["$SMIME_FPR"]
[smtp]
url = "${1:-smtp://127.0.0.1:9}"
from = "Abuse Desk <abuse@example.net>"
[templates]
dir = "$SRC/templates"
[notify]
remind_after_days = 7
dry_run_dir = "dry-run"
${2:-}
TOML
}
write_config

# share_with_other_users: suites that run certbund as nobody or certbund
# call this first. Those users cannot enter a clone under a 0700 folder
# (mktemp -d), so the binary, the templates and the sample mails are
# copied into $T (made 0755) and $CERTBUND, $SAMPLES and the config's
# templates.dir point at the copies.
share_with_other_users() {
  chmod 755 "$T"
  if [[ ! -d $T/shared ]]; then
    mkdir "$T/shared"
    cp "$CERTBUND" "$T/shared/certbund"
    cp -r "$SRC/templates" "$T/shared/templates"
    cp -r "$SAMPLES" "$T/shared/mails"
    chmod -R a+rX "$T/shared"
    CERTBUND=$T/shared/certbund
    SAMPLES=$T/shared/mails
  fi
  sed -i "s|^dir = \"$SRC/templates\"|dir = \"$T/shared/templates\"|" "$T/certbund.toml"
}

cb() { "$CERTBUND" --config "$T/certbund.toml" "$@"; }
# init_db: `certbund init`, as an operator runs it first: only init makes
# the database. Every suite starts with one.
init_db() { cb init >/dev/null; }
init_db
sql() { sqlite3 -cmd ".timeout 5000" "$T/db.sqlite" "$@"; }

TEST() { echo "-- $*"; }
ok() { CHECKS=$((CHECKS + 1)); }
fail() { CHECKS=$((CHECKS + 1)); FAILS=$((FAILS + 1)); echo "FAIL: $*" >&2; }

expect_eq() {  # expect_eq ACTUAL EXPECTED WHAT
  if [[ "$1" == "$2" ]]; then ok; else fail "$3: expected '$2', got '$1'"; fi
}
expect_contains() {  # expect_contains TEXT NEEDLE WHAT
  if [[ "$1" == *"$2"* ]]; then ok; else fail "$3: '$2' not in: ${1:0:400}"; fi
}
expect_not_contains() {
  if [[ "$1" != *"$2"* ]]; then ok; else fail "$3: '$2' should not be in: ${1:0:400}"; fi
}
expect_exit() {  # expect_exit CODE WHAT -- COMMAND...
  local want=$1 what=$2
  shift 3
  local rc=0
  "$@" >"$T/out" 2>"$T/err" || rc=$?
  if [[ $rc -eq $want ]]; then ok; else fail "$what: exit $rc, expected $want; stderr: $(cat "$T/err")"; fi
}

# start_sink DIR [OPTIONS...]: prints the port
start_sink() {
  local dir=$1
  shift
  local port
  port=$("$SRC/tests/tools/smtp-sink-start" "$dir" --lifetime 300 "$@")
  SINK_PIDS+=("$(cat "$dir/sink.pid")")
  echo "$port"
}

# sign_mail ARGS...: samples/sign-mail (signs with the committed test keys)
sign_mail() { "$SRC/samples/sign-mail" "$@"; }

finish() {
  echo "$((CHECKS - FAILS)) passed, $FAILS failed"
  [[ $FAILS -eq 0 ]]
}

# report_body FILE TICKET TOPIC ROW... : a CB-Report body with the CSV
# header "asn","ip","timestamp","port","version" and the given rows (each
# row already written as CSV: '"64496","192.0.2.17","2024-01-15 03:00:00","6379","7.0"').
report_body() {
  local file=$1 ticket=$2 topic=$3
  shift 3
  {
    echo "Subject: [$ticket] $topic in AS64496"
    echo "From: CERT-Bund Reports <reports@reports.cert-bund.de>"
    echo "Date: Mon, 15 Jan 2024 06:42:17 +0000"
    echo
    echo "[English version below]"
    echo
    echo "Sehr geehrte Damen und Herren,"
    echo
    echo "nachfolgend senden wir Ihnen eine Liste betroffener Systeme."
    echo
    echo "Betroffene Systeme in Ihrem Netzbereich:"
    echo "Affected hosts on your networks:"
    echo
    echo '"asn","ip","timestamp","port","version"'
    printf '%s\n' "$@"
    echo
    echo
    echo "Mit freundlichen Grüßen / Kind regards"
    echo "Team CERT-Bund"
  } >"$file"
}

# signed_report OUT TICKET TOPIC ROW...: report_body, signed PGP/MIME by the trusted key
signed_report() {
  local out=$1
  shift
  report_body "$T/body.txt" "$@"
  sign_mail --mode pgp-mime --key trusted "$T/body.txt" >"$out"
}

# decoded FILE.eml: the text of a notice as its reader sees it (headers
# decoded, body quoted-printable decoded).
decoded() {
  /usr/bin/python3 - "$1" <<'PY'
import email, email.policy, sys
m = email.message_from_binary_file(open(sys.argv[1], "rb"), policy=email.policy.default)
print("Subject:", m["subject"])
for part in m.walk():
    if part.get_content_type() == "text/plain":
        print(part.get_content())
PY
}

# sink_mail_to DIR ADDRESS: the .eml file the sink received for ADDRESS
sink_mail_to() {
  local json
  json=$(grep -l "\"$2\"" "$1"/*.json 2>/dev/null | head -n 1) || true
  [[ -n $json ]] && echo "${json%.json}.eml"
}
