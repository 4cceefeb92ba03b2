//! WS-Security X.509 tokens: `wsse:BinarySecurityToken`, `wsse:SecurityTokenReference`, and
//! the [`KeyStore`] that resolves a reference to a key.
//!
//! | type | what it is |
//! |---|---|
//! | [`BinarySecurityToken`] | an X.509v3 certificate carried in the message (Base64Binary) |
//! | [`SecurityTokenReference`] | a parsed `wsse:SecurityTokenReference`: one [`TokenReference`] |
//! | [`TokenReference`] | a direct `#id` Reference, a KeyIdentifier (SKI or SHA-1 thumbprint), or an issuer and serial |
//! | [`KeyStore`] | own identities, known peers, intermediates and a [`TrustStore`](crate::keys::TrustStore) |
//! | [`Markup`] | the prefixes (and namespace declarations) used when writing tokens |
//!
//! # Rules this module enforces
//!
//! - **A certificate from a message is never trusted by itself** (attack class K).
//!   [`KeyStore::resolve_signer`] turns a reference into a
//!   [`ValidatedIdentity`](crate::keys::ValidatedIdentity) only through
//!   [`TrustStore::validate_for`](crate::keys::TrustStore::validate_for); a self-signed
//!   certificate in a BinarySecurityToken fails unless it is an anchor or pinned.
//! - **Known peers are trusted as configured, and only so.** A peer certificate added with
//!   [`PeerTrust::Pinned`] is pinned: it is accepted without a chain, but its validity period,
//!   keyUsage and critical extensions are still checked at the given time. A peer added with
//!   [`PeerTrust::ValidateChain`] is only a lookup entry and must chain to an anchor.
//! - **STR dereference depth is 1** (attack class M): a Reference must lead to a
//!   `wsse:BinarySecurityToken` (for a certificate) and never to another
//!   SecurityTokenReference ([`TokenError::RecursiveReference`]); an STR inside an STR is
//!   refused too. References are same-document bare names (`#id`) through the document's
//!   ID index only.
//! - **Ambiguity is an error**: when two configured certificates match a reference,
//!   resolution fails with [`TokenError::AmbiguousReference`] instead of picking one.
//! - **Anything not understood is named**: other token ValueTypes, EncodingTypes, reference
//!   kinds and KeyInfo children are typed errors that carry the URI or element name.

mod bst;
mod dn;
mod reference;
mod store;

#[cfg(test)]
mod tests;

pub use bst::BinarySecurityToken;
pub use reference::{DirectValueType, KeyIdentifier, SecurityTokenReference, TokenReference};
pub use store::{KeyStore, OwnIdentity, PeerTrust};

use crate::keys::KeyError;

/// WS-Security 1.0 secext namespace (`wsse:Security`, `wsse:BinarySecurityToken`, ...).
pub const WSSE_NS: &str =
    "http://docs.oasis-open.org/wss/2004/01/oasis-200401-wss-wssecurity-secext-1.0.xsd";
/// ValueType of an X.509v3 certificate token.
pub const X509V3_VALUE_TYPE: &str =
    "http://docs.oasis-open.org/wss/2004/01/oasis-200401-wss-x509-token-profile-1.0#X509v3";
/// ValueType of a PKIPath token (recognized to be named in errors; not supported).
pub const X509_PKIPATH_VALUE_TYPE: &str =
    "http://docs.oasis-open.org/wss/2004/01/oasis-200401-wss-x509-token-profile-1.0#X509PKIPathv1";
/// EncodingType `Base64Binary`.
pub const BASE64_BINARY: &str = "http://docs.oasis-open.org/wss/2004/01/oasis-200401-wss-soap-message-security-1.0#Base64Binary";
/// KeyIdentifier ValueType: the certificate's subject key identifier.
pub const SKI_VALUE_TYPE: &str = "http://docs.oasis-open.org/wss/2004/01/oasis-200401-wss-x509-token-profile-1.0#X509SubjectKeyIdentifier";
/// KeyIdentifier ValueType: SHA-1 of the certificate's DER (WSS 1.1).
pub const THUMBPRINT_SHA1_VALUE_TYPE: &str =
    "http://docs.oasis-open.org/wss/oasis-wss-soap-message-security-1.1#ThumbprintSHA1";
/// Reference ValueType of an `xenc:EncryptedKey` token (WSS 1.1).
pub const ENCRYPTED_KEY_VALUE_TYPE: &str =
    "http://docs.oasis-open.org/wss/oasis-wss-soap-message-security-1.1#EncryptedKey";

