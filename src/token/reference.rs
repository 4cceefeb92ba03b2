//! `wsse:SecurityTokenReference`: parsing, dereferencing (depth 1) and generation.

use std::fmt;

use crate::keys::Certificate;
use crate::xml::{DSIG_NS, Document, Element, NodeId, WSU_NS};

use super::bst::BinarySecurityToken;
use super::{
    BASE64_BINARY, ENCRYPTED_KEY_VALUE_TYPE, Markup, SKI_VALUE_TYPE, THUMBPRINT_SHA1_VALUE_TYPE,
    TokenError, WSSE_NS, X509V3_VALUE_TYPE, decode_base64, describe, encode_base64, hex,
    invalid_name, is_ncname,
};
use crate::xml::escape_text;

const STR: &str = "wsse:SecurityTokenReference";
const REFERENCE: &str = "wsse:Reference";
const KEY_IDENTIFIER: &str = "wsse:KeyIdentifier";
const BST: &str = "wsse:BinarySecurityToken";

/// The EncryptedKey ValueType as WSS4J 1.5/1.6 writes it (under the SAML token profile's
/// namespace), seen in CXF's test messages.
const WSS4J_ENCRYPTED_KEY_VALUE_TYPE: &str =
    "http://docs.oasis-open.org/wss/oasis-wss-saml-token-profile-1.0#EncryptedKey";

/// The largest subject key identifier accepted (RFC 5280 SKIs are 20 bytes; some CAs use 32).
const MAX_SKI_LEN: usize = 64;
/// The largest serial number accepted, in decimal digits (RFC 5280 caps serials at 20 octets).
const MAX_SERIAL_DIGITS: usize = 64;

/// The ValueType of a direct `wsse:Reference`.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
#[non_exhaustive]
pub enum DirectValueType {
    /// No ValueType attribute (WSS4J writes none for references to an EncryptedKey).
    Unspecified,
    /// [`X509V3_VALUE_TYPE`]: the target is an X.509v3 BinarySecurityToken.
    X509v3,
    /// [`ENCRYPTED_KEY_VALUE_TYPE`]: the target is an `xenc:EncryptedKey` (WSS 1.1). Parsed so
    /// the encryption layer can follow it; it never resolves to a certificate. WSS4J 1.5/1.6's
    /// misspelt `…oasis-wss-saml-token-profile-1.0#EncryptedKey` is read as this too.
    EncryptedKey,
}

/// A key identifier (`wsse:KeyIdentifier`), decoded.
#[derive(Debug, Clone, PartialEq, Eq, Hash)]
#[non_exhaustive]
pub enum KeyIdentifier {
    /// [`SKI_VALUE_TYPE`]: the certificate's subjectKeyIdentifier (or the RFC 5280 method-1
    /// value for a certificate without the extension).
    SubjectKeyIdentifier(Vec<u8>),
    /// [`THUMBPRINT_SHA1_VALUE_TYPE`]: SHA-1 of the certificate's DER.
    ThumbprintSha1([u8; 20]),
}

/// What a SecurityTokenReference points at.
#[derive(Debug, Clone, PartialEq, Eq, Hash)]
#[non_exhaustive]
pub enum TokenReference {
    /// `wsse:Reference URI="#id"`: a token in the same message.
    Direct {
        /// The ID, without the `#`.
        id: String,
        /// The Reference's ValueType.
        value_type: DirectValueType,
    },
    /// `wsse:KeyIdentifier`: a certificate known out of band.
    KeyIdentifier(KeyIdentifier),
    /// `ds:X509Data/ds:X509IssuerSerial`: a certificate known out of band.
    IssuerSerial {
        /// `ds:X509IssuerName` as written (an RFC 4514 string); compared as a parsed name.
        issuer: String,
        /// `ds:X509SerialNumber` in decimal, without leading zeros.
        serial: String,
    },
}

impl TokenReference {
    /// A direct reference to the BinarySecurityToken with this `wsu:Id` (ValueType X509v3).
    pub fn to_token(id: &str) -> Self {
        TokenReference::Direct {
            id: id.to_owned(),
            value_type: DirectValueType::X509v3,
        }
    }

