//! The envelope inspector behind `soapsec inspect`: what a secured message **claims**, what it
//! really **proves** once keys are given, and what a contract would **demand** of it.
//!
//! [`inspect`] reads one message without any key and returns an [`Inspection`]: the SOAP
//! version, the WS-Addressing headers, every header block, the Body's operation or fault, the
//! Security header's children in order (Timestamp with its age, tokens with their certificate
//! decoded, EncryptedKey, Signature with each reference and the part it points to, EncryptedData
//! and what it replaced), and a per-part table of what the message *claims* (a reference
//! pointing at a part, an `EncryptedData` standing where a part should be). Claims are not
//! proof: nothing is verified in this step.
//!
//! [`Inspection::verify_with`] adds the proof: with our key store it decrypts and verifies for
//! real and marks each part verified or failed, with the reason ([`Verification`]).
//! [`Inspection::overlay`] adds the requirements of a contract over a binding for the
//! message's action and direction: per part, the level required against the level achieved
//! (verified when keys were given, claimed otherwise), and the receiver's verdict with WCF's
//! exact text ([`Overlay`]).
//!
//! Everything here reads untrusted input: the only errors are the parse errors of the message
//! itself ([`InspectError`]); anything odd inside the Security header is reported in the tree,
//! never a panic and never an abort of the whole inspection. The JSON form of an
//! [`Inspection`] (serde) is the stable schema [`SCHEMA`], documented in the README.

mod overlay;
mod survey;
mod verify;

pub use overlay::{Overlay, OverlayOptions, PartRequirement, Verdict};
pub use survey::{SurveyOptions, inspect, inspect_with_contract, inspect_with_keys};
pub use verify::{Status, Verification, VerifyOptions};

use crate::envelope::EnvelopeError;
use crate::xml::{Position, XmlError};
use serde::Serialize;

/// The JSON schema name and version of an [`Inspection`].
pub const SCHEMA: &str = "soapsec.inspect/1";

/// Why a message could not be inspected at all: it is not XML within the limits, or not a
/// SOAP envelope. Both carry the line and column.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
#[non_exhaustive]
pub enum InspectError {
    /// The bytes are not well-formed XML within the parse limits.
    #[error(transparent)]
    Xml(#[from] XmlError),
    /// The document is not a SOAP 1.1 or 1.2 envelope.
    #[error(transparent)]
    Envelope(#[from] EnvelopeError),
}

impl InspectError {
    /// Where in the input the problem is, when known.
    pub fn position(&self) -> Option<Position> {
        match self {
            InspectError::Xml(e) => e.position(),
            InspectError::Envelope(e) => Some(e.position()),
        }
    }
}

/// A namespace-qualified name.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct Name {
    /// The namespace URI (empty for none).
    pub namespace: String,
    /// The local name.
    pub local: String,
    /// The prefix as written (empty for none).
    pub prefix: String,
}

impl Name {
    /// `prefix:local`, or `local` without a prefix.
    pub fn qualified(&self) -> String {
        if self.prefix.is_empty() {
            self.local.clone()
        } else {
            format!("{}:{}", self.prefix, self.local)
        }
    }
    /// `{namespace}local`.
    pub fn expanded(&self) -> String {
        if self.namespace.is_empty() {
            self.local.clone()
        } else {
            format!("{{{}}}{}", self.namespace, self.local)
        }
    }
}

/// The result of inspecting one message.
#[derive(Debug, Clone, Serialize)]
pub struct Inspection {
    /// Always [`SCHEMA`].
    pub schema: &'static str,
    /// Size of the message in bytes.
    pub bytes: usize,
    /// `"1.1"` or `"1.2"`.
    pub soap_version: &'static str,
    /// The envelope namespace.
    pub envelope_namespace: &'static str,
    /// The time timestamps and certificates were judged against, unix seconds.
    pub at: i64,
    /// The WS-Addressing headers, in document order.
    pub addressing: Vec<AddressingInfo>,
    /// Every header block, in document order.
    pub headers: Vec<HeaderInfo>,
    /// The Body.
    pub body: BodyInfo,
    /// The Security header this inspection read (the first one for the ultimate receiver,
    /// else the first one), if any.
    pub security: Option<SecurityInfo>,
    /// Other Security headers (for other actors, or duplicates), by header index.
    pub other_security_headers: Vec<usize>,
    /// One row per message part (each header block but the Security header, then the Body):
    /// what the message claims; after [`Inspection::verify_with`] also what it proves.
    pub parts: Vec<PartReport>,
    /// Present after [`Inspection::verify_with`].
    pub verification: Option<Verification>,
    /// Present after [`Inspection::overlay`].
    pub requirements: Option<Overlay>,
}

/// One WS-Addressing header.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct AddressingInfo {
    /// Local name (`Action`, `To`, `MessageID`, `RelatesTo`, `ReplyTo`, …).
    pub name: String,
    /// Its value: the text, or an endpoint reference's `Address`.
    pub value: String,
    /// The WS-Addressing namespace.
    pub namespace: String,
    /// Index among the header blocks.
    pub header_index: usize,
}

