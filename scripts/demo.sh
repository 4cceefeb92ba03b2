#!/usr/bin/env bash
# The main job on the shipped example: predict, statically, the seed's reply mismatch.
# IPurchaseOrder's client and service contracts look alike; over basicHttp with Message
# security (no WS-Addressing) the client rejects Price's reply; over wsHttp they agree.
set -uo pipefail
cd "$(dirname "$0")/.."
cargo build --release --quiet || exit 2
bin=target/release/soapsec
client=contracts/purchase-order-client.xml
service=contracts/purchase-order-service.xml

echo "== basicHttp with Message security (no WS-Addressing) =="
"$bin" contract check "$client" "$service" --binding basicHttp:Message
echo "(exit code $?: 1 = a failure is predicted)"
echo
echo "== wsHttp (WS-Addressing 1.0) =="
"$bin" contract check "$client" "$service" --binding wsHttp
echo "(exit code $?: 0 = compatible)"
