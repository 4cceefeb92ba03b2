//! XML Signature (XMLDSig 1.0 core): signing and verifying `ds:Signature` over same-document
//! references.
//!
//! # What is supported
//!
//! | part | supported |
//! |---|---|
//! | references | bare-name `#id` (through the document's ID index, comments removed), `URI=""` (the whole document, comments removed), and the two XPointer forms `#xpointer(/)` and `#xpointer(id('id'))` (comments kept, XMLDSig §4.4.3.3). Nothing else: any other URI is [`DsigError::UnsupportedReference`] |
//! | transforms | enveloped-signature, Canonical XML 1.0 / 1.1, Exclusive C14N (with `InclusiveNamespaces PrefixList`), with or without comments; at most one enveloped transform followed by at most one canonicalization. Any other transform (XPath, XPath-Filter 2, XSLT, base64, ...) is [`DsigError::UnsupportedAlgorithm`] |
//! | digests | SHA-256, SHA-384, SHA-512; SHA-1 only with [`Legacy::allow_sha1_for_legacy_use_only`] |
//! | signature methods | rsa-sha256/384/512, ecdsa-sha256 (P-256), ecdsa-sha384 (P-384), hmac-sha256/384/512; rsa-sha1 and hmac-sha1 only with the legacy switch |
//!
//! # Verifying
//!
//! [`verify`] takes the key **from the caller** ([`VerificationKey`]), never from the message's
//! `KeyInfo` (attack class K); the key's type fixes the algorithm family. Algorithms come from
//! the caller's [`SignaturePolicy`], never from the message (class J). The order is the one
//! Hill's order-of-operations argument asks for (class M):
//!
//! 1. structure checks, algorithm policy and [`Budget`]s, before any cryptography;
//! 2. the `SignatureValue` over the canonical `SignedInfo`, canonicalized from the same parsed
//!    tree (never re-parsed: class F);
//! 3. each `Reference`'s digest, compared in constant time.
//!
//! The result is a [`VerifiedSignature`]: the **node identities** each reference resolved to,
//! never a bool. A caller must check that the nodes its policy requires are among them, found
//! by position (classes A and B) — a signature that verifies but covers some other node proves
//! nothing about the node the caller is about to use.
//!
//! `ds:Object` and `ds:Manifest` are never processed: a `Manifest`'s references are not
//! followed, and references into the `ds:Signature` element itself (enveloping signatures)
//! are refused unless [`SignaturePolicy::dangerous_allow_references_into_signature`] is set.
//!
//! # Signing
//!
//! [`sign`] inserts a complete `ds:Signature` at a [`Placement`] and returns the new
//! document: the signature is inserted with its digests filled in, its `SignedInfo` is then
//! canonicalized in place in the new document (so inclusive C14N sees the real ancestors), and
//! the `SignatureValue` is filled in by a second edit.
//!
//! # Key material in the message
//!
//! [`key_info`] reads what a `ds:KeyInfo` carries (key values, certificates) as **untrusted**
//! data, for tools and conformance tests that are told to use it. Nothing in [`verify`] uses it.

mod key_info_impl;
mod sign;
mod verify;

#[cfg(test)]
mod tests;

pub use sign::{
    Placement, ReferenceSpec, SignTarget, SignatureSpec, SignedDocument, SigningKey, sign,
};
pub use verify::{VerificationKey, VerifiedReference, VerifiedSignature, verify, verify_metered};
pub(crate) use verify::{check_structure, verify_parsed};

pub use crate::budget::{Budget, BudgetKind, Spent};

/// Reading `ds:KeyInfo` content as untrusted data (see the module documentation).
pub mod key_info {
    pub use super::key_info_impl::{UntrustedKeyInfo, X509Lookup, read_untrusted_key_info};
}

use crate::algorithms::{DigestAlgorithm, Legacy};
use crate::c14n::{self, Algorithm};
use crate::keys::{HmacAlgorithm, KeyError, SignatureAlgorithm};

/// The enveloped-signature transform.
pub const ENVELOPED_SIGNATURE: &str = "http://www.w3.org/2000/09/xmldsig#enveloped-signature";
/// The namespace of `InclusiveNamespaces` (exclusive C14N).
pub const EXC_C14N_NS: &str = "http://www.w3.org/2001/10/xml-exc-c14n#";
/// The XML Signature 1.1 namespace (`ECKeyValue`, `DEREncodedKeyValue`).
pub const DSIG11_NS: &str = "http://www.w3.org/2009/xmldsig11#";

/// A `SignatureMethod`: an asymmetric algorithm or an HMAC.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum SignatureMethod {
    /// RSA or ECDSA.
    Asymmetric(SignatureAlgorithm),
    /// HMAC.
    Hmac(HmacAlgorithm),
}