    /// A KeyIdentifier with the certificate's subject key identifier (the extension, or the
    /// RFC 5280 method-1 value).
    pub fn ski(certificate: &Certificate) -> Self {
        TokenReference::KeyIdentifier(KeyIdentifier::SubjectKeyIdentifier(
            certificate.ski_or_computed().to_vec(),
        ))
    }

    /// A KeyIdentifier with the certificate's SHA-1 thumbprint.
    pub fn thumbprint_sha1(certificate: &Certificate) -> Self {
        TokenReference::KeyIdentifier(KeyIdentifier::ThumbprintSha1(
            *certificate.sha1_thumbprint(),
        ))
    }

    /// An X509IssuerSerial with the certificate's issuer (RFC 4514) and serial (decimal).
    pub fn issuer_serial(certificate: &Certificate) -> Self {
        TokenReference::IssuerSerial {
            issuer: certificate.issuer().to_owned(),
            serial: normalize_serial(certificate.serial_decimal())
                .unwrap_or_else(|_| certificate.serial_decimal().to_owned()),
        }
    }

    /// Writes a `wsse:SecurityTokenReference` holding this reference, with an optional
    /// `wsu:Id` on the STR.
    pub fn to_xml(&self, str_id: Option<&str>, markup: &Markup) -> Result<String, TokenError> {
        markup.check()?;
        let wsse = |local| Markup::qname(&markup.wsse, local);
        let ds = |local| Markup::qname(&markup.ds, local);
        let mut uses_wsu = false;
        let mut id_attr = String::new();
        if let Some(id) = str_id {
            if !is_ncname(id) {
                return Err(invalid_name("wsu:Id", id));
            }
            uses_wsu = true;
            id_attr = format!(" {}:Id=\"{id}\"", markup.wsu);
        }
        let inner = match self {
            TokenReference::Direct { id, value_type } => {
                if !is_id_value(id) {
                    return Err(invalid_name("wsu:Id", id));
                }
                let vt = match value_type {
                    DirectValueType::Unspecified => String::new(),
                    DirectValueType::X509v3 => format!(" ValueType=\"{X509V3_VALUE_TYPE}\""),
                    DirectValueType::EncryptedKey => {
                        format!(" ValueType=\"{ENCRYPTED_KEY_VALUE_TYPE}\"")
                    }
                };
                format!("<{} URI=\"#{id}\"{vt}/>", wsse("Reference"))
            }
            TokenReference::KeyIdentifier(ki) => {
                let (vt, bytes): (&str, &[u8]) = match ki {
                    KeyIdentifier::SubjectKeyIdentifier(b) => (SKI_VALUE_TYPE, b),
                    KeyIdentifier::ThumbprintSha1(b) => (THUMBPRINT_SHA1_VALUE_TYPE, b),
                };
                let name = wsse("KeyIdentifier");
                format!(
                    "<{name} EncodingType=\"{BASE64_BINARY}\" ValueType=\"{vt}\">{}</{name}>",
                    encode_base64(bytes)
                )
            }
            TokenReference::IssuerSerial { issuer, serial } => {
                format!(
                    "<{x509data}{decl}><{is}><{iname}>{}</{iname}><{sn}>{}</{sn}></{is}></{x509data}>",
                    escape_text(issuer),
                    escape_text(serial),
                    x509data = ds("X509Data"),
                    decl = markup.declare(&markup.ds, DSIG_NS),
                    is = ds("X509IssuerSerial"),
                    iname = ds("X509IssuerName"),
                    sn = ds("X509SerialNumber"),
                )
            }
        };
        let name = wsse("SecurityTokenReference");
        let wsu_decl = if uses_wsu {
            markup.declare(&markup.wsu, WSU_NS)
        } else {
            String::new()
        };
        Ok(format!(
            "<{name}{}{wsu_decl}{id_attr}>{inner}</{name}>",
            markup.declare(&markup.wsse, WSSE_NS)
        ))
    }
}

