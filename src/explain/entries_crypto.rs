//! Keys and certificates, XML Signature, XML Encryption.

use super::{BASE, Explanation};

/// Shared advice for the SHA-1 / AES-CBC legacy switches.
const LEGACY_FIX: &str = "A WCF peer cannot do better: every WCF suite encrypts with AES-CBC, \
    and its default `Basic256` also signs with rsa-sha1 and sha1. Move the peer to \
    `Basic256Sha256` to drop SHA-1, then opt in to what remains, explicitly, on this side: \
    `Algorithms::from_suite(suite, legacy)` with `Legacy::allow_aes_cbc_for_legacy_use_only` \
    (and `allow_sha1_for_legacy_use_only` for `Basic256`), or `--legacy-wcf-basic256` on \
    `soapsec protect`/`verify` for exactly WCF's default suite.";

pub(super) static ENTRIES: &[Explanation] = &[
    // ---- keys: loading -------------------------------------------------------------------------
    Explanation {
        code: "keys/UnrecognizedKeyFormat",
        title: "the input is not a private key in a supported format",
        meaning: "No RSA or EC private key was found (PKCS#8, PKCS#1 or SEC1, in PEM or DER). The \
            message says what the input looks like instead.",
        causes: &[
            "The certificate was given where the key was expected (`--key server.pem` instead of \
             `--key server.key.pem`).",
            "A PKCS#12 bundle (`.pfx`, `.p12`, what Windows exports) was given directly.",
            "A public key, a CSR, or an SSH key file.",
        ],
        fixes: &[
            "Extract the key from a PFX: `openssl pkcs12 -in cert.pfx -nocerts -nodes -out \
             key.pem` (then see keys/EncryptedPrivateKey if it is still encrypted).",
            "Check the file: `openssl pkey -in FILE -noout -text`.",
        ],
        messages: &["no private key found: the input is {}"],
        ..BASE
    },
    Explanation {
        code: "keys/EncryptedPrivateKey",
        title: "the private key is password-protected",
        meaning: "soapsec loads only unencrypted private keys; it has no way to ask for a \
            password. The message says which protection was found (PKCS#8 \
            EncryptedPrivateKeyInfo, or a legacy `Proc-Type: 4,ENCRYPTED` PEM).",
        causes: &["A key exported from a PFX or generated with `-aes256`/`-des3`."],
        fixes: &[
            "Decrypt it once into a file only the service can read: `openssl pkey -in \
             encrypted.pem -out key.pem` (asks for the password).",
            "Or keep it encrypted at rest in a secret store and hand soapsec the decrypted bytes \
             (`PrivateKey::load`).",
        ],
        messages: &["the private key is encrypted ({}); only unencrypted keys are supported"],
        ..BASE
    },
    Explanation {
        code: "keys/MalformedPem",
        title: "a PEM document is malformed",
        meaning: "The input looks like PEM (`-----BEGIN …-----`) but its framing or base64 is \
            broken.",
        causes: &[
            "The file was truncated, or lines were joined or re-wrapped by copy and paste (an \
             e-mail client, a YAML value without a block scalar).",
            "CRLF or stray spaces inside the base64 after editing on another system.",
            "Mismatched BEGIN and END labels.",
        ],
        fixes: &[
            "Re-export the key or certificate; check it with `openssl x509 -in FILE -noout` or \
             `openssl pkey -in FILE -noout`.",
        ],
        messages: &["malformed PEM: {}"],
        ..BASE
    },
    Explanation {
        code: "keys/MalformedKey",
        title: "the DER structure of a key is malformed",
        meaning: "The key's ASN.1 (PKCS#8 PrivateKeyInfo, PKCS#1 RSAPrivateKey, SEC1 \
            ECPrivateKey, SubjectPublicKeyInfo) does not parse; the message names the structure \
            and the problem.",
        causes: &[
            "A truncated or corrupted DER file, or a PEM body with the wrong label.",
            "A file in a format soapsec does not read (PVK, a Java keystore).",
        ],
        fixes: &["Convert with OpenSSL to PKCS#8 PEM: `openssl pkey -in FILE -out key.pem`."],
        messages: &[
            "malformed PKCS#8 PrivateKeyInfo: {}",
            "malformed PKCS#1 RSAPrivateKey: {}",
            "malformed SEC1 ECPrivateKey: {}",
            "malformed RSAPublicKey: {}",
            "malformed PEM private key: {}",
        ],
        ..BASE
    },
    Explanation {
        code: "keys/UnsupportedKeyAlgorithm",
        title: "the key is neither RSA nor ECDSA",
        meaning: "soapsec signs and encrypts with RSA and ECDSA P-256/P-384 only (what WS-Security \
            peers use).",
        causes: &["An Ed25519, Ed448, DSA, DH or RSA-PSS-only key."],
        fixes: &[
            "Issue an RSA (2048–4096 bits) or ECDSA P-256/P-384 key and certificate. WCF peers \
             need RSA for key transport anyway.",
        ],
        messages: &[
            "unsupported key algorithm {} ({}); only RSA and ECDSA P-256/P-384 keys are supported",
        ],
        ..BASE
    },
    Explanation {
        code: "keys/RsaKeySize",
        title: "an RSA key outside the accepted size range",
        meaning: "Private keys must be 2048 to 4096 bits; public keys (peers' certificates) 2048 to \
            8192 bits. Smaller keys are breakable, larger ones are a denial-of-service lever.",
        causes: &[
            "An old test or development certificate of 1024 bits (makecert-era WCF samples, old \
             appliances).",
            "An oversized key used to make signature checks expensive.",
        ],
        fixes: &[
            "Issue a new 2048- or 3072-bit key and certificate; WCF accepts them without \
             configuration changes.",
        ],
        messages: &["RSA key of {} bits is outside the accepted range of {} to {} bits"],
        ..BASE
    },
    Explanation {
        code: "keys/UnsupportedCurve",
        title: "an EC key on a curve other than P-256 or P-384",
        meaning: "Only the NIST curves P-256 and P-384 are supported.",
        causes: &["A P-521, secp256k1 or Brainpool key."],
        fixes: &["Issue the key on P-256 (or P-384), or use RSA."],
        messages: &["unsupported elliptic curve {} ({}); only P-256 and P-384 are supported"],
        ..BASE
    },
    Explanation {
        code: "keys/UnsupportedEcPoint",
        title: "an EC public key that is not an uncompressed point",
        meaning: "Public keys must be uncompressed points of the curve's size.",
        causes: &["A certificate with a compressed EC point (rare; some hardware tokens)."],
        fixes: &["Re-issue the certificate with an uncompressed point (OpenSSL's default)."],
        messages: &["unsupported EC point encoding: {}"],
        ..BASE
    },
    Explanation {
        code: "keys/EcPublicKeyMissing",
        title: "the EC private key does not include its public key",
        meaning: "SEC1/PKCS#8 EC keys may omit the public key; soapsec needs it and does not \
            derive it.",
        causes: &["A key written by a tool that drops the optional public key field."],
        fixes: &[
            "Rewrite the key with OpenSSL, which includes it: `openssl pkey -in FILE -out key.pem`.",
        ],
        messages: &["the EC private key does not include its public key"],
        ..BASE
    },
    Explanation {
        code: "keys/KeyRejected",
        title: "the cryptographic backend rejected the key",
        meaning: "The key parsed, but the backend refused it: inconsistent RSA components, a bad \
            public exponent, a private scalar out of range.",
        causes: &["A corrupted or hand-assembled key, or one from a broken generator."],
        fixes: &["Generate a fresh key with OpenSSL and re-issue the certificate."],
        messages: &["the key was rejected: {}"],
        ..BASE
    },
    // ---- keys: certificates --------------------------------------------------------------------
    Explanation {
        code: "keys/NoCertificate",
        title: "no certificate was found in the input",
        meaning: "A certificate (PEM `CERTIFICATE` or DER X.509) was expected; the message says \
            what the input is instead.",
        causes: &[
            "The key was given where the certificate was expected (`--cert key.pem`).",
            "A PKCS#12 bundle, a CSR, or a PKCS#7 (`.p7b`) chain file.",
        ],
        fixes: &[
            "From a PFX: `openssl pkcs12 -in cert.pfx -clcerts -nokeys -out cert.pem`.",
            "From a .p7b: `openssl pkcs7 -print_certs -in chain.p7b -out certs.pem`.",
        ],
        messages: &["no certificate found: the input is {}"],
        ..BASE
    },
    Explanation {
        code: "keys/MalformedCertificate",
        title: "the certificate cannot be parsed or breaks RFC 5280",
        meaning: "The certificate's DER does not parse, or it breaks a rule of RFC 5280 that is \
            enforced at load time (the message says which).",
        causes: &[
            "A truncated or corrupted file, or base64 of a certificate taken from a message with \
             extra characters.",
            "A certificate produced by a non-conforming issuer (a negative serial, a bad \
             extension encoding).",
        ],
        fixes: &[
            "Check it with `openssl x509 -in FILE -noout -text`; re-issue it if the issuer is \
             broken.",
        ],
        messages: &["malformed certificate: {}"],
        ..BASE
    },
    // ---- keys: algorithms ----------------------------------------------------------------------
    Explanation {
        code: "keys/AlgorithmKeyMismatch",
        title: "the algorithm does not belong to the key's family",
        meaning: "The key's type fixes the algorithm family: RSA keys sign with RSA methods, EC \
            keys with ECDSA, HMAC keys with HMAC. Anything else is refused, so a message cannot \
            make the verifier use a public key as an HMAC secret.",
        causes: &[
            "A configuration mixing an EC certificate with an RSA suite (or the reverse).",
            "A key-confusion attack: `hmac-sha1` keyed with the server's public key.",
        ],
        fixes: &["Use an algorithm suite that matches the certificate's key type."],
        attack_class: Some('K'),
        messages: &["{} cannot be used with an {} key"],
        ..BASE
    },
    Explanation {
        code: "keys/LegacyAlgorithmDisabled",
        title: "a SHA-1 based algorithm while the legacy switch is off",
        meaning: "SHA-1 signatures (message signatures, or the signature on a certificate) are \
            refused unless explicitly enabled for legacy peers.",
        causes: &[
            "A WCF peer on its default `Basic256` suite, which signs with rsa-sha1.",
            "A certificate chain signed with sha1WithRSAEncryption (old internal CAs).",
            "A downgrade attempt that swaps the algorithm in the message.",
        ],
        fixes: &[
            LEGACY_FIX,
            "For a SHA-1 signed certificate: re-issue it, or \
             `TrustStore::allow_sha1_certificates_FOR_LEGACY_USE_ONLY(true)`.",
        ],
        attack_class: Some('J'),
        messages: &["{} is a legacy algorithm and legacy algorithms are not enabled"],
        ..BASE
    },
    Explanation {
        code: "keys/UnsupportedSignatureAlgorithm",
        title: "a certificate is signed with an unsupported algorithm",
        meaning: "The signature algorithm on a certificate (by its issuer) is not one soapsec \
            verifies (RSA PKCS#1 v1.5 with SHA-2, ECDSA with SHA-2, and SHA-1 RSA as legacy).",
        causes: &["A certificate signed with RSA-PSS, MD5, Ed25519 or a national algorithm."],
        fixes: &[
            "Have the CA re-issue the certificate with sha256WithRSAEncryption or ecdsa-with-SHA256.",
        ],
        messages: &["unsupported certificate signature algorithm {}"],
        ..BASE
    },
    // ---- keys: operations ----------------------------------------------------------------------
    Explanation {
        code: "keys/BadSignature",
        title: "a signature did not verify",
        meaning: "A raw signature check failed: the data or the signature changed, or the wrong \
            public key was used.",
        causes: &[
            "The signed bytes were altered in transit or by an intermediary.",
            "The key used to verify is not the signer's (another certificate with the same \
             subject, a renewed certificate).",
        ],
        fixes: &[
            "Check which certificate signed (`soapsec verify` prints the caller) and that the \
             peer's current certificate is the one configured.",
        ],
        messages: &["signature verification failed"],
        ..BASE
    },
    Explanation {
        code: "keys/SigningFailed",
        title: "producing a signature failed",
        meaning: "The backend could not sign: the random number generator or the key failed.",
        causes: &[
            "An exhausted or unavailable system RNG (very unusual), or a corrupt key in memory.",
        ],
        fixes: &["Retry; if it persists, check the system's entropy source and reload the key."],
        messages: &["signing failed"],
        ..BASE
    },
    Explanation {
        code: "keys/EncryptionFailed",
        title: "RSA-OAEP encryption failed",
        meaning: "Wrapping the content key to the peer's public key failed; the message says why \
            (usually the plaintext is too long for the key).",
        causes: &[
            "The peer's certificate has a key too small for the OAEP parameters.",
            "An EC certificate was given as the peer certificate: key transport needs RSA.",
        ],
        fixes: &[
            "Use the peer's RSA (2048+ bits) certificate as `--peer-cert`/`peer_certificate`.",
        ],
        messages: &["RSA-OAEP encryption failed: {}"],
        ..BASE
    },
    Explanation {
        code: "keys/Decryption",
        title: "RSA-OAEP decryption failed",
        meaning: "Unwrapping a key with our private key failed. On purpose the error says nothing \
            more (length, padding, label and key errors look the same), so it cannot be used as a \
            padding oracle.",
        causes: &[
            "The sender encrypted to another certificate than ours (an old certificate after a \
             renewal, the wrong environment's certificate).",
            "The OAEP parameters differ (SHA-1 vs SHA-256 digest or MGF).",
            "The ciphertext was altered, possibly deliberately (an oracle attack).",
        ],
        fixes: &[
            "Check that the sender has our current certificate, and that both sides use the same \
             suite.",
        ],
        attack_class: Some('I'),
        messages: &["decryption failed"],
        ..BASE
    },
    Explanation {
        code: "keys/EmptyHmacKey",
        title: "an HMAC key must not be empty",
        meaning: "An HMAC key of zero bytes was given.",
        causes: &["A key read from an empty file or an unset configuration value."],
        fixes: &["Provide the shared secret; check the configuration source."],
        messages: &["an HMAC key must not be empty"],
        ..BASE
    },
    Explanation {
        code: "keys/HmacOutputLength",
        title: "a truncated HMAC length that is not allowed",
        meaning: "HMAC output may be truncated only to whole bytes and to at least max(80 bits, \
            half the hash). Shorter tags are forgeable (CVE-2009-0217).",
        causes: &["An `HMACOutputLength` of 8, 16 or 64 bits, as in the CVE-2009-0217 attack."],
        fixes: &["Do not set HMACOutputLength, or set it to the full hash length."],
        attack_class: Some('J'),
        messages: &[
            "HMAC output length of {} bits is not allowed: it must be whole bytes, at least {} and \
             at most {} bits",
        ],
        ..BASE
    },
    // ---- keys: trust ---------------------------------------------------------------------------
    Explanation {
        code: "keys/NoTrustConfigured",
        title: "no trust anchors and no pinned certificates",
        meaning: "The trust store is empty, so no certificate could ever be trusted. soapsec never \
            falls back to trusting whatever a message carries.",
        causes: &[
            "`soapsec verify` without `--trust` or `--peer-cert`, or a `TrustStore::new()` that \
             was never filled.",
        ],
        fixes: &[
            "Add the peer's issuing CA as an anchor (`--trust ca.pem`, `TrustStore::add_anchor`), \
             or pin the peer's certificate (`--peer-cert peer.pem`, `PeerTrust::Pinned`).",
        ],
        attack_class: Some('K'),
        messages: &["no trust anchors or pinned certificates are configured"],
        ..BASE
    },
    Explanation {
        code: "keys/EmptyChain",
        title: "the certificate chain is empty",
        meaning: "Validation was called without any certificate.",
        causes: &["A caller passing an empty slice (a programming error)."],
        fixes: &["Pass the leaf certificate first, then any intermediates."],
        messages: &["the certificate chain is empty"],
        ..BASE
    },
    Explanation {
        code: "keys/ChainTooLong",
        title: "the certificate chain is longer than allowed",
        meaning: "The path from the leaf to an anchor needs more certificates than the store's \
            maximum path length.",
        causes: &[
            "A deep corporate PKI (root, policy CA, issuing CA, leaf) with a low configured \
             maximum.",
            "A crafted chain meant to make validation expensive.",
        ],
        fixes: &[
            "Add the intermediate that is closest to the leaf as an anchor, or raise \
             `TrustStore::set_max_path_len`.",
        ],
        attack_class: Some('M'),
        messages: &["the chain needs {} certificates, more than the maximum of {}"],
        ..BASE
    },
    Explanation {
        code: "keys/SignatureBudgetExceeded",
        title: "chain building needed too many signature checks",
        meaning: "Building the path tried more issuer candidates than the budget allows \
            (webpki-style), so validation stopped.",
        causes: &[
            "Many anchors or intermediates with the same subject name (re-keyed CAs kept side by \
             side).",
            "A crafted set of certificates meant to make path building explode.",
        ],
        fixes: &[
            "Remove stale CA certificates with duplicate names from the store, or raise \
             `TrustStore::set_max_signature_checks`.",
        ],
        attack_class: Some('M'),
        messages: &["more than {} signature checks were needed to build the chain"],
        ..BASE
    },
    Explanation {
        code: "keys/Expired",
        title: "a certificate has expired",
        meaning: "The certificate's validity ended before the validation time. When verifying a \
            message the error appears as \"the certificate … is not trusted: certificate … \
            expired …\".",
        causes: &[
            "The peer's (or an intermediate's) certificate really expired and was not renewed \
             on the peer.",
            "The verifier's clock is wrong, or a stored message is verified long after it was \
             sent.",
        ],
        fixes: &[
            "Renew the certificate on the peer and give the receiver the new one (or its CA).",
            "Check the system clock; to verify an old captured message, give its time: \
             `soapsec verify --at 2030-01-01T00:00:00Z`.",
        ],
        messages: &["certificate `{}` expired at {} (unix time), before {}"],
        ..BASE
    },
    Explanation {
        code: "keys/NotYetValid",
        title: "a certificate is not valid yet",
        meaning: "The certificate's validity starts after the validation time.",
        causes: &[
            "A freshly issued certificate used on a machine whose clock is behind.",
            "A certificate issued with a notBefore in the future (some CAs back-date, some do \
             not).",
        ],
        fixes: &["Fix the clock (NTP); wait until notBefore; or give the right time with `--at`."],
        messages: &["certificate `{}` is not valid before {} (unix time), after {}"],
        ..BASE
    },
    Explanation {
        code: "keys/UntrustedSelfSigned",
        title: "a self-signed certificate that is not trusted",
        meaning: "The signer's certificate is self-signed and is neither a configured anchor nor \
            pinned. A certificate that arrives inside a message is never trusted by itself.",
        causes: &[
            "A WCF peer using a self-signed development certificate (`New-SelfSignedCertificate`, \
             makecert) that was never exported to this side.",
            "An attacker signing with their own self-signed certificate in a \
             BinarySecurityToken.",
        ],
        fixes: &[
            "Export the peer's certificate and pin it: `soapsec verify --peer-cert peer.pem`, or \
             `KeyStore::add_peer(cert, PeerTrust::Pinned)`.",
            "Better, issue the peer's certificate from a CA you trust and add the CA with \
             `--trust`.",
        ],
        attack_class: Some('K'),
        messages: &[
            "certificate `{}` is self-signed and is not a configured trust anchor or pinned",
        ],
        ..BASE
    },
    Explanation {
        code: "keys/UntrustedIssuer",
        title: "the chain ends at an issuer that is not a trust anchor",
        meaning: "Chain building reached a certificate whose issuer is neither a configured anchor \
            nor among the supplied intermediates.",
        causes: &[
            "The peer's CA was never added as an anchor (a new peer, a CA change).",
            "An intermediate CA is missing: the peer sends only its leaf and the receiver has no \
             copy of the intermediate.",
        ],
        fixes: &[
            "Add the issuing CA named in the message: `--trust ca.pem` (`TrustStore::add_anchor`).",
            "Or add the missing intermediate: `--intermediate sub-ca.pem` \
             (`KeyStore::add_intermediate`).",
        ],
        attack_class: Some('K'),
        messages: &[
            "certificate `{}` was issued by `{}`, which is not a trust anchor, and no certificate \
             for it was supplied",
        ],
        ..BASE
    },
    Explanation {
        code: "keys/IssuerMismatch",
        title: "the next certificate in the chain is not the issuer",
        meaning: "The chain was supplied in an order where a certificate is followed by one that \
            did not issue it.",
        causes: &["Intermediates listed in the wrong order, or one from another chain mixed in."],
        fixes: &[
            "Order the chain leaf first, then each issuer in turn (or let the store build it from `--intermediate`).",
        ],
        messages: &[
            "certificate `{}` names issuer `{}`, but the next certificate in the chain is `{}`",
        ],
        ..BASE
    },
    Explanation {
        code: "keys/CertificateSignatureInvalid",
        title: "a certificate's signature does not verify with its issuer's key",
        meaning: "A certificate names an issuer whose key did not sign it.",
        causes: &[
            "A re-keyed CA: the old and new CA certificates have the same name, and the store has \
             the wrong one.",
            "A forged certificate that copies a trusted CA's name (a rogue issuer).",
        ],
        fixes: &[
            "Install the CA certificate that actually issued the leaf (compare key identifiers).",
        ],
        attack_class: Some('K'),
        messages: &["the signature on certificate `{}` does not verify with the key of `{}`"],
        ..BASE
    },
    Explanation {
        code: "keys/NotCa",
        title: "a certificate is used as an issuer but is not a CA",
        meaning: "A certificate in the issuer position lacks basicConstraints cA=true.",
        causes: &[
            "A leaf certificate used to sign another certificate (a home-made \"CA\" that is \
             really a leaf).",
            "An attack using a legitimately issued leaf to mint certificates.",
        ],
        fixes: &[
            "Issue certificates from a real CA certificate (basicConstraints critical, cA=true).",
        ],
        attack_class: Some('K'),
        messages: &[
            "certificate `{}` is used as an issuer but is not a CA (basicConstraints cA is not \
             true)",
        ],
        ..BASE
    },
    Explanation {
        code: "keys/MissingKeyCertSign",
        title: "an issuer's keyUsage does not allow certificate signing",
        meaning: "The issuer has a keyUsage extension without keyCertSign.",
        causes: &["A CA certificate generated with a restrictive keyUsage profile."],
        fixes: &["Re-issue the CA certificate with keyUsage keyCertSign (and cRLSign)."],
        messages: &["issuer `{}` has a keyUsage extension without keyCertSign"],
        ..BASE
    },
    Explanation {
        code: "keys/LeafKeyUsage",
        title: "the certificate's keyUsage does not allow this use",
        meaning: "The leaf has a keyUsage extension without the bit the operation needs: \
            digitalSignature to verify a message signature, keyEncipherment to encrypt a key \
            to it.",
        causes: &[
            "An encryption-only certificate used to sign, or a signing-only certificate used for \
             key transport.",
            "A TLS server certificate profile reused for message security.",
        ],
        fixes: &[
            "Issue a certificate with keyUsage digitalSignature and keyEncipherment (what WCF's message security needs).",
        ],
        messages: &["certificate `{}` has a keyUsage extension without {}"],
        ..BASE
    },
    Explanation {
        code: "keys/PathLenExceeded",
        title: "a CA's pathLenConstraint is exceeded",
        meaning: "A CA allows only so many intermediate CAs below it, and the chain has more.",
        causes: &["An intermediate CA created under a CA with pathlen:0."],
        fixes: &[
            "Issue the leaf from a CA allowed to have it, or re-issue the CA without the constraint.",
        ],
        messages: &["CA `{}` allows {} intermediate CA(s) below it, but the chain has {}"],
        ..BASE
    },
    Explanation {
        code: "keys/UnhandledCriticalExtension",
        title: "a certificate has a critical extension this validator does not process",
        meaning: "RFC 5280 requires refusing a certificate with a critical extension the \
            validator does not understand.",
        causes: &[
            "A certificate with name constraints, policy constraints or a private critical extension.",
        ],
        fixes: &["Re-issue the certificate without the extension, or mark it non-critical."],
        messages: &["certificate `{}` has an unhandled critical extension {}"],
        ..BASE
    },
    // ---- dsig ----------------------------------------------------------------------------------
    Explanation {
        code: "dsig/Malformed",
        title: "the ds:Signature does not have the structure XML Signature requires",
        meaning: "The signature's structure is wrong (SignedInfo, CanonicalizationMethod, \
            SignatureMethod, at least one Reference, SignatureValue, in that order; text-only \
            values). The message says what is wrong.",
        causes: &[
            "A signature produced by a non-conforming library, or edited by hand.",
            "An intermediary reformatting the message (adding elements, whitespace in values).",
        ],
        fixes: &["Compare the signature with XMLDSig's schema; fix the signer."],
        messages: &["malformed signature: {}"],
        ..BASE
    },
    Explanation {
        code: "dsig/UnexpectedElement",
        title: "an element with no place inside the signature",
        meaning: "An element appears inside the signature where XML Signature (or soapsec's \
            subset) allows none, such as `ds:Object` or `ds:Manifest` content or a second \
            SignedInfo.",
        causes: &[
            "A signature-wrapping variant that hides the original signed element in `ds:Object` \
             (XSW5/6/8).",
            "A signer that adds `ds:Object` content (rare in WS-Security).",
        ],
        fixes: &[
            "Sign without ds:Object/Manifest; treat the message as hostile if the sender is not yours.",
        ],
        attack_class: Some('B'),
        messages: &["unexpected element {} in {}"],
        ..BASE
    },
    Explanation {
        code: "dsig/UnsupportedAlgorithm",
        title: "a signature, digest, canonicalization or transform algorithm soapsec does not implement",
        meaning: "Only RSA/ECDSA/HMAC with SHA-2 (SHA-1 as legacy), exclusive and inclusive C14N \
            and the enveloped-signature transform are implemented. XPath, XPath-Filter 2, XSLT \
            and base64 transforms are deliberately not.",
        causes: &[
            "A transform injection attempt (XSLT, XPath) of attack classes C and M.",
            "A signer using an algorithm outside that list (RSA-PSS, the STR-Transform).",
        ],
        fixes: &[
            "Configure the signer for exclusive C14N and rsa-sha256 (WCF's `Basic256Sha256`).",
        ],
        attack_class: Some('M'),
        messages: &["unsupported algorithm '{}'"],
        ..BASE
    },
    Explanation {
        code: "dsig/UnsupportedReference",
        title: "a reference URI that is not a same-document bare name",
        meaning: "References must be `#id`, `\"\"`, `#xpointer(/)` or `#xpointer(id('id'))`. \
            External URIs are never fetched and other XPointers are not evaluated.",
        causes: &[
            "An external reference (`http://…`, `file:…`) meant to make the verifier fetch \
             something (attack class M) or to sign something outside the message.",
            "An XPath-style reference used for wrapping (attack class C).",
        ],
        fixes: &["Sign elements by `wsu:Id` (`URI=\"#id\"`), as WS-Security does."],
        attack_class: Some('C'),
        messages: &["unsupported reference URI '{}'"],
        ..BASE
    },
    Explanation {
        code: "dsig/AlgorithmNotAllowed",
        title: "an algorithm soapsec implements but the policy does not accept",
        meaning: "The message names a signature method, digest or canonicalization that the \
            receiver's policy does not admit. Algorithms come from local policy, never from the \
            message: the pipeline accepts exactly its configured `Algorithms`.",
        causes: &[
            "The two sides use different suites: the peer signs with rsa-sha1/sha1 (WCF \
             `Basic256`) while we expect rsa-sha256/sha256, or the reverse.",
            "A downgrade attempt rewriting the algorithm in the message.",
        ],
        fixes: &[
            "Make both sides use the same suite (the URI in the message tells what the peer \
             uses).",
            LEGACY_FIX,
        ],
        attack_class: Some('J'),
        messages: &["algorithm '{}' is not allowed by the policy"],
        ..BASE
    },
    Explanation {
        code: "dsig/KeyMismatch",
        title: "the signature method does not match the key's type",
        meaning: "The key fixes the family: an RSA certificate verifies only RSA signature \
            methods, an EC certificate only ECDSA, an HMAC key only HMAC.",
        causes: &[
            "A key-confusion attack: an HMAC method keyed with the signer's public RSA key.",
            "A signer configured with an EC key but an RSA method (or the reverse).",
        ],
        fixes: &["Use the signature method that belongs to the certificate's key."],
        attack_class: Some('K'),
        messages: &[
            "signature method '{}' cannot be used with an {} key",
            "signature method '{}' cannot be used with {}",
        ],
        ..BASE
    },
    Explanation {
        code: "dsig/HmacOutputLength",
        title: "an HMACOutputLength outside the allowed range",
        meaning: "A truncated HMAC must keep at least max(80 bits, half the hash) and whole bytes \
            (CVE-2009-0217).",
        causes: &["A forged signature with a tiny HMACOutputLength."],
        fixes: &["Do not truncate HMACs."],
        attack_class: Some('J'),
        messages: &["HMACOutputLength {} is outside {}..={} bits"],
        ..BASE
    },
    Explanation {
        code: "dsig/BudgetExceeded",
        title: "the signature needs more work than the budget allows",
        meaning: "Each signature is limited: 30 references, 5 transforms per reference, 16 \
            prefixes per InclusiveNamespaces PrefixList, and canonical output of at most 1 MiB \
            plus 4 bytes per input byte (never more than 256 MiB) by default. The message names \
            the budget, the count reached and the limit; the work was refused before it was \
            done.",
        causes: &[
            "A denial-of-service attempt: thousands of references, or references that each cover \
             the whole document.",
            "A legitimate message that signs very many parts, or a very large Body signed more \
             than once.",
        ],
        fixes: &[
            "If legitimate, raise the one budget named (`dsig::Budget`, `InboundOptions::budget`).",
        ],
        attack_class: Some('M'),
        messages: &["signature budget {} exceeded: {} {} (limit {})"],
        ..BASE
    },
    Explanation {
        code: "dsig/UnsupportedTransformChain",
        title: "a transform chain soapsec does not process",
        meaning: "Only `[enveloped-signature] [canonicalization]` is processed; other chains would \
            need a re-parse of intermediate output (a parser-differential risk).",
        causes: &["Canonicalization before the enveloped transform, or several of each."],
        fixes: &["Use enveloped-signature then exclusive C14N, or exclusive C14N alone."],
        attack_class: Some('F'),
        messages: &["unsupported transform chain: {}"],
        ..BASE
    },
    Explanation {
        code: "dsig/MissingReferenceTarget",
        title: "a `#id` reference names no element",
        meaning: "No element of the document has the referenced ID in an attribute that soapsec \
            treats as an ID.",
        causes: &[
            "The signer put the ID in a plain `Id` attribute on an application element (generic \
             XML-DSig tools do); soapsec's ID attributes are `wsu:Id`, `xml:id`, and `Id`/`ID` \
             on signature and encryption elements only.",
            "The referenced element was removed by an intermediary.",
        ],
        fixes: &["Prefer `wsu:Id` in the signer; or register the attribute: \
             `ParseOptions::id_attributes.push(IdAttribute::any_element(\"\", \"Id\"))`."],
        messages: &["reference '{}' names no element of the document"],
        ..BASE
    },
    Explanation {
        code: "dsig/ReferenceIntoSignature",
        title: "a reference points into the signature itself",
        meaning: "A reference targets the `ds:Signature` or something inside it, or a signature \
            would be placed inside content it signs without the enveloped transform.",
        causes: &[
            "A wrapping variant that hides the signed original inside the signature (XSW6).",
            "A signer placing the signature inside a signed element without the enveloped \
             transform.",
        ],
        fixes: &["Keep signatures in the Security header and sign only siblings and other parts."],
        attack_class: Some('B'),
        messages: &["reference '{}' overlaps the signature itself"],
        ..BASE
    },
    Explanation {
        code: "dsig/Base64",
        title: "invalid base64 in a signature element",
        meaning: "`DigestValue`, `SignatureValue` or key material is not valid base64.",
        causes: &[
            "An intermediary re-wrapping lines with invalid characters, or a truncated value.",
        ],
        fixes: &["Capture the original message; fix the sender's encoder."],
        messages: &["invalid base64 in {}"],
        ..BASE
    },
    Explanation {
        code: "dsig/InvalidSignatureValue",
        title: "the SignatureValue does not verify",
        meaning: "The signature over the canonical SignedInfo does not verify with the signer's \
            key. SignedInfo is checked before any reference digest.",
        causes: &[
            "The message was signed with another key than the certificate referenced (a \
             renewed key with an old certificate configured).",
            "An intermediary changed SignedInfo, or namespace declarations around it (exclusive \
             vs inclusive C14N differences).",
            "Deliberate tampering with the signed content.",
        ],
        fixes: &[
            "Check the signer's certificate against its private key; make sure both sides use \
             exclusive C14N.",
        ],
        messages: &["the SignatureValue does not verify"],
        ..BASE
    },
    Explanation {
        code: "dsig/DigestMismatch",
        title: "a reference's digest does not match",
        meaning: "The signature itself is valid, but the referenced element changed after signing.",
        causes: &[
            "An intermediary or the transport modified a signed part: reformatting, pretty \
             printing, re-encoding, adding a namespace declaration.",
            "A bug in the sender that signs one version of the element and sends another.",
            "Deliberate tampering with the signed content.",
        ],
        fixes: &[
            "Send the bytes exactly as signed (no pretty printing after signing); find which \
             reference by its index and URI in the message.",
        ],
        messages: &["digest mismatch for reference {} ('{}')"],
        ..BASE
    },
    Explanation {
        code: "dsig/TargetWithoutId",
        title: "the element to sign has no ID attribute",
        meaning: "Signing references elements by ID, and this element has none.",
        causes: &["A caller signing an element without first giving it a `wsu:Id`."],
        fixes: &["Add a `wsu:Id` with an edit before signing (the pipeline does this itself)."],
        messages: &["the element to sign has no ID attribute"],
        ..BASE
    },
    // ---- xenc ----------------------------------------------------------------------------------
    Explanation {
        code: "xenc/DecryptionFailed",
        title: "decryption failed",
        meaning: "Decrypting an EncryptedData or unwrapping its key failed. On purpose every cause \
            (tag, padding, key unwrap, OAEP, key length, plaintext not well-formed) gives this one \
            error, so that it cannot be used as an oracle.",
        causes: &[
            "The sender encrypted to another certificate than ours: an old certificate after a \
             renewal, the test environment's certificate in production.",
            "The two sides disagree on the suite: OAEP with SHA-1 (WCF's rsa-oaep-mgf1p) vs \
             SHA-256, or a key of the wrong size for the content algorithm.",
            "The ciphertext was altered, possibly by an oracle attack (attack classes H and I).",
        ],
        fixes: &[
            "Check that the sender uses our current certificate (compare thumbprints) and the same \
             algorithm suite.",
            "The receiver's debug log (`tracing`) records which step failed, never the peer.",
        ],
        attack_class: Some('H'),
        messages: &["decryption failed"],
        ..BASE
    },
    Explanation {
        code: "xenc/RsaV15Refused",
        title: "RSA PKCS#1 v1.5 key transport is refused",
        meaning: "`rsa-1_5` is never decrypted (Bleichenbacher's attack), whatever the policy.",
        causes: &[
            "A WCF peer on a `*Rsa15` suite (`Basic256Rsa15`, `Basic128Rsa15`, …).",
            "A downgrade or Bleichenbacher attempt.",
        ],
        fixes: &[
            "Switch the peer to the same suite without `Rsa15` (RSA-OAEP key transport), such as `Basic256Sha256`.",
        ],
        attack_class: Some('I'),
        messages: &["RSA PKCS#1 v1.5 key transport ({}) is refused: use RSA-OAEP"],
        ..BASE
    },
    Explanation {
        code: "xenc/UnsupportedAlgorithm",
        title: "an encryption algorithm soapsec does not implement",
        meaning: "The message names a content or key-transport algorithm that is not implemented \
            (AES-GCM and AES-CBC, RSA-OAEP, AES key wrap are).",
        causes: &[
            "A WCF peer on a `TripleDes` suite.",
            "A typo or an unusual algorithm URI.",
        ],
        fixes: &["Use an AES suite (`Basic256Sha256`)."],
        messages: &["unsupported algorithm {}"],
        ..BASE
    },
    Explanation {
        code: "xenc/AlgorithmNotAllowed",
        title: "an encryption algorithm the policy does not admit",
        meaning: "The algorithm is implemented, but the receiver's policy does not accept it here: \
            AES-CBC without the legacy switch, or a content algorithm other than the configured \
            one. The message says which.",
        causes: &[
            "The peer uses WCF's default `Basic256` (aes256-cbc) while we expect AES-256-GCM.",
            "A downgrade attack rewriting `aes128-gcm` to `aes128-cbc` under the same key.",
        ],
        fixes: &[LEGACY_FIX],
        attack_class: Some('J'),
        messages: &["algorithm {} is not allowed by the policy: {}"],
        ..BASE
    },
    Explanation {
        code: "xenc/UnsupportedFeature",
        title: "an XML Encryption feature soapsec does not implement",
        meaning: "Features such as `CipherReference` (ciphertext fetched from a URI) or key \
            agreement are not implemented; nothing is ever fetched.",
        causes: &["A sender using attachments by reference (SwA) or an uncommon key-info form."],
        fixes: &["Carry the ciphertext inline in `CipherValue`."],
        attack_class: Some('M'),
        messages: &["unsupported XML Encryption feature: {}"],
        ..BASE
    },
    Explanation {
        code: "xenc/Malformed",
        title: "an EncryptedData, EncryptedKey or ReferenceList is malformed",
        meaning: "The encryption markup breaks the XML Encryption structure (missing \
            EncryptionMethod or CipherValue, a DataReference listed twice, …); the message names \
            the element and the rule.",
        causes: &["A non-conforming encryptor, or a hand-edited message."],
        fixes: &["Fix the sender; the message names the rule."],
        attack_class: Some('O'),
        messages: &[
            "malformed EncryptedData: {}",
            "malformed EncryptedKey: {}",
            "malformed ReferenceList: {}",
        ],
        ..BASE
    },
    Explanation {
        code: "xenc/KeyNotFound",
        title: "no decryption key was found",
        meaning: "No key could be found for an EncryptedData or EncryptedKey: no nested or \
            referenced EncryptedKey, no KeyName the resolver knows, or a key of the wrong kind.",
        causes: &[
            "The EncryptedData carries no key information and no EncryptedKey lists it.",
            "The wrong kind of key was supplied (a private key for AES key wrap, or the reverse).",
        ],
        fixes: &["Check which key the sender used; provide it to the resolver."],
        messages: &["no decryption key found: {}"],
        ..BASE
    },
    Explanation {
        code: "xenc/BadReference",
        title: "a reference does not name an element of the right kind",
        meaning: "A DataReference or RetrievalMethod URI does not name an `xenc:EncryptedData` / \
            `xenc:EncryptedKey` of this document.",
        causes: &[
            "An encrypted-part wrapping attempt: the ReferenceList points at a relocated or \
             substituted element.",
            "An intermediary removed or renamed the encrypted element.",
        ],
        fixes: &["Treat the message as hostile unless the sender is known to be buggy."],
        attack_class: Some('O'),
        messages: &["reference {} does not name an {} in this document"],
        ..BASE
    },
    Explanation {
        code: "xenc/BudgetExceeded",
        title: "too many encrypted keys, data references or key attempts",
        meaning: "Decryption is bounded: by default 5 EncryptedKeys, 30 DataReferences per \
            ReferenceList, 4 key attempts. The message names the budget.",
        causes: &[
            "A denial-of-service attempt with many EncryptedKeys (each an RSA operation).",
            "A legitimate message encrypting very many parts.",
        ],
        fixes: &["If legitimate, raise the budget in `DecryptionPolicy`."],
        attack_class: Some('M'),
        messages: &["too many {}: at most {} allowed"],
        ..BASE
    },
    Explanation {
        code: "xenc/KeyLength",
        title: "a symmetric key of the wrong length",
        meaning: "A key's length does not fit the algorithm it is used with (on the encrypting \
            side, or a caller-supplied key).",
        causes: &["A 128-bit key given for aes256, or a key-encryption key of the wrong size."],
        fixes: &["Use a key of the length the message names."],
        messages: &["{} needs a {}-byte key, got {} bytes"],
        ..BASE
    },
    Explanation {
        code: "xenc/Edit",
        title: "the encrypted document could not be built",
        meaning: "Replacing the plaintext with EncryptedData failed on the encrypting side; this \
            points at a bug, not at the input.",
        causes: &["A target node from another document, or overlapping targets."],
        fixes: &[
            "Encrypt each element once, with node ids of the same document; report it if the pipeline raised it.",
        ],
        messages: &["could not build the encrypted document: {}"],
        ..BASE
    },
    Explanation {
        code: "xenc/Rng",
        title: "the system random number generator failed",
        meaning: "No random key or IV could be generated; nothing was encrypted.",
        causes: &["A sandbox without access to the OS entropy source (`getrandom`)."],
        fixes: &["Allow the process to read system randomness."],
        messages: &["the system random number generator failed"],
        ..BASE
    },
];
