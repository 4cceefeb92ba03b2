#!/bin/sh
# Regenerate the secured example envelopes with `soapsec protect` and the test PKI.
# Encryption draws fresh keys and IVs, so the output differs on every run: after running
# this, update the inspector snapshots (`INSTA_UPDATE=always cargo test --test cli_inspect`,
# then review `git diff tests/snapshots`).
#
#   signed-price-request.xml        IPurchaseOrder.Price request, Sign, basicHttp:Message (SOAP 1.1)
#   seed-mismatch-price-reply.xml   the service's Price reply, Sign only, basicHttp:Message:
#                                   the seed's mismatch (the client contract wants EncryptAndSign)
#   encrypted-tax-request.xml       IPurchaseOrder.Tax request, EncryptAndSign, wsHttp (SOAP 1.2)
set -eu
here=$(cd "$(dirname "$0")" && pwd)
root=$here/../../..
pki=$root/testdata/pki
contracts=$root/contracts
soapsec=${SOAPSEC:-$root/target/debug/soapsec}
at=2030-01-01T00:00:00Z
"$soapsec" protect --contract "$contracts/purchase-order-service.xml" --binding basicHttp:Message \
    --direction request --action http://tempuri.org/IPurchaseOrder/Price --at $at \
    --key "$pki/client.key.pem" --cert "$pki/client.pem" --peer-cert "$pki/server.pem" \
    "$here/price-request.xml" -o "$here/signed-price-request.xml"
"$soapsec" protect --contract "$contracts/purchase-order-service.xml" --binding basicHttp:Message \
    --direction reply --at $at \
    --key "$pki/server.key.pem" --cert "$pki/server.pem" --peer-cert "$pki/client.pem" \
    "$here/price-reply.xml" -o "$here/seed-mismatch-price-reply.xml"
"$soapsec" protect --contract "$contracts/purchase-order-client.xml" --binding wsHttp \
    --direction request --action http://tempuri.org/IPurchaseOrder/Tax --at $at \
    --key "$pki/client.key.pem" --cert "$pki/client.pem" --peer-cert "$pki/server.pem" \
    "$here/tax-request.xml" -o "$here/encrypted-tax-request.xml"
#   encrypted-header-submit-request.xml  IOrders.Submit (contracts/every-scope.xml, wsHttp): the
#                                   CardNumber header EncryptAndSign (an EncryptedHeader), OrderId
#                                   in clear, the body signed
"$soapsec" protect --contract "$contracts/every-scope.xml" \
    --direction request --action urn:example:orders/IOrders/Submit --at $at \
    --key "$pki/client.key.pem" --cert "$pki/client.pem" --peer-cert "$pki/server.pem" \
    "$here/submit-request.xml" -o "$here/encrypted-header-submit-request.xml"
