//! # Principles
//!
//! Every default in soapsec follows from a small number of rules. Each rule exists because
//! breaking it produced a published vulnerability in some XML security stack.
//!
//! ## The message proposes, local policy decides
//!
//! An XML Signature or Encryption element names its own algorithms, keys and transforms. None
//! of those names is authenticated before it is used: the `SignatureMethod` is inside the
//! signed `SignedInfo`, but it has to be read *before* the signature can be checked, and an
//! `EncryptionMethod` is not signed at all. A verifier that follows the message is letting the
//! attacker choose the weakest option it implements (class J), or the key it verifies with
//! (class K).
//!
//! So soapsec only ever *compares* what the message names against what the caller configured:
//!
//! - [`dsig::verify`](crate::dsig::verify) takes the key from its caller as a
//!   [`VerificationKey`](crate::dsig::VerificationKey) and never reads `ds:KeyInfo`;
//! - the [`SignaturePolicy`](crate::dsig::SignaturePolicy) and the
//!   [`DecryptionPolicy`](crate::xenc::DecryptionPolicy) list what is accepted, and the
//!   inbound pipeline narrows both to exactly the one signature method, digest and block
//!   algorithm of its [`Algorithms`](crate::pipeline::Algorithms);
//! - a key's type fixes the algorithm family: an RSA key never verifies an HMAC, and an
//!   [`HmacKey`](crate::keys::HmacKey) cannot be made from a public key.
//!
//! ## Node identities, not names; positions, not searches
//!
//! A signature proves that *some* element with given content was signed. The application then
//! acts on *an* element it found. Every wrapping attack (classes A, B, C, O) lives in the gap
//! between those two elements. soapsec closes the gap in three steps:
//!
//! - a verified signature is a set of node identities
//!   ([`VerifiedSignature`](crate::dsig::VerifiedSignature)), never a bool;
//! - the parts that matter are found by fixed position (`/Envelope/Body`, the direct children
//!   of `/Envelope/Header`, the direct children of the one Security header), never by a search
//!   that could find a copy;
//! - a part counts as signed only if a reference resolved to *exactly* that node, and the
//!   application reaches parts only through the handles of
//!   [`Verified`](crate::pipeline::Verified).
//!
//! IDs are the one place where a name leads to a node, which is why the ID index is built once
//! at parse time and any duplicate rejects the document (class D).
//!
//! ## One parse
//!
//! The bytes are parsed once, into an immutable tree. Canonicalization, verification,
//! decryption and the application all use that tree. Canonical output is hashed and thrown
//! away, never parsed again, and decrypted plaintext is spliced in as a fragment by
//! [`Edits`](crate::xml::Edits) rather than by re-parsing the message. Two parsers, or two
//! parses, that disagree are the whole of class F.
//!
//! ## Bound the work before doing it
//!
//! Each limit is checked before the thing it limits is built or computed. A node is refused
//! before it is added, a `SignedInfo` with too many references before any digest, an
//! algorithm the policy refuses before anything is computed with it, `rsa-1_5` before any
//! RSA operation. The
//! cost of a hostile message is then bounded by the limits, not by its content (classes L and M).
//! See [`limits`](super::limits).
//!
//! ## Fail closed, and fail the same way
//!
//! When soapsec cannot decide, it refuses: a full replay cache refuses new messages rather than
//! forget old ones, an ambiguous token reference is an error rather than a guess, and an
//! unknown child of the Security header stops processing. Failures that an attacker could
//! learn from look alike from outside. Every decryption failure is the one
//! [`XencError::DecryptionFailed`](crate::xenc::XencError::DecryptionFailed), and
//! [`security_fault`](crate::pipeline::security_fault) sends the peer one generic fault.
//! Inside the process, errors stay detailed (WCF's texts, positions, URIs), because whoever
//! runs the service needs them.
//!
//! ## Loosening has a name
//!
//! Legacy algorithms exist because real peers need them: WCF's default suite is SHA-1 with
//! AES-CBC. They can be switched on, but only through names that say what they are, in the
//! style of ring's `SHA1_FOR_LEGACY_USE_ONLY`:
//! [`Legacy::allow_sha1_for_legacy_use_only`](crate::algorithms::Legacy::allow_sha1_for_legacy_use_only),
//! [`Legacy::allow_aes_cbc_for_legacy_use_only`](crate::algorithms::Legacy::allow_aes_cbc_for_legacy_use_only),
//! [`TrustStore::allow_sha1_certificates_FOR_LEGACY_USE_ONLY`](crate::keys::TrustStore::allow_sha1_certificates_FOR_LEGACY_USE_ONLY).
//! A reviewer who greps for `legacy` finds every one of them.
//!
//! Some things cannot be switched on at all, because no deployment needs them badly enough to
//! justify the risk: DOCTYPEs, `rsa-1_5` key transport, PKCS#1 v1.5 decryption, MD5, RSA keys
//! under 2048 bits, XPath and XSLT transforms, external references, keys taken from `KeyInfo`.
//!
//! A few settings loosen security without such a name: the replay cache can be turned off,
//! the clock skew widened, the timestamp requirement dropped. They are all listed, with what
//! each costs, in [`loosening`](super::loosening).
//!
//! ## WCF compatibility is explicit
//!
//! soapsec reproduces WCF's protection-level semantics and texts exactly, but not WCF's
//! algorithm defaults. By default it speaks
//! [`Algorithms::modern`](crate::pipeline::Algorithms::modern): rsa-sha256, SHA-256,
//! AES-256-GCM, RSA-OAEP with SHA-256. A real WCF peer uses one of its sixteen suites, all of
//! them CBC, so talking to one needs a legacy switch. That is deliberate: the switch shows up
//! in your code, and you can see which peers still need it.
