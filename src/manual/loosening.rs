//! # Loosening a default, and what it costs
//!
//! Every way to make soapsec accept more than it does by default is listed here. The first
//! table holds the switches named for what they are. The second holds plain settings that
//! loosen security anyway, so that code review can find them. The third lists what cannot be
//! loosened at all.
//!
//! ## Named switches
//!
//! | switch | what it admits | cost |
//! |---|---|---|
//! | [`Legacy::allow_sha1_for_legacy_use_only`](crate::algorithms::Legacy::allow_sha1_for_legacy_use_only) | the SHA-1 digest, `rsa-sha1`, `hmac-sha1` | signatures forgeable by whoever can prepare a SHA-1 collision over content they partly control |
//! | [`Legacy::allow_aes_cbc_for_legacy_use_only`](crate::algorithms::Legacy::allow_aes_cbc_for_legacy_use_only) | AES-128/192/256-CBC content encryption | no integrity for the ciphertext; padding and format oracles, at least through timing (class H) |
//! | [`Legacy::wcf_basic_suites_for_legacy_use_only`](crate::algorithms::Legacy::wcf_basic_suites_for_legacy_use_only) | both of the above: what WCF's `Basic256`/`Basic128` need | both of the above |
//! | [`TrustStore::allow_sha1_certificates_FOR_LEGACY_USE_ONLY`](crate::keys::TrustStore::allow_sha1_certificates_FOR_LEGACY_USE_ONLY) | certificates signed with sha1WithRSAEncryption | a collision can mint a certificate: a CA flag or another key under a trusted issuer's signature |
//! | [`DecryptionPolicy::everything_for_legacy_use_only`](crate::xenc::DecryptionPolicy::everything_for_legacy_use_only) | every block algorithm soapsec implements, CBC included (direct `xenc` use; the pipeline never uses it) | as CBC, plus no downgrade protection between algorithms |
//! | [`Limits::unbounded_for_trusted_input`](crate::xml::Limits::unbounded_for_trusted_input) | documents up to 4 GiB, 4,096 deep, with no practical count limits | one message can take all memory and CPU: never for a peer's input |
//! | [`dsig::key_info::read_untrusted_key_info`](crate::dsig::key_info::read_untrusted_key_info) | reading key values and certificates from `ds:KeyInfo` | none by itself. It only becomes a risk if a tool then verifies with what it read (class K). |
//! | CLI `--legacy-wcf-basic256` | the WCF Basic256 suite **and** (on `verify`) SHA-1-signed certificates | both of the above |
//!
//! ## Plain settings that loosen security
//!
//! These have ordinary names because they are also legitimate tuning. Each one weakens a
//! defence when moved in one direction.
//!
//! | setting | loosened by | cost |
//! |---|---|---|
//! | [`InboundOptions::replay`](crate::pipeline::InboundOptions::replay) | `None` | no replay detection: a captured message is accepted again for as long as it is fresh (class E) |
//! | [`InboundOptions::skew_seconds`](crate::pipeline::InboundOptions::skew_seconds) | a larger value | a captured message stays fresh longer, and the replay cache must hold each entry longer |
//! | [`Binding::include_timestamp`](crate::binding::Binding::include_timestamp), or `includeTimestamp="false"` in a contract file | `false` | no Timestamp is required, so no freshness check, **and no replay detection** (the cache is keyed within a Timestamp's window, and a message without one is not recorded) |
//! | [`InboundOptions::parse`](crate::pipeline::InboundOptions::parse) (`limits`) | larger limits | more memory and CPU per message (class L) |
//! | [`InboundOptions::budget`](crate::pipeline::InboundOptions::budget), [`SignaturePolicy::budget`](crate::dsig::SignaturePolicy::budget) | a larger budget | more canonicalization and hashing per message (class M) |
//! | [`DecryptionPolicy`](crate::xenc::DecryptionPolicy) budgets | larger values | more private-key operations and fragment parses per message |
//! | [`TrustStore::set_max_path_len`](crate::keys::TrustStore::set_max_path_len), [`set_max_signature_checks`](crate::keys::TrustStore::set_max_signature_checks) | larger values | more chain-building work per message |
//! | [`SignaturePolicy::allow_references_into_signature`](crate::dsig::SignaturePolicy::allow_references_into_signature) | `true` (direct `dsig` use only) | references into `ds:Object`, where XSW5/6/8 hide the signed original (class B) |
//! | [`SignaturePolicy::canonicalizations`](crate::dsig::SignaturePolicy::canonicalizations) and the method and digest lists | more entries (direct `dsig` use) | the message chooses among more options. Pin one of each where you can. |
//! | [`Keyring::lax_key_search`](crate::xenc::Keyring::lax_key_search) | `true` (direct `xenc` use) | every configured key is tried whatever `KeyName` says: more private-key operations per message, and keys meant for one purpose used for another |
//! | [`InboundOptions::layout`](crate::pipeline::InboundOptions::layout) | Lax | the Security header may be in any order. This never changes what counts as protected, only the order checks. |
//! | [`ParseOptions::id_attributes`](crate::xml::ParseOptions::id_attributes) | more ID attributes | none for wrapping (a duplicate across any of them still rejects the message). More attributes are reachable by `#id`. |
//! | anchors, pins, [`PeerTrust::Pinned`](crate::token::PeerTrust::Pinned) | adding more | every certificate they admit is an authenticated caller (see [`trust`](super::trust)) |
//!
//! ## What cannot be loosened
//!
//! | fixed | why there is no switch |
//! |---|---|
//! | DOCTYPE refused | entity expansion and external entities cannot be bounded by counting, and SOAP forbids DTDs in envelopes |
//! | duplicate IDs refused | the ID → node mapping must be unambiguous for `#id` references to mean anything (class D) |
//! | `rsa-1_5` refused, no PKCS#1 v1.5 decryption | no deployment needs it badly enough to carry a Bleichenbacher oracle (class I) |
//! | RSA keys under 2048 bits, MD5, DSA, TripleDES | broken or too weak |
//! | XPath, XPath Filter 2, XSLT, external and non-`#id` references | arbitrary selection and computation (classes C, M) |
//! | keys from `ds:KeyInfo` | key injection (class K) |
//! | STR dereference depth 1 | recursion (class M) |
//! | `HMACOutputLength` ≥ max(80, hash/2) | truncation forgery |
//! | one decryption error, one wire fault | the oracle would come back (classes H, I) |
//! | exactly one Security header, one Signature, one `EncryptedKey`, known children only | wrapping (classes B, O) |
//! | bindings without message security refused by the pipeline | contract levels would silently not apply |
