//! # Loosening a default, and what it costs
//!
//! Every way to make soapsec accept more than it does by default is listed here. The first
//! table holds the switches named for what they are: every switch that turns a defence off
//! says so in its name (`…_for_legacy_use_only`, `dangerous_…`, `DangerouslyOff`). The second
//! holds plain settings, numbers and lists, that loosen security when moved one way, so that
//! code review can find them. The third lists what cannot be loosened at all.
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
//! | [`ReplayDetection::DangerouslyOff`](crate::pipeline::ReplayDetection::DangerouslyOff) in [`InboundOptions::replay`](crate::pipeline::InboundOptions::replay) | no replay detection; also the only way to receive over a binding without a Timestamp ([`Binding::include_timestamp`](crate::binding::Binding::include_timestamp) `false`, `includeTimestamp="false"` in a contract file), where no freshness can be checked | a captured message is accepted again for as long as it is fresh, or forever without a Timestamp (class E) |
//! | [`SignaturePolicy::dangerous_allow_references_into_signature`](crate::dsig::SignaturePolicy::dangerous_allow_references_into_signature) | references into `ds:Object` (direct `dsig` use only; the pipeline never sets it) | where XSW5/6/8 hide the signed original (class B) |
//! | [`Keyring::dangerous_lax_key_search`](crate::xenc::Keyring::dangerous_lax_key_search) | every configured key tried whatever `KeyName` says (direct `xenc` use) | more private-key operations per message, and keys meant for one purpose used for another |
//!
//! ## Plain settings that loosen security
//!
//! These have ordinary names because they are legitimate tuning: none turns a check off. Each
//! one weakens a defence when moved in one direction; the clock settings are range-checked by
//! [`InboundOptions::check`](crate::pipeline::InboundOptions::check) before a message is read.
//!
//! | setting | loosened by | cost |
//! |---|---|---|
//! | [`InboundOptions::skew_seconds`](crate::pipeline::InboundOptions::skew_seconds) | a larger value, at most 3,600 s | a captured message stays fresh longer, and the replay cache must hold each entry longer |
//! | [`InboundOptions::max_message_age_seconds`](crate::pipeline::InboundOptions::max_message_age_seconds) | a larger value, at most 86,400 s | a sender's long-lived Timestamp keeps a message acceptable longer: a longer replay window after a restart, cache slots held longer |
//! | [`InboundOptions::parse`](crate::pipeline::InboundOptions::parse) (`limits`) | larger limits | more memory and CPU per message (class L) |
//! | [`InboundOptions::budget`](crate::pipeline::InboundOptions::budget), [`SignaturePolicy::budget`](crate::dsig::SignaturePolicy::budget) | a larger budget | more canonicalization and hashing per message (class M) |
//! | [`DecryptionPolicy`](crate::xenc::DecryptionPolicy) budgets | larger values | more private-key operations and fragment parses per message |
//! | [`TrustStore::set_max_path_len`](crate::keys::TrustStore::set_max_path_len), [`set_max_signature_checks`](crate::keys::TrustStore::set_max_signature_checks) | larger values | more chain-building work per message |
//! | [`SignaturePolicy::canonicalizations`](crate::dsig::SignaturePolicy::canonicalizations) and the method and digest lists | more entries (direct `dsig` use) | the message chooses among more options. Pin one of each where you can. |
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