impl fmt::Display for TokenReference {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            TokenReference::Direct { id, .. } => write!(f, "Reference #{id}"),
            TokenReference::KeyIdentifier(KeyIdentifier::SubjectKeyIdentifier(b)) => {
                write!(f, "KeyIdentifier X509SubjectKeyIdentifier {}", hex(b))
            }
            TokenReference::KeyIdentifier(KeyIdentifier::ThumbprintSha1(b)) => {
                write!(f, "KeyIdentifier ThumbprintSHA1 {}", hex(b))
            }
            TokenReference::IssuerSerial { issuer, serial } => {
                write!(f, "X509IssuerSerial issuer {issuer:?} serial {serial}")
            }
        }
    }
}

/// A parsed `wsse:SecurityTokenReference`: exactly one reference.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct SecurityTokenReference {
    node: NodeId,
    id: Option<String>,
    reference: TokenReference,
}

impl SecurityTokenReference {
    /// Parses a `wsse:SecurityTokenReference` element.
    ///
    /// Accepted: one `wsse:Reference` (`URI="#id"`, ValueType absent, X509v3 or EncryptedKey),
    /// one `wsse:KeyIdentifier` (ValueType X509SubjectKeyIdentifier or ThumbprintSHA1,
    /// EncodingType Base64Binary or absent), or one `ds:X509Data` holding exactly one
    /// `ds:X509IssuerSerial`. Anything else is a typed error naming it; an STR inside the STR
    /// is [`TokenError::RecursiveReference`].
    pub fn from_element(element: Element<'_>) -> Result<Self, TokenError> {
        if !element.is(WSSE_NS, "SecurityTokenReference") {
            return Err(TokenError::UnexpectedElement {
                expected: STR,
                found: describe(&element),
            });
        }
        let child = single_child(&element)?;
        let reference = if child.is(WSSE_NS, "Reference") {
            parse_reference(&child)?
        } else if child.is(WSSE_NS, "KeyIdentifier") {
            parse_key_identifier(&child)?
        } else if child.is(DSIG_NS, "X509Data") {
            parse_x509_data(&child)?
        } else if child.is(WSSE_NS, "SecurityTokenReference") {
            return Err(TokenError::RecursiveReference { id: None });
        } else {
            return Err(TokenError::UnsupportedReference {
                found: describe(&child),
            });
        };
        Ok(SecurityTokenReference {
            node: element.id(),
            id: element.attribute(WSU_NS, "Id").map(str::to_owned),
            reference,
        })
    }

    /// Parses the one `wsse:SecurityTokenReference` inside a `ds:KeyInfo`. Any other KeyInfo
    /// content (`ds:KeyValue`, `ds:X509Data` directly, `ds:KeyName`, ...) is
    /// [`TokenError::UnsupportedKeyInfo`]: a key or certificate written straight into KeyInfo
    /// is never used.
    pub fn from_key_info(key_info: Element<'_>) -> Result<Self, TokenError> {
        if !key_info.is(DSIG_NS, "KeyInfo") {
            return Err(TokenError::UnexpectedElement {
                expected: "ds:KeyInfo",
                found: describe(&key_info),
            });
        }
        let mut children = key_info.child_elements();
        match (children.next(), children.next()) {
            (Some(str_), None) if str_.is(WSSE_NS, "SecurityTokenReference") => {
                Self::from_element(str_)
            }
            (Some(other), None) => Err(TokenError::UnsupportedKeyInfo {
                found: describe(&other),
            }),
            (None, _) => Err(TokenError::UnsupportedKeyInfo {
                found: "an empty ds:KeyInfo".into(),
            }),
            (Some(_), Some(_)) => Err(TokenError::UnsupportedKeyInfo {
                found: format!(
                    "{} child elements in ds:KeyInfo",
                    key_info.child_elements().count()
                ),
            }),
        }
    }

    /// The STR element's node identity.
    pub fn node(&self) -> NodeId {
        self.node
    }

    /// The STR's own `wsu:Id`, if any.
    pub fn id(&self) -> Option<&str> {
        self.id.as_deref()
    }

    /// What it refers to.
    pub fn reference(&self) -> &TokenReference {
        &self.reference
    }

