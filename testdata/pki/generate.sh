#!/usr/bin/env bash
# Regenerates the soapsec test PKI in this directory.
#
# The output is committed: tests read these files and never run OpenSSL. Rerunning this script
# makes NEW keys, serial numbers and therefore new thumbprints, so the facts hard-coded in
# tests/keys.rs (copied from fingerprints.txt) must be updated with it.
#
# Needs OpenSSL 3.0 or later. Usage: testdata/pki/generate.sh
# Everything here is test material: the private keys are public and must never protect anything.
set -euo pipefail
cd "$(dirname "$0")"
OUT=$PWD
WORK=$(mktemp -d)
trap 'rm -rf "$WORK"' EXIT

rm -f ./*.pem ./*.der ./*.sig ./*.bin message.txt fingerprints.txt

# --- an `openssl ca` configuration: explicit validity dates, fixed serials, chosen extensions ---
mkdir -p "$WORK/newcerts"
: > "$WORK/index.txt"
cat > "$WORK/ca.cnf" <<CNF
[ ca ]
default_ca = CA_default
[ CA_default ]
dir = $WORK
database = \$dir/index.txt
new_certs_dir = \$dir/newcerts
serial = \$dir/serial
default_md = sha256
policy = policy_any
unique_subject = no
copy_extensions = none
email_in_dn = no
preserve = yes
[ policy_any ]
countryName = optional
organizationName = optional
organizationalUnitName = optional
commonName = supplied
[ req ]
distinguished_name = req_dn
prompt = no
[ req_dn ]
CN = unused
[ v3_root ]
basicConstraints = critical, CA:TRUE
keyUsage = critical, keyCertSign, cRLSign
subjectKeyIdentifier = hash
[ v3_intermediate ]
basicConstraints = critical, CA:TRUE, pathlen:0
keyUsage = critical, keyCertSign, cRLSign
subjectKeyIdentifier = hash
authorityKeyIdentifier = keyid:always
[ v3_client ]
basicConstraints = critical, CA:FALSE
keyUsage = critical, digitalSignature, keyEncipherment
extendedKeyUsage = clientAuth
subjectKeyIdentifier = hash
authorityKeyIdentifier = keyid:always
[ v3_server ]
basicConstraints = critical, CA:FALSE
keyUsage = critical, digitalSignature, keyEncipherment
extendedKeyUsage = serverAuth
subjectKeyIdentifier = hash
authorityKeyIdentifier = keyid:always
[ v3_ec_leaf ]
basicConstraints = critical, CA:FALSE
keyUsage = critical, digitalSignature
subjectKeyIdentifier = hash
authorityKeyIdentifier = keyid:always
[ v3_no_ski ]
basicConstraints = critical, CA:FALSE
keyUsage = critical, digitalSignature, keyEncipherment
subjectKeyIdentifier = none
authorityKeyIdentifier = keyid:always
[ v3_encrypt_only ]
basicConstraints = critical, CA:FALSE
keyUsage = critical, keyEncipherment
subjectKeyIdentifier = hash
[ v3_self ]
basicConstraints = critical, CA:FALSE
keyUsage = critical, digitalSignature, keyEncipherment
subjectKeyIdentifier = hash
CNF

# key NAME ALGORITHM-OPTIONS...: a PKCS#8 PEM key NAME.key.pem
key() {
    local name=$1
    shift
    openssl genpkey -quiet "$@" -out "$OUT/$name.key.pem"
}

# issue NAME SUBJECT SERIAL-HEX EXTENSIONS START END ISSUER-CERT ISSUER-KEY MD [extra ca flags]
issue() {
    local name=$1 subj=$2 serial=$3 ext=$4 start=$5 end=$6 icert=$7 ikey=$8 md=$9
    shift 9
    openssl req -new -config "$WORK/ca.cnf" -key "$OUT/$name.key.pem" -subj "$subj" \
        -out "$WORK/$name.csr"
    echo "$serial" > "$WORK/serial"
    openssl ca -batch -notext -config "$WORK/ca.cnf" -in "$WORK/$name.csr" -out "$WORK/$name.crt" \
        -subj "$subj" -extensions "$ext" -startdate "$start" -enddate "$end" -md "$md" \
        -keyfile "$ikey" "$@" ${icert:+-cert "$icert"} 2> "$WORK/$name.log" \
        || { cat "$WORK/$name.log"; exit 1; }
    openssl x509 -in "$WORK/$name.crt" -out "$OUT/$name.pem"
}

RSA2048=(-algorithm RSA -pkeyopt rsa_keygen_bits:2048)
T0=20260101000000Z   # leaf validity 2026-01-01 ..
T1=20460101000000Z   # .. 2046-01-01

# --- the real PKI -------------------------------------------------------------------------------
key root-ca -algorithm RSA -pkeyopt rsa_keygen_bits:3072
issue root-ca "/O=soapsec test/CN=soapsec Test Root CA" 01 v3_root \
    20250101000000Z 20560101000000Z "" "$OUT/root-ca.key.pem" sha256 -selfsign

key intermediate-ca -algorithm EC -pkeyopt ec_paramgen_curve:P-384
issue intermediate-ca "/O=soapsec test/CN=soapsec Test EC Intermediate CA" 02 v3_intermediate \
    20250101000000Z 20500101000000Z "$OUT/root-ca.pem" "$OUT/root-ca.key.pem" sha256

key client "${RSA2048[@]}"
issue client "/C=GB/O=soapsec test/OU=clients/CN=soapsec test client" 1001 v3_client \
    $T0 $T1 "$OUT/root-ca.pem" "$OUT/root-ca.key.pem" sha256

key server "${RSA2048[@]}"
# A serial with the top bit set: its DER INTEGER carries a leading 0x00.
issue server "/O=soapsec test/CN=soapsec test server" C0FFEE0000000000000000000000000001 v3_server \
    $T0 $T1 "$OUT/root-ca.pem" "$OUT/root-ca.key.pem" sha256

key ec-leaf -algorithm EC -pkeyopt ec_paramgen_curve:P-256
issue ec-leaf "/O=soapsec test/CN=soapsec test EC client" 2001 v3_ec_leaf \
    $T0 $T1 "$OUT/intermediate-ca.pem" "$OUT/intermediate-ca.key.pem" sha384

key ec-p384 -algorithm EC -pkeyopt ec_paramgen_curve:P-384

# --- negative and edge cases ---------------------------------------------------------------------
key expired "${RSA2048[@]}"
issue expired "/O=soapsec test/CN=soapsec expired client" 1002 v3_client \
    20200101000000Z 20210101000000Z "$OUT/root-ca.pem" "$OUT/root-ca.key.pem" sha256

key no-ski "${RSA2048[@]}"
issue no-ski "/O=soapsec test/CN=soapsec client without SKI" 1003 v3_no_ski \
    $T0 $T1 "$OUT/root-ca.pem" "$OUT/root-ca.key.pem" sha256

key legacy-sha1 "${RSA2048[@]}"
issue legacy-sha1 "/O=soapsec test/CN=soapsec SHA-1 signed client" 1004 v3_client \
    $T0 $T1 "$OUT/root-ca.pem" "$OUT/root-ca.key.pem" sha1

key encrypt-only "${RSA2048[@]}"
issue encrypt-only "/O=soapsec test/CN=soapsec encryption-only" 1005 v3_encrypt_only \
    $T0 $T1 "$OUT/root-ca.pem" "$OUT/root-ca.key.pem" sha256

# A self-signed certificate that copies the client's name: what an attacker puts in a BST.
key attacker "${RSA2048[@]}"
issue attacker "/C=GB/O=soapsec test/OU=clients/CN=soapsec test client" 6666 v3_self \
    $T0 $T1 "" "$OUT/attacker.key.pem" sha256 -selfsign

# A rogue root with the real root's exact name but its own key, and a leaf it issued.
key rogue-root -algorithm RSA -pkeyopt rsa_keygen_bits:3072
issue rogue-root "/O=soapsec test/CN=soapsec Test Root CA" 0101 v3_root \
    20250101000000Z 20560101000000Z "" "$OUT/rogue-root.key.pem" sha256 -selfsign
key rogue-leaf "${RSA2048[@]}"
issue rogue-leaf "/O=soapsec test/CN=soapsec test server" 6667 v3_server \
    $T0 $T1 "$OUT/rogue-root.pem" "$OUT/rogue-root.key.pem" sha256

# The client (CA:FALSE) used as an issuer.
key leaf-as-ca "${RSA2048[@]}"
issue leaf-as-ca "/O=soapsec test/CN=soapsec issued by a leaf" 6668 v3_server \
    $T0 $T1 "$OUT/client.pem" "$OUT/client.key.pem" sha256

# A CA below the pathlen:0 intermediate, and a leaf below that: path length exceeded.
key pathlen-sub-ca -algorithm EC -pkeyopt ec_paramgen_curve:P-256
issue pathlen-sub-ca "/O=soapsec test/CN=soapsec sub CA beyond pathlen" 2002 v3_intermediate \
    $T0 $T1 "$OUT/intermediate-ca.pem" "$OUT/intermediate-ca.key.pem" sha384
key pathlen-leaf -algorithm EC -pkeyopt ec_paramgen_curve:P-256
issue pathlen-leaf "/O=soapsec test/CN=soapsec leaf beyond pathlen" 2003 v3_ec_leaf \
    $T0 $T1 "$OUT/pathlen-sub-ca.pem" "$OUT/pathlen-sub-ca.key.pem" sha256

# A leaf with a critical extension nobody knows, which validation must refuse. (`openssl x509
# -req` sets notBefore to now; the tests validate it in 2030.)
key critical-ext "${RSA2048[@]}"
openssl req -new -config "$WORK/ca.cnf" -key critical-ext.key.pem \
    -subj "/O=soapsec test/CN=soapsec unknown critical extension" -out "$WORK/critical-ext.csr"
printf 'basicConstraints = critical, CA:FALSE\nkeyUsage = critical, digitalSignature\n1.3.6.1.4.1.55555.1 = critical, ASN1:UTF8String:must be understood\n' \
    > "$WORK/critical-ext.ext"
openssl x509 -req -in "$WORK/critical-ext.csr" -CA root-ca.pem -CAkey root-ca.key.pem \
    -set_serial 0x1006 -days 7300 -sha256 -extfile "$WORK/critical-ext.ext" -out critical-ext.pem 2>/dev/null

# Keys that must load, and keys that must be refused.
key rsa-4096 -algorithm RSA -pkeyopt rsa_keygen_bits:4096
key rsa-1024 -algorithm RSA -pkeyopt rsa_keygen_bits:1024
key rsa-4608 -algorithm RSA -pkeyopt rsa_keygen_bits:4608
key ed25519 -algorithm ED25519
key p521 -algorithm EC -pkeyopt ec_paramgen_curve:P-521
openssl pkcs8 -topk8 -in client.key.pem -passout pass:soapsec -v2 aes-256-cbc \
    -out encrypted.key.pem

# --- other encodings of the same keys and certificates ------------------------------------------
openssl rsa -in client.key.pem -traditional -out client.rsa.pem 2>/dev/null    # PKCS#1 PEM
openssl rsa -in client.key.pem -traditional -outform DER -out client.rsa.der 2>/dev/null
openssl pkcs8 -topk8 -nocrypt -in client.key.pem -outform DER -out client.key.der
openssl ec -in ec-leaf.key.pem -out ec-leaf.sec1.pem 2>/dev/null              # SEC1 PEM
openssl ec -in ec-leaf.key.pem -outform DER -out ec-leaf.sec1.der 2>/dev/null
openssl pkcs8 -topk8 -nocrypt -in ec-leaf.key.pem -outform DER -out ec-leaf.key.der
openssl ec -in p521.key.pem -out p521.sec1.pem 2>/dev/null
for c in root-ca client server ec-leaf; do
    openssl x509 -in $c.pem -outform DER -out $c.der
done

# --- interop artefacts made by OpenSSL, which the tests verify or decrypt --------------------------
printf 'soapsec test message\n' > message.txt
openssl dgst -sha256 -sign client.key.pem -out message.rsa-sha256.sig message.txt
openssl dgst -sha1 -sign client.key.pem -out message.rsa-sha1.sig message.txt
openssl dgst -sha256 -sign ec-leaf.key.pem -out message.ecdsa-p256-sha256.der.sig message.txt
openssl dgst -sha384 -sign ec-p384.key.pem -out message.ecdsa-p384-sha384.der.sig message.txt
printf '0123456789abcdef0123456789abcdef' > session-key.bin
openssl pkeyutl -encrypt -certin -inkey client.pem -in session-key.bin -out session-key.oaep-sha1.bin \
    -pkeyopt rsa_padding_mode:oaep -pkeyopt rsa_oaep_md:sha1 -pkeyopt rsa_mgf1_md:sha1
openssl pkeyutl -encrypt -certin -inkey client.pem -in session-key.bin -out session-key.oaep-sha256.bin \
    -pkeyopt rsa_padding_mode:oaep -pkeyopt rsa_oaep_md:sha256 -pkeyopt rsa_mgf1_md:sha256

# --- the facts the tests check against -----------------------------------------------------------
# ski_method1 CERT: RFC 5280 §4.2.1.2 method 1, SHA-1 over the subjectPublicKey BIT STRING's value
# (no tag, no length, no unused-bits octet), as OpenSSL's `subjectKeyIdentifier = hash` computes.
ski_method1() {
    openssl x509 -in "$1" -noout -pubkey | openssl pkey -pubin -outform DER -out "$WORK/spki.der"
    local off hl
    read -r off hl < <(openssl asn1parse -inform DER -in "$WORK/spki.der" \
        | awk -F'[:= ]+' '/BIT STRING/ { for (i = 1; i <= NF; i++) if ($i == "hl") h = $(i+1); print $2, h; exit }')
    tail -c +$((off + hl + 2)) "$WORK/spki.der" | openssl dgst -sha1 -r | cut -d' ' -f1 | tr a-f A-F
}
{
    echo "# Produced by generate.sh with OpenSSL: $(openssl version)"
    for c in root-ca intermediate-ca client server ec-leaf no-ski expired; do
        echo "[$c]"
        echo "subject   = $(openssl x509 -in $c.pem -noout -subject -nameopt RFC2253 | sed 's/^subject=//')"
        echo "issuer    = $(openssl x509 -in $c.pem -noout -issuer -nameopt RFC2253 | sed 's/^issuer=//')"
        echo "serial    = $(openssl x509 -in $c.pem -noout -serial | sed 's/^serial=//')"
        echo "dates     = $(openssl x509 -in $c.pem -noout -startdate -enddate | tr '\n' ' ')"
        echo "sha1      = $(openssl x509 -in $c.pem -noout -fingerprint -sha1 | sed 's/^.*=//')"
        echo "sha256    = $(openssl x509 -in $c.pem -noout -fingerprint -sha256 | sed 's/^.*=//')"
        echo "ski       = $(openssl x509 -in $c.pem -noout -ext subjectKeyIdentifier 2>/dev/null | sed -n 2p | tr -d ' ')"
        echo "ski-rfc5280-method1 = $(ski_method1 $c.pem)"
    done
} > fingerprints.txt
echo "wrote $(ls | wc -l) files to $OUT"