/// What a header block is, for display.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
#[serde(rename_all = "kebab-case")]
pub enum HeaderKind {
    /// A WS-Addressing header.
    Addressing,
    /// A `wsse:Security` header.
    Security,
    /// A `wsse11:EncryptedHeader` (its real name is hidden until decrypted).
    EncryptedHeader,
    /// Anything else.
    Application,
}

/// One header block.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct HeaderInfo {
    /// Index among the header blocks, from 0.
    pub index: usize,
    /// Its path, e.g. `/Envelope/Header/Action`.
    pub path: String,
    /// Its name.
    pub name: Name,
    /// What kind of header it is.
    pub kind: HeaderKind,
    /// SOAP `mustUnderstand`.
    pub must_understand: bool,
    /// SOAP 1.1 `actor` / 1.2 `role`, as written.
    pub role: Option<String>,
    /// SOAP 1.2 `relay`.
    pub relay: bool,
    /// `wsu:Id`.
    pub wsu_id: Option<String>,
    /// Other ID attributes (`Id`, `xml:id`) as `name=value`.
    pub other_ids: Vec<String>,
    /// For a `wsse11:EncryptedHeader`: the `EncryptedData` it holds (its `Id` and algorithm).
    pub encrypted_data: Option<EncryptedDataInfo>,
}

/// An `xenc:EncryptedData` standing in for a part.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct EncryptedDataInfo {
    /// Its `Id`.
    pub id: Option<String>,
    /// Its algorithm URI.
    pub algorithm: Option<String>,
}

/// What the Body holds.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
#[serde(tag = "kind", rename_all = "kebab-case")]
pub enum BodyContent {
    /// Nothing.
    Empty,
    /// An operation's element.
    Operation {
        /// Its name.
        name: Name,
        /// Further element children (a well-formed document/literal message has none).
        more_elements: usize,
    },
    /// A SOAP fault.
    Fault {
        /// `faultcode` / `Code/Value`, as `{namespace}local`.
        code: String,
        /// SOAP 1.2 subcodes, outermost first.
        subcodes: Vec<String>,
        /// The first reason text.
        reason: String,
        /// Whether a detail element is present.
        has_detail: bool,
    },
    /// Encrypted content (`xenc:EncryptedData`).
    Encrypted {
        /// The EncryptedData's `Id`.
        id: Option<String>,
        /// Its algorithm URI.
        algorithm: Option<String>,
    },
}

/// The Body.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct BodyInfo {
    /// Always `/Envelope/Body`.
    pub path: String,
    /// `wsu:Id`.
    pub wsu_id: Option<String>,
    /// Other ID attributes (`Id`, `xml:id`) as `name=value`.
    pub other_ids: Vec<String>,
    /// Its content.
    pub content: BodyContent,
}

/// The Security header.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct SecurityInfo {
    /// Index among the header blocks.
    pub header_index: usize,
    /// `"1.0"` (no WS-Security 1.1 element present) or `"1.1"`.
    pub wss_version_seen: &'static str,
    /// Its actor/role, if any.
    pub role: Option<String>,
    /// SOAP `mustUnderstand`.
    pub must_understand: bool,
    /// Its children, in order.
    pub items: Vec<SecurityItem>,
}

/// One child of the Security header.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct SecurityItem {
    /// Position among the Security header's children, from 1.
    pub position: usize,
    /// Its path, e.g. `/Envelope/Header/Security/Signature`.
    pub path: String,
    /// Its `wsu:Id` (or `Id` for XML Signature/Encryption elements).
    pub id: Option<String>,
    /// What it is and says.
    pub detail: ItemDetail,
}