/// Errors of the token layer: reading and writing tokens, and resolving references to keys.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
#[non_exhaustive]
pub enum TokenError {
    /// The element is not the one expected (a BinarySecurityToken, an STR, a ds:KeyInfo).
    #[error("expected {expected}, found element {found}")]
    UnexpectedElement {
        /// What was expected, such as `wsse:BinarySecurityToken`.
        expected: &'static str,
        /// The element found, as `{namespace}local`.
        found: String,
    },
    /// A required attribute is missing.
    #[error("{element} has no {attribute} attribute")]
    MissingAttribute {
        /// The element, such as `wsse:KeyIdentifier`.
        element: &'static str,
        /// The attribute, such as `ValueType`.
        attribute: &'static str,
    },
    /// A ValueType this crate does not support.
    #[error("unsupported ValueType {value_type} on {element}")]
    UnsupportedValueType {
        /// The element carrying it.
        element: &'static str,
        /// The ValueType URI as found.
        value_type: String,
    },
    /// An EncodingType other than Base64Binary.
    #[error(
        "unsupported EncodingType {encoding_type} on {element}; only Base64Binary is supported"
    )]
    UnsupportedEncodingType {
        /// The element carrying it.
        element: &'static str,
        /// The EncodingType URI as found.
        encoding_type: String,
    },
    /// The content is not valid base64 (whitespace and line breaks are allowed).
    #[error("{element} does not contain valid base64")]
    InvalidBase64 {
        /// The element.
        element: &'static str,
    },
    /// The token's content is not a usable X.509 certificate.
    #[error("the BinarySecurityToken does not hold a valid certificate: {0}")]
    Certificate(#[source] KeyError),
    /// The SecurityTokenReference has no reference child.
    #[error("the SecurityTokenReference contains no reference")]
    EmptyReference,
    /// The SecurityTokenReference has more than one reference child.
    #[error("the SecurityTokenReference contains {count} references; exactly one is allowed")]
    MultipleReferences {
        /// How many child elements were found.
        count: usize,
    },
    /// A reference form this crate does not support (such as `wsse:Embedded`, `ds:KeyName`,
    /// `ds:X509Data/ds:X509Certificate`).
    #[error("unsupported token reference {found}")]
    UnsupportedReference {
        /// The element, as `{namespace}local` (with its parent for ds:X509Data content).
        found: String,
    },
    /// A ds:KeyInfo child other than a wsse:SecurityTokenReference (such as `ds:KeyValue`,
    /// which is never trusted).
    #[error("unsupported KeyInfo content {found}; only a wsse:SecurityTokenReference is supported")]
    UnsupportedKeyInfo {
        /// The element, as `{namespace}local`, or a description.
        found: String,
    },
    /// A Reference URI that is not a same-document bare name (`#id`).
    #[error("unsupported Reference URI {uri:?}; only same-document references (#id) are allowed")]
    UnsupportedReferenceUri {
        /// The URI as found.
        uri: String,
    },
    /// No element has the referenced ID.
    #[error("no element has the ID {id:?}")]
    ReferenceNotFound {
        /// The ID.
        id: String,
    },
    /// The referenced element is not a token of the expected kind.
    #[error("#{id} refers to {found}, not to {expected}")]
    ReferenceToWrongElement {
        /// The ID.
        id: String,
        /// What it must be, such as `wsse:BinarySecurityToken`.
        expected: &'static str,
        /// The element found, as `{namespace}local`.
        found: String,
    },
    /// A SecurityTokenReference that leads to another SecurityTokenReference (attack class M:
    /// the dereference depth is 1).
    #[error("a SecurityTokenReference refers to another SecurityTokenReference{}", id.as_deref().map(|i| format!(" (#{i})")).unwrap_or_default())]
    RecursiveReference {
        /// The ID of the inner STR, if it was reached by a Reference.
        id: Option<String>,
    },
    /// A malformed KeyIdentifier (empty, or a thumbprint that is not 20 bytes).
    #[error("malformed KeyIdentifier: {reason}")]
    MalformedKeyIdentifier {
        /// What is wrong.
        reason: &'static str,
    },
    /// A malformed ds:X509IssuerSerial.
    #[error("malformed X509IssuerSerial: {reason}")]
    MalformedIssuerSerial {
        /// What is wrong.
        reason: String,
    },
    /// No configured certificate matches the reference (signature verification).
    #[error("no known certificate matches {reference}")]
    UnknownCertificate {
        /// The reference, described.
        reference: String,
    },
    /// None of our own identities matches the reference (decryption).
    #[error("none of our own certificates matches {reference}")]
    UnknownOwnIdentity {
        /// The reference, described.
        reference: String,
    },
    /// More than one configured certificate matches the reference.
    #[error("{count} configured certificates match {reference}; the reference is ambiguous")]
    AmbiguousReference {
        /// The reference, described.
        reference: String,
        /// How many matched.
        count: usize,
    },
    /// The certificate was found but is not trusted (chain, validity, keyUsage, ...).
    #[error("the certificate {subject:?} is not trusted: {source}")]
    Untrusted {
        /// The certificate's subject (RFC 4514).
        subject: String,
        /// Why validation failed.
        #[source]
        source: KeyError,
    },
    /// An identity's private key does not belong to its certificate.
    #[error("the private key does not match the certificate {subject:?}")]
    IdentityKeyMismatch {
        /// The certificate's subject.
        subject: String,
    },
    /// A prefix or ID given for markup generation is not an XML NCName.
    #[error("{what} {value:?} is not a valid XML name (NCName)")]
    InvalidName {
        /// What it is: "prefix" or "wsu:Id".
        what: &'static str,
        /// The value.
        value: String,
    },
}