impl SignatureMethod {
    /// The method's URI.
    pub fn uri(self) -> &'static str {
        match self {
            SignatureMethod::Asymmetric(a) => a.uri(),
            SignatureMethod::Hmac(h) => h.uri(),
        }
    }

    /// The method a URI names, if soapsec implements it (policy is a separate question).
    pub fn from_uri(uri: &str) -> Option<SignatureMethod> {
        SignatureAlgorithm::from_uri(uri)
            .map(SignatureMethod::Asymmetric)
            .or_else(|| HmacAlgorithm::from_uri(uri).map(SignatureMethod::Hmac))
    }

    /// True for the SHA-1 methods, which need the legacy switch.
    pub fn is_legacy(self) -> bool {
        match self {
            SignatureMethod::Asymmetric(a) => a.is_legacy(),
            SignatureMethod::Hmac(h) => h.is_legacy(),
        }
    }
}

/// What a verifier accepts. The defaults are the secure ones: SHA-2 digests, the SHA-2
/// signature methods, C14N 1.0 and exclusive C14N, no legacy algorithm, default budgets, no
/// references into the signature.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct SignaturePolicy {
    /// Legacy algorithms admitted. A SHA-1 algorithm must be in the lists below **and** admitted
    /// here.
    pub legacy: Legacy,
    /// Acceptable `SignatureMethod`s.
    pub signature_methods: Vec<SignatureMethod>,
    /// Acceptable `DigestMethod`s.
    pub digests: Vec<DigestAlgorithm>,
    /// Acceptable canonicalizations, for `SignedInfo` and as reference transforms.
    pub canonicalizations: Vec<Algorithm>,
    /// Work limits.
    pub budget: Budget,
    /// Admit references to nodes inside the `ds:Signature` element (enveloping signatures over a
    /// `ds:Object`). Off by default: nothing in WS-Security needs it and it is where XSW5/6/8
    /// hide the original content.
    pub dangerous_allow_references_into_signature: bool,
}

impl Default for SignaturePolicy {
    fn default() -> Self {
        SignaturePolicy {
            legacy: Legacy::NONE,
            signature_methods: vec![
                SignatureMethod::Asymmetric(SignatureAlgorithm::RsaSha256),
                SignatureMethod::Asymmetric(SignatureAlgorithm::RsaSha384),
                SignatureMethod::Asymmetric(SignatureAlgorithm::RsaSha512),
                SignatureMethod::Asymmetric(SignatureAlgorithm::EcdsaP256Sha256),
                SignatureMethod::Asymmetric(SignatureAlgorithm::EcdsaP384Sha384),
                SignatureMethod::Hmac(HmacAlgorithm::HmacSha256),
                SignatureMethod::Hmac(HmacAlgorithm::HmacSha384),
                SignatureMethod::Hmac(HmacAlgorithm::HmacSha512),
            ],
            digests: vec![
                DigestAlgorithm::Sha256,
                DigestAlgorithm::Sha384,
                DigestAlgorithm::Sha512,
            ],
            canonicalizations: vec![
                Algorithm::Exclusive,
                Algorithm::ExclusiveWithComments,
                Algorithm::C14n10,
                Algorithm::C14n10WithComments,
            ],
            budget: Budget::default(),
            dangerous_allow_references_into_signature: false,
        }
    }
}

impl SignaturePolicy {
    /// Admit the given legacy algorithms: with SHA-1 admitted, the SHA-1 digest, rsa-sha1 and
    /// hmac-sha1 are added to the lists.
    pub fn with_legacy(mut self, legacy: Legacy) -> Self {
        self.legacy = legacy;
        if legacy.sha1() {
            let rsa = SignatureMethod::Asymmetric(SignatureAlgorithm::RsaSha1ForLegacyUseOnly);
            let hmac = SignatureMethod::Hmac(HmacAlgorithm::HmacSha1ForLegacyUseOnly);
            for m in [rsa, hmac] {
                if !self.signature_methods.contains(&m) {
                    self.signature_methods.push(m);
                }
            }
            if !self
                .digests
                .contains(&DigestAlgorithm::Sha1ForLegacyUseOnly)
            {
                self.digests.push(DigestAlgorithm::Sha1ForLegacyUseOnly);
            }
        }
        self
    }

    /// Accept exactly one signature method.
    pub fn only_method(mut self, method: SignatureMethod) -> Self {
        self.signature_methods = vec![method];
        self
    }

    /// Accept exactly one digest.
    pub fn only_digest(mut self, digest: DigestAlgorithm) -> Self {
        self.digests = vec![digest];
        self
    }

    pub(crate) fn method_allowed(&self, m: SignatureMethod) -> bool {
        self.signature_methods.contains(&m) && (!m.is_legacy() || self.legacy.sha1())
    }

    pub(crate) fn digest_allowed(&self, d: DigestAlgorithm) -> bool {
        self.digests.contains(&d) && d.allowed(self.legacy)
    }

    pub(crate) fn c14n_allowed(&self, a: Algorithm) -> bool {
        self.canonicalizations.contains(&a)
    }
}