/// What a Security header child says.
#[derive(Debug, Clone, PartialEq, Serialize)]
#[serde(tag = "kind", rename_all = "kebab-case")]
pub enum ItemDetail {
    /// `wsu:Timestamp`.
    Timestamp {
        /// `Created` as written.
        created: Option<String>,
        /// `Expires` as written.
        expires: Option<String>,
        /// Seconds since `Created` at the inspection time (negative: created in the future).
        age_seconds: Option<i64>,
        /// Seconds until `Expires` (negative: expired that long ago).
        expires_in_seconds: Option<i64>,
        /// `valid`, `expired`, `not-yet-valid` (without skew), or `malformed`.
        state: String,
        /// Why it is malformed.
        error: Option<String>,
    },
    /// `wsse:BinarySecurityToken`.
    BinarySecurityToken {
        /// Its ValueType.
        value_type: Option<String>,
        /// The certificate, decoded.
        certificate: Option<CertificateInfo>,
        /// Why it could not be decoded.
        error: Option<String>,
    },
    /// `xenc:EncryptedKey`.
    EncryptedKey {
        /// Key transport algorithm URI.
        algorithm: Option<String>,
        /// OAEP digest URI, if given.
        digest: Option<String>,
        /// OAEP MGF URI, if given.
        mgf: Option<String>,
        /// Who it is for: the KeyInfo's reference.
        recipient: Option<TokenRefInfo>,
        /// Its ReferenceList.
        references: Vec<DataReferenceInfo>,
    },
    /// A standalone `xenc:ReferenceList`.
    ReferenceList {
        /// Its DataReferences.
        references: Vec<DataReferenceInfo>,
    },
    /// `ds:Signature`.
    Signature {
        /// `CanonicalizationMethod`.
        canonicalization: Option<String>,
        /// `SignatureMethod`.
        signature_method: Option<String>,
        /// Each `Reference`.
        references: Vec<SignatureReferenceInfo>,
        /// The KeyInfo's reference.
        key: Option<TokenRefInfo>,
        /// Structure problems seen (no SignedInfo, a non-`#id` URI, …).
        problems: Vec<String>,
    },
    /// `xenc:EncryptedData` in the Security header (an encrypted signature).
    EncryptedData {
        /// Algorithm URI.
        algorithm: Option<String>,
        /// `Element` or `Content`.
        encrypted_type: Option<String>,
        /// What it replaced.
        replaced: String,
    },
    /// `wsse11:SignatureConfirmation`.
    SignatureConfirmation {
        /// Its `Value` (base64), if any.
        value: Option<String>,
    },
    /// `wsse:SecurityTokenReference` standing alone.
    SecurityTokenReference {
        /// What it points to.
        reference: TokenRefInfo,
    },
    /// Anything else.
    Other {
        /// Its name.
        name: Name,
    },
}

/// A decoded X.509 certificate.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct CertificateInfo {
    /// Subject DN.
    pub subject: String,
    /// Issuer DN.
    pub issuer: String,
    /// Serial number, decimal.
    pub serial: String,
    /// notBefore, RFC 3339 UTC.
    pub not_before: String,
    /// notAfter, RFC 3339 UTC.
    pub not_after: String,
    /// `valid`, `expired` or `not-yet-valid` at the inspection time.
    pub validity: String,
    /// SHA-1 thumbprint, hex.
    pub sha1: String,
    /// SHA-256 thumbprint, hex.
    pub sha256: String,
    /// Subject key identifier, hex (the extension, else the RFC 5280 method-1 value).
    pub ski: String,
    /// Key type and size, e.g. `RSA-2048`.
    pub key: String,
}

/// What a `wsse:SecurityTokenReference` (or a KeyInfo) points to.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct TokenRefInfo {
    /// `direct`, `ski`, `thumbprint-sha1`, `issuer-serial`, or `unsupported`.
    pub kind: String,
    /// The reference value: `#id`, hex, or `issuer / serial`.
    pub value: String,
    /// What it resolves to in this message or among the given certificates.
    pub resolves_to: Option<String>,
}

/// One `xenc:DataReference`.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct DataReferenceInfo {
    /// The URI as written.
    pub uri: String,
    /// The path of the EncryptedData it names, if it resolves to one.
    pub target: Option<String>,
    /// What that EncryptedData replaced (`the Body's content`, `a header block`, …).
    pub replaced: Option<String>,
}

/// One `ds:Reference`.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct SignatureReferenceInfo {
    /// The URI as written.
    pub uri: String,
    /// The path of the element it points to, if it resolves.
    pub covers: Option<String>,
    /// The message part at that path (`Body`, a header's `{ns}local`, `Timestamp`, …).
    pub part: Option<String>,
    /// Transform algorithm URIs, in order.
    pub transforms: Vec<String>,
    /// DigestMethod URI.
    pub digest: Option<String>,
}

/// Claimed or verified protection of one part.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct PartReport {
    /// `Body`, or the header's local name.
    pub name: String,
    /// The part's namespace (the envelope namespace for the Body).
    pub namespace: String,
    /// `body` or `header`.
    pub kind: &'static str,
    /// Header index, for headers.
    pub header_index: Option<usize>,
    /// Its path.
    pub path: String,
    /// A signature reference points at it (not verified).
    pub claimed_signed: bool,
    /// An EncryptedData stands where it is (not verified).
    pub claimed_encrypted: bool,
    /// After verification: the signature over it.
    pub signed: Option<Status>,
    /// After verification: its decryption.
    pub encrypted: Option<Status>,
}

/// A short name for an algorithm URI: the part after `#`, else after the last `/`.
pub fn short_algorithm(uri: &str) -> &str {
    let uri = uri.strip_suffix('#').unwrap_or(uri);
    uri.rsplit_once('#')
        .map(|(_, f)| f)
        .or_else(|| uri.rsplit_once('/').map(|(_, f)| f))
        .filter(|s| !s.is_empty())
        .unwrap_or(uri)
}

#[cfg(test)]
mod tests;
