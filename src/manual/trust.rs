//! # Keys, certificates and trust
//!
//! ## A trusted key has exactly one origin
//!
//! A message is full of key material: `wsse:BinarySecurityToken`s, certificates,
//! `ds:KeyValue`s, key identifiers. Every verifier that took a key from there and trusted it
//! turned into a verifier that accepts whatever the attacker signs with their own key
//! (class K). In soapsec a public key becomes usable for verification in one way only:
//! [`TrustStore::validate_for`](crate::keys::TrustStore::validate_for) returns a
//! [`ValidatedIdentity`](crate::keys::ValidatedIdentity). That type has no public
//! constructor, and [`dsig::verify`](crate::dsig::verify) takes its key from the caller.
//!
//! What that means in practice:
//!
//! - **An empty [`TrustStore`](crate::keys::TrustStore) trusts nothing**
//!   ([`KeyError::NoTrustConfigured`](crate::keys::KeyError::NoTrustConfigured)). No system
//!   root store is consulted. A SOAP service's peers are a short, known list, not the web.
//! - **A certificate carried in a message is validated**, either as a chain to a configured
//!   anchor or as an exact pinned certificate. A self-signed certificate that copies a trusted
//!   peer's name is
//!   [`KeyError::UntrustedSelfSigned`](crate::keys::KeyError::UntrustedSelfSigned).
//! - **`ds:KeyInfo` content is never a key.** The pipeline reads exactly one
//!   `wsse:SecurityTokenReference` from it
//!   ([`SecurityTokenReference::from_key_info`](crate::token::SecurityTokenReference::from_key_info))
//!   and refuses `ds:KeyValue` or a certificate written straight into `KeyInfo`
//!   ([`TokenError::UnsupportedKeyInfo`](crate::token::TokenError::UnsupportedKeyInfo)).
//!   [`dsig::key_info::read_untrusted_key_info`](crate::dsig::key_info::read_untrusted_key_info)
//!   exists for tools, and its name says what its output is.
//! - **Intermediates come from configuration**
//!   ([`KeyStore::add_intermediate`](crate::token::KeyStore::add_intermediate)), not from the
//!   message. An attacker cannot feed the path builder certificates to search through.
//! - **A decryption key is always one of ours.** An `EncryptedKey`'s reference must name one of
//!   the identities added with
//!   [`KeyStore::add_identity`](crate::token::KeyStore::add_identity), whose private key is
//!   checked against its certificate when it is added.
//! - **Ambiguity is an error.** If two configured certificates match a key identifier or an
//!   issuer and serial, resolution fails instead of picking one.
//! - **A token reference is followed once.** An STR must lead to a BinarySecurityToken, never
//!   to another STR ([`TokenError::RecursiveReference`](crate::token::TokenError::RecursiveReference)),
//!   which removes reference loops and chains (class M).
//!
//! ## Anchors and pins
//!
//! An anchor says "any certificate I issued, directly or through the configured intermediates,
//! may call". A pin ([`PeerTrust::Pinned`](crate::token::PeerTrust::Pinned), or
//! [`TrustStore::pin_certificate`](crate::keys::TrustStore::pin_certificate)) says "this exact
//! certificate may call". A pinned certificate needs no chain (that is WCF's `PeerTrust`), but
//! its validity period, keyUsage and critical extensions are still checked. A pin is not a
//! promise that the certificate is good forever.
//!
//! soapsec has **no subject or issuer constraints** beyond that. Every leaf that chains to an
//! anchor is an authenticated caller. Use an anchor that issues only for your peers, or pin
//! them, and make the authorization decision on
//! [`Verified::caller`](crate::pipeline::Verified::caller): authenticated does not mean allowed.
//!
//! Anchors are trusted as configured: their own validity period and signature are not
//! checked (as in webpki). But an anchor whose basicConstraints says `cA=false`, or whose
//! keyUsage lacks `keyCertSign`, is still refused as an issuer.
//!
//! ## Key sizes
//!
//! | key | accepted | why |
//! |---|---|---|
//! | RSA private key | [`PrivateKey::RSA_MIN_BITS`](crate::keys::PrivateKey::RSA_MIN_BITS) = 2048 to [`RSA_MAX_BITS`](crate::keys::PrivateKey::RSA_MAX_BITS) = 4096 | Below 2048 is factoring territory. Above 4096 is slow to use for no benefit. |
//! | RSA public key | [`PublicKey::RSA_MIN_BITS`](crate::keys::PublicKey::RSA_MIN_BITS) = 2048 to [`RSA_MAX_BITS`](crate::keys::PublicKey::RSA_MAX_BITS) = 8192 | Peers' keys may be larger than ours. The upper bound stops a certificate with a huge modulus from making every verification expensive. |
//! | EC | P-256 and P-384, uncompressed points | What the XML Signature suites use. |
//!
//! No switch admits RSA-1024. Some published WCF and WSS4J sample messages are signed with
//! such keys, and those are refused.
//!
//! ## SHA-1-signed certificates: [`TrustStore::allow_sha1_certificates_FOR_LEGACY_USE_ONLY`](crate::keys::TrustStore::allow_sha1_certificates_FOR_LEGACY_USE_ONLY)
//!
//! A chosen-prefix SHA-1 collision lets whoever can get one certificate signed produce a second
//! one with the same signature and different contents, such as a CA flag or another key. Some
//! old enterprise PKIs still sign with SHA-1, so the switch exists. It is separate from the
//! message-level SHA-1 switch because the risks differ: this one can mint identities. The CLI's
//! `--legacy-wcf-basic256` turns it on for `soapsec verify`.
//!
//! ## Chain rules
//!
//! - Issuers need basicConstraints `cA=true` and, if they carry keyUsage, `keyCertSign`.
//! - pathLenConstraint is honoured.
//! - A leaf that carries keyUsage needs `digitalSignature` to be accepted as a signer (or
//!   `keyEncipherment` when it is validated for key transport).
//! - Unknown critical extensions are refused.
//! - Validity is checked at the receiver's clock.
//! - The outer DER wrapper of a certificate must be exact, so a valid certificate cannot be
//!   re-encoded into a different thumbprint.
//!
//! Revocation (CRL, OCSP), extendedKeyUsage and name constraints are not checked. This is a
//! non-goal in `THREAT-MODEL.md`: rotate by removing the anchor or pin.
//!
//! ## Key hygiene
//!
//! Decoded PEM, unwrapped content keys, OAEP plaintexts and HMAC secrets are zeroized on drop,
//! and `Debug` never prints key material. Private-key operations still have timing that
//! soapsec does not control: RustCrypto `rsa`, which does OAEP, is not constant-time
//! (RUSTSEC-2023-0071). That is why PKCS#1 v1.5 decryption does not exist here at all, and why
//! a public endpoint should rate-limit.
//!
//! ## The defaults, checked
//!
//! ```
//! use soapsec::keys::{PrivateKey, PublicKey, TrustStore};
//! assert_eq!((PrivateKey::RSA_MIN_BITS, PrivateKey::RSA_MAX_BITS), (2048, 4096));
//! assert_eq!((PublicKey::RSA_MIN_BITS, PublicKey::RSA_MAX_BITS), (2048, 8192));
//! let empty = TrustStore::new();
//! assert!(empty.anchors().is_empty());
//! ```
