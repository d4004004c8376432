#!/usr/bin/env bash
# Runs the official notifications-node-client@8.3.0 integration suite (spec/integration/test.js,
# shipped in its npm package), unchanged, against a fresh `missive serve`: letters excluded, as
# Missive does not offer them. Prints "N passed, N failed" for the suite; exits non-zero on failure.
set -euo pipefail
here="$(cd "$(dirname "$0")" && pwd)"
root="$(cd "$here/../.." && pwd)"
missive="${MISSIVE_BIN:-$root/build/src/cli/missive}"
work="$here/.work"
export NO_PROXY=localhost,127.0.0.1 no_proxy=localhost,127.0.0.1

# The client's package (8.3.0 is the last release that ships its tests), installed once.
if [ ! -f "$work/package/spec/integration/test.js" ] || [ ! -d "$work/package/node_modules" ]; then
  rm -rf "$work" && mkdir -p "$work"
  (cd "$work" && npm pack --silent notifications-node-client@8.3.0 > /dev/null \
    && tar xzf notifications-node-client-8.3.0.tgz \
    && cd package && npm install --ignore-scripts --no-audit --no-fund --loglevel=error > /dev/null)
fi

data="$(mktemp -d)"
server_pid=""
cleanup() {
  [ -n "$server_pid" ] && kill "$server_pid" 2> /dev/null && wait "$server_pid" 2> /dev/null
  rm -rf "$data"
}
trap cleanup EXIT

cli() { "$missive" --data-dir "$data" --json "$@"; }
field() { node -e 'let s="";process.stdin.on("data",d=>s+=d).on("end",()=>console.log(JSON.parse(s)[process.argv[1]]))' "$1"; }

# Fixtures, with the names and texts the suite asserts.
service=$(cli service create --name "Client functional tests" --email-from functional --live | field id)
api_key=$(cli key create --service "$service" --name functional | field key)
team_key=$(cli key create --service "$service" --name functional-team --type team | field key)
email_template=$(cli template create --service "$service" --type email \
  --name "Client Functional test email template" --subject "Functional Tests are good" \
  --body $'Hello ((name))\r\n\r\nFunctional test help make our world a better place' | field id)
sms_template=$(cli template create --service "$service" --type sms \
  --name "Example text message template" \
  --body $'Hello ((name))\n\nFunctional Tests make our world a better place' | field id)
cli template update "$sms_template" --name "Client Functional test sms template" > /dev/null
reply_to=$(cli reply-to add --service "$service" --email reply@example.com --default | field id)
sms_sender=$(cli sms-sender add --service "$service" --sender CANADA.CA --default | field id)
# The team key may only send to team members.
cli team add --service "$service" --mobile +16135550142 > /dev/null
cli inbound add --service "$service" --from +16135550142 --to +16135550100 --text "Bonjour" \
  > /dev/null

port=$(node -e 'const s=require("net").createServer().listen(0,"127.0.0.1",()=>{console.log(s.address().port);s.close()})')
"$missive" --data-dir "$data" --log-level warn serve --listen "127.0.0.1:$port" &
server_pid=$!
for _ in $(seq 1 100); do
  curl -sf "http://127.0.0.1:$port/_status" > /dev/null && break
  sleep 0.1
done

cd "$work/package"
set +e
NOTIFY_API_URL="http://localhost:$port" API_KEY="$api_key" API_SENDING_KEY="$team_key" \
  INBOUND_SMS_QUERY_KEY="$api_key" FUNCTIONAL_TEST_EMAIL="functional@example.com" \
  FUNCTIONAL_TEST_NUMBER="+16135550142" EMAIL_TEMPLATE_ID="$email_template" \
  SMS_TEMPLATE_ID="$sms_template" LETTER_TEMPLATE_ID="00000000-0000-4000-8000-000000000000" \
  EMAIL_REPLY_TO_ID="$reply_to" SMS_SENDER_ID="$sms_sender" npm_config_integration=true \
  npx mocha spec/integration/test.js --grep letter --invert 2>&1 | tee "$data/mocha.txt"
status=${PIPESTATUS[0]}
set -e
passing=$(grep -Eo '^ *[0-9]+ passing' "$data/mocha.txt" | grep -Eo '[0-9]+' || echo 0)
failing=$(grep -Eo '^ *[0-9]+ failing' "$data/mocha.txt" | grep -Eo '[0-9]+' || echo 0)
echo "client-suite: ${passing} passed, ${failing} failed"
[ "$status" -eq 0 ] && [ "$failing" -eq 0 ] && [ "$passing" -gt 0 ]