    /// For a direct Reference: the element with that ID in `doc`, checked not to be another
    /// SecurityTokenReference (depth 1). For the encryption layer, which follows references
    /// to an `xenc:EncryptedKey`; for certificates use [`Self::binary_security_token`].
    ///
    /// Errors: [`TokenError::UnsupportedReference`] for a non-direct reference,
    /// [`TokenError::ReferenceNotFound`], [`TokenError::RecursiveReference`].
    pub fn referenced_element<'d>(&self, doc: &'d Document<'d>) -> Result<Element<'d>, TokenError> {
        let TokenReference::Direct { id, .. } = &self.reference else {
            return Err(TokenError::UnsupportedReference {
                found: format!("{} (not a direct Reference)", self.reference),
            });
        };
        let target = doc
            .element_by_id(id)
            .ok_or_else(|| TokenError::ReferenceNotFound { id: id.clone() })?;
        if target.is(WSSE_NS, "SecurityTokenReference") {
            return Err(TokenError::RecursiveReference {
                id: Some(id.clone()),
            });
        }
        Ok(target)
    }

    /// For a direct Reference: the BinarySecurityToken it names in `doc`. The target must be a
    /// `wsse:BinarySecurityToken` element ([`TokenError::ReferenceToWrongElement`] otherwise),
    /// and the Reference's ValueType must be absent or X509v3.
    pub fn binary_security_token(
        &self,
        doc: &Document<'_>,
    ) -> Result<BinarySecurityToken, TokenError> {
        if let TokenReference::Direct {
            id,
            value_type: DirectValueType::EncryptedKey,
        } = &self.reference
        {
            return Err(TokenError::ReferenceToWrongElement {
                id: id.clone(),
                expected: BST,
                found: "an EncryptedKey reference (ValueType …#EncryptedKey)".into(),
            });
        }
        let target = self.referenced_element(doc)?;
        if !target.is(WSSE_NS, "BinarySecurityToken") {
            return Err(TokenError::ReferenceToWrongElement {
                id: target
                    .attribute(WSU_NS, "Id")
                    .map(str::to_owned)
                    .unwrap_or_else(|| self.direct_id().unwrap_or_default().to_owned()),
                expected: BST,
                found: describe(&target),
            });
        }
        BinarySecurityToken::from_element(target)
    }

    fn direct_id(&self) -> Option<&str> {
        match &self.reference {
            TokenReference::Direct { id, .. } => Some(id),
            _ => None,
        }
    }
}

/// The one child element; text other than whitespace is not allowed beside it.
fn single_child<'d>(element: &Element<'d>) -> Result<Element<'d>, TokenError> {
    let mut children = element.child_elements();
    match (children.next(), children.next()) {
        (None, _) => Err(TokenError::EmptyReference),
        (Some(c), None) => Ok(c),
        (Some(_), Some(_)) => Err(TokenError::MultipleReferences {
            count: element.child_elements().count(),
        }),
    }
}

fn parse_reference(el: &Element<'_>) -> Result<TokenReference, TokenError> {
    let uri = el
        .attribute("", "URI")
        .ok_or(TokenError::MissingAttribute {
            element: REFERENCE,
            attribute: "URI",
        })?;
    let id = match uri.strip_prefix('#') {
        Some(id) if is_id_value(id) => id.to_owned(),
        _ => {
            return Err(TokenError::UnsupportedReferenceUri {
                uri: uri.to_owned(),
            });
        }
    };
    let value_type = match el.attribute("", "ValueType").map(str::trim) {
        None => DirectValueType::Unspecified,
        Some(X509V3_VALUE_TYPE) => DirectValueType::X509v3,
        Some(ENCRYPTED_KEY_VALUE_TYPE | WSS4J_ENCRYPTED_KEY_VALUE_TYPE) => {
            DirectValueType::EncryptedKey
        }
        Some(other) => {
            return Err(TokenError::UnsupportedValueType {
                element: REFERENCE,
                value_type: other.to_owned(),
            });
        }
    };
    Ok(TokenReference::Direct { id, value_type })
}

