#!/usr/bin/env bash
# Makes the extra certificates tests/token.rs needs for ambiguity cases, from the keys of the
# test PKI in ../pki (which this script does not change). The output is committed: tests never
# run OpenSSL. Needs OpenSSL 3.0 or later. Usage: testdata/tokens/generate.sh
# Everything here is test material: the private keys are public and must never protect anything.
set -euo pipefail
cd "$(dirname "$0")"
PKI=../pki
WORK=$(mktemp -d)
trap 'rm -rf "$WORK"' EXIT

cat > "$WORK/ext.cnf" <<CNF
[ leaf ]
basicConstraints = critical, CA:FALSE
keyUsage = critical, digitalSignature, keyEncipherment
subjectKeyIdentifier = hash
authorityKeyIdentifier = keyid:always
CNF

# issue NAME SUBJECT SERIAL_HEX SUBJECT_KEY CA_CERT CA_KEY
issue() {
    openssl req -new -key "$4" -subj "$2" -out "$WORK/$1.csr"
    openssl x509 -req -in "$WORK/$1.csr" -CA "$5" -CAkey "$6" -set_serial "0x$3" -days 7300 \
        -sha256 -extfile "$WORK/ext.cnf" -extensions leaf -out "$1.pem"
}

# The client's key in a second certificate from the real root: same subject key identifier as
# client.pem, different serial and thumbprint.
issue client-reissued "/O=soapsec test/CN=soapsec test client reissued" 1011 \
    "$PKI/client.key.pem" "$PKI/root-ca.pem" "$PKI/root-ca.key.pem"

# Issued by the rogue root (same name as the real root) with the client's serial 0x1001: the
# same X509IssuerSerial as client.pem.
issue rogue-1001 "/O=soapsec test/CN=soapsec rogue twin" 1001 \
    "$PKI/rogue-leaf.key.pem" "$PKI/rogue-root.pem" "$PKI/rogue-root.key.pem"

for c in client-reissued rogue-1001; do
    openssl x509 -in "$c.pem" -noout -subject -issuer -serial -ext subjectKeyIdentifier -dates
done > facts.txt