/// Prefixes for the markup this module writes, and whether each fragment declares them.
///
/// Defaults: `wsse`, `wsu`, `ds`, with the namespaces declared on each fragment's outermost
/// element (declarations that an ancestor already makes are dropped by canonicalization, so
/// this is always safe). Set `declare_namespaces` to `false` when the fragment goes where the
/// prefixes are already in scope. The `wsu` prefix must not be empty (an unprefixed attribute
/// has no namespace); `wsse` and `ds` may be empty (default namespace) when declared.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Markup {
    /// Prefix for the secext namespace ([`WSSE_NS`]).
    pub wsse: String,
    /// Prefix for the utility namespace ([`WSU_NS`](crate::xml::WSU_NS)).
    pub wsu: String,
    /// Prefix for the XML Signature namespace ([`DSIG_NS`](crate::xml::DSIG_NS)).
    pub ds: String,
    /// Whether fragments declare the namespaces they use.
    pub declare_namespaces: bool,
}

impl Default for Markup {
    fn default() -> Self {
        Markup {
            wsse: "wsse".into(),
            wsu: "wsu".into(),
            ds: "ds".into(),
            declare_namespaces: true,
        }
    }
}

impl Markup {
    fn check(&self) -> Result<(), TokenError> {
        if !is_ncname(&self.wsu) {
            return Err(invalid_name("prefix", &self.wsu));
        }
        for p in [&self.wsse, &self.ds] {
            if !(is_ncname(p) || (p.is_empty() && self.declare_namespaces)) {
                return Err(invalid_name("prefix", p));
            }
        }
        Ok(())
    }

    /// `prefix:local`, or `local` for the empty prefix.
    fn qname(prefix: &str, local: &str) -> String {
        if prefix.is_empty() {
            local.to_owned()
        } else {
            format!("{prefix}:{local}")
        }
    }

    /// ` xmlns:prefix="ns"` (or ` xmlns="ns"`), or nothing when declarations are off.
    fn declare(&self, prefix: &str, namespace: &str) -> String {
        match (self.declare_namespaces, prefix.is_empty()) {
            (false, _) => String::new(),
            (true, true) => format!(" xmlns=\"{namespace}\""),
            (true, false) => format!(" xmlns:{prefix}=\"{namespace}\""),
        }
    }
}

fn invalid_name(what: &'static str, value: &str) -> TokenError {
    TokenError::InvalidName {
        what,
        value: value.to_owned(),
    }
}

/// An XML NCName (no colon), the form of prefixes and `wsu:Id` values.
pub(crate) fn is_ncname(s: &str) -> bool {
    let mut chars = s.chars();
    match chars.next() {
        Some(c) if c == '_' || c.is_alphabetic() => {}
        _ => return false,
    }
    chars.all(|c| c == '_' || c == '-' || c == '.' || c.is_alphanumeric())
}

/// `{namespace}local` of an element, for error messages.
fn describe(element: &crate::xml::Element<'_>) -> String {
    element.name().to_string()
}

/// Lower-case hex, for describing identifiers in errors.
fn hex(bytes: &[u8]) -> String {
    use std::fmt::Write;
    bytes.iter().fold(String::new(), |mut s, b| {
        let _ = write!(s, "{b:02x}");
        s
    })
}

/// Decodes base64 that may contain whitespace and line breaks (zeep and WSS4J wrap lines).
fn decode_base64(text: &str, element: &'static str) -> Result<Vec<u8>, TokenError> {
    use base64ct::Encoding;
    let compact: String = text
        .chars()
        .filter(|c| !matches!(c, ' ' | '\t' | '\r' | '\n'))
        .collect();
    base64ct::Base64::decode_vec(&compact).map_err(|_| TokenError::InvalidBase64 { element })
}

fn encode_base64(bytes: &[u8]) -> String {
    use base64ct::Encoding;
    base64ct::Base64::encode_string(bytes)
}