fn parse_key_identifier(el: &Element<'_>) -> Result<TokenReference, TokenError> {
    let value_type = el
        .attribute("", "ValueType")
        .ok_or(TokenError::MissingAttribute {
            element: KEY_IDENTIFIER,
            attribute: "ValueType",
        })?
        .trim();
    // WSS 1.0 §7.3: EncodingType defaults to Base64Binary.
    if let Some(enc) = el.attribute("", "EncodingType")
        && enc.trim() != BASE64_BINARY
    {
        return Err(TokenError::UnsupportedEncodingType {
            element: KEY_IDENTIFIER,
            encoding_type: enc.to_owned(),
        });
    }
    if el.child_elements().next().is_some() {
        return Err(TokenError::InvalidBase64 {
            element: KEY_IDENTIFIER,
        });
    }
    let bytes = decode_base64(&el.text(), KEY_IDENTIFIER)?;
    let ki = match value_type {
        SKI_VALUE_TYPE => {
            if bytes.is_empty() || bytes.len() > MAX_SKI_LEN {
                return Err(TokenError::MalformedKeyIdentifier {
                    reason: "a subject key identifier must be 1 to 64 bytes",
                });
            }
            KeyIdentifier::SubjectKeyIdentifier(bytes)
        }
        THUMBPRINT_SHA1_VALUE_TYPE => {
            KeyIdentifier::ThumbprintSha1(bytes.try_into().map_err(|_| {
                TokenError::MalformedKeyIdentifier {
                    reason: "a ThumbprintSHA1 must be 20 bytes",
                }
            })?)
        }
        other => {
            return Err(TokenError::UnsupportedValueType {
                element: KEY_IDENTIFIER,
                value_type: other.to_owned(),
            });
        }
    };
    Ok(TokenReference::KeyIdentifier(ki))
}

fn parse_x509_data(el: &Element<'_>) -> Result<TokenReference, TokenError> {
    let mut children = el.child_elements();
    let issuer_serial = match (children.next(), children.next()) {
        (Some(c), None) if c.is(DSIG_NS, "X509IssuerSerial") => c,
        (Some(c), None) => {
            return Err(TokenError::UnsupportedReference {
                found: format!("ds:X509Data/{}", describe(&c)),
            });
        }
        (None, _) => {
            return Err(TokenError::UnsupportedReference {
                found: "an empty ds:X509Data".into(),
            });
        }
        (Some(_), Some(_)) => {
            return Err(TokenError::UnsupportedReference {
                found: "ds:X509Data with more than one child element".into(),
            });
        }
    };
    let bad = |reason: &str| TokenError::MalformedIssuerSerial {
        reason: reason.to_owned(),
    };
    let mut parts = issuer_serial.child_elements();
    let (name, number) = match (parts.next(), parts.next(), parts.next()) {
        (Some(n), Some(s), None)
            if n.is(DSIG_NS, "X509IssuerName") && s.is(DSIG_NS, "X509SerialNumber") =>
        {
            (n, s)
        }
        _ => {
            return Err(bad(
                "it must hold ds:X509IssuerName then ds:X509SerialNumber, and nothing else",
            ));
        }
    };
    if name.has_non_text_children() || number.has_non_text_children() {
        return Err(bad(
            "X509IssuerName and X509SerialNumber must be plain text",
        ));
    }
    let issuer = name.text().trim().to_owned();
    super::dn::DistinguishedName::parse(&issuer)
        .map_err(|r| bad(&format!("X509IssuerName {issuer:?}: {r}")))?;
    let serial = normalize_serial(&number.text()).map_err(bad)?;
    Ok(TokenReference::IssuerSerial { issuer, serial })
}

/// An ID value a Reference may name: WSS4J writes IDs that start with a digit (not NCNames), so
/// anything non-empty without whitespace, quotes, markup characters or `#` is accepted; the
/// lookup is an exact match in the document's ID index.
fn is_id_value(id: &str) -> bool {
    !id.is_empty()
        && !id
            .chars()
            .any(|c| c.is_whitespace() || matches!(c, '"' | '\'' | '<' | '>' | '&' | '#'))
}

/// A decimal serial: trimmed, digits only, leading zeros removed.
pub(super) fn normalize_serial(text: &str) -> Result<String, &'static str> {
    let t = text.trim();
    if t.is_empty() || !t.bytes().all(|b| b.is_ascii_digit()) {
        return Err("X509SerialNumber must be a non-negative decimal integer");
    }
    let stripped = t.trim_start_matches('0');
    if stripped.len() > MAX_SERIAL_DIGITS {
        return Err("X509SerialNumber is too long");
    }
    Ok(if stripped.is_empty() {
        "0".to_owned()
    } else {
        stripped.to_owned()
    })
}
