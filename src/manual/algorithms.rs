//! # Algorithms
//!
//! ## The default: [`Algorithms::modern`](crate::pipeline::Algorithms::modern)
//!
//! | role | default | why |
//! |---|---|---|
//! | signature | `rsa-sha256` (RSA PKCS#1 v1.5 signature, SHA-256) | Every WS-Security stack verifies it. PKCS#1 v1.5 *signatures* have no practical attack. The padding attacks are on v1.5 *encryption*, which soapsec does not have. |
//! | digest | SHA-256 | No known collisions. |
//! | canonicalization | Exclusive C14N 1.0 | What WS-Security uses. A signed part is checked in a different context from the one it was signed in (after decryption, after an intermediary edits the envelope), and exclusive C14N renders only the namespaces the part uses, so the surrounding envelope can change. Inclusive C14N would also sign ancestors' declarations and `xml:*` attributes that the signer never chose. |
//! | content encryption | AES-256-GCM | Authenticated: the tag is checked before any plaintext exists outside the cipher, so a modified ciphertext produces no plaintext, no padding and no parse error (class H). |
//! | key transport | RSA-OAEP (`xmlenc11#rsa-oaep`, SHA-256, MGF1-SHA-256) | The only RSA encryption padding with a sound security argument. PKCS#1 v1.5 encryption is not implemented. |
//!
//! The same [`Algorithms`](crate::pipeline::Algorithms) value is what the pipeline sends *and*
//! the whole of what it accepts. Inbound, the receiver takes exactly one signature method, one
//! digest and one content-encryption algorithm, plus exclusive C14N. It does not take "any
//! algorithm we implement": a receiver that accepts a set lets the sender pick the weakest
//! member of it, and once a legacy switch is on, that member is weak (class J).
//!
//! One choice inside an inbound `EncryptedKey` is still read from the message: the OAEP digest
//! and mask-generation hash (SHA-1 to SHA-512, as `xmlenc#rsa-oaep-mgf1p` or `xmlenc11#rsa-oaep`
//! names them). [`Algorithms::key_transport`](crate::pipeline::Algorithms::key_transport)
//! decides only what is sent. Every variant is sound, and `rsa-1_5` is refused whatever the
//! policy, so this admits no weak choice.
//!
//! ## SHA-1: behind [`Legacy::allow_sha1_for_legacy_use_only`](crate::algorithms::Legacy::allow_sha1_for_legacy_use_only)
//!
//! SHA-1 collisions are practical, including chosen-prefix ones. A signature over content the
//! attacker partly chooses (most message bodies) becomes a forgery once two documents with the
//! same SHA-1 can be prepared. WCF's `Basic256`/`Basic128` suites sign with `rsa-sha1` and
//! digest with SHA-1, so the switch exists. With it,
//! [`SignaturePolicy::with_legacy`](crate::dsig::SignaturePolicy::with_legacy) adds the SHA-1
//! digest, `rsa-sha1` and `hmac-sha1`. Certificates signed with SHA-1 are a separate decision
//! with a separate switch (see [`trust`](super::trust)).
//!
//! The SHA-1 inside `xmlenc#rsa-oaep-mgf1p` (WCF's only key transport) is *not* behind the
//! switch. OAEP uses the hash to derive a mask and to bind a label, and collisions do not help
//! an attacker there.
//!
//! ## AES-CBC: behind [`Legacy::allow_aes_cbc_for_legacy_use_only`](crate::algorithms::Legacy::allow_aes_cbc_for_legacy_use_only)
//!
//! CBC has no integrity. Flipping ciphertext bits changes the plaintext predictably, and
//! whether the result has valid padding and parses as XML is an oracle that recovers the
//! plaintext in a few requests per byte (class H). soapsec does its part: every decryption
//! failure is the same error, and the same fault goes on the wire. It cannot hide *time*,
//! though. Under WCF's protection orders the receiver must decrypt before it can verify the
//! signature, so a padding failure answers sooner than a digest failure. Every WCF suite is
//! CBC, which is why the switch exists. Keep it to the endpoints that talk to such peers.
//!
//! ## What no switch enables
//!
//! | refused | why |
//! |---|---|
//! | `xmlenc#rsa-1_5` key transport | Bleichenbacher-style oracles, repeatedly rediscovered in XML Encryption (class I). Refused with [`XencError::RsaV15Refused`](crate::xenc::XencError::RsaV15Refused) before any RSA operation, and the keys layer has no PKCS#1 v1.5 decryption for it to reach anyway. The `*Rsa15` WCF suites are refused by [`Algorithms::from_suite`](crate::pipeline::Algorithms::from_suite). |
//! | MD5, DSA, RIPEMD-160, TripleDES | Broken or obsolete. Not implemented, so they are `UnsupportedAlgorithm` errors naming the URI. |
//! | XSLT, XPath, XPath Filter 2, base64 and STR transforms | Arbitrary computation, or node-set selection that opens wrapping (classes C and M). Only enveloped-signature and canonicalization transforms exist. |
//! | PBKDF2, ConcatKDF, HKDF, ECDH-ES | Attacker-chosen work factors, and not needed for the asymmetric binding. |
//! | truncated HMACs below max(80, hash/2) bits | Truncation forgery (CVE-2009-0217): [`DsigError::HmacOutputLength`](crate::dsig::DsigError::HmacOutputLength). |
//!
//! ## The key decides the family
//!
//! Even among allowed algorithms, the key's type narrows the choice. An RSA key only does RSA,
//! a P-256 key only ECDSA on P-256, and an [`HmacKey`](crate::keys::HmacKey) only HMAC. An
//! `HmacKey` has no constructor from a public key or certificate, which rules out the old
//! trick of an HMAC keyed with the verifier's public key bytes (class K). The inbound pipeline
//! only ever verifies with the public key of a validated certificate.
//!
//! ## Talking to WCF
//!
//! | WCF suite | needs |
//! |---|---|
//! | `Basic256`, `Basic192`, `Basic128` (WCF's default is `Basic256`) | [`Legacy::wcf_basic_suites_for_legacy_use_only`](crate::algorithms::Legacy::wcf_basic_suites_for_legacy_use_only) (SHA-1 and CBC) |
//! | `Basic256Sha256`, `Basic192Sha256`, `Basic128Sha256` | CBC only: [`Legacy::allow_aes_cbc_for_legacy_use_only`](crate::algorithms::Legacy::allow_aes_cbc_for_legacy_use_only) |
//! | any `*Rsa15` suite | refused, always |
//! | `TripleDes*` | not implemented |
//!
//! If you can change the WCF side, choose `Basic256Sha256`: it removes SHA-1 and leaves CBC as
//! the only legacy algorithm.
//!
//! ## The defaults, checked
//!
//! ```
//! use soapsec::algorithms::{DigestAlgorithm, Legacy};
//! use soapsec::binding::AlgorithmSuite;
//! use soapsec::keys::SignatureAlgorithm;
//! use soapsec::pipeline::Algorithms;
//! use soapsec::xenc::{BlockAlgorithm, DecryptionPolicy, KeyTransport};
//!
//! let m = Algorithms::modern();
//! assert_eq!(Algorithms::default(), m);
//! assert_eq!(m.signature, SignatureAlgorithm::RsaSha256);
//! assert_eq!(m.digest, DigestAlgorithm::Sha256);
//! assert_eq!(m.block, BlockAlgorithm::Aes256Gcm);
//! assert_eq!(m.key_transport, KeyTransport::RSA_OAEP_SHA256);
//! assert_eq!(m.legacy, Legacy::NONE);
//!
//! // WCF's default suite needs both legacy switches,
//! let wcf = Legacy::wcf_basic_suites_for_legacy_use_only();
//! assert!(Algorithms::from_suite(AlgorithmSuite::Basic256, Legacy::NONE).is_err());
//! assert!(Algorithms::from_suite(AlgorithmSuite::Basic256, wcf).is_ok());
//! // its SHA-256 variant only the CBC one,
//! let cbc = Legacy::NONE.allow_aes_cbc_for_legacy_use_only();
//! assert!(Algorithms::from_suite(AlgorithmSuite::Basic256Sha256, Legacy::NONE).is_err());
//! assert!(Algorithms::from_suite(AlgorithmSuite::Basic256Sha256, cbc).is_ok());
//! // and nothing admits RSA PKCS#1 v1.5 key transport.
//! assert!(Algorithms::from_suite(AlgorithmSuite::Basic256Rsa15, wcf).is_err());
//!
//! // Verifiers and decryptors start with no legacy algorithm.
//! let p = soapsec::dsig::SignaturePolicy::default();
//! assert_eq!(p.legacy, Legacy::NONE);
//! assert!(!p.digests.contains(&DigestAlgorithm::Sha1ForLegacyUseOnly));
//! let d = DecryptionPolicy::default();
//! assert_eq!(d.legacy, Legacy::NONE);
//! assert_eq!(d.block_algorithms, BlockAlgorithm::GCM.to_vec());
//! ```