/// Errors of XML Signature creation and verification.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
#[non_exhaustive]
pub enum DsigError {
    /// The `ds:Signature` does not have the structure XMLDSig requires (or this crate admits).
    #[error("malformed signature: {reason}")]
    Malformed {
        /// What was wrong.
        reason: String,
    },
    /// An element that has no place where it was found.
    #[error("unexpected element {element} in {parent}")]
    UnexpectedElement {
        /// The element's name, `{namespace}local`.
        element: String,
        /// Where it was found.
        parent: &'static str,
    },
    /// An algorithm (signature method, digest, canonicalization or transform) that soapsec
    /// does not implement.
    #[error("unsupported algorithm '{uri}'")]
    UnsupportedAlgorithm {
        /// Its URI.
        uri: String,
    },
    /// A reference URI that is not a same-document bare name (`#id`), `""`, or one of the two
    /// supported XPointers.
    #[error("unsupported reference URI '{uri}'")]
    UnsupportedReference {
        /// The URI.
        uri: String,
    },
    /// An algorithm soapsec implements but the caller's policy does not accept (this includes
    /// SHA-1 without the legacy switch).
    #[error("algorithm '{uri}' is not allowed by the policy")]
    AlgorithmNotAllowed {
        /// Its URI.
        uri: String,
    },
    /// The signature method's family does not match the key's type (attack class K).
    #[error("signature method '{uri}' cannot be used with {key}")]
    KeyMismatch {
        /// The signature method.
        uri: String,
        /// The key's type.
        key: String,
    },
    /// `HMACOutputLength` outside max(80, hash/2)..=hash bits, or not whole bytes (class J).
    #[error("HMACOutputLength {bits} is outside {min}..={max} bits")]
    HmacOutputLength {
        /// The length in the message.
        bits: usize,
        /// The smallest accepted.
        min: usize,
        /// The full length.
        max: usize,
    },
    /// A [`Budget`] limit was exceeded; the work it bounds was refused before it was done.
    #[error("signature budget {budget} exceeded: {reached} {} (limit {limit})", budget.what())]
    BudgetExceeded {
        /// Which one.
        budget: BudgetKind,
        /// Its limit (for canonical bytes, the cap in force for this input).
        limit: u64,
        /// The count the refused work would have reached (the limit plus one for a list that
        /// is too long: the list is read no further).
        reached: u64,
    },
    /// A transform chain this crate does not process (for example canonicalization followed
    /// by the enveloped transform, which would need a re-parse).
    #[error("unsupported transform chain: {reason}")]
    UnsupportedTransformChain {
        /// What was wrong.
        reason: &'static str,
    },
    /// A `#id` reference names no element.
    #[error("reference '{uri}' names no element of the document")]
    MissingReferenceTarget {
        /// The URI.
        uri: String,
    },
    /// A reference points into the `ds:Signature` element (see
    /// [`SignaturePolicy::dangerous_allow_references_into_signature`]), or a signature would be inside
    /// content it signs without the enveloped-signature transform.
    #[error("reference '{uri}' overlaps the signature itself")]
    ReferenceIntoSignature {
        /// The URI.
        uri: String,
    },
    /// Base64 content (`DigestValue`, `SignatureValue`, key material) is not valid base64.
    #[error("invalid base64 in {element}")]
    Base64 {
        /// The element.
        element: &'static str,
    },
    /// The `SignatureValue` does not verify over the canonical `SignedInfo`.
    #[error("the SignatureValue does not verify")]
    InvalidSignatureValue,
    /// A reference's digest does not match.
    #[error("digest mismatch for reference {index} ('{uri}')")]
    DigestMismatch {
        /// The reference's position in `SignedInfo`, from 0.
        index: usize,
        /// Its URI.
        uri: String,
    },
    /// An element to sign carries no ID attribute from the document's ID index (give it a
    /// `wsu:Id` with an edit first).
    #[error("the element to sign has no ID attribute")]
    TargetWithoutId,
    /// Canonicalization failed.
    #[error(transparent)]
    C14n(#[from] c14n::C14nError),
    /// Inserting the signature failed.
    #[error(transparent)]
    Xml(#[from] crate::xml::XmlError),
    /// A key operation failed.
    #[error(transparent)]
    Key(#[from] KeyError),
}

impl From<crate::budget::Exceeded> for DsigError {
    fn from(e: crate::budget::Exceeded) -> Self {
        DsigError::BudgetExceeded {
            budget: e.budget,
            limit: e.limit,
            reached: e.reached,
        }
    }
}

/// Decode base64 that may contain XML whitespace (line breaks are common in `SignatureValue`).
pub(crate) fn decode_base64(text: &str, element: &'static str) -> Result<Vec<u8>, DsigError> {
    use base64ct::Encoding;
    let compact: String = text
        .chars()
        .filter(|c| !matches!(c, ' ' | '\t' | '\r' | '\n'))
        .collect();
    base64ct::Base64::decode_vec(&compact).map_err(|_| DsigError::Base64 { element })
}

pub(crate) fn encode_base64(bytes: &[u8]) -> String {
    use base64ct::Encoding;
    base64ct::Base64::encode_string(bytes)
}
